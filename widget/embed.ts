// Script-tag entry: a small classic script. It exposes window.AgentChat at once, replaying calls
// queued before it loaded:
//   window.AgentChat = window.AgentChat || function () { (AgentChat.q = AgentChat.q || []).push(arguments) };
//   AgentChat('init', { apiBase: '…', agentId: '…' }); AgentChat('open');
// and fetches the widget itself (agent-chat-core.js, an ES module) from beside itself on init,
// reading its own data-* attributes. The module in turn fetches the chat's code (the
// conversation's and the panel's) when it is wanted.
import type { AgentChatConfig } from './config';
import type * as Core from './embed-core';
import type { AgentChatApi } from './public-api';

const METHODS = ['init', 'open', 'close', 'toggle', 'send', 'setMetadata', 'endSession', 'newConversation', 'on', 'destroy'] as const;
type Method = (typeof METHODS)[number];
/** Marks the window.AgentChat this script made, so that a second copy of the script can tell. */
const LOADED = Symbol.for('agent-chat');

function boot() {
  const page = window as { AgentChat?: { q?: ArrayLike<unknown>[]; [LOADED]?: true } };
  if (page.AgentChat?.[LOADED]) return console.warn('[agent-chat] the script is on this page twice; the second copy does nothing');
  const script = document.currentScript as HTMLScriptElement | null;
  const queued = (page.AgentChat?.q ?? []).map((args) => Array.from(args));
  // The module and the locales' JSON files sit beside this script, wherever it is served from.
  const base = script?.src || document.baseURI;
  const coreUrl = new URL('agent-chat-core.js', base).href;
  let api: AgentChatApi | null = null;
  let host: HTMLElement | null = null;
  // Calls made before the widget mounted (init waits for the module and the document body).
  let pending: unknown[][] | null = null;

  function init(configure: (core: typeof Core) => AgentChatConfig) {
    pending = [];
    const bodyReady = new Promise((resolve) =>
      document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', resolve, { once: true }) : resolve(null),
    );
    Promise.all([import(/* @vite-ignore */ coreUrl) as Promise<typeof Core>, bodyReady]).then(
      ([core]) => {
        host = document.body.appendChild(document.createElement('div'));
        host.dataset['agentChat'] = '';
        try {
          api = core.mount(host, { localesUrl: new URL('locales/', base).href, ...configure(core) });
        } catch (e) {
          // A script tag cannot throw at its author: one clear console error, nothing rendered.
          console.error(e instanceof Error ? e.message : e);
          host.remove();
        }
        // At once: handlers queued with on() must be attached before the widget says "ready".
        const calls = pending ?? [];
        pending = null;
        for (const args of calls) call(...args);
      },
      (e: unknown) => {
        console.error(`[agent-chat] could not load ${coreUrl} (${String(e)})`);
        pending = null;
      },
    );
  }

  function call(method?: unknown, ...args: unknown[]): unknown {
    if (method === 'init') {
      if (pending || api) return console.warn('[agent-chat] already initialised; call destroy() first');
      return init(() => args[0] as AgentChatConfig);
    }
    if (pending) return void pending.push([method, ...args]);
    if (!api) return console.warn(`[agent-chat] ${String(method)}() needs init() first`);
    if (method === 'destroy') {
      api.destroy();
      host?.remove();
      api = null;
      return undefined;
    }
    const fn = api[method as Exclude<Method, 'init'>] as ((...a: unknown[]) => unknown) | undefined;
    return fn ? fn(...args) : console.warn(`[agent-chat] unknown method ${String(method)}`);
  }

  page.AgentChat = { ...Object.fromEntries(METHODS.map((m) => [m, (...args: unknown[]) => call(m, ...args)])), [LOADED]: true };
  // data-api-base → apiBase, data-start-open → startOpen, …
  const attributes = { ...script?.dataset };
  if (attributes['apiBase'] !== undefined) init((core) => core.configFromAttributes(attributes));
  for (const args of queued) call(...args);
}

// Loaded by a script tag it boots at once; a server that imports the file (server rendering) has
// no page to boot.
if (typeof document !== 'undefined') boot();
