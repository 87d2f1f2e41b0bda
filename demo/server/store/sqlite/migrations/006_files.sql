-- Files visitors upload (PROTOCOL §1 Uploads): each belongs to one conversation; the bytes live
-- in the database, so every instance sharing it serves the same files.
CREATE TABLE files (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX files_by_conversation ON files (conversation_id);
