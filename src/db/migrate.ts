import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DbHandle } from './client.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(): MigrationFile[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sqlText = readFileSync(migrationsDir + name, 'utf8');
      return { name, sql: sqlText, checksum: createHash('sha256').update(sqlText).digest('hex') };
    });
}

const LOCK_KEY = 727000;

/**
 * Applies the pending forward-only migrations, each in its own transaction, under an advisory lock
 * held on one pinned connection, so that several nodes starting at once apply each file exactly once.
 * An applied file whose checksum changed stops the start: applied migrations are never edited.
 */
export async function migrate(handle: DbHandle, log: (msg: string) => void = () => {}): Promise<string[]> {
  const files = listMigrations();
  return handle.db.connection().execute(async (conn) => {
    const run = (text: string) => sql.raw(text).execute(conn);
    await run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    await run(`SELECT pg_advisory_lock(${LOCK_KEY})`);
    const applied: string[] = [];
    try {
      const rows = await conn.selectFrom('schema_migrations').select(['name', 'checksum']).execute();
      const done = new Map(rows.map((r) => [r.name, r.checksum]));
      for (const file of files) {
        const previous = done.get(file.name);
        if (previous !== undefined) {
          if (previous !== file.checksum) {
            throw new Error(
              `Migration ${file.name} was changed after it was applied; write a new migration instead`,
            );
          }
          continue;
        }
        log(`applying migration ${file.name}`);
        await run('BEGIN');
        try {
          await run(file.sql);
          await conn
            .insertInto('schema_migrations')
            .values({ name: file.name, checksum: file.checksum })
            .execute();
          await run('COMMIT');
        } catch (error) {
          await run('ROLLBACK');
          throw error;
        }
        applied.push(file.name);
      }
    } finally {
      await run(`SELECT pg_advisory_unlock(${LOCK_KEY})`);
    }
    return applied;
  });
}
