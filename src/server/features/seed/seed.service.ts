import { sql } from 'kysely';
import { appendAudit } from '../../auth/audit.ts';
import { generatePassword, hashPassword } from '../../auth/password.ts';
import type { BulkSession, Database } from '../../db/client.ts';
import { generateCity, type GeneratedAccount, type GeneratedOrg, type GeneratedPerson, type SeedProfile } from './generate.ts';

export type SeedPhase = 'orgs' | 'people' | 'positions' | 'indexes' | 'users';

export type SeedOptions = {
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  today: string;
  onProgress?: (done: number, total: number, phase: SeedPhase) => void;
  /** One password for every demo account; generated (and returned) when absent. */
  accountsPassword?: string;
  /** Who is named in the audit row. */
  actorName?: string;
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

/** Rows per COPY statement on PGlite: large enough for native speed, small enough to bound memory. */
const CHUNK = 50_000;

const ORG_COLUMNS = [
  'id', 'parent_id', 'path', 'region_id', 'code', 'name', 'type', 'field', 'status',
  'established_on', 'term_started_on', 'term_years', 'sort_order',
] as const;
const PERSON_COLUMNS = [
  'id', 'org_id', 'region_id', 'name', 'name_pinyin', 'name_initials', 'gender', 'ethnicity', 'birth_date',
  'education', 'id_number', 'phone', 'status', 'applied_on', 'join_date', 'full_date', 'is_floating', 'is_retired',
] as const;
const POSITION_COLUMNS = ['org_id', 'person_id', 'title', 'portfolio', 'started_on'] as const;
const USER_COLUMNS = ['username', 'display_name', 'password_hash', 'role', 'org_id', 'person_id'] as const;

function orgRow(o: GeneratedOrg): unknown[] {
  return [
    o.id, o.parentId, o.path, o.regionId, o.code, o.name, o.type, o.field, o.status,
    o.establishedOn, o.termStartedOn, o.termYears, o.sortOrder,
  ];
}

function personRow(p: GeneratedPerson): unknown[] {
  return [
    p.id, p.orgId, p.regionId, p.name, p.namePinyin, p.nameInitials, p.gender, p.ethnicity, p.birthDate,
    p.education, p.idNumber, p.phone, p.status, p.appliedOn, p.joinDate, p.fullDate, p.isFloating, p.isRetired,
  ];
}

type CopyJob<T> = {
  table: string;
  columns: readonly string[];
  items: Iterable<T>;
  total: number;
  row: (item: T) => unknown[];
  progress: (done: number) => void;
};

/**
 * One COPY per table on PostgreSQL, fed lazily: the stream's back-pressure bounds memory, and the rows
 * are generated while the server parses the previous ones. PGlite's COPY takes a whole blob, so there
 * the rows go in chunks.
 */
async function copyRows<T>(s: BulkSession, streaming: boolean, job: CopyJob<T>): Promise<void> {
  job.progress(0);
  if (streaming) {
    let done = 0;
    const rows = function* () {
      for (const item of job.items) {
        yield job.row(item);
        if (++done % 10_000 === 0) job.progress(done);
      }
    };
    await s.copy(job.table, job.columns, rows());
    job.progress(done);
    return;
  }
  let done = 0;
  for (const chunk of chunksOf(job.items, CHUNK)) {
    await s.copy(job.table, job.columns, chunk.map(job.row));
    job.progress((done += chunk.length));
  }
}

function* chunksOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

type Existing = { orgMax: number; orgCount: number; personMax: number; personCount: number; positionCount: number; idCounty: number };

async function readExisting(s: BulkSession): Promise<Existing> {
  // Keeps concurrent writers out while ids are taken from max(id) (readers wait only if indexes come off).
  await s.query('lock table org, person, org_position, app_user in share row exclusive mode');
  const [org] = await s.query<{ max: number; n: number }>('select coalesce(max(id), 0)::int as max, count(*)::int as n from org');
  const [person] = await s.query<{ max: number; n: number }>('select coalesce(max(id), 0)::int as max, count(*)::int as n from person');
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
    restore: [...indexes.map((i) => i.def), ...fks.map((fk) => `alter table ${table} add constraint "${fk.name}" ${fk.def}`)],
  };
}

/**
 * Loads a generated city into any database, empty or not, in one transaction: ids continue after the
 * highest ones present; when organisations exist already, the new city's codes get the prefix
 * `S<first org id>-` and its usernames `s<first org id>-`, and its ID numbers the next county digits, so
 * that nothing collides. Rows go in with COPY, generated lazily, so that the province profile (6M people)
 * runs in bounded memory. Then ANALYZE, and one audit row for the seed.
 */
export async function seedCity(database: Database, profile: SeedProfile, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const password = opts.accountsPassword ?? generatePassword();
  // One scrypt hash for every demo account: hashing is deliberately slow.
  const passwordHash = await hashPassword(password);
  const progress = opts.onProgress ?? (() => {});
  const streaming = database.engine === 'postgres';

  const loaded = await database.bulk(async (s) => {
    const existing = await readExisting(s);
    const codePrefix = existing.orgCount > 0 ? `S${existing.orgMax + 1}-` : '';
    const city = generateCity(profile, {
      today: opts.today,
      firstOrgId: existing.orgMax + 1,
      firstPersonId: existing.personMax + 1,
      codePrefix,
      idNumberCounty: existing.idCounty,
    });

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

    // Each phase reports 0 first, so that a progress display can time it from its start.
    const load = <T>(table: string, columns: readonly string[], items: Iterable<T>, total: number, phase: SeedPhase, row: (item: T) => unknown[]) =>
      copyRows(s, streaming, { table, columns, items, total, row, progress: (done) => progress(done, total, phase) });
    await load('org', ORG_COLUMNS, city.orgs, city.orgs.length, 'orgs', orgRow);
    await load('person', PERSON_COLUMNS, city.people(), city.personCount, 'people', personRow);
    await load('org_position', POSITION_COLUMNS, city.positions(), city.positionCount, 'positions', (p) => [
      p.orgId, p.personId, p.title, p.portfolio, p.startedOn,
    ]);

    const restore = suspended.flatMap((t) => t.restore);
    if (restore.length > 0) {
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
      const rows = await s.query<{ id: number; name: string }>('select id, name from person where id = any($1::int[])', [personIds]);
      for (const row of rows) names.set(row.id, row.name);
    }
    const accounts: SeedAccount[] = city.accounts.map((a) => {
      const name = a.personId === null ? undefined : names.get(a.personId);
      if (!name) return a;
      return { ...a, displayName: a.role === 'secretary' ? `${name}（${a.orgName}书记）` : name };
    });
    await s.copy(
      'app_user',
      USER_COLUMNS,
      accounts.map((a) => [a.username, a.displayName, passwordHash, a.role, a.orgId, a.personId]),
    );
    progress(accounts.length, accounts.length, 'users');

    // Ids were given explicitly: move the identity sequences past them for the inserts that follow.
    await s.query(`select setval(pg_get_serial_sequence('org', 'id'), (select max(id) from org))`);
    await s.query(`select setval(pg_get_serial_sequence('person', 'id'), (select max(id) from person))`);
    return { city, codePrefix, accounts };
  });

  await sql`analyze org, person, org_position, app_user`.execute(database.db);

  const { city, codePrefix, accounts } = loaded;
  const counts = { orgs: city.orgs.length, people: city.personCount, positions: city.positionCount, users: accounts.length };
  await database.db.transaction().execute((trx) =>
    appendAudit(trx, {
      at: new Date(),
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
