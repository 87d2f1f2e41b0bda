-- How the visitor produced each message (typed, button, carousel), and the export's index.
ALTER TABLE messages ADD COLUMN action TEXT;
CREATE INDEX IF NOT EXISTS conversations_by_bot_time ON conversations (bot_name, created_at, id);
