// mount(): wires transport → chat → ui, and tracking beside them, for one host element. Returns
// the public API object (the same one window.AgentChat exposes).
import { signal } from '@preact/signals-core';
import { h, render } from 'preact';
import { type AgentChatConfig, resolveConfig } from './config';
import { createChat } from './chat/chat';
import type { AgentItem, ConnectionStatus, Reaction, VisitorItem } from './chat/model';
import { createConversationStore } from './chat/persist';
import { createEmitter } from './emitter';
import { contentText } from './protocol';
import { browserTimers } from './time';
import { type TrackCall, createPendoSink, trackChat } from './tracking';
import { impression } from './tracking/impression';
import { createTransport } from './transport';
import { browserNetwork } from './transport/network';
import { ChatWidget } from './ui/ChatWidget';
import type { WidgetActions, WidgetView } from './ui/context';
import { EN_STRINGS, LOCALE_CODES, type Strings } from './ui/strings';
import launcherCss from './ui/launcher.css?inline';
import { adoptStyles } from './ui/styles';
import { loadLocalePack } from './transport/locale-pack';

export interface PublicMessage {
  id: string;
  role: 'visitor' | 'agent';
  author: string;
  text: string;
  at: number;
}

export interface AgentChatEvents {
  ready: void;
  open: void;
  close: void;
  message: PublicMessage;
  prompt: PublicMessage;
  response: PublicMessage & { durationMs?: number };
  reaction: { messageId: string; reaction: Reaction | 'unreact'; comment?: string };
  error: { message: string };
  connection: ConnectionStatus;
  track: TrackCall;
}

export interface AgentChatApi {
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
  setMetadata(metadata: Record<string, string>): void;
  endSession(): void;
  newConversation(): void;
  on<K extends keyof AgentChatEvents>(name: K, handler: (payload: AgentChatEvents[K]) => void): () => void;
  destroy(): void;
}

function publicMessage(item: AgentItem | VisitorItem): PublicMessage {
  const visitor = item.kind === 'visitor';
  return {
    id: item.id,
    role: visitor ? 'visitor' : 'agent',
    author: visitor ? 'visitor' : item.from.name,
    text: visitor ? item.text : contentText(item.content),
    at: item.at,
  };
}

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
  const timers = browserTimers;
  const events = createEmitter<AgentChatEvents>();
  const newId = () => crypto.randomUUID();
  const transport = createTransport({ ...config, fetch: (...args) => fetch(...args), timers, random: Math.random, newId, network: browserNetwork });
  const chat = createChat({
    transport,
    timers,
    store: createConversationStore(pickStorage(config.persist), `agent-chat:${config.agentId}`),
    newId,
    metadata: config.metadata,
  });
  const view: WidgetView = { open: signal(false), announcement: signal('') };
  // A visitor looking at the panel gets a new conversation's welcome at once.
  const startIfOpen = () => view.open.peek() && chat.start();
  const server = config.pendo === 'server';
  const pendo = config.pendo === 'auto' ? createPendoSink({ getPendo: () => (window as { pendo?: unknown }).pendo, timers }) : null;
  const cleanups = [
    // Reactions always reach the gateway (its export and analytics count them); in server mode
    // every call does, and the gateway forwards them to Pendo.
    trackChat(chat, (call) => {
      if (config.pendo) events.emit('track', call);
      pendo?.track(call);
      if (server || call.eventType === 'user_reaction') transport.track(call, chat.token(), server);
    }, config),
    chat.subscribe((notice) => {
      if (notice.type === 'error') return events.emit('error', { message: notice.message });
      if (notice.type === 'connection') return events.emit('connection', notice.status);
      if (notice.type === 'restarted') return startIfOpen();
      if (notice.type === 'reaction') {
        const { item, reaction, comment } = notice;
        return events.emit('reaction', { messageId: item.id, reaction, ...(comment && { comment }) });
      }
      const message = publicMessage(notice.item);
      if (notice.type === 'response') {
        view.announcement.value = `${message.author}: ${message.text}`;
        events.emit('response', notice.durationMs === undefined ? message : { ...message, durationMs: notice.durationMs });
      } else {
        events.emit(notice.type, message);
      }
    }),
  ];

  const setOpen = (open: boolean) => {
    if (view.open.peek() === open) return;
    view.open.value = open;
    if (open) chat.start();
    events.emit(open ? 'open' : 'close', undefined);
  };
  const actions: WidgetActions = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    send: (text) => chat.send(text),
    choose: (option, cardIndex) => chat.choose(option, cardIndex),
    retry: (messageId) => chat.retry(messageId),
    react: (messageId, reaction, comment) => chat.react(messageId, reaction, comment),
    endSession: () => chat.endSession(),
    newConversation() {
      chat.newConversation();
      startIfOpen();
    },
  };

  // The panel's code did not arrive (offline, blocked): the launcher stays usable to try again.
  const panelFailed = (error: unknown) => {
    console.warn(`[agent-chat] could not load the chat panel (${String(error)})`);
    events.emit('error', { message: 'The chat panel could not be loaded.' });
    setOpen(false);
  };

  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  let destroyed = false;
  const show = (translation: Partial<Strings>) => {
    if (destroyed) return;
    adoptStyles(root, launcherCss);
    const strings = { ...EN_STRINGS, ...translation, ...config.strings };
    render(<ChatWidget state={chat.state} view={view} actions={actions} {...config} strings={strings} onPanelError={panelFailed} />, root);
    if (config.interactions) transport.beacon(impression(chat.state.conversationId.peek(), config.customerId, location, navigator, document, innerWidth));
    events.emit('ready', undefined);
  };
  // The visitor's language, unless the host supplied every string itself; English is built in.
  const language = config.locale.split('-')[0]!.toLowerCase();
  const translated = LOCALE_CODES.includes(language) && !Object.keys(EN_STRINGS).every((key) => key in config.strings);
  // Handlers are attached after mount() returns: render (and say "ready") once they can listen.
  void (translated ? loadLocalePack(`${config.localesUrl}${language}.json`, fetch, timers) : Promise.resolve({})).then(show);
  if (config.startOpen) actions.open();

  return {
    open: actions.open,
    close: actions.close,
    toggle: () => setOpen(!view.open.peek()),
    send(text) {
      actions.open();
      chat.send(text);
    },
    setMetadata: chat.setMetadata,
    endSession: actions.endSession,
    newConversation: actions.newConversation,
    on: events.on,
    destroy() {
      for (const cleanup of cleanups) cleanup();
      pendo?.dispose();
      chat.dispose();
      destroyed = true;
      render(null, root);
      events.clear();
    },
  };
}
