-- Files visitors upload (PROTOCOL §1 Uploads): each belongs to one conversation; the bytes live
-- in the database, so every instance sharing it serves the same files.
CREATE TABLE files (
  id TEXT COLLATE "C" PRIMARY KEY,
  conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations (id),
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  data BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX files_by_conversation ON files (conversation_id);
