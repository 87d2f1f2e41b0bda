// What the gateway keeps: conversations, their messages (for the export) and their durable
// events (for SSE replay). An interface, so another engine can stand in for SQLite.
export interface ConversationRecord {
  id: string;
  botName: string;
  createdAt: number;
  lastActionAt: number;
  status: 'open' | 'closed';
  metadata: Record<string, string>;
  /** Whether the welcome message was sent (startSession is idempotent). */
  welcomed: boolean;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  role: 'EndUser' | 'Chatbot' | 'Agent' | 'System';
  text: string;
  /** The PROTOCOL §2 abstractMessage, as JSON. */
  body: string;
  createdAt: number;
  /** How the visitor produced it: typed, a button, a carousel card. */
  cardIndex?: number;
}

/** A durable SSE event: its per-conversation id, name and data line. */
export interface StoredEvent {
  id: number;
  name: string;
  data: string;
}

export type ConversationPatch = Partial<Pick<ConversationRecord, 'status' | 'metadata' | 'welcomed'>> & { lastActionAt: number };

export interface Store {
  getConversation(id: string): ConversationRecord | undefined;
  createConversation(record: ConversationRecord): void;
  updateConversation(id: string, patch: ConversationPatch): void;
  /** Appends a durable event (and the message it carries, if any) atomically. Returns null when
   *  the message id already exists: the event is then not appended either (idempotency). */
  appendEvent(conversationId: string, name: string, data: string, createdAt: number, message?: MessageRecord): StoredEvent | null;
  hasMessage(conversationId: string, messageId: string): boolean;
  eventsAfter(conversationId: string, afterId: number): StoredEvent[];
  lastEventId(conversationId: string): number;
  close(): void;
}
