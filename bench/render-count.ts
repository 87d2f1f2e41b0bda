// The script tag's module (widget/embed-core.ts) with a counter on Preact's render hook, for
// bench/transcript.ts: which components render when a message is appended. Built unminified (so
// components keep their names) by that benchmark; never shipped.
import { Fragment, type VNode, options } from 'preact';
import type { AgentChatConfig } from '../widget/config';
import { mount as mountWidget } from '../widget/embed-core';

export { configFromAttributes } from '../widget/embed-core';

/** The names of the components rendered so far, in order. */
declare global {
  interface Window {
    __renders: string[];
  }
}

export function mount(host: HTMLElement, config: AgentChatConfig) {
  window.__renders = [];
  // `__r` is Preact's (mangled) render hook: called before each component's render, not for one
  // that shouldComponentUpdate skipped.
  const hooks = options as { __r?: (vnode: VNode) => void };
  const previous = hooks.__r;
  hooks.__r = (vnode) => {
    if (typeof vnode.type === 'function') window.__renders.push(vnode.type === Fragment ? 'Fragment' : vnode.type.name || 'anonymous');
    previous?.(vnode);
  };
  return mountWidget(host, config);
}
