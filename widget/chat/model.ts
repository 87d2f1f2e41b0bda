// Conversation state: signals, so that each part of the UI re-renders only when its own piece changes.
import { type ReadonlySignal, type Signal, computed, signal } from '@preact/signals';
import type { AgentMeta, ConnectionStatus, MessageContent, Participant } from '../protocol';

/** pending → sent (Chat API 200) → delivered → read; or failed. Never moves backwards. */
export type SendState = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface VisitorItem {
  kind: 'visitor';
  /** The client-generated Chat API messageId: the message's id everywhere. */
  id: string;
  text: string;
  at: number;
  /** True when the text came from a button, quick reply or carousel option. */
  suggested: boolean;
  /** The carousel card the option came from. */
  cardIndex?: number;
  /** Set once the conversation delivered it back: from then on it keeps its place. */
  echoed?: boolean;
  send: Signal<SendState>;
  /** The gateway's message when sending failed for good. */
  error: Signal<string | null>;
}

/** The visitor's verdict on an agent's answer. */
export type Reaction = 'positive' | 'negative';

export interface AgentItem {
  kind: 'agent';
  id: string;
  from: Participant;
  content: MessageContent;
  at: number;
  meta?: AgentMeta;
  reaction: Signal<Reaction | null>;
  /** True while its reaction waits for an optional comment. */
  commentOpen: Signal<boolean>;
}

/** A reply being streamed; replaced in place by its final AgentItem. */
export interface StreamItem {
  kind: 'stream';
  /** The id its final message will have (targetMessageIdentifier). */
  id: string;
  from: Participant;
  at: number;
  text: Signal<string>;
  /** Set when the stream went silent without its final message. */
  incomplete: Signal<boolean>;
  /** Reassembly: the next sequence number to append, and tokens that arrived early. */
  nextSeq: number;
  early: Map<number, string>;
}

/** A line about the conversation itself: hand-off progress, people joining or leaving. */
export interface NoticeItem {
  kind: 'notice';
  id: string;
  notice:
    | { type: 'transfer'; waitSeconds?: number }
    | { type: 'transfer-failed'; reason: string }
    | { type: 'joined' | 'left'; name: string }
    /** The gateway refused the conversation's token: this is a new one. */
    | { type: 'restarted' };
}

export type TranscriptItem = VisitorItem | AgentItem | StreamItem | NoticeItem;

export interface ChatState {
  conversationId: Signal<string>;
  items: Signal<readonly TranscriptItem[]>;
  typing: Signal<Participant | null>;
  progress: Signal<string | null>;
  /** The close reason once the conversation has ended. */
  closed: Signal<string | null>;
  connection: Signal<ConnectionStatus>;
  /** Who the visitor is talking to, from the latest agent-side message or participant change. */
  counterpart: Signal<Participant | null>;
  /** A reply is streaming now (text arriving, not yet final, not gone silent): the visitor may stop it. */
  streaming: ReadonlySignal<boolean>;
}

/** A stream with text that is still coming. */
export const isLiveStream = (item: TranscriptItem): item is StreamItem => item.kind === 'stream' && item.text.value !== '' && !item.incomplete.value;

export function createChatState(conversationId: string): ChatState {
  const items = signal<readonly TranscriptItem[]>([]);
  return {
    conversationId: signal(conversationId),
    items,
    typing: signal(null),
    progress: signal(null),
    closed: signal(null),
    connection: signal('idle'),
    counterpart: signal(null),
    streaming: computed(() => items.value.some(isLiveStream)),
  };
}

/** Empties the transcript for a new conversation; the connection status is the transport's. */
export function resetChatState(state: ChatState, conversationId: string): void {
  state.conversationId.value = conversationId;
  state.items.value = [];
  state.typing.value = null;
  state.progress.value = null;
  state.closed.value = null;
  state.counterpart.value = null;
}
