// Conversation state: signals, so that each part of the UI re-renders only when its own piece changes.
import { type ReadonlySignal, type Signal, computed, signal } from '@preact/signals';
import type { AgentMeta, Attachment, ConnectionStatus, MessageContent, Participant } from '../protocol';

/** pending → sent (Chat API 200) → delivered → read; or failed. Never moves backwards. */
export type SendState = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

/** A file in the composer or on a visitor's message: uploading, uploaded, or failed. */
export interface FileItem {
  name: string;
  /** The short lower-case type (png, csv …): from the name until the gateway tells it by the bytes. */
  type: string;
  size: number;
  /** The gateway's id, once uploaded. */
  id?: string;
  /** What shows an image: the local file's object URL, or the gateway's signed URL. */
  url?: string;
  /** The visitor's file; absent for files the conversation delivered. */
  file?: File;
  /** The fraction uploaded. */
  progress: Signal<number>;
  /** Why the upload failed; null while it runs or once it is done. */
  error: Signal<string | null>;
  /** The upload under way: true once the gateway has the file. */
  task?: Promise<boolean>;
  cancel?: () => void;
}

/** A file limit the visitor's choice broke: nothing of it is uploaded. */
export interface FileRefusal {
  reason: 'size' | 'type' | 'count';
  name: string;
  /** The limit it broke: bytes for size, files for count. */
  limit: number;
}

export const fileItem = (attachment: Attachment): FileItem => ({ ...attachment, progress: signal(1), error: signal(null) });

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
  files?: FileItem[];
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
  /** Files in the composer, going with the next message. */
  drafts: Signal<readonly FileItem[]>;
  /** The latest file the visitor chose that broke a limit. */
  refusal: Signal<FileRefusal | null>;
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
    drafts: signal([]),
    refusal: signal(null),
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
  state.drafts.value = [];
  state.refusal.value = null;
}
