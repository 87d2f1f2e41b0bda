-- Page views with the widget on screen (PROTOCOL §5).
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
