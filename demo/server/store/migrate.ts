// One migration runner for both engines: the plain .sql files of an engine's migrations folder,
// applied in name order, each once and in its own transaction. How an engine remembers what it
// has applied, and how instances starting together take turns, is the engine's part.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface MigrationTarget {
  /** Runs `work` while holding the engine's migration lock. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** The names of the files already applied. */
  applied(files: readonly string[]): Promise<Set<string>>;
  /** Runs one file's SQL and records it as applied, in one transaction. */
  apply(file: string, sql: string): Promise<void>;
}

/** Applies the files `target` has not had yet; returns their names. */
export function migrate(target: MigrationTarget, directory: string): Promise<string[]> {
  const files = readdirSync(directory).filter((file) => file.endsWith('.sql')).sort();
  return target.exclusive(async () => {
    const done = await target.applied(files);
    const applied: string[] = [];
    for (const file of files.filter((f) => !done.has(f))) {
      try {
        await target.apply(file, readFileSync(join(directory, file), 'utf8'));
      } catch (error) {
        throw new Error(`Migration ${file} failed: ${(error as Error).message}`);
      }
      applied.push(file);
    }
    return applied;
  });
}

/** The version a file stands for: its number ("004_reactions.sql" is 4). */
export function versionOf(file: string): number {
  const match = /^(\d+)_/.exec(file);
  if (!match) throw new Error(`Migration file ${file} must start with its number, as in 001_init.sql.`);
  return Number(match[1]);
}
