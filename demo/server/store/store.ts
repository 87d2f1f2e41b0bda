// What the gateway keeps: conversations, their messages (for the export), their durable events
// (for SSE replay), impressions, reactions and the Pendo outbox. Interfaces, so that SQLite and
// PostgreSQL both stand behind them: asynchronous because PostgreSQL is (SQLite answers at once,
// inside a resolved promise).
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
  /** The carousel card a visitor's choice came from. */
  cardIndex?: number;
  /** How the visitor produced it: typed, a button, a carousel card. */
  action?: 'text' | 'button' | 'carousel';
}

/** A durable SSE event: its per-conversation id, name and data line. */
export interface StoredEvent {
  id: number;
  name: string;
  data: string;
}

/** A page of an export: records of one bot in [from, until) ms, after a keyset position. */
export interface ExportQuery {
  botName: string;
  from: number;
  until: number;
  after?: { time: number; id: string };
  limit: number;
  conversationId?: string;
}

export interface ExportedConversation {
  id: string;
  createdAt: number;
  lastActionAt: number;
  status: 'open' | 'closed';
  metadata: Record<string, string>;
  escalated: boolean;
  positiveFeedback: boolean;
  negativeFeedback: boolean;
  userMessageCount: number;
  /** The page of its first impression; null when its page sent none. */
  pageUrl: string | null;
}

export interface ExportedMessage {
  id: string;
  conversationId: string;
  role: MessageRecord['role'];
  text: string;
  body: string;
  action: MessageRecord['action'] | null;
  createdAt: number;
}

/** A page view with the widget on screen (PROTOCOL §5). */
export interface ImpressionRecord {
  conversationId: string;
  customerId?: string;
  pageUrl: string;
  device: 'mobile' | 'tablet' | 'desktop';
  source: string;
  language: string;
  environment: 'production' | 'development';
  ip: string;
  metadata: Record<string, string | boolean>;
  createdAt: number;
}

/** Seed 002's figures (PROTOCOL §5). */
export interface Counts {
  /** Impressions: every page view with the widget on screen. */
  pageViews: number;
  /** Conversations whose first impression this is. */
  initialized: number;
  /** Initialized conversations with at least one visitor message (seed 002's actual conversations). */
  engaged: number;
}

export interface AnalyticsTotals extends Counts {
  /** Chats opened (startSession). */
  opens: number;
  /** Responses whose current reaction is positive or negative, by when it was given. */
  reactions: { positive: number; negative: number };
  byPage: (Counts & { page: string })[];
  byDevice: (Counts & { device: string })[];
  /** Start of each hour, ms. */
  byHour: (Counts & { hour: number })[];
}

export type ConversationPatch = Partial<Pick<ConversationRecord, 'metadata' | 'welcomed'>> & { lastActionAt: number };

/** A conversation's own record, and what the Chat API and the webhook ask about its messages. */
export interface ConversationStore {
  getConversation(id: string): Promise<ConversationRecord | undefined>;
  createConversation(record: ConversationRecord): Promise<void>;
  updateConversation(id: string, patch: ConversationPatch): Promise<void>;
  /** A visitor message, and whether the agent has accepted it (it is stored before it is forwarded). */
  visitorMessage(conversationId: string, messageId: string): Promise<{ forwarded: boolean } | undefined>;
  markForwarded(conversationId: string, messageId: string, at: number): Promise<void>;
  /** Closes an open conversation; false when it was closed already (by another caller, or instance).
   *  With `silentSince`, only if the visitor has not written after then (the idle timeout). */
  closeConversation(id: string, at: number, silentSince?: number): Promise<boolean>;
  /** Records that the visitor wrote at `at`; false when the conversation is closed (by now). */
  visitorWrote(id: string, at: number): Promise<boolean>;
  /** Up to `limit` open conversations of `botName` whose visitor last wrote at `silentSince` or before. */
  idleConversations(botName: string, silentSince: number, limit: number): Promise<string[]>;
  /** One message of the conversation, or undefined when it has none with that id. */
  getMessage(conversationId: string, messageId: string): Promise<ExportedMessage | undefined>;
  /** The latest message not from the visitor (to tell a button press from typing). */
  lastAgentMessage(conversationId: string): Promise<ExportedMessage | undefined>;
  /** The conversation's latest `limit` messages, oldest first (an agent's history). */
  recentMessages(conversationId: string, limit: number): Promise<ExportedMessage[]>;
}

