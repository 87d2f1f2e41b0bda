// The store engines the shared suites run on: SQLite in a temp directory, and PostgreSQL in a
// fresh database on the throwaway server of the vitest global setup.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore } from '../store/postgres/postgres-store';
import { createTestDatabase } from './test-database';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import type { Store } from '../store/store';

export interface StoreBackend {
  name: 'SQLite' | 'PostgreSQL';
  /** A new empty database; `open` gives another handle on it (another instance). */
  create(): Promise<{ open(): Promise<Store>; drop(): void }>;
}

export const storeBackends = (postgresUrl: string): StoreBackend[] => [
  {
    name: 'SQLite',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'agent-chat-store-'));
      return { open: () => createSqliteStore(join(dir, 'agent-chat.db')), drop: () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async create() {
      const url = await createTestDatabase(postgresUrl);
      return { open: () => createPostgresStore({ connectionString: url }), drop: () => {} };
    },
  },
];
