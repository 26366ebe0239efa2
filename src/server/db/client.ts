import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { prepareRepeatedStatements } from './prepared.ts';
import type { DB } from './schema.ts';

// Same value types on both engines: DATE stays a 'YYYY-MM-DD' string (no time-zone shift),
// int8/numeric come back as strings, timestamptz as Date, jsonb as objects.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

export type Engine = 'pglite' | 'postgres';

/** COPY text (whole lines, UTF-8 bytes or a string) as it goes to the server. */
export type CopyText = Uint8Array | string;

/** A bulk-load session: one connection, one transaction, COPY at the engine's native speed. */
export type BulkSession = {
  copy(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number>;
  /**
   * COPY of text already in COPY's text format (see toCopyLine), each chunk whole lines: for a caller that
   * writes its own lines (the seed, from a worker thread). Chunks are read as the load takes them, so a
   * lazy source runs in bounded memory.
   */
  copyText(
    table: string,
    columns: readonly string[],
    chunks: Iterable<CopyText> | AsyncIterable<CopyText>,
  ): Promise<void>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
};

export type Database = {
  db: Kysely<DB>;
  /**
   * Read-only queries that tolerate a second of lag (the dashboards' roll-up reads, the hub's reads): a pool on the
   * streaming-replication standby of DATABASE_READ_URL when set; otherwise a small pool of its own on the same
   * server (so that dashboards do not queue behind writes for connections); on PGlite the same handle as `db`.
   */
  read: Kysely<DB>;
  /** The pool behind `read` on PostgreSQL (its gauges; tests count its checkouts). */
  readPool?: pg.Pool;
  engine: Engine;
  /** Human description for logs ("PGlite ./data/pglite" or the server without password). */
  where: string;
  bulk<T>(fn: (s: BulkSession) => Promise<T>): Promise<T>;
  /** The embedded instance (PGlite only): backup and template dumps. */
  lite: PGlite | null;
  /** The connection pool, for its gauges (/api/metrics). */
  pool?: Pick<pg.Pool, 'totalCount' | 'idleCount' | 'waitingCount'>;
  close(): Promise<void>;
};

export type OpenOptions =
  | {
      engine: 'postgres';
      url: string;
      poolSize?: number;
      readUrl?: string | null;
      /** Connections for the dashboards' reads when they go to the same server (no readUrl); default 4. */
      readPoolSize?: number;
      /** Repeated statements as named prepared statements (prepared.ts); default true. */
      prepare?: boolean;
    }
  | { engine: 'pglite'; dataDir: string; lockAs?: string | false }
  | { engine: 'pglite'; memory: true; loadDataDir?: Blob };

/** Text-format COPY line: tab-separated, \N for null, backslash escapes. */
export function toCopyLine(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += '\t';
    const v = values[i];
    if (v === null || v === undefined) out += '\\N';
    else if (typeof v === 'string') out += escapeCopy(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out += String(v);
    else if (v instanceof Date) out += v.toISOString();
    else if (typeof v === 'object') out += escapeCopy(JSON.stringify(v));
    else out += escapeCopy(String(v));
  }
  return `${out}\n`;
}

/** Backslash escapes for COPY text; a string without special characters (the common case) is one scan. */
function escapeCopy(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 || c === 9 || c === 10 || c === 13) return s.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch]!);
  }
  return s;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** About 1 MB per CopyData message on PostgreSQL. */
const CHUNK_CHARS = 1 << 20;

