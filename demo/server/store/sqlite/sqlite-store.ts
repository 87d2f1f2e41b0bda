// The Store on SQLite (better-sqlite3): WAL, prepared statements, and appends in one synchronous
// transaction, so no other statement can slip into it. better-sqlite3 is synchronous; each call
// answers inside an already-resolved promise.
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { type MigrationTarget, migrate, versionOf } from '../migrate';
import { INSERT_EVENT, INSERT_MESSAGE, TOUCH_CONVERSATION } from '../queries';
import { type SqlEngine, createSqlStore, messageParams } from '../sql-store';
import type { MessageRecord, Store } from '../store';

const MIGRATIONS = fileURLToPath(new URL('migrations/', import.meta.url));

/** SQLite's named parameters for the queries' $1, $2 …: @p1, @p2 …, bound from an object. */
const renamePlaceholders = (sql: string) => sql.replace(/\$(\d+)/g, '@p$1');
const bind = (params: readonly unknown[]) =>
  Object.fromEntries(params.map((value, i) => [`p${i + 1}`, typeof value === 'boolean' ? Number(value) : value]));

/** The database remembers its schema as user_version: the number of the last file applied. */
function migrationTarget(db: Database.Database): MigrationTarget {
  return {
    exclusive: (work) => work(),
    async applied(files) {
      const version = db.pragma('user_version', { simple: true }) as number;
      return new Set(files.filter((file) => versionOf(file) <= version));
    },
    async apply(file, sql) {
      db.transaction(() => {
        db.exec(sql);
        db.pragma(`user_version = ${versionOf(file)}`);
      })();
    },
  };
}

export async function createSqliteStore(file: string): Promise<Store> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  await migrate(migrationTarget(db), MIGRATIONS);

  const statements = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let prepared = statements.get(sql);
    if (!prepared) statements.set(sql, (prepared = db.prepare(renamePlaceholders(sql))));
    return prepared;
  };
  const run = (sql: string, params: readonly unknown[]) => statement(sql).run(bind(params)).changes;

  const append = db.transaction((conversationId: string, name: string, data: string, createdAt: number, message?: MessageRecord) => {
    if (message && run(INSERT_MESSAGE, messageParams(conversationId, message)) === 0) return null;
    const { id } = statement(INSERT_EVENT).get(bind([conversationId, name, data, createdAt])) as { id: number };
    run(TOUCH_CONVERSATION, [conversationId, createdAt]);
    return { id, name, data };
  });

  const engine: SqlEngine = {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: readonly unknown[]) => statement(sql).all(bind(params)) as T[],
    run: async (sql, params) => run(sql, params),
    appendEvent: async (...args) => append(...args),
    close: async () => void db.close(),
  };
  return createSqlStore(engine);
}
