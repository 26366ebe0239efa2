import { appendAudit } from '../../auth/audit.ts';
import { generatePassword, hashPassword } from '../../auth/password.ts';
import type { BulkSession, Database } from '../../db/client.ts';
import {
  CHUNK_BYTES,
  type CopyChunk,
  copyChunks,
  ORG_COLUMNS,
  orgLine,
  PERSON_COLUMNS,
  POSITION_COLUMNS,
  STREAMED_TABLES,
  type StreamedTable,
  tableChunks,
} from './copy-lines.ts';
import { generateCity } from './generate.ts';
import type { GeneratedAccount, GeneratedCity, SeedProfile } from './generate-types.ts';
import { analyzeSeededTables } from './seed.queries.ts';
import { type SeedWorker, startSeedWorker } from './seed-worker.ts';

export type SeedPhase = 'orgs' | 'people' | 'positions' | 'indexes' | 'users';

export type SeedOptions = {
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  today: string;
  /** The moment the seed is recorded at (its audit row): the caller's clock, as every service takes it. */
  now: Date;
  onProgress?: (done: number, total: number, phase: SeedPhase) => void;
  /** One password for every demo account; generated (and returned) when absent. */
  accountsPassword?: string;
  /**
   * The accounts must change the password at their first login. Default: when the password is generated here;
   * a caller that generates it itself (the first start, `luoshi seed` without a password) says so.
   */
  mustChangePassword?: boolean;
  /** Who is named in the audit row. */
  actorName?: string;
  /** The key the audit row is hashed with (the installation's). */
  auditKey: Buffer;
  /**
   * Generate the people and positions in a worker thread, overlapping the database's work. Default: for
   * the profiles larger than the district (whose 20k people take less time than starting a worker).
   */
  worker?: boolean;
};

export type SeedAccount = GeneratedAccount;

export type SeedResult = {
  profile: SeedProfile;
  /** '青川市' or the province's name. */
  name: string;
  rootOrgId: number;
  /** '' for the first city in a database, else the prefix of its codes ('S516-'). */
  codePrefix: string;
  orgs: number;
  people: number;
  positions: number;
  users: number;
  elapsedMs: number;
  password: string;
  accounts: readonly SeedAccount[];
};

const USER_COLUMNS = [
  'username',
  'display_name',
  'password_hash',
  'role',
  'org_id',
  'person_id',
  'must_change_password',
] as const;

const STREAMED: Record<
  StreamedTable,
  { columns: readonly string[]; phase: SeedPhase; total: (city: GeneratedCity) => number }
> = {
  person: { columns: PERSON_COLUMNS, phase: 'people', total: (c) => c.personCount },
  org_position: { columns: POSITION_COLUMNS, phase: 'positions', total: (c) => c.positionCount },
};

/** Chunks in flight from the worker (about 1 MB each): enough to cover one PGlite COPY statement of ~8 MB. */
const WORKER_AHEAD = 16;

/**
 * One COPY per table of text chunks: PostgreSQL streams them (back-pressure bounds memory, the server
 * parses while the next chunks are made); the PGlite client groups them into COPY statements of ~8 MB.
 * Reports progress as chunks are taken, and checks that the source gave as many rows as expected.
 */
async function copyTable(
  s: BulkSession,
  table: string,
  columns: readonly string[],
  chunks: Iterable<CopyChunk> | AsyncIterable<CopyChunk>,
  total: number,
  progress: (done: number) => void,
): Promise<void> {
  let done = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      yield chunk.bytes;
      done += chunk.rows;
      progress(done);
    }
  }
  progress(0);
  await s.copyText(table, columns, counted());
  if (done !== total) throw new Error(`seed: ${done} rows of ${table} generated, ${total} expected`);
  progress(done);
}

type Existing = {
  orgMax: number;
  orgCount: number;
  personMax: number;
  personCount: number;
  positionCount: number;
  idCounty: number;
};

