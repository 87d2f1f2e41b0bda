// Every query of the store, written once for SQLite and PostgreSQL in the SQL both understand,
// with PostgreSQL's numbered placeholders ($1, $2 …; the SQLite engine renames them). Where the
// engines differ, the difference is spelled out here, beside the rest.
//
// Identifiers and keys compare byte by byte on both engines (SQLite's BINARY; PostgreSQL's columns
// are COLLATE "C"), so that both page and sort exports identically. Aliases are quoted: PostgreSQL
// folds unquoted ones to lower case.

export type Dialect = 'sqlite' | 'postgres';

export const GET_CONVERSATION = 'SELECT * FROM conversations WHERE id = $1';

/** A new conversation counts as the visitor's last activity (the idle timeout starts then). */
export const INSERT_CONVERSATION =
  'INSERT INTO conversations (id, bot_name, created_at, last_action_at, status, metadata, welcomed, last_visitor_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $3)';

/** Closing is CLOSE_CONVERSATION's: only one caller may close a conversation. */
export const UPDATE_CONVERSATION = `
  UPDATE conversations SET last_action_at = $2, metadata = COALESCE($3, metadata), welcomed = COALESCE($4, welcomed) WHERE id = $1`;

/** Changes one row only for an open conversation: of two closers, exactly one wins. */
export const CLOSE_CONVERSATION = "UPDATE conversations SET status = 'closed', last_action_at = $2 WHERE id = $1 AND status = 'open'";

/** Changes no row once the conversation is closed, so that no visitor message slips in after a close. */
export const VISITOR_WROTE = "UPDATE conversations SET last_visitor_at = $2 WHERE id = $1 AND status = 'open'";

/** As CLOSE_CONVERSATION, and only while the visitor has been silent since $3. */
export const CLOSE_IDLE_CONVERSATION = `${CLOSE_CONVERSATION} AND last_visitor_at <= $3`;

/** Open conversations of bot $1 whose visitor last wrote at $2 or before, the longest silent first. */
export const IDLE_CONVERSATIONS = `
  SELECT id FROM conversations WHERE status = 'open' AND last_visitor_at <= $2 AND bot_name = $1 ORDER BY last_visitor_at LIMIT $3`;

/** On PostgreSQL this locks the conversation's row: appends to one conversation take turns across instances. */
export const TOUCH_CONVERSATION = 'UPDATE conversations SET last_action_at = $2 WHERE id = $1';

/** Changes no row when the message id is already stored. */
export const INSERT_MESSAGE = `
  INSERT INTO messages (conversation_id, id, role, text, body, card_index, action, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`;

/** The next per-conversation id, gap-free while the conversation's appends take turns. */
export const INSERT_EVENT = `
  INSERT INTO events (conversation_id, id, name, data, created_at)
  SELECT $1, COALESCE(MAX(id), 0) + 1, $2, $3, $4 FROM events WHERE conversation_id = $1 RETURNING id`;

export const EVENTS_AFTER = 'SELECT id, name, data FROM events WHERE conversation_id = $1 AND id > $2 ORDER BY id';

export const LAST_EVENT_ID = 'SELECT COALESCE(MAX(id), 0) AS id FROM events WHERE conversation_id = $1';

export const VISITOR_MESSAGE = `
  SELECT forwarded_at AS "forwardedAt" FROM messages WHERE conversation_id = $1 AND id = $2 AND role = 'EndUser'`;

export const MARK_FORWARDED = 'UPDATE messages SET forwarded_at = $3 WHERE conversation_id = $1 AND id = $2';

export const LAST_EVENT_NAMED = 'SELECT id, name, data FROM events WHERE conversation_id = $1 AND name = $2 ORDER BY id DESC LIMIT 1';

const MESSAGE_COLUMNS = 'm.id, m.conversation_id AS "conversationId", m.role, m.text, m.body, m.action, m.created_at AS "createdAt"';

export const GET_MESSAGE = `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id = $1 AND m.id = $2`;

