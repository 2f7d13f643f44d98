import { mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

/**
 * One small interface over the two drivers: PGlite (embedded, in-process, data in a folder) and a
 * PostgreSQL server. Both speak the same SQL; the rest of the code only sees Kysely.
 */
export type Db = Kysely<Database>;
export type Tx = Transaction<Database> | Kysely<Database>;

export interface DbHandle {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Raw multi-statement SQL (migrations). */
  exec(sqlText: string): Promise<void>;
  /** Bulk load CSV text into a table with COPY (FROM STDIN on a server, from a blob on PGlite). */
  copyFrom(table: string, columns: string[], csv: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Runs `fn` on one pinned connection (PGlite: the connection, held exclusively). Its `db` runs every
   * statement on that connection, so a transaction opened there includes the session's COPY: the importer
   * streams rows into temp staging tables and merges them in one all-or-nothing transaction.
   */
  session<T>(fn: (session: DbSession) => Promise<T>): Promise<T>;
}

export interface DbSession {
  /** Kysely bound to the pinned connection. Use it (or a transaction opened on it), never the handle's db. */
  db: Db;
  /**
   * COPY CSV text into a table on the pinned connection, streamed chunk by chunk (a server gets one
   * COPY FROM STDIN with backpressure; PGlite one COPY from a blob per chunk). A chunk ends at a row end.
   */
  copyFrom(table: string, columns: string[], chunks: AsyncIterable<string> | Iterable<string>): Promise<void>;
}

/** A "pool" that always hands out the same connection and never releases it: Kysely bound to one session. */
function pinnedKysely(query: (sqlText: string, params: readonly unknown[]) => Promise<unknown>): Db {
  const connection = { query, release: () => undefined };
  const pool = { connect: () => Promise.resolve(connection), end: () => Promise.resolve() };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
}

async function copyChunksToServer(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<void> {
  const { from } = await import('pg-copy-streams');
  const stream = client.query(from(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
  const done = new Promise<void>((resolvePromise, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolvePromise());
  });
  done.catch(() => undefined);
  try {
    for await (const chunk of chunks) {
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
    }
    stream.end();
  } catch (error) {
    // Aborts the COPY (CopyFail): the server discards what it received and the transaction fails.
    stream.destroy(error as Error);
    throw error;
  }
  await done;
}

// int8 and numeric as JS numbers on both drivers (ids stay far below 2^53).
pg.types.setTypeParser(20, (v) => Number(v));

export async function openPostgres(url: string): Promise<DbHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client whose server connection ends (server restart, DROP DATABASE … FORCE, a client still
  // closing after pool.end()) emits 'error' on the pool; unhandled, that would crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    driver: 'postgres',
    exec: async (sqlText) => {
      await pool.query(sqlText);
    },
    copyFrom: async (table, columns, csv) => {
      const { from } = await import('pg-copy-streams');
      const client = await pool.connect();
      try {
        const stream = client.query(
          from(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`),
        );
        await new Promise<void>((resolvePromise, reject) => {
          stream.on('error', reject);
          stream.on('finish', () => resolvePromise());
          stream.end(csv);
        });
      } finally {
        client.release();
      }
    },
    close: async () => {
      await db.destroy();
      // Kysely ends the pool only if it ever used it; exec/copyFrom may have been the only users.
      if (!pool.ended) await pool.end();
    },
    session: async (fn) => {
      const client = await pool.connect();
      let failed = false;
      try {
        return await fn({
          db: pinnedKysely((text, params) => client.query(text, params as unknown[])),
          copyFrom: (table, columns, chunks) => copyChunksToServer(client, table, columns, chunks),
        });
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        // After a failure the connection may sit in an aborted COPY or transaction: drop it, do not reuse it.
        // Its late errors (the server closing it) then have no pool listener: swallow them here.
        if (failed) client.on('error', () => undefined);
        client.release(failed);
      }
    },
  };
}

/**
 * PGlite is a single connection. Kysely asks a "pool" for a connection per query or per transaction;
 * this pool hands out the one connection under a mutex, so a transaction owns it until it ends.
 */
class PgliteSingleConnectionPool {
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly pglite: PGlite) {}

  async connect() {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((r) => (release = r));
    await previous;
    const pglite = this.pglite;
    return {
      async query(sqlText: string, params: readonly unknown[]) {
        // Without parameters use the simple protocol, which (like pg's) accepts several statements.
        const result =
          params.length === 0
            ? ((await pglite.exec(sqlText)).at(-1) ?? { rows: [], affectedRows: 0 })
            : await pglite.query<Record<string, unknown>>(sqlText, params as unknown[]);
        const command = /^\s*(insert|update|delete|merge)\b/i.exec(sqlText)?.[1]?.toUpperCase() ?? 'SELECT';
        return {
          command,
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows as Record<string, unknown>[],
        };
      },
      release: () => release(),
    };
  }

  async end() {
    await this.queue;
    await this.pglite.close();
  }
}

/** dataDir undefined = in memory (tests); loadDataDir starts from a dump (a migrated template). */
export async function openPglite(
  dataDir?: string,
  options: { loadDataDir?: Blob } = {},
): Promise<DbHandle & { pglite: PGlite }> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const pool = new PgliteSingleConnectionPool(pglite);
  // PostgresDialect only needs connect()/end() of a pool.
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }),
  });
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    const conn = await pool.connect();
    try {
      return await fn();
    } finally {
      conn.release();
    }
  };
  return {
    pglite,
    db,
    driver: 'pglite',
    exec: (sqlText) => exclusive(async () => void (await pglite.exec(sqlText))),
    copyFrom: (table, columns, csv) =>
      exclusive(async () => {
        await pglite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
          blob: new Blob([csv]),
        });
      }),
    close: () => db.destroy(),
    session: async (fn) => {
      const conn = await pool.connect();
      try {
        return await fn({
          db: pinnedKysely((text, params) => conn.query(text, params)),
          copyFrom: async (table, columns, chunks) => {
            for await (const chunk of chunks) {
              await pglite.query(
                `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`,
                [],
                { blob: new Blob([chunk]) },
              );
            }
          },
        });
      } finally {
        conn.release();
      }
    },
  };
}

export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<DbHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
