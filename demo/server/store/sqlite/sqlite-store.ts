// The Store on SQLite (better-sqlite3): WAL, one transaction per event, prepared statements.
// better-sqlite3 is synchronous; each method answers inside an already-resolved promise.
import Database from 'better-sqlite3';
import { type ConversationRow, type ExportedConversationRow, conversationFromRow, exportedConversationFromRow } from '../rows';
import { CLAIM_MS, type ConversationPatch, type ConversationRecord, type ExportQuery, type ExportedMessage, type MessageRecord, type StoredEvent, type Store } from '../store';

// Each entry moves the schema one version up; a database runs the ones it has not yet had.
const MIGRATIONS = [
  `
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  bot_name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_action_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  metadata TEXT NOT NULL DEFAULT '{}',
  welcomed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS conversations_by_time ON conversations (created_at, id);
CREATE TABLE IF NOT EXISTS messages (
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  id TEXT NOT NULL,
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  body TEXT NOT NULL,
  card_index INTEGER,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS messages_by_time ON messages (created_at, conversation_id, id);
CREATE TABLE IF NOT EXISTS events (
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  id INTEGER NOT NULL,
  name TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, id)
) WITHOUT ROWID;
`,
  // v2: how the visitor produced each message (typed, button, carousel), and the export's index.
  `
ALTER TABLE messages ADD COLUMN action TEXT;
CREATE INDEX IF NOT EXISTS conversations_by_bot_time ON conversations (bot_name, created_at, id);
`,
  // v3: page views with the widget on screen (PROTOCOL §5).
  `
CREATE TABLE IF NOT EXISTS impressions (
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  customer_id TEXT,
  page_url TEXT NOT NULL,
  device TEXT NOT NULL,
  source TEXT NOT NULL,
  language TEXT NOT NULL,
  environment TEXT NOT NULL,
  ip TEXT NOT NULL,
  metadata TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS impressions_by_time ON impressions (created_at);
CREATE INDEX IF NOT EXISTS impressions_by_conversation ON impressions (conversation_id, id);
`,
  // v4: the visitor's current reaction to each response, and Pendo calls waiting to be forwarded.
  `
CREATE TABLE IF NOT EXISTS reactions (
  conversation_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  reaction TEXT,
  comment TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, message_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS track_outbox (
  id INTEGER PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX IF NOT EXISTS track_outbox_due ON track_outbox (sent_at, next_at);
`,
];


/** Named parameters for a keyset query; no `after` starts before everything. */
function keyset(query: ExportQuery) {
  return {
    botName: query.botName, from: query.from, until: query.until, limit: query.limit,
    conversationId: query.conversationId ?? null, afterTime: query.after?.time ?? -1, afterId: query.after?.id ?? '',
  };
}