async function readExisting(s: BulkSession): Promise<Existing> {
  // Keeps concurrent writers out while ids are taken from max(id) (readers wait only if indexes come off).
  await s.query('lock table org, person, org_position, app_user in share row exclusive mode');
  const [org] = await s.query<{ max: number; n: number }>(
    'select coalesce(max(id), 0)::int as max, count(*)::int as n from org',
  );
  const [person] = await s.query<{ max: number; n: number }>(
    'select coalesce(max(id), 0)::int as max, count(*)::int as n from person',
  );
  const [position] = await s.query<{ n: number }>('select count(*)::int as n from org_position');
  // Earlier seeds used counties 00, 01 … of the fictional prefix 3399; continue after the highest.
  const [ids] = await s.query<{ max: string | null }>(
    `select max(id_number) as max from person where id_number >= '3399' and id_number < '3400'`,
  );
  return {
    orgMax: org?.max ?? 0,
    orgCount: org?.n ?? 0,
    personMax: person?.max ?? 0,
    personCount: person?.n ?? 0,
    positionCount: position?.n ?? 0,
    idCounty: ids?.max ? Number(ids.max.slice(4, 6)) + 1 : 0,
  };
}

/** What was taken off a table for the load, as the statements that put it back. */
type Suspended = { table: string; restore: string[] };

/**
 * Takes the secondary indexes and foreign keys off a table for a bulk load (PostgreSQL manual, "Populating
 * a Database"): maintaining a trigram GIN index and five b-trees row by row makes COPY many times slower
 * than building them once afterwards. Primary keys and unique constraints stay, so references into the
 * table keep working. The definitions are read from the catalogue, so indexes added by later migrations
 * are handled too; it all happens inside the load's transaction, so a failure restores them. Dropping an
 * index locks the table against readers until the load commits: fine for a demo or benchmark database.
 */
