import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database';
import { type MigrationTarget, migrate } from './migrate';
import { createPostgresStore } from './postgres/postgres-store';
import { createSqliteStore } from './sqlite/sqlite-store';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-chat-migrate-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A target that keeps its record in memory and logs what it runs. */
function memoryTarget(done: string[] = []) {
  const ran: string[] = [];
  const target: MigrationTarget = {
    exclusive: (work) => work(),
    applied: async () => new Set(done),
    async apply(file, sql) {
      if (sql.includes('FAIL')) throw new Error('syntax error');
      ran.push(`${file}: ${sql.trim()}`);
      done.push(file);
    },
  };
  return { target, ran };
}

describe('the migration runner', () => {
  it('applies the .sql files not yet applied, in name order, each once', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '002_b.sql'), 'B');
    writeFileSync(join(dir, '001_a.sql'), 'A');
    writeFileSync(join(dir, '010_c.sql'), 'C');
    writeFileSync(join(dir, 'notes.md'), 'not a migration');
    const { target, ran } = memoryTarget(['001_a.sql']);
    expect(await migrate(target, dir)).toEqual(['002_b.sql', '010_c.sql']);
    expect(ran).toEqual(['002_b.sql: B', '010_c.sql: C']);
    expect(await migrate(target, dir)).toEqual([]);
  });

  it('stops at a failing file and names it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001_a.sql'), 'A');
    writeFileSync(join(dir, '002_b.sql'), 'FAIL');
    writeFileSync(join(dir, '003_c.sql'), 'C');
    const { target, ran } = memoryTarget();
    await expect(migrate(target, dir)).rejects.toThrow('Migration 002_b.sql failed: syntax error');
    expect(ran).toEqual(['001_a.sql: A']);
  });
});

describe('SQLite migrations', () => {
  const files = fileURLToPath(new URL('sqlite/migrations/', import.meta.url));

  it('bring a database made before the .sql files (user_version 2) up to date, keeping its rows', async () => {
    const file = join(tempDir(), 'agent-chat.db');
    const old = new Database(file);
    old.exec(readFileSync(join(files, '001_init.sql'), 'utf8'));
    old.exec(readFileSync(join(files, '002_message_action.sql'), 'utf8'));
    old.pragma('user_version = 2');
    old.prepare("INSERT INTO conversations (id, bot_name, created_at, last_action_at) VALUES ('c1', 'bot', 1, 1)").run();
    old.close();

    const store = await createSqliteStore(file);
    expect((await store.getConversation('c1'))?.botName).toBe('bot');
    await store.recordImpression({ conversationId: 'c1', pageUrl: 'https://shop.example/', device: 'desktop', source: 'web', language: 'en', environment: 'production', ip: '::1', metadata: {}, createdAt: 5 });
    expect(await store.enqueueTrack('k', '{}', 5)).toBe(true);
    await store.close();
    const reopened = new Database(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(6);
    reopened.close();
  });
});

describe('PostgreSQL migrations', () => {
  it('run once when two instances start together', async () => {
    const url = await createTestDatabase(inject('postgresUrl'));
    const stores = await Promise.all([createPostgresStore({ connectionString: url }), createPostgresStore({ connectionString: url })]);
    await Promise.all(stores.map((store) => store.close()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual([{ version: '001_init.sql' }, { version: '002_idle_and_forwarding.sql' }, { version: '003_files.sql' }]);
    } finally {
      await client.end();
    }
  });
});
