// mount(): wires transport → chat → ui and tracking for one host element, and returns the
// public API object (the same one window.AgentChat exposes).
import { signal } from '@preact/signals';
import { render } from 'preact';
import { type AgentChatConfig, resolveConfig } from './config';
import { type Chat, createChat } from './chat/chat';
import type { ConnectionStatus, TranscriptItem } from './chat/model';
import { createConversationStore } from './chat/persist';
import { createEmitter } from './emitter';
import { contentText } from './protocol';
import { browserTimers } from './time';
import { type TrackCall, createPendoSink, trackChat } from './tracking';
import { createTransport } from './transport';
import { ChatWidget } from './ui/ChatWidget';
import type { WidgetActions, WidgetView } from './ui/context';
import { adoptStyles } from './ui/styles';

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

function publicMessage(item: TranscriptItem): PublicMessage {
  if (item.kind === 'visitor') return { id: item.id, role: 'visitor', author: 'visitor', text: item.text, at: item.at };
  const text = item.kind === 'agent' ? contentText(item.content) : item.text.peek();
  return { id: item.id, role: 'agent', author: item.from.name, text, at: item.at };
}

function pickStorage(persist: 'local' | 'session' | 'none'): Storage | null {
  try {
    return persist === 'local' ? window.localStorage : persist === 'session' ? window.sessionStorage : null;
  } catch {
    return null; // storage access itself can throw (blocked cookies, sandboxed frames)
  }
}

function newId(): string {
  return crypto.randomUUID();
}

/** Renders the widget into `host` (inside an open shadow root). Throws ConfigError on a bad config. */
export function mount(host: HTMLElement, input: AgentChatConfig): AgentChatApi {
  const config = resolveConfig(input, document.baseURI);
  const timers = browserTimers;
  const events = createEmitter<AgentChatEvents>();
  const transport = createTransport({
    chatApiUrl: config.chatApiUrl,
    sseUrl: config.sseUrl,
    fetch: (...args) => window.fetch(...args),
    timers,
    random: Math.random,
  });
  const chat: Chat = createChat({
    transport,
    timers,
    store: createConversationStore(pickStorage(config.persist), `agent-chat:${config.agentId}`),
    newId,
    metadata: config.metadata,
  });
  const view: WidgetView = { open: signal(false), announcement: signal('') };

  const cleanups: (() => void)[] = [];
  if (config.tracking.pendo === 'auto') {
    const sink = createPendoSink({ getPendo: () => (window as { pendo?: unknown }).pendo, timers });
    cleanups.push(sink.dispose, trackChat(chat, sink, { ...config.tracking, agentId: config.agentId, onTrack: (call) => events.emit('track', call) }));
  }
  cleanups.push(
    chat.subscribe((notice) => {
      switch (notice.type) {
        case 'prompt':
          return events.emit('prompt', publicMessage(notice.item));
        case 'response': {
          const message = publicMessage(notice.item);
          view.announcement.value = `${message.author ? `${message.author}: ` : ''}${message.text}`;
          return events.emit('response', { ...message, ...(notice.durationMs !== undefined && { durationMs: notice.durationMs }) });
        }
        case 'message':
          return events.emit('message', publicMessage(notice.item));
        case 'error':
          return events.emit('error', { message: notice.message });
        case 'connection':
          return events.emit('connection', notice.status);
      }
    }),
  );

  const actions: WidgetActions = {
    open() {
      if (view.open.peek()) return;
      view.open.value = true;
      chat.start();
      events.emit('open', undefined);
    },
    close() {
      if (!view.open.peek()) return;
      view.open.value = false;
      events.emit('close', undefined);
    },
    send: (text) => chat.send(text),
    choose: (option, cardIndex) => chat.choose(option, cardIndex),
    retry: (messageId) => chat.retry(messageId),
    newConversation() {
      chat.newConversation();
      if (view.open.peek()) chat.start();
    },
  };

  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  render(
    <ChatWidget
      state={chat.state}
      view={view}
      actions={actions}
      strings={config.strings}
      title={config.title}
      theme={config.theme}
      position={config.position}
    />,
    root,
  );
  if (config.startOpen) actions.open();
  // Handlers are attached after mount() returns; tell them once they can listen.
  queueMicrotask(() => events.emit('ready', undefined));

  return {
    open: actions.open,
    close: actions.close,
    toggle: () => (view.open.peek() ? actions.close() : actions.open()),
    send(text) {
      actions.open();
      chat.send(text);
    },
    setMetadata: (metadata) => chat.setMetadata(metadata),
    endSession: () => chat.endSession(),
    newConversation: actions.newConversation,
    on: events.on,
    destroy() {
      for (const cleanup of cleanups) cleanup();
      chat.dispose();
      render(null, root);
      events.clear();
    },
  };
}
