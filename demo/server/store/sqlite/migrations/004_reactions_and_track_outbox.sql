-- The visitor's current reaction to each response, and Pendo calls waiting to be forwarded.
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
