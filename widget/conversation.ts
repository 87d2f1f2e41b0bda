// One visitor's conversation: the transport, the chat and its tracking, wired to the widget's
// public events and its live region. It comes with the panel (chatting.ts): mount() loads it on the
// first intent to chat, or at once when the visitor has a conversation under way.
import { effect } from '@preact/signals';
import { type Chat, createChat } from './chat/chat';
import type { Locks } from './chat/leader';
import type { AgentItem, VisitorItem } from './chat/model';
import type { ConversationStore } from './chat/persist';
import type { ResolvedConfig } from './config';
import type { Emitter } from './emitter';
import { contentText } from './protocol';
import type { AgentChatEvents, PublicMessage } from './public-api';
import { browserTimers } from './time';
import { createPendoSink, trackChat } from './tracking';
import { createTransport } from './transport';
import { browserNetwork } from './transport/network';
import { openTabChannel } from './transport/tab-channel';
import type { WidgetView } from './ui/context';

export interface ConversationOptions {
  config: ResolvedConfig;
  store: ConversationStore;
  events: Emitter<AgentChatEvents>;
  view: WidgetView;
  newId(): string;
  /** Pairs set before the conversation began: they ride along with startSession. */
  metadata: Record<string, string> | undefined;
  /** The id a new conversation takes when none is saved (the page's impression carries it). */
  conversationId: string;
}

export interface Conversation {
  chat: Chat;
  /** A visitor looking at the panel gets a new conversation's welcome at once. */
  startIfOpen(): void;
  dispose(): void;
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

export function startConversation({ config, store, events, view, newId, metadata, conversationId }: ConversationOptions): Conversation {
  const timers = browserTimers;
  const transport = createTransport({ ...config, fetch: (...args) => fetch(...args), timers, random: Math.random, newId, network: browserNetwork });
  // One tab per conversation holds the event stream and tracks; without Web Locks, each tab does.
  const locks: Locks | undefined = 'locks' in navigator ? navigator.locks : undefined;
  const tabs = locks && { locks, channel: openTabChannel };
  const chat = createChat({ transport, timers, store, newId, metadata, conversationId, tabs, files: config.files });
  const startIfOpen = () => view.open.peek() && chat.start();
  const server = config.pendo === 'server';
  const pendo = config.pendo === 'auto' ? createPendoSink({ getPendo: () => (window as { pendo?: unknown }).pendo, timers }) : null;
  // A reaction waiting for its comment is reported when the visitor leaves the panel or the page
  // (hidden is the last moment a page is sure to get; trackAgent is synchronous, the gateway's
  // copy goes out with keepalive).
  const settle = () => chat.settleReaction();
  const settleOnLeave = () => document.visibilityState === 'hidden' && settle();
  document.addEventListener('visibilitychange', settleOnLeave);
  addEventListener('pagehide', settle);
  const cleanups = [
    effect(() => void (view.open.value || chat.settleReaction())),
    () => document.removeEventListener('visibilitychange', settleOnLeave),
    () => removeEventListener('pagehide', settle),
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
        view.announcement.value = { author: message.author, markdown: message.text };
        events.emit('response', notice.durationMs === undefined ? message : { ...message, durationMs: notice.durationMs });
      } else {
        events.emit(notice.type, message);
      }
    }),
  ];
  return {
    chat,
    startIfOpen,
    dispose() {
      for (const cleanup of cleanups) cleanup();
      pendo?.dispose();
      chat.dispose();
    },
  };
}