export function createSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    for (const sql of MIGRATIONS.slice(version)) db.exec(sql);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();

  const getConversation = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
  const insertConversation = db.prepare(
    'INSERT INTO conversations (id, bot_name, created_at, last_action_at, status, metadata, welcomed) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const updateConversation = db.prepare(
    `UPDATE conversations SET last_action_at = @lastActionAt, status = COALESCE(@status, status),
       metadata = COALESCE(@metadata, metadata), welcomed = COALESCE(@welcomed, welcomed) WHERE id = @id`,
  );
  const insertMessage = db.prepare(
    'INSERT OR IGNORE INTO messages (conversation_id, id, role, text, body, card_index, action, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const lastId = db.prepare<[string], { id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM events WHERE conversation_id = ?');
  const insertEvent = db.prepare('INSERT INTO events (conversation_id, id, name, data, created_at) VALUES (?, ?, ?, ?, ?)');
  const eventsAfter = db.prepare<[string, number], StoredEvent>(
    'SELECT id, name, data FROM events WHERE conversation_id = ? AND id > ? ORDER BY id',
  );
  const hasMessage = db.prepare<[string, string], { found: number }>('SELECT 1 AS found FROM messages WHERE conversation_id = ? AND id = ?');
  const MESSAGE_COLUMNS = 'm.id, m.conversation_id AS conversationId, m.role, m.text, m.body, m.action, m.created_at AS createdAt';
  const lastAgentMessage = db.prepare<[string], ExportedMessage>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id = ? AND m.role != 'EndUser' ORDER BY m.created_at DESC LIMIT 1`,
  );
  // Keyset pages: (time, id) > the last one seen, on an index, so page 100 costs what page 1 does.
  const exportConversations = db.prepare(`
    SELECT c.id, c.created_at AS createdAt, c.last_action_at AS lastActionAt, c.status, c.metadata,
      EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = c.id AND e.name = 'CONVERSATION_ROUTING_RESULT') AS escalated,
      EXISTS (SELECT 1 FROM reactions r WHERE r.conversation_id = c.id AND r.reaction = 'positive') AS positiveFeedback,
      EXISTS (SELECT 1 FROM reactions r WHERE r.conversation_id = c.id AND r.reaction = 'negative') AS negativeFeedback,
      (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'EndUser') AS userMessageCount
    FROM conversations c
    WHERE c.bot_name = @botName AND c.created_at >= @from AND c.created_at < @until
      AND (c.created_at > @afterTime OR (c.created_at = @afterTime AND c.id > @afterId))
    ORDER BY c.created_at, c.id LIMIT @limit`);
  const exportMessages = db.prepare<Record<string, unknown>, ExportedMessage>(`
    SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE c.bot_name = @botName AND m.created_at >= @from AND m.created_at < @until
      AND (@conversationId IS NULL OR m.conversation_id = @conversationId)
      AND (m.created_at > @afterTime OR (m.created_at = @afterTime AND (m.conversation_id || '/' || m.id) > @afterId))
    ORDER BY m.created_at, m.conversation_id, m.id LIMIT @limit`);
  const insertImpression = db.prepare(
    `INSERT INTO impressions (conversation_id, customer_id, page_url, device, source, language, environment, ip, metadata, created_at)
     VALUES (@conversationId, @customerId, @pageUrl, @device, @source, @language, @environment, @ip, @metadata, @createdAt)`,
  );
  // Engaged: a conversation started in the window with at least one visitor message. It counts for
  // the page, device and hour of its first impression.
  const analyticsTotals = db.prepare<Record<string, number>, { impressions: number; opens: number; engaged: number; positive: number; negative: number }>(`
    SELECT
      (SELECT COUNT(*) FROM impressions WHERE created_at >= @from AND created_at < @until) AS impressions,
      (SELECT COUNT(*) FROM conversations WHERE welcomed = 1 AND created_at >= @from AND created_at < @until) AS opens,
      (SELECT COUNT(*) FROM conversations c WHERE c.created_at >= @from AND c.created_at < @until
         AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'EndUser')) AS engaged,
      (SELECT COUNT(*) FROM reactions WHERE reaction = 'positive' AND updated_at >= @from AND updated_at < @until) AS positive,
      (SELECT COUNT(*) FROM reactions WHERE reaction = 'negative' AND updated_at >= @from AND updated_at < @until) AS negative`);
  const breakdown = (column: 'page_url' | 'device' | 'hour') => {
    const key = column === 'hour' ? `(created_at / 3600000) * 3600000` : column;
    return db.prepare<Record<string, number>, { key: string | number; impressions: number; engaged: number }>(`
      WITH shown AS (SELECT ${key} AS key, conversation_id, id FROM impressions WHERE created_at >= @from AND created_at < @until),
           first AS (SELECT conversation_id, MIN(id) AS id FROM shown GROUP BY conversation_id),
           engaged AS (SELECT s.key FROM shown s JOIN first f ON f.id = s.id
             WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = s.conversation_id AND m.role = 'EndUser'))
      SELECT key, COUNT(*) AS impressions, (SELECT COUNT(*) FROM engaged e WHERE e.key = shown.key) AS engaged
      FROM shown GROUP BY key ORDER BY impressions DESC, key LIMIT 100`);
  };
  const byPage = breakdown('page_url');
  const byDevice = breakdown('device');
  const byHour = breakdown('hour');
  const upsertReaction = db.prepare(
    `INSERT INTO reactions (conversation_id, message_id, reaction, comment, updated_at) VALUES (@conversationId, @messageId, @reaction, @comment, @at)
     ON CONFLICT (conversation_id, message_id) DO UPDATE SET reaction = excluded.reaction, comment = excluded.comment, updated_at = excluded.updated_at`,
  );
  const enqueueTrack = db.prepare('INSERT OR IGNORE INTO track_outbox (dedupe_key, body, next_at) VALUES (?, ?, ?)');
  const dueTracks = db.prepare<[number, number], { id: number; body: string; attempts: number }>(
    'SELECT id, body, attempts FROM track_outbox WHERE sent_at IS NULL AND next_at <= ? ORDER BY id LIMIT ?',
  );
  const claimTrack = db.prepare('UPDATE track_outbox SET next_at = ? WHERE id = ?');
  const trackSent = db.prepare('UPDATE track_outbox SET sent_at = ? WHERE id = ?');
  const trackRetry = db.prepare('UPDATE track_outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?');
  const touch = db.prepare('UPDATE conversations SET last_action_at = ? WHERE id = ?');

  const append = db.transaction((conversationId: string, name: string, data: string, createdAt: number, message?: MessageRecord) => {
    if (message) {
      const { changes } = insertMessage.run(
        conversationId, message.id, message.role, message.text, message.body, message.cardIndex ?? null, message.action ?? null, message.createdAt,
      );
      if (changes === 0) return null;
    }
    const id = lastId.get(conversationId)!.id + 1;
    insertEvent.run(conversationId, id, name, data, createdAt);
    touch.run(createdAt, conversationId);
    return { id, name, data };
  });

  const claimDue = db.transaction((now: number, limit: number) => {
    const due = dueTracks.all(now, limit);
    for (const call of due) claimTrack.run(now + CLAIM_MS, call.id);
    return due;
  });

  return {
    getConversation: async (id) => {
      const row = getConversation.get(id);
      return row && conversationFromRow(row);
    },
    async createConversation(c: ConversationRecord) {
      insertConversation.run(c.id, c.botName, c.createdAt, c.lastActionAt, c.status, JSON.stringify(c.metadata), c.welcomed ? 1 : 0);
    },
    async updateConversation(id: string, patch: ConversationPatch) {
      updateConversation.run({
        id,
        lastActionAt: patch.lastActionAt,
        status: patch.status ?? null,
        metadata: patch.metadata ? JSON.stringify(patch.metadata) : null,
        welcomed: patch.welcomed === undefined ? null : patch.welcomed ? 1 : 0,
      });
    },
    appendEvent: async (conversationId, name, data, createdAt, message) => append(conversationId, name, data, createdAt, message),
    hasMessage: async (conversationId, messageId) => hasMessage.get(conversationId, messageId) !== undefined,
    eventsAfter: async (conversationId, afterId) => eventsAfter.all(conversationId, afterId),
    lastEventId: async (conversationId) => lastId.get(conversationId)!.id,
    lastAgentMessage: async (conversationId) => lastAgentMessage.get(conversationId),
    exportConversations: async (query) => (exportConversations.all(keyset(query)) as ExportedConversationRow[]).map(exportedConversationFromRow),
    exportMessages: async (query) => exportMessages.all(keyset(query)),
    async messagesOf(conversationIds) {
      if (conversationIds.length === 0) return [];
      return db
        .prepare<string[], ExportedMessage>(
          `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id IN (${conversationIds.map(() => '?').join(',')}) ORDER BY m.created_at, m.id`,
        )
        .all(...conversationIds);
    },
    recordImpression: async (row) => void insertImpression.run({ ...row, customerId: row.customerId ?? null, metadata: JSON.stringify(row.metadata) }),
    async analytics(from, until) {
      const window = { from, until };
      const { positive, negative, ...totals } = analyticsTotals.get(window)!;
      return {
        ...totals,
        reactions: { positive, negative },
        byPage: byPage.all(window).map(({ key, ...counts }) => ({ page: String(key), ...counts })),
        byDevice: byDevice.all(window).map(({ key, ...counts }) => ({ device: String(key), ...counts })),
        byHour: byHour.all(window).map(({ key, ...counts }) => ({ hour: Number(key), ...counts })).sort((a, b) => a.hour - b.hour),
      };
    },
    recordReaction: async (r) => void upsertReaction.run({ ...r, comment: r.comment ?? null }),
    enqueueTrack: async (key, body, at) => enqueueTrack.run(key, body, at).changes === 1,
    dueTracks: async (now, limit) => claimDue(now, limit),
    markTrackSent: async (id, at) => void trackSent.run(at, id),
    retryTrackAt: async (id, at) => void trackRetry.run(at, id),
    close: async () => void db.close(),
  };
}
