-- The schema of SQLite's migrations 001–004, on PostgreSQL. Identifiers and keys compare byte by
-- byte (COLLATE "C"), as in SQLite, so that both engines page and sort exports identically.
CREATE TABLE conversations (
  id TEXT COLLATE "C" PRIMARY KEY,
  bot_name TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  last_action_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  metadata TEXT NOT NULL DEFAULT '{}',
  welcomed BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX conversations_by_time ON conversations (created_at, id);
CREATE INDEX conversations_by_bot_time ON conversations (bot_name, created_at, id);

CREATE TABLE messages (
  conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations (id),
  id TEXT COLLATE "C" NOT NULL,
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  body TEXT NOT NULL,
  card_index INTEGER,
  action TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, id)
);
CREATE INDEX messages_by_time ON messages (created_at, conversation_id, id);

-- Per-conversation ids, gap-free: appends lock the conversation's row first (see postgres-store.ts and queries.ts).
CREATE TABLE events (
  conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations (id),
  id INTEGER NOT NULL,
  name TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, id)
);

CREATE TABLE impressions (
  id BIGSERIAL PRIMARY KEY,
  conversation_id TEXT COLLATE "C" NOT NULL,
  customer_id TEXT,
  page_url TEXT COLLATE "C" NOT NULL,
  device TEXT COLLATE "C" NOT NULL,
  source TEXT NOT NULL,
  language TEXT NOT NULL,
  environment TEXT NOT NULL,
  ip TEXT NOT NULL,
  metadata TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX impressions_by_time ON impressions (created_at);
CREATE INDEX impressions_by_conversation ON impressions (conversation_id, id);

CREATE TABLE reactions (
  conversation_id TEXT COLLATE "C" NOT NULL,
  message_id TEXT COLLATE "C" NOT NULL,
  reaction TEXT,
  comment TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, message_id)
);

CREATE TABLE track_outbox (
  id BIGSERIAL PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX track_outbox_due ON track_outbox (sent_at, next_at);
