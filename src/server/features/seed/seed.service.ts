import { sql } from 'kysely';
import { appendAudit } from '../../auth/audit.ts';
import { generatePassword, hashPassword } from '../../auth/password.ts';
import type { BulkSession, Database } from '../../db/client.ts';
import { generateCity, type GeneratedAccount, type GeneratedOrg, type GeneratedPerson, type SeedProfile } from './generate.ts';

/**
 * Loads a generated city into any database, empty or not: ids continue after the highest ones present,
 * and when organisations exist already the codes and usernames of the new city get the prefix
 * `S<first org id>-` (`s<first org id>-` for usernames) so that nothing collides. Everything is written
 * in one transaction with COPY, people in bounded chunks so that the province profile (6M people) runs in
 * constant memory.
 */
export type SeedPhase = 'orgs' | 'people' | 'positions' | 'users';

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

/** Rows per COPY statement: large enough for native speed, small enough to bound memory. */
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

type Existing = { orgMax: number; orgCount: number; personMax: number; idCounty: number };

async function readExisting(s: BulkSession): Promise<Existing> {
  // Keeps concurrent writers out while ids are taken from max(id); readers are not blocked.
  await s.query('lock table org, person, org_position, app_user in share row exclusive mode');
  const [org] = await s.query<{ max: number; n: number }>('select coalesce(max(id), 0)::int as max, count(*)::int as n from org');
  const [person] = await s.query<{ max: number }>('select coalesce(max(id), 0)::int as max from person');
  // Earlier seeds used counties 00, 01 … of the fictional prefix 3399; continue after the highest.
  const [ids] = await s.query<{ max: string | null }>(
    `select max(id_number) as max from person where id_number >= '3399' and id_number < '3400'`,
  );
  return {
    orgMax: org?.max ?? 0,
    orgCount: org?.n ?? 0,
    personMax: person?.max ?? 0,
    idCounty: ids?.max ? Number(ids.max.slice(4, 6)) + 1 : 0,
  };
}

export async function seedCity(database: Database, profile: SeedProfile, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const password = opts.accountsPassword ?? generatePassword();
  // One scrypt hash for every demo account: hashing is deliberately slow.
  const passwordHash = await hashPassword(password);
  const progress = opts.onProgress ?? (() => {});

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

    let done = 0;
    for (const chunk of chunksOf(city.orgs, CHUNK)) {
      await s.copy('org', ORG_COLUMNS, chunk.map(orgRow));
      progress((done += chunk.length), city.orgs.length, 'orgs');
    }
    done = 0;
    for (const chunk of chunksOf(city.people(), CHUNK)) {
      await s.copy('person', PERSON_COLUMNS, chunk.map(personRow));
      progress((done += chunk.length), city.personCount, 'people');
    }
    done = 0;
    for (const chunk of chunksOf(city.positions(), CHUNK)) {
      await s.copy('org_position', POSITION_COLUMNS, chunk.map((p) => [p.orgId, p.personId, p.title, p.portfolio, p.startedOn]));
      progress((done += chunk.length), city.positionCount, 'positions');
    }

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
