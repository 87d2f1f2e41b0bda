// mount(): the launcher, the public API and the panel's shell for one host element. The
// conversation itself (transport → chat, and tracking beside them) is its own chunk, loaded on the
// first intent to chat, or at once when one is under way. Returns the public API object (the same
// one window.AgentChat exposes).
import { signal } from '@preact/signals';
import { h, render } from 'preact';
import { createConversationStore } from './chat/persist';
import { type AgentChatConfig, resolveConfig } from './config';
import type * as Chatting from './chatting';
import type { Conversation } from './conversation';
import { createEmitter } from './emitter';
import { loadLocalePack } from './i18n/locale-pack';
import { EN_STRINGS, LOCALE_CODES, type Strings } from './i18n/strings';
import type { AgentChatApi, AgentChatEvents } from './public-api';
import { browserTimers } from './time';
import { impression } from './tracking/impression';
import { sendBeacon } from './transport/beacon';
import { ChatWidget } from './ui/ChatWidget';
import type { WidgetActions, WidgetView } from './ui/context';
import launcherCss from './ui/launcher.css?inline';
import { adoptStyles } from './ui/styles';

function pickStorage(persist: string): Storage | null {
  try {
    return persist === 'local' ? localStorage : persist === 'session' ? sessionStorage : null;
  } catch {
    return null; // storage access itself can throw (blocked cookies, sandboxed frames)
  }
}

/** Renders the widget into `host` (inside an open shadow root). Throws ConfigError on a bad config. */
export function mount(host: HTMLElement, input: AgentChatConfig): AgentChatApi {
  const config = resolveConfig(input, document.baseURI, document.documentElement.lang || navigator.language);
  const events = createEmitter<AgentChatEvents>();
  const newId = () => crypto.randomUUID();
  const store = createConversationStore(pickStorage(config.persist), `agent-chat:${config.agentId}`);
  const saved = store.load();
  // The page's impression and a conversation begun on this page share this id.
  const conversationId = saved?.conversationId ?? newId();
  const view: WidgetView = { open: signal(false), announcement: signal({ words: '' }) };
  // The conversation's locale rides with startSession too (the export reports it, PROTOCOL §6).
  let metadata: Record<string, string> = { ...config.metadata, locale: config.locale };
  let conversation: Conversation | null = null;
  let loading: Promise<Conversation | null> | null = null;
  let strings: Strings | null = null;
  let destroyed = false;

  // The conversation's code and the panel's, one file (chatting.ts) loaded once for both. Code
  // that did not arrive (offline, blocked) is reported once; the launcher stays usable to try again.
  let chatting: Promise<typeof Chatting> | null = null;
  const loadChatting = () =>
    (chatting ??= import('./chatting').catch((error: unknown) => {
      chatting = null;
      console.warn(`[agent-chat] could not load the chat (${String(error)})`);
      events.emit('error', { message: 'The chat could not be loaded.' });
      setOpen(false);
      throw error;
    }));

  /** Acts on the conversation, loading its code the first time; calls keep their order. */
  function withConversation(act: (conversation: Conversation) => void) {
    loading ??= loadChatting().then(
      ({ startConversation }) => {
        if (destroyed) return null;
        conversation = startConversation({ config, store, events, view, newId, metadata, conversationId });
        paint();
        return conversation;
      },
      () => {
        loading = null;
        return null;
      },
    );
    void loading.then((loaded) => loaded && act(loaded));
  }

  const setOpen = (open: boolean) => {
    if (view.open.peek() === open) return;
    view.open.value = open;
    if (open) withConversation(({ chat }) => chat.start());
    events.emit(open ? 'open' : 'close', undefined);
  };
  const actions: WidgetActions = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    prepare: () => withConversation(() => {}),
    send: (text) => withConversation(({ chat }) => chat.send(text)),
    prompt: (text) => withConversation(({ chat }) => chat.send(text, { suggested: true })),
    choose: (option, cardIndex) => withConversation(({ chat }) => chat.choose(option, cardIndex)),
    retry: (messageId) => withConversation(({ chat }) => chat.retry(messageId)),
    attach: (files) => withConversation(({ chat }) => chat.attach(files)),
    detach: (file) => withConversation(({ chat }) => chat.detach(file)),
    retryFile: (file) => withConversation(({ chat }) => chat.retryFile(file)),
    stop: () => withConversation(({ chat }) => chat.stop()),
    react: (messageId, reaction) => withConversation(({ chat }) => chat.react(messageId, reaction)),
    settleReaction: (comment) => withConversation(({ chat }) => chat.settleReaction(comment)),
    // With no conversation's code asked for, there is no conversation to end.
    endSession() {
      if (loading) withConversation(({ chat }) => chat.endSession());
    },
    newConversation: () =>
      withConversation((conversation) => {
        conversation.chat.newConversation();
        conversation.startIfOpen();
      }),
  };

  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const paint = () => {
    if (!strings || destroyed) return;
    const state = conversation?.chat.state ?? null;
    render(<ChatWidget state={state} view={view} actions={actions} {...config} attach={config.files.maxFiles > 0 && config.files.types.length > 0} strings={strings} loadPanel={loadChatting} />, root);
  };
  const show = (translation: Partial<Strings>) => {
    if (destroyed) return;
    adoptStyles(root, launcherCss);
    strings = { ...EN_STRINGS, ...translation, ...config.strings };
    paint();
    // Options that were wrong but not fatal, reported once each now that handlers can listen.
    for (const warning of config.warnings) {
      console.warn(`[agent-chat] ${warning}`);
      events.emit('error', { message: warning });
    }
    if (config.interactions) sendBeacon(config.interactionUrl, impression(conversationId, config.customerId, config.locale, location, navigator, document));
    events.emit('ready', undefined);
  };
  // The visitor's language, unless the host supplied every string itself; English is built in.
  const language = config.locale.split('-')[0]!.toLowerCase();
  const translated = LOCALE_CODES.includes(language) && !Object.keys(EN_STRINGS).every((key) => key in config.strings);
  // Handlers are attached after mount() returns: render (and say "ready") once they can listen.
  void (translated ? loadLocalePack(`${config.localesUrl}${language}.json`, fetch, browserTimers) : Promise.resolve({})).then(show);
  // A conversation under way picks up at once: its replies, its unsent messages, its tracking.
  if (saved?.token || saved?.unsent.length) actions.prepare();
  if (config.startOpen) actions.open();

  return {
    open: actions.open,
    close: actions.close,
    toggle: () => setOpen(!view.open.peek()),
    send(text) {
      actions.open();
      actions.send(text);
    },
    setMetadata(pairs) {
      // Pages set these on every view: they wait for the conversation rather than load it.
      if (conversation) conversation.chat.setMetadata(pairs);
      else metadata = { ...metadata, ...pairs };
    },
    endSession: actions.endSession,
    newConversation: actions.newConversation,
    on: events.on,
    destroy() {
      destroyed = true;
      conversation?.dispose();
      render(null, root);
      events.clear();
    },
  };
}
