// The Store on PostgreSQL (pg): the same records and queries as sqlite-store.ts, for several
// gateway instances sharing one database. Appends to a conversation lock its row, so event ids
// stay gap-free and strictly increasing whichever instance writes.
import pg from 'pg';
import { migratePostgres } from '../migrate';
import { type ConversationRow, type ExportedConversationRow, conversationFromRow, exportedConversationFromRow } from '../rows';
import { CLAIM_MS, type ConversationRecord, type ExportQuery, type ExportedMessage, type Store, type StoredEvent } from '../store';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Connections this instance may hold open. */
  poolSize?: number;
}

// BIGINT (times in ms, counts) as numbers: every value here is far below 2^53.
const INT8 = 20;
const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) };


const MESSAGE_COLUMNS = `m.id, m.conversation_id AS "conversationId", m.role, m.text, m.body, m.action, m.created_at AS "createdAt"`;

/** Positional parameters for a keyset query ($1…$6); no `after` starts before everything. */
const keyset = (q: ExportQuery) => [q.botName, q.from, q.until, q.limit, q.after?.time ?? -1, q.after?.id ?? ''];

// Keyset pages: (time, id) > the last one seen, compared byte by byte like SQLite.
const EXPORT_CONVERSATIONS = `
  SELECT c.id, c.created_at AS "createdAt", c.last_action_at AS "lastActionAt", c.status, c.metadata,
    EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = c.id AND e.name = 'CONVERSATION_ROUTING_RESULT') AS escalated,
    EXISTS (SELECT 1 FROM reactions r WHERE r.conversation_id = c.id AND r.reaction = 'positive') AS "positiveFeedback",
    EXISTS (SELECT 1 FROM reactions r WHERE r.conversation_id = c.id AND r.reaction = 'negative') AS "negativeFeedback",
    (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'EndUser') AS "userMessageCount"
  FROM conversations c
  WHERE c.bot_name = $1 AND c.created_at >= $2 AND c.created_at < $3
    AND (c.created_at > $5 OR (c.created_at = $5 AND c.id > $6 COLLATE "C"))
  ORDER BY c.created_at, c.id LIMIT $4`;
const EXPORT_MESSAGES = `
  SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN conversations c ON c.id = m.conversation_id
  WHERE c.bot_name = $1 AND m.created_at >= $2 AND m.created_at < $3
    AND ($7::text IS NULL OR m.conversation_id = $7)
    AND (m.created_at > $5 OR (m.created_at = $5 AND (m.conversation_id || '/' || m.id) > $6 COLLATE "C"))
  ORDER BY m.created_at, m.conversation_id, m.id LIMIT $4`;
// Engaged: a conversation started in the window with at least one visitor message. It counts for
// the page, device and hour of its first impression.
const ANALYTICS_TOTALS = `
  SELECT
    (SELECT COUNT(*) FROM impressions WHERE created_at >= $1 AND created_at < $2) AS impressions,
    (SELECT COUNT(*) FROM conversations WHERE welcomed AND created_at >= $1 AND created_at < $2) AS opens,
    (SELECT COUNT(*) FROM conversations c WHERE c.created_at >= $1 AND c.created_at < $2
       AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'EndUser')) AS engaged,
    (SELECT COUNT(*) FROM reactions WHERE reaction = 'positive' AND updated_at >= $1 AND updated_at < $2) AS positive,
    (SELECT COUNT(*) FROM reactions WHERE reaction = 'negative' AND updated_at >= $1 AND updated_at < $2) AS negative`;
const breakdown = (key: string) => `
  WITH shown AS (SELECT ${key} AS key, conversation_id, id FROM impressions WHERE created_at >= $1 AND created_at < $2),
       first AS (SELECT conversation_id, MIN(id) AS id FROM shown GROUP BY conversation_id),
       engaged AS (SELECT s.key FROM shown s JOIN first f ON f.id = s.id
         WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = s.conversation_id AND m.role = 'EndUser'))
  SELECT key, COUNT(*) AS impressions, (SELECT COUNT(*) FROM engaged e WHERE e.key = shown.key) AS engaged
  FROM shown GROUP BY key ORDER BY impressions DESC, key LIMIT 100`;
const BY_PAGE = breakdown('page_url');
const BY_DEVICE = breakdown('device');
const BY_HOUR = breakdown('(created_at / 3600000) * 3600000');

