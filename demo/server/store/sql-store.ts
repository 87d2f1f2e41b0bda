// The Store over SQL, once for both engines: an engine runs the shared queries (queries.ts) and
// appends events in its own kind of transaction; everything else is the same.
import type { Dialect } from './queries';
import * as q from './queries';
import { type ConversationRow, type ExportedConversationRow, conversationFromRow, exportedConversationFromRow } from './rows';
import { CLAIM_MS, type Counts, type ExportQuery, type ExportedMessage, type FileRecord, type MessageRecord, type Store, type StoredEvent } from './store';

export interface SqlEngine {
  readonly dialect: Dialect;
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  /** Returns how many rows the statement changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
  /** EventStore.appendEvent, in one transaction with the engine's locking. */
  appendEvent(conversationId: string, name: string, data: string, createdAt: number, message?: MessageRecord): Promise<StoredEvent | null>;
  close(): Promise<void>;
}

/** INSERT_MESSAGE's parameters. */
export const messageParams = (conversationId: string, m: MessageRecord) =>
  [conversationId, m.id, m.role, m.text, m.body, m.cardIndex ?? null, m.action ?? null, m.createdAt];

/** EXPORT_CONVERSATIONS' and EXPORT_MESSAGES' parameters; no `after` starts before everything. */
const keyset = (query: ExportQuery) => [query.botName, query.from, query.until, query.limit, query.after?.time ?? -1, query.after?.id ?? ''];

type Totals = { opens: number; positive: number; negative: number };
type Breakdown = { key: string | number } & Counts;

export function createSqlStore(engine: SqlEngine): Store {
  const first = async <T>(sql: string, params: readonly unknown[]) => (await engine.all<T>(sql, params))[0];
  return {
    async getConversation(id) {
      const row = await first<ConversationRow>(q.GET_CONVERSATION, [id]);
      return row && conversationFromRow(row);
    },
    async createConversation(c) {
      await engine.run(q.INSERT_CONVERSATION, [c.id, c.botName, c.createdAt, c.lastActionAt, c.status, JSON.stringify(c.metadata), c.welcomed]);
    },
    async updateConversation(id, patch) {
      await engine.run(q.UPDATE_CONVERSATION, [id, patch.lastActionAt, patch.metadata ? JSON.stringify(patch.metadata) : null, patch.welcomed ?? null]);
    },
    closeConversation: async (id, at, silentSince) =>
      (await (silentSince === undefined ? engine.run(q.CLOSE_CONVERSATION, [id, at]) : engine.run(q.CLOSE_IDLE_CONVERSATION, [id, at, silentSince]))) === 1,
    visitorWrote: async (id, at) => (await engine.run(q.VISITOR_WROTE, [id, at])) === 1,
    idleConversations: async (botName, silentSince, limit) =>
      (await engine.all<{ id: string }>(q.IDLE_CONVERSATIONS, [botName, silentSince, limit])).map((row) => row.id),
    appendEvent: (...args) => engine.appendEvent(...args),
    async visitorMessage(conversationId, messageId) {
      const row = await first<{ forwardedAt: number | null }>(q.VISITOR_MESSAGE, [conversationId, messageId]);
      return row && { forwarded: row.forwardedAt !== null };
    },
    markForwarded: async (conversationId, messageId, at) => void (await engine.run(q.MARK_FORWARDED, [conversationId, messageId, at])),
    lastEventNamed: (conversationId, name) => first<StoredEvent>(q.LAST_EVENT_NAMED, [conversationId, name]),
    getMessage: (conversationId, messageId) => first<ExportedMessage>(q.GET_MESSAGE, [conversationId, messageId]),
    eventsAfter: (conversationId, afterId) => engine.all<StoredEvent>(q.EVENTS_AFTER, [conversationId, afterId]),
    lastEventId: async (conversationId) => (await first<{ id: number }>(q.LAST_EVENT_ID, [conversationId]))!.id,
    lastAgentMessage: (conversationId) => first<ExportedMessage>(q.LAST_AGENT_MESSAGE, [conversationId]),
    recentMessages: async (conversationId, limit) => (await engine.all<ExportedMessage>(q.RECENT_MESSAGES, [conversationId, limit])).reverse(),
    exportConversations: async (query) => (await engine.all<ExportedConversationRow>(q.EXPORT_CONVERSATIONS, keyset(query))).map(exportedConversationFromRow),
    exportMessages: (query) => engine.all<ExportedMessage>(q.EXPORT_MESSAGES, [...keyset(query), query.conversationId ?? null]),
    async messagesOf(conversationIds) {
      if (conversationIds.length === 0) return [];
      return engine.all<ExportedMessage>(q.MESSAGES_OF[engine.dialect], [engine.dialect === 'postgres' ? conversationIds : JSON.stringify(conversationIds)]);
    },
    async recordImpression(i) {
      await engine.run(q.INSERT_IMPRESSION, [i.conversationId, i.customerId ?? null, i.pageUrl, i.device, i.source, i.language, i.environment, i.ip, JSON.stringify(i.metadata), i.createdAt]);
    },
    async analytics(from, until) {
      const window = [from, until];
      const [totals, interactions, byPage, byDevice, byHour] = await Promise.all([
        first<Totals>(q.ANALYTICS_TOTALS, window),
        first<Breakdown>(q.INTERACTION_TOTALS, window),
        engine.all<Breakdown>(q.BY_PAGE, window),
        engine.all<Breakdown>(q.BY_DEVICE, window),
        engine.all<Breakdown>(q.BY_HOUR, window),
      ]);
      const { opens, positive, negative } = totals!;
      const { key: _all, ...counts } = interactions ?? { key: '', pageViews: 0, initialized: 0, engaged: 0 };
      return {
        ...counts,
        opens,
        reactions: { positive, negative },
        byPage: byPage.map(({ key, ...c }) => ({ page: String(key), ...c })),
        byDevice: byDevice.map(({ key, ...c }) => ({ device: String(key), ...c })),
        byHour: byHour.map(({ key, ...c }) => ({ hour: Number(key), ...c })).sort((a, b) => a.hour - b.hour),
      };
    },
    recordReaction: async (r) => (await engine.run(q.UPSERT_REACTION, [r.conversationId, r.messageId, r.reaction, r.comment ?? null, r.at])) === 1,
    enqueueTrack: async (key, body, at) => (await engine.run(q.ENQUEUE_TRACK, [key, body, at])) === 1,
    dueTracks: async (now, limit) =>
      (await engine.all<{ id: number; body: string; attempts: number }>(q.CLAIM_DUE_TRACKS[engine.dialect], [now, limit, CLAIM_MS])).sort((a, b) => a.id - b.id),
    markTrackSent: async (id, at) => void (await engine.run(q.MARK_TRACK_SENT, [at, id])),
    retryTrackAt: async (id, at) => void (await engine.run(q.RETRY_TRACK_AT, [at, id])),
    saveFile: async (f, data, quota) =>
      (await engine.run(q.SAVE_FILE[engine.dialect], [f.id, f.conversationId, f.name, f.type, f.mime, f.size, data, f.createdAt, quota.files, quota.bytes])) === 1,
    fileOf: (conversationId, id) => first<FileRecord>(q.FILE_OF, [conversationId, id]),
    readFile: (id) => first<FileRecord & { data: Buffer }>(q.READ_FILE, [id]),
    close: () => engine.close(),
  };
}
