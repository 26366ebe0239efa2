import { type Kysely, type RawBuilder, sql, type Transaction, type Updateable } from 'kysely';
import { birthDateRangeForBand, birthMonthRangeForBand } from '../../../domain/people/age.ts';
import type { AgeBand, Education, Gender, MemberStatus } from '../../../domain/people/vocab.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { boolArrayLiteral, intArrayLiteral, textArrayLiteral } from '../../db/array-literal.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type { DB, NewPerson, Person, PersonTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;
type PersonUpdate = Updateable<PersonTable>;

export type MemberFilter = {
  /** ltree path of the organisation whose roll (or subtree) is listed */
  orgPath: string;
  orgId: number;
  descendants: boolean;
  q?: string | undefined;
  status?: MemberStatus[] | undefined;
  ageBand?: AgeBand | undefined;
  education?: Education[] | undefined;
  field?: string | undefined;
  gender?: Gender | undefined;
  floating?: boolean | undefined;
  retired?: boolean | undefined;
  /** Birth dates are compared by month only (age bands, sorting): the caller sees 出生年月, not the day. */
  birthByMonth?: boolean | undefined;
};

export type MemberSort = { sort: 'name' | 'birthDate' | 'joinDate' | 'org'; order: 'asc' | 'desc' };

export type MemberListRow = Person & { org_name: string; org_path: string };
/** A person with their organisation's code too (the roster export and import key organisations on it). */
export type MemberCodedRow = MemberListRow & { org_code: string };

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filtered(db: Q, scope: Scope, f: MemberFilter, today: string) {
  let q = db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .where(orgInScope(sql.ref('o.path'), scope));
  q = f.descendants ? q.where(sql<boolean>`o.path <@ ${f.orgPath}::ltree`) : q.where('p.org_id', '=', f.orgId);
  if (f.q) {
    const term = f.q.trim();
    // Every character of the term in the name (the person_name_chars index), then the term itself.
    const chars = [...new Set(Array.from(term.toLowerCase()))];
    const hasChars = sql<boolean>`string_to_array(lower(p.name), null) @> ${chars}::text[]`;
    if (/^[a-z]+$/i.test(term)) {
      const lower = term.toLowerCase();
      q = q.where((eb) =>
        eb.or([
          eb('p.name_initials', 'like', `${escapeLike(lower)}%`),
          eb('p.name_pinyin', 'like', `${escapeLike(lower)}%`),
          eb.and([hasChars, eb('p.name', 'ilike', `%${escapeLike(term)}%`)]),
        ]),
      );
    } else {
      q = q.where(hasChars).where('p.name', 'like', `%${escapeLike(term)}%`);
    }
  }
  if (f.status && f.status.length > 0) q = q.where('p.status', 'in', f.status);
  if (f.education && f.education.length > 0) q = q.where('p.education', 'in', f.education);
  if (f.field) q = q.where('o.field', '=', f.field);
  if (f.gender) q = q.where('p.gender', '=', f.gender);
  if (f.floating !== undefined) q = q.where('p.is_floating', '=', f.floating);
  if (f.retired !== undefined) q = q.where('p.is_retired', '=', f.retired);
  if (f.ageBand) {
    const { from, to } = (f.birthByMonth ? birthMonthRangeForBand : birthDateRangeForBand)(f.ageBand, today);
    if (from) q = q.where('p.birth_date', '>=', from);
    if (to) q = q.where('p.birth_date', '<=', to);
  }
  return q;
}

/** The birth date as a sort key: the first of its month when the caller may not see the day. */
function birthKey(byMonth: boolean | undefined): RawBuilder<string | null> {
  return byMonth ? sql`date_trunc('month', p.birth_date)::date` : sql`p.birth_date`;
}

/**
 * The list's order as keys (the last one unique): the birth and join dates sort their missing values last in either
 * direction (a sentinel date in their place), and the id breaks ties, ascending.
 */
function memberKeys(s: MemberSort, byMonth: boolean | undefined): SortKey[] {
  const desc = s.order === 'desc';
  const missing = desc ? '0001-01-01' : '9999-12-31';
  const id: SortKey = { expr: sql`p.id` };
  switch (s.sort) {
    case 'birthDate':
      return [{ expr: sql`coalesce(${birthKey(byMonth)}, ${missing}::date)`, desc }, id];
    case 'joinDate':
      return [{ expr: sql`coalesce(p.join_date, ${missing}::date)`, desc }, id];
    case 'org':
      return [{ expr: sql`o.path`, desc }, { expr: sql`p.name_pinyin` }, id];
    default:
      return [{ expr: sql`p.name_pinyin`, desc }, { expr: sql`p.name`, desc }, id];
  }
}

/** How many keys a sort has (a cursor of the list holds as many). */
export function memberSortArity(s: MemberSort): number {
  return memberKeys(s, false).length;
}

export async function listMembers(
  db: Q,
  scope: Scope,
  f: MemberFilter,
  s: MemberSort,
  page: PageAt,
  today: string,
): Promise<{ rows: MemberListRow[]; total: number; totalCapped: boolean; next: unknown[] | null }> {
  let base = filtered(db, scope, f, today);
  const keys = memberKeys(s, f.birthByMonth);
  if (f.q) {
    // A name search finds its matches first (by the name's characters), at most COUNT_CAP + 1 of them, and orders
    // those: walking the list's order for matches of a common name would read millions of rows before the page.
    // Beyond the cap the page is in order among the matches found, and the answer says the count stopped.
    const found = sql`array(${base.select('p.id').limit(COUNT_CAP + 1)})`;
    base = db
      .selectFrom('person as p')
      .innerJoin('org as o', 'o.id', 'p.org_id')
      .where(sql<boolean>`p.id = any(${found})`);
  }
  const rowsQuery = withPage(
    base.selectAll('p').select(['o.name as org_name', sql<string>`o.path::text`.as('org_path')]),
    keys,
    page,
  );
  // Counted up to COUNT_CAP: an exact count of a common name over a province's six million people reads every match
  // (seconds); the answer says when it stopped.
  const counted = db
    .selectFrom(
      base
        .select(sql`1`.as('one'))
        .limit(COUNT_CAP + 1)
        .as('m'),
    )
    .select(sql<number>`count(*)::int`.as('n'));
  const [rows, count] = await Promise.all([rowsQuery.execute(), counted.executeTakeFirstOrThrow()]);
  return {
    ...pageOf(rows, page.limit, keys.length),
    total: Math.min(count.n, COUNT_CAP),
    totalCapped: count.n > COUNT_CAP,
  };
}

/** How far the member list counts its matches. */
export const COUNT_CAP = 10_000;

/**
 * Streams every matching row in batches (exports of a whole city's roll): keyset pagination on the sort key
 * plus the id, so every batch is an index-friendly range read instead of an ever deeper OFFSET.
 * Missing dates sort last in either direction.
 */
export async function* iterateMembers(
  db: Q,
  scope: Scope,
  f: MemberFilter,
  s: MemberSort,
  today: string,
  batch = 5000,
): AsyncGenerator<MemberCodedRow[]> {
  const asc = s.order === 'asc';
  const missing = asc ? '9999-12-31' : '0001-01-01';
  const keys: RawBuilder<unknown>[] =
    s.sort === 'birthDate'
      ? [sql`coalesce(${birthKey(f.birthByMonth)}, ${missing}::date)`, sql`p.id`]
      : s.sort === 'joinDate'
        ? [sql`coalesce(p.join_date, ${missing}::date)`, sql`p.id`]
        : s.sort === 'org'
          ? [sql`o.path`, sql`p.name_pinyin`, sql`p.id`]
          : [sql`p.name_pinyin`, sql`p.name`, sql`p.id`];
  const tuple = sql.join(keys);
  const dir = sql.raw(asc ? 'asc' : 'desc');
  let after: unknown[] | null = null;
  for (;;) {
    let q = filtered(db, scope, f, today)
      .selectAll('p')
      .select(['o.name as org_name', 'o.code as org_code', sql<string>`o.path::text`.as('org_path')])
      .select(keys.map((k, i) => k.as(`k${i}`)));
    if (after) {
      const values = sql.join(after.map((v) => sql`${v}`));
      q = q.where(asc ? sql<boolean>`(${tuple}) > (${values})` : sql<boolean>`(${tuple}) < (${values})`);
    }
    for (const k of keys) q = q.orderBy(sql`${k} ${dir}`);
    const rows = (await q.limit(batch).execute()) as (MemberCodedRow & Record<string, unknown>)[];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1]!;
    after = keys.map((_, i) => last[`k${i}`]);
  }
}

