import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import type { DB } from './schema.ts';

// Same value types on both engines: DATE stays a 'YYYY-MM-DD' string (no time-zone shift),
// int8/numeric come back as strings, timestamptz as Date, jsonb as objects.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

export type Engine = 'pglite' | 'postgres';

/** A bulk-load session: one connection, one transaction, COPY at the engine's native speed. */
export type BulkSession = {
  copy(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
};

export type Database = {
  db: Kysely<DB>;
  engine: Engine;
  /** Human description for logs ("PGlite ./data/pglite" or the server without password). */
  where: string;
  bulk<T>(fn: (s: BulkSession) => Promise<T>): Promise<T>;
  /** The embedded instance (PGlite only): backup and template dumps. */
  lite: PGlite | null;
  close(): Promise<void>;
};

export type OpenOptions =
  | { engine: 'postgres'; url: string; poolSize?: number }
  | { engine: 'pglite'; dataDir: string; lockAs?: string | false }
  | { engine: 'pglite'; memory: true; loadDataDir?: Blob };

const liteExtensions = { ltree, pg_trgm };

/** Text-format COPY line: tab-separated, \N for null, backslash escapes. */
export function toCopyLine(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += '\t';
    const v = values[i];
    if (v === null || v === undefined) out += '\\N';
    else if (v instanceof Date) out += v.toISOString();
    else if (typeof v === 'object') out += escapeCopy(JSON.stringify(v));
    else out += escapeCopy(String(v));
  }
  return out + '\n';
}

function escapeCopy(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : s;
}

function* copyChunks(rows: Iterable<readonly unknown[]>, counter: { n: number }): Generator<string> {
  let buf = '';
  for (const r of rows) {
    buf += toCopyLine(r);
    counter.n++;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

type CopyImpl = (
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
) => Promise<number>;

async function inBulkTransaction<T>(pool: pg.Pool, fn: (s: BulkSession) => Promise<T>, copy: CopyImpl): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn({
      copy: (table, columns, rows) => copy(client, table, columns, rows),
      async query(text, params) {
        return (await client.query(text, params as unknown[])).rows;
      },
    });
    await client.query('commit');
    return result;
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing the process
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      where: redactUrl(opts.url),
      lite: null,
      bulk: (fn) =>
        inBulkTransaction(pool, fn, async (client, table, columns, rows) => {
          const counter = { n: 0 };
          const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
          await pipeline(Readable.from(copyChunks(rows, counter)), stream);
          return counter.n;
        }),
      async close() {
        await db.destroy();
      },
    };
  }

  let lock: DataDirLock | null = null;
  let lite: PGlite;
  let where: string;
  if ('memory' in opts) {
    lite = await PGlite.create({
      dataDir: 'memory://',
      extensions: liteExtensions,
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    where = 'PGlite (memory)';
  } else {
    if (opts.lockAs !== false) lock = acquireDataDirLock(opts.dataDir, opts.lockAs ?? 'luoshi');
    const dir = path.join(opts.dataDir, 'pglite');
    fs.mkdirSync(opts.dataDir, { recursive: true });
    try {
      lite = await PGlite.create({ dataDir: dir, extensions: liteExtensions });
    } catch (e) {
      lock?.release();
      throw e;
    }
    where = `PGlite ${dir}`;
  }
  // One connection: inside a transaction every query must use the transaction handle.
  const pool = new pg.Pool(createPgConfig(lite) as unknown as pg.PoolConfig);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'pglite',
    where,
    lite,
    bulk: (fn) =>
      inBulkTransaction(pool, fn, async (_client, table, columns, rows) => {
        // COPY FROM STDIN through the adapter crashes PGlite 0.5; its own /dev/blob path runs in the same session.
        const counter = { n: 0 };
        const parts = [...copyChunks(rows, counter)];
        if (counter.n > 0)
          await lite.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob(parts) });
        return counter.n;
      }),
    async close() {
      await db.destroy();
      await lite.close();
      lock?.release();
    },
  };
}
