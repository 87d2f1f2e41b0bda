-- Conversations, their messages (for the export) and their durable events (for SSE replay).
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