export function findMemberInScope(db: Q, scope: Scope, id: number): Promise<MemberListRow | undefined> {
  return db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .selectAll('p')
    .select(['o.name as org_name', sql<string>`o.path::text`.as('org_path')])
    .where('p.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}

/** The holder of an ID number, whatever the scope: a number is registered once in the whole database. */
export function findPersonByIdNumber(db: Q, idNumber: string) {
  return db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.name', 'o.name as org_name', sql<string>`o.path::text`.as('org_path')])
    .where('p.id_number', '=', idNumber)
    .executeTakeFirst();
}

export function listPositionsOfPerson(db: Q, personId: number) {
  return db
    .selectFrom('org_position as op')
    .innerJoin('org as o', 'o.id', 'op.org_id')
    .select(['op.org_id', 'o.name as org_name', 'op.title', 'op.portfolio', 'op.started_on', 'op.ended_on'])
    .where('op.person_id', '=', personId)
    .orderBy('op.started_on', 'desc')
    .execute();
}

/**
 * The holders of any of these ID numbers, with their organisation, whatever the scope (a number is registered once in
 * the whole database): an import matches the ones in the caller's scope and refuses the others. The numbers go as
 * one array parameter: a whole roster's in one statement, not a placeholder each.
 */
export function listPeopleWithIdNumbers(db: Q, ids: string[]): Promise<MemberCodedRow[]> {
  return db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .selectAll('p')
    .select(['o.name as org_name', 'o.code as org_code', sql<string>`o.path::text`.as('org_path')])
    .where(sql<boolean>`p.id_number = any(${ids}::text[])`)
    .execute();
}

/** The highest person id there is (0 for none): what an import inside its transaction has not written. */
export async function highestPersonId(db: Q): Promise<number> {
  const row = await db
    .selectFrom('person')
    .select(sql<number>`coalesce(max(id), 0)::int`.as('id'))
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The people with these ids inside the scope (an import's 人员编号 column); ids outside it are simply not found. */
export function listMembersByIdsInScope(db: Q, scope: Scope, ids: number[]): Promise<MemberCodedRow[]> {
  return db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .selectAll('p')
    .select(['o.name as org_name', 'o.code as org_code', sql<string>`o.path::text`.as('org_path')])
    .where('p.id', 'in', ids)
    .where(orgInScope(sql.ref('o.path'), scope))
    .execute();
}

/** When each of these people was last changed (an import checks nobody changed them between its check and its write). */
/**
 * The people's versions (updated_at), locked until the transaction ends: nobody changes them between this read and
 * the caller's write (a writer holding one is waited for, and what it committed is read).
 */
export function lockPersonVersions(trx: Transaction<DB>, ids: number[]): Promise<{ id: number; updated_at: Date }[]> {
  return trx.selectFrom('person').select(['id', 'updated_at']).where('id', 'in', ids).forUpdate().execute();
}

/** Names of the organisations from the top of the scope down to the one at `orgPath` (itself included). */
export async function listOrgPathNames(db: Q, scope: Scope, orgPath: string): Promise<string[]> {
  const rows = await db
    .selectFrom('org as o')
    .select('o.name')
    .where(sql<boolean>`o.path @> ${orgPath}::ltree`)
    .where(orgInScope(sql.ref('o.path'), scope))
    .orderBy(sql`nlevel(o.path)`)
    .execute();
  return rows.map((r) => r.name);
}

export async function insertPerson(trx: Transaction<DB>, values: NewPerson): Promise<number> {
  const row = await trx.insertInto('person').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts many people in one statement (a batch of an import). */
/**
 * Registers many people in one statement whose parameters are one array per column (unnest), not one per cell: a
 * batch of 1,000 rows is 19 parameters instead of 19,000, for the driver to send and the server to parse.
 */
export async function insertPeople(trx: Transaction<DB>, values: NewPerson[]): Promise<void> {
  if (values.length === 0) return;
  // One array literal per column (array-literal.ts: node-postgres's own array path was a third of a roster import's
  // insert); the two times, the same for every row of an import, are sent once.
  const text = (k: TextColumn) => textArrayLiteral(values.map((v) => v[k] ?? null));
  const ints = (k: 'org_id' | 'region_id') => intArrayLiteral(values.map((v) => v[k] ?? null));
  const flags = (k: 'is_floating' | 'is_retired') => boolArrayLiteral(values.map((v) => v[k] ?? false));
  const at = (k: 'created_at' | 'updated_at') => {
    const iso = (t: NewPerson[typeof k]) => (t === undefined || t === null ? null : new Date(t).toISOString());
    const first = values[0]![k];
    return values.every((v) => v[k] === first)
      ? sql`array_fill(${iso(first)}::timestamptz, array[${values.length}::int])`
      : sql`${textArrayLiteral(values.map((v) => iso(v[k])))}::timestamptz[]`;
  };
  await sql`
    insert into person (org_id, region_id, name, name_pinyin, name_initials, gender, ethnicity, birth_date, education,
      id_number, phone, status, applied_on, join_date, full_date, is_floating, is_retired, created_at, updated_at)
    select o, r, n, np, ni, g, e, bd, ed, idn, ph, st, ap, jd, fd, fl, rt, coalesce(ca, now()), coalesce(ua, now())
    from unnest(
      ${ints('org_id')}::int[], ${ints('region_id')}::int[], ${text('name')}::text[],
      ${textArrayLiteral(values.map((v) => v.name_pinyin ?? ''))}::text[],
      ${textArrayLiteral(values.map((v) => v.name_initials ?? ''))}::text[], ${text('gender')}::text[],
      ${text('ethnicity')}::text[], ${text('birth_date')}::date[], ${text('education')}::text[],
      ${text('id_number')}::text[], ${text('phone')}::text[], ${text('status')}::text[], ${text('applied_on')}::date[],
      ${text('join_date')}::date[], ${text('full_date')}::date[], ${flags('is_floating')}::boolean[],
      ${flags('is_retired')}::boolean[], ${at('created_at')}, ${at('updated_at')}
    ) as t(o, r, n, np, ni, g, e, bd, ed, idn, ph, st, ap, jd, fd, fl, rt, ca, ua)`.execute(trx);
}

/** The text (and date) columns of a new person, sent as text arrays. */
type TextColumn =
  | 'name'
  | 'gender'
  | 'ethnicity'
  | 'birth_date'
  | 'education'
  | 'id_number'
  | 'phone'
  | 'status'
  | 'applied_on'
  | 'join_date'
  | 'full_date';

export async function updatePerson(trx: Transaction<DB>, id: number, values: PersonUpdate): Promise<void> {
  await trx.updateTable('person').set(values).where('id', '=', id).execute();
}

/** The columns an import may change, with the type of the array each is sent as. */
const UPDATED_COLUMN_TYPE = {
  org_id: 'int',
  region_id: 'int',
  name: 'text',
  name_pinyin: 'text',
  name_initials: 'text',
  gender: 'text',
  ethnicity: 'text',
  birth_date: 'date',
  education: 'text',
  id_number: 'text',
  phone: 'text',
  status: 'text',
  applied_on: 'date',
  join_date: 'date',
  full_date: 'date',
  is_floating: 'bool',
  is_retired: 'bool',
} as const;
export type ImportedPersonColumn = keyof typeof UPDATED_COLUMN_TYPE;

/**
 * Updates many people in one statement, the same `columns` of each (to each row's own values) and updated_at: an
 * import's changed people, grouped by which fields changed, a batch at a time.
 */
export async function updatePeople(
  trx: Transaction<DB>,
  columns: readonly ImportedPersonColumn[],
  rows: readonly { id: number; values: Partial<Record<ImportedPersonColumn, unknown>> }[],
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const arrays = columns.map((c) => {
    const type = UPDATED_COLUMN_TYPE[c];
    const values = rows.map((r) => r.values[c] ?? null);
    if (type === 'int') return sql`${intArrayLiteral(values as (number | null)[])}::int[]`;
    if (type === 'bool') return sql`${boolArrayLiteral(values as (boolean | null)[])}::boolean[]`;
    if (type === 'date') return sql`${textArrayLiteral(values as (string | null)[])}::date[]`;
    return sql`${textArrayLiteral(values as (string | null)[])}::text[]`;
  });
  const names = columns.map((_, i) => sql.id(`c${i}`));
  const set = columns.map((c, i) => sql`${sql.id(c)} = t.${names[i]!}`);
  await sql`
    update person as p set ${sql.join(set)}, updated_at = ${at}
    from unnest(${intArrayLiteral(rows.map((r) => r.id))}::int[], ${sql.join(arrays)}) as t(id, ${sql.join(names)})
    where p.id = t.id`.execute(trx);
}

/** The audit actions that count as ID number checks against an account's limit (assertIdNumberChecksAllowed). */
export const ID_CHECK_ACTIONS = ['roster.dry_run', 'member.import', 'member.id_refused'] as const;

/** When an account ran its ID number checks since `since` (from the audit log: every check is audited). */
export async function listRosterCheckTimes(db: Q, actorId: number, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('at')
    .where('actor_id', '=', actorId)
    .where('action', 'in', [...ID_CHECK_ACTIONS])
    .where('at', '>', since)
    .execute();
  return rows.map((r) => new Date(r.at));
}
