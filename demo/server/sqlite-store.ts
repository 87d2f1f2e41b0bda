// The Store on SQLite (better-sqlite3): WAL, one transaction per event, prepared statements.
import Database from 'better-sqlite3';
import type { ConversationPatch, ConversationRecord, MessageRecord, StoredEvent, Store } from './store';

const SCHEMA_VERSION = 1;

const SCHEMA = `
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
`;

interface ConversationRow {
  id: string;
  bot_name: string;
  created_at: number;
  last_action_at: number;
  status: 'open' | 'closed';
  metadata: string;
  welcomed: number;
}

export function createSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);

  const getConversation = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
  const insertConversation = db.prepare(
    'INSERT INTO conversations (id, bot_name, created_at, last_action_at, status, metadata, welcomed) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const updateConversation = db.prepare(
    `UPDATE conversations SET last_action_at = @lastActionAt, status = COALESCE(@status, status),
       metadata = COALESCE(@metadata, metadata), welcomed = COALESCE(@welcomed, welcomed) WHERE id = @id`,
  );
  const insertMessage = db.prepare(
    'INSERT OR IGNORE INTO messages (conversation_id, id, role, text, body, card_index, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const lastId = db.prepare<[string], { id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM events WHERE conversation_id = ?');
  const insertEvent = db.prepare('INSERT INTO events (conversation_id, id, name, data, created_at) VALUES (?, ?, ?, ?, ?)');
  const eventsAfter = db.prepare<[string, number], StoredEvent>(
    'SELECT id, name, data FROM events WHERE conversation_id = ? AND id > ? ORDER BY id',
  );
  const hasMessage = db.prepare<[string, string], { found: number }>('SELECT 1 AS found FROM messages WHERE conversation_id = ? AND id = ?');
  const touch = db.prepare('UPDATE conversations SET last_action_at = ? WHERE id = ?');

  const append = db.transaction((conversationId: string, name: string, data: string, createdAt: number, message?: MessageRecord) => {
    if (message) {
      const { changes } = insertMessage.run(conversationId, message.id, message.role, message.text, message.body, message.cardIndex ?? null, message.createdAt);
      if (changes === 0) return null;
    }
    const id = lastId.get(conversationId)!.id + 1;
    insertEvent.run(conversationId, id, name, data, createdAt);
    touch.run(createdAt, conversationId);
    return { id, name, data };
  });

  return {
    getConversation(id) {
      const row = getConversation.get(id);
      return (
        row && {
          id: row.id,
          botName: row.bot_name,
          createdAt: row.created_at,
          lastActionAt: row.last_action_at,
          status: row.status,
          metadata: JSON.parse(row.metadata) as Record<string, string>,
          welcomed: row.welcomed === 1,
        }
      );
    },
    createConversation(c: ConversationRecord) {
      insertConversation.run(c.id, c.botName, c.createdAt, c.lastActionAt, c.status, JSON.stringify(c.metadata), c.welcomed ? 1 : 0);
    },
    updateConversation(id: string, patch: ConversationPatch) {
      updateConversation.run({
        id,
        lastActionAt: patch.lastActionAt,
        status: patch.status ?? null,
        metadata: patch.metadata ? JSON.stringify(patch.metadata) : null,
        welcomed: patch.welcomed === undefined ? null : patch.welcomed ? 1 : 0,
      });
    },
    appendEvent: (conversationId, name, data, createdAt, message) => append(conversationId, name, data, createdAt, message),
    hasMessage: (conversationId, messageId) => hasMessage.get(conversationId, messageId) !== undefined,
    eventsAfter: (conversationId, afterId) => eventsAfter.all(conversationId, afterId),
    lastEventId: (conversationId) => lastId.get(conversationId)!.id,
    close: () => db.close(),
  };
}