export async function createPostgresStore({ connectionString, poolSize = 10 }: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types });
  // An idle connection the server dropped must not take the process down; the pool replaces it.
  pool.on('error', (error) => console.error('postgres: idle connection failed', error.message));
  await migratePostgres(pool);

  const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await pool.query(sql, params)).rows as T[];
  const first = async <T>(sql: string, params: unknown[]): Promise<T | undefined> => (await rows<T>(sql, params))[0];
  const run = async (sql: string, params: unknown[]): Promise<number> => (await pool.query(sql, params)).rowCount ?? 0;

  /** Runs `work` in one transaction on one connection; a throw rolls it back. */
  async function transaction<T>(work: (query: (sql: string, params: unknown[]) => Promise<pg.QueryResult>) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work((sql, params) => client.query(sql, params));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Thrown inside an append to roll it back: the message id was already stored. */
  const DUPLICATE = Symbol('duplicate message');

  return {
    getConversation: async (id) => {
      const row = await first<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [id]);
      return row && conversationFromRow(row);
    },
    async createConversation(c: ConversationRecord) {
      await run(
        'INSERT INTO conversations (id, bot_name, created_at, last_action_at, status, metadata, welcomed) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [c.id, c.botName, c.createdAt, c.lastActionAt, c.status, JSON.stringify(c.metadata), c.welcomed],
      );
    },
    async updateConversation(id, patch) {
      await run(
        `UPDATE conversations SET last_action_at = $2, status = COALESCE($3, status), metadata = COALESCE($4, metadata),
           welcomed = COALESCE($5, welcomed) WHERE id = $1`,
        [id, patch.lastActionAt, patch.status ?? null, patch.metadata ? JSON.stringify(patch.metadata) : null, patch.welcomed ?? null],
      );
    },
    async appendEvent(conversationId, name, data, createdAt, message) {
      try {
        return await transaction(async (query) => {
          // The row lock serialises this conversation's appends across every instance.
          await query('UPDATE conversations SET last_action_at = $2 WHERE id = $1', [conversationId, createdAt]);
          if (message) {
            const inserted = await query(
              `INSERT INTO messages (conversation_id, id, role, text, body, card_index, action, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
              [conversationId, message.id, message.role, message.text, message.body, message.cardIndex ?? null, message.action ?? null, message.createdAt],
            );
            if (inserted.rowCount === 0) throw DUPLICATE;
          }
          const { rows: [event] } = await query(
            `INSERT INTO events (conversation_id, id, name, data, created_at)
             SELECT $1, COALESCE(MAX(id), 0) + 1, $2, $3, $4 FROM events WHERE conversation_id = $1 RETURNING id`,
            [conversationId, name, data, createdAt],
          );
          return { id: (event as { id: number }).id, name, data };
        });
      } catch (error) {
        if (error === DUPLICATE) return null;
        throw error;
      }
    },
    hasMessage: async (conversationId, messageId) =>
      (await first('SELECT 1 FROM messages WHERE conversation_id = $1 AND id = $2', [conversationId, messageId])) !== undefined,
    eventsAfter: (conversationId, afterId) =>
      rows<StoredEvent>('SELECT id, name, data FROM events WHERE conversation_id = $1 AND id > $2 ORDER BY id', [conversationId, afterId]),
    lastEventId: async (conversationId) =>
      (await first<{ id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM events WHERE conversation_id = $1', [conversationId]))!.id,
    lastAgentMessage: (conversationId) =>
      first<ExportedMessage>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id = $1 AND m.role != 'EndUser' ORDER BY m.created_at DESC LIMIT 1`, [conversationId]),
    exportConversations: async (query) => (await rows<ExportedConversationRow>(EXPORT_CONVERSATIONS, keyset(query))).map(exportedConversationFromRow),
    exportMessages: (query) => rows<ExportedMessage>(EXPORT_MESSAGES, [...keyset(query), query.conversationId ?? null]),
    messagesOf: (conversationIds) =>
      rows<ExportedMessage>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id = ANY($1) ORDER BY m.created_at, m.id`, [conversationIds]),
    async recordImpression(i) {
      await run(
        `INSERT INTO impressions (conversation_id, customer_id, page_url, device, source, language, environment, ip, metadata, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [i.conversationId, i.customerId ?? null, i.pageUrl, i.device, i.source, i.language, i.environment, i.ip, JSON.stringify(i.metadata), i.createdAt],
      );
    },
    async recordReaction(r) {
      await run(
        `INSERT INTO reactions (conversation_id, message_id, reaction, comment, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (conversation_id, message_id) DO UPDATE SET reaction = excluded.reaction, comment = excluded.comment, updated_at = excluded.updated_at`,
        [r.conversationId, r.messageId, r.reaction, r.comment ?? null, r.at],
      );
    },
    async analytics(from, until) {
      const window = [from, until];
      type Totals = { impressions: number; opens: number; engaged: number; positive: number; negative: number };
      type Breakdown = { key: string | number; impressions: number; engaged: number };
      const [totals, byPage, byDevice, byHour] = await Promise.all([
        first<Totals>(ANALYTICS_TOTALS, window),
        rows<Breakdown>(BY_PAGE, window),
        rows<Breakdown>(BY_DEVICE, window),
        rows<Breakdown>(BY_HOUR, window),
      ]);
      const { positive, negative, ...counts } = totals!;
      return {
        ...counts,
        reactions: { positive, negative },
        byPage: byPage.map(({ key, ...c }) => ({ page: String(key), ...c })),
        byDevice: byDevice.map(({ key, ...c }) => ({ device: String(key), ...c })),
        byHour: byHour.map(({ key, ...c }) => ({ hour: Number(key), ...c })).sort((a, b) => a.hour - b.hour),
      };
    },
    enqueueTrack: async (key, body, at) =>
      (await run('INSERT INTO track_outbox (dedupe_key, body, next_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [key, body, at])) === 1,
    // SKIP LOCKED: instances polling together each claim different calls.
    dueTracks: (now, limit) =>
      rows<{ id: number; body: string; attempts: number }>(
        `UPDATE track_outbox SET next_at = $1 + $3 WHERE id IN (
           SELECT id FROM track_outbox WHERE sent_at IS NULL AND next_at <= $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, body, attempts`,
        [now, limit, CLAIM_MS],
      ).then((due) => due.sort((a, b) => a.id - b.id)),
    markTrackSent: async (id, at) => void (await run('UPDATE track_outbox SET sent_at = $1 WHERE id = $2', [at, id])),
    retryTrackAt: async (id, at) => void (await run('UPDATE track_outbox SET attempts = attempts + 1, next_at = $1 WHERE id = $2', [at, id])),
    close: () => pool.end(),
  };
}