export const LAST_AGENT_MESSAGE = `
  SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id = $1 AND m.role != 'EndUser' ORDER BY m.created_at DESC LIMIT 1`;

export const RECENT_MESSAGES = `
  SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT $2`;

// Escalated: a routing result other than an agent's failure to answer (failureType SubmissionError,
// agents/actions.ts), which hands nothing over.
// Keyset pages: (time, id) > the last one seen, on an index, so page 100 costs what page 1 does.
// Parameters: $1 bot, [$2, $3) window, $4 limit, $5 and $6 the last (time, id) seen.
export const EXPORT_CONVERSATIONS = `
  SELECT c.id, c.created_at AS "createdAt", c.last_action_at AS "lastActionAt", c.status, c.metadata,
    EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = c.id AND e.name = 'CONVERSATION_ROUTING_RESULT'
      AND e.data NOT LIKE '%SubmissionError%') AS escalated,
    EXISTS (SELECT 1 FROM reactions r WHERE r.conversation_id = c.id AND r.reaction = 'positive') AS "positiveFeedback",
    EXISTS (SELECT 1 FROM reactions r WHERE r.conversation_id = c.id AND r.reaction = 'negative') AS "negativeFeedback",
    (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'EndUser') AS "userMessageCount",
    (SELECT i.page_url FROM impressions i WHERE i.conversation_id = c.id ORDER BY i.id LIMIT 1) AS "pageUrl"
  FROM conversations c
  WHERE c.bot_name = $1 AND c.created_at >= $2 AND c.created_at < $3
    AND (c.created_at > $5 OR (c.created_at = $5 AND c.id > $6))
  ORDER BY c.created_at, c.id LIMIT $4`;

/** As EXPORT_CONVERSATIONS, and $7 a conversation to keep to (null: all). */
export const EXPORT_MESSAGES = `
  SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN conversations c ON c.id = m.conversation_id
  WHERE c.bot_name = $1 AND m.created_at >= $2 AND m.created_at < $3
    AND (CAST($7 AS TEXT) IS NULL OR m.conversation_id = $7)
    AND (m.created_at > $5 OR (m.created_at = $5 AND (m.conversation_id || '/' || m.id) > $6))
  ORDER BY m.created_at, m.conversation_id, m.id LIMIT $4`;

/** Every message of the conversations in $1: an array on PostgreSQL, a JSON array on SQLite. */
export const MESSAGES_OF: Record<Dialect, string> = {
  postgres: `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id = ANY($1) ORDER BY m.created_at, m.id`,
  sqlite: `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id IN (SELECT value FROM json_each($1)) ORDER BY m.created_at, m.id`,
};

