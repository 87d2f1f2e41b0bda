// Script-tag entry (IIFE). Reads data-* attributes from its own <script>, mounts when the
// document is ready, and exposes window.AgentChat, replaying calls queued before it loaded:
//   window.AgentChat = window.AgentChat || function () { (AgentChat.q = AgentChat.q || []).push(arguments) };
//   AgentChat('init', { apiBase: '…', agentId: '…' }); AgentChat('open');
import { type AgentChatApi, mount } from './api';
import { type AgentChatConfig, configFromAttributes } from './config';

const METHODS = ['init', 'open', 'close', 'toggle', 'send', 'setMetadata', 'endSession', 'newConversation', 'on', 'destroy'] as const;
type Method = (typeof METHODS)[number];

function boot() {
  const script = document.currentScript as HTMLScriptElement | null;
  const queued = ((window as { AgentChat?: { q?: ArrayLike<unknown>[] } }).AgentChat?.q ?? []).map((args) => Array.from(args));
  let api: AgentChatApi | null = null;
  let host: HTMLElement | null = null;
  // Calls made before the widget mounted (init waits for the document body).
  let pending: unknown[][] | null = null;
  // The locales' JSON files sit beside this script, wherever it is served from.
  const localesUrl = script?.src ? new URL('locales/', script.src).href : undefined;

  function mountWhenReady(config: AgentChatConfig) {
    if (document.readyState === 'loading') return document.addEventListener('DOMContentLoaded', () => mountWhenReady(config));
    host = document.body.appendChild(document.createElement('div'));
    host.dataset['agentChat'] = '';
    try {
      api = mount(host, config);
    } catch (e) {
      // A script tag cannot throw at its author: one clear console error, nothing rendered.
      console.error(e instanceof Error ? e.message : e);
      host.remove();
    }
    const calls = pending ?? [];
    pending = null;
    for (const args of calls) call(...args);
  }

  function call(method?: unknown, ...args: unknown[]): unknown {
    if (method === 'init') {
      if (pending || api) return console.warn('[agent-chat] already initialised; call destroy() first');
      pending = [];
      return mountWhenReady({ localesUrl, ...(args[0] as AgentChatConfig) });
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

  (window as { AgentChat?: unknown }).AgentChat = Object.fromEntries(METHODS.map((m) => [m, (...args: unknown[]) => call(m, ...args)]));
  // data-api-base → apiBase, data-start-open → startOpen, …
  if (script?.dataset['apiBase'] !== undefined) call('init', configFromAttributes({ ...script.dataset }));
  for (const args of queued) call(...args);
}

boot();
