// Script-tag entry (IIFE). Reads data-* attributes from its own <script>, mounts when the
// document is ready, and exposes window.AgentChat, replaying calls queued before it loaded:
//   window.AgentChat = window.AgentChat || function () { (AgentChat.q = AgentChat.q || []).push(arguments) };
//   AgentChat('init', { apiBase: '…', agentId: '…' }); AgentChat('open');
import { type AgentChatApi, mount } from './api';
import type { AgentChatConfig } from './config';

type Method = Exclude<keyof GlobalApi, 'q'>;
interface GlobalApi extends Omit<AgentChatApi, 'destroy'> {
  init(config: AgentChatConfig): void;
  destroy(): void;
}

const ATTRIBUTES: Record<string, keyof AgentChatConfig> = {
  'data-api-base': 'apiBase',
  'data-agent-id': 'agentId',
  'data-title': 'title',
  'data-locale': 'locale',
  'data-theme': 'theme',
  'data-position': 'position',
  'data-persist': 'persist',
};

function configFromScript(script: HTMLScriptElement | null): AgentChatConfig | null {
  if (!script?.hasAttribute('data-api-base')) return null;
  const config: Record<string, unknown> = {};
  for (const [attribute, key] of Object.entries(ATTRIBUTES)) {
    const value = script.getAttribute(attribute);
    if (value !== null) config[key] = value;
  }
  if (script.hasAttribute('data-start-open')) config['startOpen'] = script.getAttribute('data-start-open') !== 'false';
  return config as unknown as AgentChatConfig; // checked by resolveConfig in mount()
}

function whenReady(fn: () => void) {
  if (document.body) fn();
  else document.addEventListener('DOMContentLoaded', fn, { once: true });
}

function boot() {
  const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
  const existing = (window as { AgentChat?: unknown }).AgentChat;
  const queued: ArrayLike<unknown>[] =
    typeof existing === 'function' && Array.isArray((existing as { q?: unknown }).q) ? (existing as unknown as { q: ArrayLike<unknown>[] }).q : [];

  let api: AgentChatApi | null = null;
  let host: HTMLElement | null = null;
  let initialised = false;
  // Calls made after init() but before the document was ready.
  const pending: [Method, unknown[]][] = [];

  function init(config: AgentChatConfig) {
    if (initialised) return console.warn('[agent-chat] already initialised; call destroy() first');
    initialised = true;
    whenReady(() => {
      host = document.createElement('div');
      host.setAttribute('data-agent-chat', '');
      document.body.appendChild(host);
      try {
        api = mount(host, config);
      } catch (e) {
        // A script tag cannot throw at its author: one clear console error, nothing rendered.
        console.error(e instanceof Error ? e.message : e);
        host.remove();
        host = null;
        initialised = false;
        return;
      }
      for (const [method, args] of pending.splice(0)) call(method, args);
    });
  }

  function call(method: Method, args: unknown[]): unknown {
    if (method === 'init') return init(args[0] as AgentChatConfig);
    if (!api) return defer(method, args);
    if (method === 'destroy') {
      api.destroy();
      host?.remove();
      api = host = null;
      initialised = false;
      return undefined;
    }
    const result = (api[method] as (...a: unknown[]) => unknown)(...args);
    // A deferred on() passed a third argument that receives the real unsubscribe function.
    if (method === 'on' && typeof args[2] === 'function') args[2](result);
    return result;
  }

  function defer(method: Method, args: unknown[]): unknown {
    if (method !== 'on') {
      pending.push([method, args]);
      return undefined;
    }
    // A handler added early still gets an unsubscribe function that works.
    let off: (() => void) | undefined;
    let cancelled = false;
    pending.push(['on', [args[0], args[1], (unsubscribe: () => void) => (cancelled ? unsubscribe() : (off = unsubscribe))]]);
    return () => {
      cancelled = true;
      off?.();
    };
  }

  const methods: Method[] = ['init', 'open', 'close', 'toggle', 'send', 'setMetadata', 'endSession', 'newConversation', 'on', 'destroy'];
  const global = Object.fromEntries(methods.map((m) => [m, (...args: unknown[]) => call(m, args)]));
  (window as { AgentChat?: unknown }).AgentChat = global;

  for (const args of queued) {
    const [method, ...rest] = Array.from(args);
    if (typeof method === 'string' && (methods as string[]).includes(method)) call(method as Method, rest);
    else console.warn(`[agent-chat] ignored queued call ${String(method)}`);
  }
  const fromScript = configFromScript(script);
  if (fromScript && !initialised) init(fromScript);
}

boot();