async function suspendIndexes(s: BulkSession, table: string): Promise<Suspended> {
  const indexes = await s.query<{ name: string; def: string }>(
    `select c.relname as name, pg_get_indexdef(x.indexrelid) as def
       from pg_index x join pg_class c on c.oid = x.indexrelid
      where x.indrelid = $1::regclass and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)`,
    [table],
  );
  const fks = await s.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = $1::regclass and contype = 'f'`,
    [table],
  );
  for (const fk of fks) await s.query(`alter table ${table} drop constraint "${fk.name}"`);
  for (const index of indexes) await s.query(`drop index "${index.name}"`);
  return {
    table,
    restore: [
      ...indexes.map((i) => i.def),
      ...fks.map((fk) => `alter table ${table} add constraint "${fk.name}" ${fk.def}`),
    ],
  };
}

/**
 * Loads a generated city into any database, empty or not, in one transaction: ids continue after the
 * highest ones present; when organisations exist already, the new city's codes get the prefix
 * `S<first org id>-` and its usernames `s<first org id>-`, and its ID numbers the next county digits, so
 * that nothing collides. Rows go in with COPY, generated lazily, so that the province profile (6M people)
 * runs in bounded memory; beyond the district the people and positions are generated and formatted in a
 * worker thread (seed-worker.ts) while the database takes the previous chunks. Then ANALYZE, and one audit
 * row for the seed.
 */
export async function seedCity(database: Database, profile: SeedProfile, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  // Started first: the worker loads its modules while the password is hashed and the database read.
  const worker =
    (opts.worker ?? profile !== 'district')
      ? startSeedWorker(profile, { chunkBytes: CHUNK_BYTES, ahead: WORKER_AHEAD })
      : null;
  try {
    return await seed(database, profile, opts, worker, started);
  } finally {
    await worker?.close();
  }
}

async function seed(
  database: Database,
  profile: SeedProfile,
  opts: SeedOptions,
  worker: SeedWorker | null,
  started: number,
): Promise<SeedResult> {
  const password = opts.accountsPassword ?? generatePassword();
  const mustChange = opts.mustChangePassword ?? opts.accountsPassword === undefined;
  // One scrypt hash for every demo account: hashing is deliberately slow, so it runs (on libuv's pool)
  // while the rows load, and is awaited when the accounts are written.
  const hashing = hashPassword(password);
  hashing.catch(() => {}); // a failed load must not leave it an unhandled rejection; awaited below otherwise
  const progress = opts.onProgress ?? (() => {});

  const loaded = await database.bulk(async (s) => {
    // The load is all or nothing and re-runnable: nothing gains from waiting for its WAL to be flushed.
    if (database.engine === 'postgres') await s.query('set local synchronous_commit = off');
    const existing = await readExisting(s);
    const codePrefix = existing.orgCount > 0 ? `S${existing.orgMax + 1}-` : '';
    const options = {
      today: opts.today,
      firstOrgId: existing.orgMax + 1,
      firstPersonId: existing.personMax + 1,
      codePrefix,
      idNumberCounty: existing.idCounty,
    };
    worker?.generate(options);
    const city = generateCity(profile, options);

    // Building an index over n rows costs far less than maintaining it through n inserts: the indexes come
    // off when the new rows will be at least a third of the table (always in an empty database); into a
    // large table the rows go with the indexes in place.
    const suspended: Suspended[] = [];
    const loads: [string, number, number][] = [
      ['org', existing.orgCount, city.orgs.length],
      ['person', existing.personCount, city.personCount],
      ['org_position', existing.positionCount, city.positionCount],
    ];
    for (const [table, present, adding] of loads) {
      if (present <= 2 * adding) suspended.push(await suspendIndexes(s, table));
    }

    // Each phase reports 0 first, so that a progress display can time it from its start. The organisations
    // are in memory already; the people and positions come from the worker when it runs.
    const orgTotal = city.orgs.length;
    await copyTable(s, 'org', ORG_COLUMNS, copyChunks(city.orgs, orgLine), orgTotal, (done) =>
      progress(done, orgTotal, 'orgs'),
    );
    let streams = worker;
    if (worker && !(await worker.ready)) {
      // Slower, not wrong: the same rows are generated here.
      process.emitWarning(
        `seed: the generator worker did not start (${worker.failure()?.message ?? 'unknown'}); generating on the main thread`,
      );
      streams = null;
    }
    for (const table of STREAMED_TABLES) {
      const { columns, phase, total } = STREAMED[table];
      const n = total(city);
      const chunks = streams ? streams.chunks(table) : tableChunks(city, table);
      await copyTable(s, table, columns, chunks, n, (done) => progress(done, n, phase));
    }

    const restore = suspended.flatMap((t) => t.restore);
    if (restore.length > 0) {
      // Measured on the city profile: 64MB, 256MB and 1GB build its indexes equally fast (the trigram GIN
      // index, half the time, is bound by CPU); the headroom is for the province's larger sorts.
      await s.query(`set local maintenance_work_mem = '256MB'`);
      progress(0, restore.length, 'indexes');
      for (const [i, statement] of restore.entries()) {
        await s.query(statement);
        progress(i + 1, restore.length, 'indexes');
      }
    }

    progress(0, city.accounts.length, 'users');
    // The secretary's and the member's accounts carry their names, known only once the people exist.
    const personIds = city.accounts.flatMap((a) => (a.personId === null ? [] : [a.personId]));
    const names = new Map<number, string>();
    if (personIds.length > 0) {
      const rows = await s.query<{ id: number; name: string }>(
        'select id, name from person where id = any($1::int[])',
        [personIds],
      );
      for (const row of rows) names.set(row.id, row.name);
    }
    const accounts: SeedAccount[] = city.accounts.map((a) => {
      const name = a.personId === null ? undefined : names.get(a.personId);
      if (!name) return a;
      return { ...a, displayName: a.role === 'secretary' ? `${name}（${a.orgName}书记）` : name };
    });
    const passwordHash = await hashing;
    await s.copy(
      'app_user',
      USER_COLUMNS,
      accounts.map((a) => [a.username, a.displayName, passwordHash, a.role, a.orgId, a.personId, mustChange]),
    );
    progress(accounts.length, accounts.length, 'users');

    // Ids were given explicitly: move the identity sequences past them for the inserts that follow.
    await s.query(`select setval(pg_get_serial_sequence('org', 'id'), (select max(id) from org))`);
    await s.query(`select setval(pg_get_serial_sequence('person', 'id'), (select max(id) from person))`);
    return { city, codePrefix, accounts };
  });

  await analyzeSeededTables(database.db);

  const { city, codePrefix, accounts } = loaded;
  const counts = {
    orgs: city.orgs.length,
    people: city.personCount,
    positions: city.positionCount,
    users: accounts.length,
  };
  await database.db.transaction().execute((trx) =>
    appendAudit(trx, opts.auditKey, {
      at: opts.now,
      actorId: null,
      actorName: opts.actorName ?? '系统',
      action: 'seed',
      entity: 'system',
      entityId: String(city.root.id),
      orgId: city.root.id,
      after: { profile, orgs: counts.orgs, people: counts.people, users: counts.users },
    }),
  );

  return {
    profile,
    name: city.name,
    rootOrgId: city.root.id,
    codePrefix,
    ...counts,
    elapsedMs: Math.round(performance.now() - started),
    password,
    accounts,
  };
}
