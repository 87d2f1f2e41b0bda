-- When the visitor last wrote (the idle timeout closes a conversation after SESSION_IDLE_MINUTES),
-- and when the agent accepted each visitor message (stored first, forwarded after).
ALTER TABLE conversations ADD COLUMN last_visitor_at BIGINT NOT NULL DEFAULT 0;
UPDATE conversations SET last_visitor_at = last_action_at;
CREATE INDEX conversations_idle ON conversations (status, last_visitor_at);
ALTER TABLE messages ADD COLUMN forwarded_at BIGINT;
UPDATE messages SET forwarded_at = created_at WHERE role = 'EndUser';