/** The durable events behind the SSE stream: appended once, replayed after an id. */
export interface EventStore {
  /** Appends a durable event (and the message it carries, if any) atomically. Returns null when
   *  the message id already exists: the event is then not appended either (idempotency). */
  appendEvent(conversationId: string, name: string, data: string, createdAt: number, message?: MessageRecord): Promise<StoredEvent | null>;
  eventsAfter(conversationId: string, afterId: number): Promise<StoredEvent[]>;
  lastEventId(conversationId: string): Promise<number>;
  /** The conversation's latest durable event of this name (who has joined, for example). */
  lastEventNamed(conversationId: string, name: string): Promise<StoredEvent | undefined>;
}

/** What the Export API reads. */
export interface ExportReader {
  /** Ordered by (createdAt, id). */
  exportConversations(query: ExportQuery): Promise<ExportedConversation[]>;
  /** Ordered by (createdAt, id); the id of `after` is "conversationId/messageId". */
  exportMessages(query: ExportQuery): Promise<ExportedMessage[]>;
  /** Every message of these conversations, in order (for transcripts). */
  messagesOf(conversationIds: string[]): Promise<ExportedMessage[]>;
}

/** Impressions in, interaction counts out. */
export interface AnalyticsStore {
  recordImpression(impression: ImpressionRecord): Promise<void>;
  /** Interaction counts for [from, until) ms. */
  analytics(from: number, until: number): Promise<AnalyticsTotals>;
}

export interface ReactionRecord {
  conversationId: string;
  messageId: string;
  /** Null after the visitor took their reaction back. */
  reaction: 'positive' | 'negative' | null;
  comment?: string;
  at: number;
}

/** The visitor's current reaction to each response (the export's tags and the analytics read them). */
export interface ReactionStore {
  /** True when it changed the recorded reaction or comment (a resend changes nothing). */
  recordReaction(reaction: ReactionRecord): Promise<boolean>;
}

/** Pendo calls waiting to be forwarded, each sent once. */
export interface TrackOutbox {
  /** Queues a Pendo call unless one with this key is already queued or sent. */
  enqueueTrack(dedupeKey: string, body: string, at: number): Promise<boolean>;
  /** Claims up to `limit` due calls for CLAIM_MS, so that no other instance sends them meanwhile. */
  dueTracks(now: number, limit: number): Promise<{ id: number; body: string; attempts: number }[]>;
  markTrackSent(id: number, at: number): Promise<void>;
  retryTrackAt(id: number, at: number): Promise<void>;
}

/** A visitor's upload, without its bytes. */
export interface FileRecord {
  id: string;
  conversationId: string;
  name: string;
  /** The short lower-case type (png, pdf, csv …). */
  type: string;
  /** What it is served as. */
  mime: string;
  size: number;
  createdAt: number;
}

/** How much one conversation may upload in all. */
export interface FileQuota {
  files: number;
  bytes: number;
}

/** Uploaded files: stored with their bytes, read back by id. */
export interface FileStore {
  /** Stores the file unless the conversation would go over its quota (then false, nothing stored). */
  saveFile(file: FileRecord, data: Buffer, quota: FileQuota): Promise<boolean>;
  /** A file of this conversation, without its bytes; undefined when the conversation has none with that id. */
  fileOf(conversationId: string, id: string): Promise<FileRecord | undefined>;
  /** A file and its bytes, whichever conversation it belongs to. */
  readFile(id: string): Promise<(FileRecord & { data: Buffer }) | undefined>;
}

/** Everything one engine keeps; each caller takes only the part it uses. */
export interface Store extends ConversationStore, EventStore, ExportReader, AnalyticsStore, ReactionStore, TrackOutbox, FileStore {
  close(): Promise<void>;
}

/** How long a call taken by dueTracks is held for the instance that took it. */
export const CLAIM_MS = 60_000;