function* copyChunks(rows: Iterable<readonly unknown[]>, counter: { n: number }): Generator<string> {
  let buf = '';
  for (const r of rows) {
    buf += toCopyLine(r);
    counter.n++;
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** PGlite takes a whole blob per COPY: statements of about 8 MB (~50k people) run at its native speed. */
const LITE_COPY_BYTES = 8 << 20;

const byteLength = (c: CopyText): number => (typeof c === 'string' ? Buffer.byteLength(c) : c.byteLength);

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

/** COPY … FROM STDIN of text chunks, on the bulk session's connection. */
type CopyTextImpl = (
  client: pg.PoolClient,
  statement: string,
  chunks: Iterable<CopyText> | AsyncIterable<CopyText>,
) => Promise<void>;

const copyStatement = (table: string, columns: readonly string[]) => `copy ${table} (${columns.join(', ')}) from stdin`;

async function inBulkTransaction<T>(
  pool: pg.Pool,
  fn: (s: BulkSession) => Promise<T>,
  copyText: CopyTextImpl,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn({
      async copy(table, columns, rows) {
        const counter = { n: 0 };
        await copyText(client, copyStatement(table, columns), copyChunks(rows, counter));
        return counter.n;
      },
      copyText: (table, columns, chunks) => copyText(client, copyStatement(table, columns), chunks),
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

/** The dashboards' own connections to the primary when there is no standby: a dashboard's four reads at once. */
const READ_POOL_SIZE = 4;

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    // When PostgreSQL goes away (a restart, a killed backend), node-postgres emits 'error' on the idle clients the
    // pool holds and on a client that is checked out between two queries; unheard, that event kills the process.
    // Heard here, the error reaches the request through its next query (answered 503) and the pool reconnects.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    if (opts.prepare !== false) pool.on('connect', prepareRepeatedStatements);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    // Dashboards read through a pool of their own: a standby's (DATABASE_READ_URL), else a few connections to the
    // same server. Under a deadline-day surge, hundreds of submissions wait for the main pool's connections; the
    // dashboard that watches them must not wait behind them. Connections are opened when first used.
    const readPool = new pg.Pool({
      connectionString: opts.readUrl ?? opts.url,
      max: opts.readUrl ? (opts.poolSize ?? 10) : (opts.readPoolSize ?? READ_POOL_SIZE),
    });
    readPool.on('error', () => {});
    readPool.on('connect', (client) => client.on('error', () => {}));
    if (opts.prepare !== false) readPool.on('connect', prepareRepeatedStatements);
    const read = new Kysely<DB>({ dialect: new PostgresDialect({ pool: readPool }) });
    return {
      db,
      read,
      readPool,
      engine: 'postgres',
      where: opts.readUrl ? `${redactUrl(opts.url)} (reads: ${redactUrl(opts.readUrl)})` : redactUrl(opts.url),
      lite: null,
      pool,
      bulk: (fn) =>
        inBulkTransaction(pool, fn, async (client, statement, chunks) => {
          // Room for a few chunks between the source and the socket, so that the next one is ready when it drains.
          const stream = client.query(copyFrom(statement, { highWaterMark: 4 << 20 }));
          await pipeline(Readable.from(chunks, { objectMode: false, highWaterMark: 4 << 20 }), stream);
        }),
      async close() {
        await db.destroy();
        await read.destroy();
      },
    };
  }

  // Loaded only for the embedded engine: a command on PostgreSQL does not pay for PGlite's modules.
  const [{ PGlite: Lite }, { ltree }, { pg_trgm }, { createPgConfig }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/ltree'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/node-postgres'),
  ]);
  const liteExtensions = { ltree, pg_trgm };
  let lock: DataDirLock | null = null;
  let lite: PGlite;
  let where: string;
  if ('memory' in opts) {
    lite = await Lite.create({
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
      lite = await Lite.create({ dataDir: dir, extensions: liteExtensions });
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
    read: db,
    engine: 'pglite',
    where,
    lite,
    pool,
    bulk: (fn) =>
      inBulkTransaction(pool, fn, async (_client, statement, chunks) => {
        // COPY FROM STDIN through the adapter crashes PGlite 0.5; its own /dev/blob path runs in the same session.
        const fromBlob = statement.replace(/ from stdin$/, ` from '/dev/blob'`);
        let parts: CopyText[] = [];
        let bytes = 0;
        const flush = async () => {
          if (bytes === 0) return;
          const blob = new Blob(parts);
          parts = [];
          bytes = 0;
          await lite.query(fromBlob, [], { blob });
        };
        for await (const chunk of chunks) {
          parts.push(chunk);
          bytes += byteLength(chunk);
          if (bytes >= LITE_COPY_BYTES) await flush();
        }
        await flush();
      }),
    async close() {
      await db.destroy();
      await lite.close();
      lock?.release();
    },
  };
}