export const INSERT_IMPRESSION = `
  INSERT INTO impressions (conversation_id, customer_id, page_url, device, source, language, environment, ip, metadata, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

// Seed 002's figures, counted by conversation_id. A conversation is initialized by its first
// impression ever (later ones are page views only) and counts in the window, page, device and hour
// of that impression; it is engaged (an actual conversation) once it has a visitor message. So
// engaged <= initialized: a conversation with no impression is in neither.
const interactions = (key: string) => `
  WITH shown AS (SELECT ${key} AS key, conversation_id, id FROM impressions WHERE created_at >= $1 AND created_at < $2),
       initialized AS (
         SELECT s.key, EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = s.conversation_id AND m.role = 'EndUser') AS used
         FROM shown s WHERE s.id = (SELECT MIN(i.id) FROM impressions i WHERE i.conversation_id = s.conversation_id))
  SELECT shown.key, COUNT(*) AS "pageViews",
    (SELECT COUNT(*) FROM initialized n WHERE n.key = shown.key) AS initialized,
    (SELECT COUNT(*) FROM initialized n WHERE n.key = shown.key AND n.used) AS engaged
  FROM shown GROUP BY shown.key ORDER BY "pageViews" DESC, shown.key LIMIT 100`;

/** The whole window as one row (none when it has no impression). */
export const INTERACTION_TOTALS = interactions("'all'");

/** Chats opened (startSession) in the window, and the current reactions given in it. */
export const ANALYTICS_TOTALS = `
  SELECT
    (SELECT COUNT(*) FROM conversations WHERE welcomed = TRUE AND created_at >= $1 AND created_at < $2) AS opens,
    (SELECT COUNT(*) FROM reactions WHERE reaction = 'positive' AND updated_at >= $1 AND updated_at < $2) AS positive,
    (SELECT COUNT(*) FROM reactions WHERE reaction = 'negative' AND updated_at >= $1 AND updated_at < $2) AS negative`;

export const BY_PAGE = interactions('page_url');
export const BY_DEVICE = interactions('device');
/** Integer division on both engines: the start of the hour, ms. */
export const BY_HOUR = interactions('(created_at / 3600000) * 3600000');

export const UPSERT_REACTION = `
  INSERT INTO reactions (conversation_id, message_id, reaction, comment, updated_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (conversation_id, message_id) DO UPDATE SET reaction = excluded.reaction, comment = excluded.comment, updated_at = excluded.updated_at
  WHERE reactions.reaction IS DISTINCT FROM excluded.reaction OR reactions.comment IS DISTINCT FROM excluded.comment`;

export const ENQUEUE_TRACK = 'INSERT INTO track_outbox (dedupe_key, body, next_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING';

/**
 * Claims up to $2 calls due at $1 until $1 + $3. PostgreSQL skips rows another instance is
 * claiming at the same moment; SQLite has no row locks (a write locks the whole database).
 */
export const CLAIM_DUE_TRACKS: Record<Dialect, string> = Object.fromEntries(
  (['postgres', 'sqlite'] as const).map((dialect) => [dialect, `
  UPDATE track_outbox SET next_at = $1 + $3 WHERE id IN (
    SELECT id FROM track_outbox WHERE sent_at IS NULL AND next_at <= $1 ORDER BY id LIMIT $2${dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''})
  RETURNING id, body, attempts`]),
) as Record<Dialect, string>;

export const MARK_TRACK_SENT = 'UPDATE track_outbox SET sent_at = $1 WHERE id = $2';

export const RETRY_TRACK_AT = 'UPDATE track_outbox SET attempts = attempts + 1, next_at = $1 WHERE id = $2';

const FILE_COLUMNS = 'id, conversation_id AS "conversationId", name, type, mime, size, created_at AS "createdAt"';

/**
 * Stores a file only while the conversation stays within $9 files and $10 bytes. PostgreSQL cannot
 * type a parameter that is only selected, so it gets each one's type. Two uploads to one
 * conversation at the same moment on two instances may each see the other's missing: the quota
 * may then be passed by one file.
 */
export const SAVE_FILE: Record<Dialect, string> = Object.fromEntries(
  (['postgres', 'sqlite'] as const).map((dialect) => {
    const typed = (n: number, type: string) => (dialect === 'postgres' ? `CAST($${n} AS ${type})` : `$${n}`);
    return [dialect, `
  INSERT INTO files (id, conversation_id, name, type, mime, size, data, created_at)
  SELECT ${typed(1, 'TEXT')}, ${typed(2, 'TEXT')}, ${typed(3, 'TEXT')}, ${typed(4, 'TEXT')}, ${typed(5, 'TEXT')}, ${typed(6, 'BIGINT')}, ${typed(7, 'BYTEA')}, ${typed(8, 'BIGINT')}
  WHERE (SELECT COUNT(*) FROM files WHERE conversation_id = $2) < $9
    AND (SELECT COALESCE(SUM(size), 0) FROM files WHERE conversation_id = $2) + $6 <= $10`];
  }),
) as Record<Dialect, string>;

export const FILE_OF = `SELECT ${FILE_COLUMNS} FROM files WHERE conversation_id = $1 AND id = $2`;

export const READ_FILE = `SELECT ${FILE_COLUMNS}, data FROM files WHERE id = $1`;
