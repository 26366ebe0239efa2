import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type {
  DB,
  DuesArrangementTable,
  DuesBaseTable,
  DuesPaymentTable,
  MemberTransferEventTable,
  MemberTransferTable,
} from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Dues and transfers (area people): their SQL. */

export async function insertDuesBase(trx: Transaction<DB>, row: Insertable<DuesBaseTable>): Promise<number> {
  const r = await trx.insertInto('dues_base').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertDuesPayments(trx: Transaction<DB>, rows: Insertable<DuesPaymentTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('dues_payment').values(rows).execute();
}

export type DuesMemberRow = {
  id: number;
  name: string;
  org_id: number;
  org_name: string;
  status: string;
  join_date: string | null;
};

/** Members proper (预备 + 正式) of one organisation, by name. */
export function listDuesMembersOfOrg(db: Q, orgId: number): Promise<DuesMemberRow[]> {
  return db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.name', 'p.org_id', 'o.name as org_name', 'p.status', 'p.join_date'])
    .where('p.org_id', '=', orgId)
    .where('p.status', 'in', ['probationary', 'full'])
    .orderBy('p.name_pinyin')
    .orderBy('p.id')
    .execute();
}

/**
 * Members proper of a subtree who owe dues: a base set, and months since the later of the first base and the join
 * month up to `lastMonth` without a standing payment. The first `limit`, longest run first.
 */
export async function listDuesDebtorsInSubtree(db: Q, path: string, lastMonth: string, limit: number) {
  const { rows } = await sql<DuesMemberRow>`
    with m as (
      select p.id, p.name, p.org_id, o.name as org_name, p.status, p.join_date,
        greatest(b.first_month, date_trunc('month', coalesce(p.join_date, b.first_month))::date) as due_from
      from person p
      join org o on o.id = p.org_id
      join lateral (select min(from_month) as first_month from dues_base where person_id = p.id) b on b.first_month is not null
      where o.path <@ ${path}::ltree and p.status in ('probationary', 'full')
    )
    select m.id, m.name, m.org_id, m.org_name, m.status, m.join_date::text as join_date
    from m
    where m.due_from <= ${lastMonth}::date
      and (select count(*) from generate_series(m.due_from, ${lastMonth}::date, interval '1 month') g(month)
           where not exists (select 1 from dues_paid_month pm where pm.person_id = m.id and pm.month = g.month::date)) > 0
    order by m.org_id, m.id
    limit ${limit}`.execute(db);
  return rows;
}

/** Every base of these people, oldest first (the base in force in a month is the latest from_month ≤ it). */
export function listDuesBases(db: Q, personIds: readonly number[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('dues_base')
    .selectAll()
    .where('person_id', 'in', [...personIds])
    .orderBy('person_id')
    .orderBy('from_month')
    .orderBy('id')
    .execute();
}

/** The standing payments (not voided) of these people in the months. */
export async function listStandingPayments(db: Q, personIds: readonly number[], fromMonth: string, toMonth: string) {
  if (personIds.length === 0) return [];
  const { rows } = await sql<{ id: number; person_id: number; month: string; amount: string }>`
    select id, person_id, to_char(month, 'YYYY-MM') as month, amount::text as amount
    from dues_paid_month
    where person_id = any(${sql.val([...personIds])}::int[]) and month between ${fromMonth}::date and ${toMonth}::date`.execute(
    db,
  );
  return rows;
}

export function findPayment(db: Q, id: number) {
  return db.selectFrom('dues_payment').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function isVoided(db: Q, id: number): Promise<boolean> {
  const r = await db.selectFrom('dues_payment').select('id').where('voids_id', '=', id).executeTakeFirst();
  return r !== undefined;
}

/**
 * The sum of standing payments of members of the subtree in the months: what the view dues_paid_month stands for
 * (per member and month the latest payment neither a void nor voided), read by organisation and month by index
 * instead of through the view (whose DISTINCT ON the planner computes over every payment before joining).
 */
export async function sumPaidInSubtree(db: Q, path: string, fromMonth: string, toMonth: string): Promise<number> {
  const { rows } = await sql<{ s: string | null }>`
    select sum(p.amount)::text as s
    from org o join dues_payment p on p.org_id = o.id
    where o.path <@ ${path}::ltree and p.month between ${fromMonth}::date and ${toMonth}::date
      and p.voids_id is null and not exists (select 1 from dues_payment v where v.voids_id = p.id)
      and not exists (select 1 from dues_payment q where q.person_id = p.person_id and q.month = p.month
        and q.id > p.id and q.voids_id is null and not exists (select 1 from dues_payment w where w.voids_id = q.id))`.execute(
    db,
  );
  return Number(rows[0]?.s ?? 0);
}

export async function insertDuesArrangement(
  trx: Transaction<DB>,
  row: Insertable<DuesArrangementTable>,
): Promise<number> {
  const r = await trx.insertInto('dues_arrangement').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Every arrangement of these people, oldest first (the one in force in a month is the latest from_month ≤ it). */
export function listDuesArrangements(db: Q, personIds: readonly number[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('dues_arrangement')
    .selectAll()
    .where('person_id', 'in', [...personIds])
    .orderBy('person_id')
    .orderBy('from_month')
    .orderBy('id')
    .execute();
}

/** The standing one-off extra payments of members of the subtree paid in the days: all, and those to the centre. */
export async function sumExtrasInSubtree(
  db: Q,
  path: string,
  fromDay: string,
  toDay: string,
): Promise<{ extra: number; toCentre: number }> {
  const { rows } = await sql<{ extra: string | null; centre: string | null }>`
    select sum(p.amount) filter (where not p.to_centre)::text as extra,
      sum(p.amount) filter (where p.to_centre)::text as centre
    from dues_payment p join org o on o.id = p.org_id
    where o.path <@ ${path}::ltree and p.extra and p.voids_id is null
      and p.paid_on between ${fromDay}::date and ${toDay}::date
      and not exists (select 1 from dues_payment v where v.voids_id = p.id)`.execute(db);
  return { extra: Number(rows[0]?.extra ?? 0), toCentre: Number(rows[0]?.centre ?? 0) };
}

export type DuesPaymentListRow = {
  id: number;
  person_id: number;
  name: string;
  org_name: string;
  month: string | null;
  amount: string;
  paid_on: string;
  proxy_name: string | null;
  extra: boolean;
  to_centre: boolean;
  note: string;
  voided: boolean;
  actor_name: string;
};

/**
 * Payments of members of the subtree (void rows left out, the rows they void marked): monthly ones for months of the
 * year, extra ones paid in it; newest first, the first `limit`.
 */
export async function listPaymentsOfSubtree(db: Q, path: string, year: number, limit: number) {
  const { rows } = await sql<DuesPaymentListRow>`
    select p.id, p.person_id, pe.name, o.name as org_name, to_char(p.month, 'YYYY-MM') as month,
      p.amount::text as amount, p.paid_on::text as paid_on, p.proxy_name, p.extra, p.to_centre, p.note,
      exists (select 1 from dues_payment v where v.voids_id = p.id) as voided, p.actor_name
    from dues_payment p
    join org o on o.id = p.org_id
    join person pe on pe.id = p.person_id
    where o.path <@ ${path}::ltree and p.voids_id is null
      and (p.month between ${`${year}-01-01`}::date and ${`${year}-12-01`}::date
        or (p.extra and p.paid_on between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date))
    order by p.paid_on desc, p.id desc
    limit ${limit}`.execute(db);
  return rows;
}

export type DuesImportMember = {
  id: number;
  name: string;
  org_id: number;
  org_name: string;
  id_number: string | null;
};

/** Members proper (预备 + 正式) of a subtree with one of these names (a dues ledger names them). */
export function listMembersByNames(db: Q, path: string, names: readonly string[]): Promise<DuesImportMember[]> {
  if (names.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.name', 'p.org_id', 'o.name as org_name', 'p.id_number'])
    .where(sql<boolean>`o.path <@ ${path}::ltree`)
    .where('p.name', 'in', [...names])
    .where('p.status', 'in', ['probationary', 'full'])
    .orderBy('p.id')
    .execute();
}

/** Locks a person's row while their dues or transfer change (two payments of one month, two transfers). */
export async function lockPerson(trx: Transaction<DB>, personId: number): Promise<void> {
  await sql`select id from person where id = ${personId} for update`.execute(trx);
}

// --- Transfers

/** What the introduction letter says of a member. */
export function findPersonForLetter(db: Q, personId: number) {
  return db
    .selectFrom('person')
    .select(['name', 'gender', 'birth_date', 'ethnicity', 'id_number', 'status'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

/** The last month a member's dues were paid ('YYYY-MM'), null when none is recorded. */
export async function findLastPaidMonth(db: Q, personId: number): Promise<string | null> {
  const { rows } = await sql<{ m: string | null }>`
    select to_char(max(month), 'YYYY-MM') as m from dues_paid_month where person_id = ${personId}`.execute(db);
  return rows[0]?.m ?? null;
}

export function findActiveOrgByCode(db: Q, code: string) {
  return db
    .selectFrom('org')
    .select(['id', 'name', 'region_id', 'type', sql<string>`path::text`.as('path')])
    .where('code', '=', code)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function insertTransfer(trx: Transaction<DB>, row: Insertable<MemberTransferTable>): Promise<number> {
  const r = await trx.insertInto('member_transfer').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertTransferEvent(
  trx: Transaction<DB>,
  row: Insertable<MemberTransferEventTable>,
): Promise<void> {
  await trx.insertInto('member_transfer_event').values(row).execute();
}

export async function setTransferState(
  trx: Transaction<DB>,
  id: number,
  values: { state: MemberTransferTable['state']; done_on: string | null },
): Promise<void> {
  await trx.updateTable('member_transfer').set(values).where('id', '=', id).execute();
}

export async function moveTransferredPerson(
  trx: Transaction<DB>,
  personId: number,
  to: { orgId: number; regionId: number } | { status: 'transferred_out' },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('person')
    .set(
      'orgId' in to
        ? { org_id: to.orgId, region_id: to.regionId, updated_at: now }
        : { status: to.status, updated_at: now },
    )
    .where('id', '=', personId)
    .execute();
}

export function lockTransfer(trx: Transaction<DB>, id: number) {
  return trx.selectFrom('member_transfer').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

function selectTransfers(db: Q) {
  return db
    .selectFrom('member_transfer as t')
    .innerJoin('person as p', 'p.id', 't.person_id')
    .leftJoin('org as f', 'f.id', 't.from_org_id')
    .leftJoin('org as d', 'd.id', 't.to_org_id')
    .selectAll('t')
    .select([
      'p.name as person_name',
      'f.name as from_name',
      sql<string | null>`f.path::text`.as('from_path'),
      'd.name as to_name',
      sql<string | null>`d.path::text`.as('to_path'),
    ]);
}

export type TransferRow = NonNullable<Awaited<ReturnType<typeof findTransferInScope>>>;

/** A transfer either end of which is in the scope. */
export function findTransferInScope(db: Q, scope: Scope, id: number) {
  return selectTransfers(db)
    .where('t.id', '=', id)
    .where((eb) => eb.or([orgInScope(sql.ref('f.path'), scope), orgInScope(sql.ref('d.path'), scope)]))
    .executeTakeFirst();
}

/** Transfers from or to organisations of a subtree, pending first, newest first. */
export function listTransfersOfSubtree(db: Q, path: string, state: string | undefined, limit: number) {
  let q = selectTransfers(db).where((eb) =>
    eb.or([sql<boolean>`f.path <@ ${path}::ltree`, sql<boolean>`d.path <@ ${path}::ltree`]),
  );
  if (state) q = q.where('t.state', '=', state as MemberTransferTable['state']);
  return q
    .orderBy(sql`t.state = 'pending'`, 'desc')
    .orderBy('t.issued_on', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
    .execute();
}

export function listTransferEvents(db: Q, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('member_transfer_event')
    .selectAll()
    .where('transfer_id', 'in', [...ids])
    .orderBy('id')
    .execute();
}
