// The Store on PostgreSQL (pg), for several gateway instances sharing one database. Appends to a
// conversation lock its row first, so event ids stay gap-free and strictly increasing whichever
// instance writes.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type MigrationTarget, migrate } from '../migrate';
import { INSERT_EVENT, INSERT_MESSAGE, TOUCH_CONVERSATION } from '../queries';
import { type SqlEngine, createSqlStore, messageParams } from '../sql-store';
import type { Store } from '../store';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Connections this instance may hold open. */
  poolSize?: number;
}

const MIGRATIONS = fileURLToPath(new URL('migrations/', import.meta.url));
/** Any constant both instances agree on: the advisory lock's name. */
const LOCK_KEY = 0x61676368; // "agch"

// BIGINT (times in ms, counts) as numbers: every value here is far below 2^53.
const INT8 = 20;
const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) };

/** Runs `work` in one transaction on one connection; a throw rolls it back. */
async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Applied files are rows of schema_migrations; an advisory lock keeps instances starting together in turn. */
function migrationTarget(client: pg.PoolClient): MigrationTarget {
  return {
    async exclusive(work) {
      await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
      }
    },
    async applied() {
      return new Set((await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    },
    apply: (file, sql) =>
      inTransaction(client, async () => {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
      }),
  };
}

/** Thrown inside an append to roll it back: the message id was already stored. */
const DUPLICATE = Symbol('duplicate message');

export async function createPostgresStore({ connectionString, poolSize = 10 }: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types });
  // An idle connection the server dropped must not take the process down; the pool replaces it.
  pool.on('error', (error) => console.error('postgres: idle connection failed', error.message));
  const migrating = await pool.connect();
  try {
    await migrate(migrationTarget(migrating), MIGRATIONS);
  } finally {
    migrating.release();
  }

  const engine: SqlEngine = {
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly unknown[]) => (await pool.query(sql, [...params])).rows as T[],
    run: async (sql, params) => (await pool.query(sql, [...params])).rowCount ?? 0,
    async appendEvent(conversationId, name, data, createdAt, message) {
      const client = await pool.connect();
      try {
        return await inTransaction(client, async () => {
          // The row lock serialises this conversation's appends across every instance.
          await client.query(TOUCH_CONVERSATION, [conversationId, createdAt]);
          if (message && (await client.query(INSERT_MESSAGE, messageParams(conversationId, message))).rowCount === 0) throw DUPLICATE;
          const { rows: [event] } = await client.query<{ id: number }>(INSERT_EVENT, [conversationId, name, data, createdAt]);
          return { id: event!.id, name, data };
        });
      } catch (error) {
        if (error === DUPLICATE) return null;
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return createSqlStore(engine);
}
