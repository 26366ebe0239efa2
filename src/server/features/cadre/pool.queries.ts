import { type Kysely, sql, type Transaction } from 'kysely';
import type { Education, Gender } from '../../../domain/people/vocab.ts';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** A person with their organisation's path (the scope check) and the facts the pool shows. */
export function findPerson(db: Q, personId: number) {
  return db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .select([
      'p.id',
      'p.name',
      'p.org_id',
      'p.region_id',
      'p.status',
      sql<string | null>`p.birth_date::text`.as('birth_date'),
      sql<string>`o.path::text`.as('org_path'),
      'o.name as org_name',
    ])
    .where('p.id', '=', personId)
    .executeTakeFirst();
}

/** The latest post row of each person whose organisation lies in a subtree (the non-Party posts). */
export async function listPostsUnder(db: Q, rootPath: string) {
  const { rows } = await sql<{
    person_id: number;
    post: string;
    rank: string;
    since: string;
    name: string;
    gender: Gender | null;
    birth_date: string | null;
    education: Education | null;
    ethnicity: string | null;
  }>`
    select distinct on (c.person_id) c.person_id, c.post, c.rank, c.since::text as since,
      p.name, p.gender, p.birth_date::text as birth_date, p.education, p.ethnicity
    from cadre_post c
    join person p on p.id = c.person_id
    join org o on o.id = p.org_id
    where o.path <@ ${rootPath}::ltree
    order by c.person_id, c.id desc`.execute(db);
  return rows;
}

/** The person ids of a set that are in the pool today (an entry without an exit). */
export async function listActivePoolPeople(db: Q, personIds: readonly number[]): Promise<Set<number>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('cadre_pool_entry as e')
    .select('e.person_id')
    .where('e.person_id', 'in', personIds)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cadre_pool_record as r')
            .select('r.id')
            .whereRef('r.entry_id', '=', 'e.id')
            .where('r.kind', '=', 'exit'),
        ),
      ),
    )
    .execute();
  return new Set(rows.map((r) => r.person_id));
}

export async function insertPost(
  trx: Q,
  v: {
    person_id: number;
    org_id: number;
    region_id: number;
    post: string;
    rank: string;
    since: string;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<number> {
  const r = await trx.insertInto('cadre_post').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export type PoolEntryRow = {
  id: number;
  person_id: number;
  name: string;
  gender: Gender | null;
  birth_date: string | null;
  education: Education | null;
  org_id: number;
  org_name: string;
  org_path: string;
  category: string;
  reasons: string;
  nominated_on: string;
  nominator_org_name: string;
  actor_name: string;
  exited_on: string | null;
  exit_reason: string | null;
};

/** The pool entries whose organisation (at nomination) lies in a subtree, newest first, with the exit if any. */
export async function listPoolEntries(db: Q, rootPath: string): Promise<PoolEntryRow[]> {
  const { rows } = await sql<PoolEntryRow>`
    select e.id, e.person_id, p.name, p.gender, p.birth_date::text as birth_date, p.education,
      e.org_id, o.name as org_name, o.path::text as org_path, e.category, e.reasons,
      e.nominated_on::text as nominated_on, n.name as nominator_org_name, e.actor_name,
      x.from_on::text as exited_on, x.note as exit_reason
    from cadre_pool_entry e
    join org o on o.id = e.org_id
    join person p on p.id = e.person_id
    join org n on n.id = e.nominator_org_id
    left join cadre_pool_record x on x.entry_id = e.id and x.kind = 'exit'
    where o.path <@ ${rootPath}::ltree
    order by e.nominated_on desc, e.id desc`.execute(db);
  return rows;
}

/** The records of some entries, oldest first. */
export function listPoolRecords(db: Q, entryIds: readonly number[]) {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('cadre_pool_record')
    .select([
      'id',
      'entry_id',
      'kind',
      'place',
      sql<string>`from_on::text`.as('from_on'),
      sql<string | null>`to_on::text`.as('to_on'),
      'note',
      'actor_name',
    ])
    .where('entry_id', 'in', entryIds)
    .orderBy('from_on')
    .orderBy('id')
    .execute();
}

/** The person's entry in the pool today (no exit recorded), if any. */
export function findActiveEntry(db: Q, personId: number) {
  return db
    .selectFrom('cadre_pool_entry as e')
    .innerJoin('org as o', 'o.id', 'e.org_id')
    .select(['e.id', sql<string>`e.nominated_on::text`.as('nominated_on'), sql<string>`o.path::text`.as('org_path')])
    .where('e.person_id', '=', personId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cadre_pool_record as r')
            .select('r.id')
            .whereRef('r.entry_id', '=', 'e.id')
            .where('r.kind', '=', 'exit'),
        ),
      ),
    )
    .orderBy('e.id', 'desc')
    .executeTakeFirst();
}

export async function insertEntry(
  trx: Q,
  v: {
    person_id: number;
    org_id: number;
    region_id: number;
    category: string;
    reasons: string;
    nominated_on: string;
    nominator_org_id: number;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<number> {
  const r = await trx.insertInto('cadre_pool_entry').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertRecord(
  trx: Q,
  v: {
    entry_id: number;
    kind: 'secondment' | 'rotation' | 'training' | 'exit';
    place: string;
    from_on: string;
    to_on: string | null;
    note: string;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<number> {
  const r = await trx.insertInto('cadre_pool_record').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
