import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { PositionTitle } from '../../../domain/org/vocab.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type { DB, TalkTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** 谈心谈话 (area life): the talks of a branch, and what the coverage check reads. */

export async function insertTalk(trx: Q, row: Insertable<TalkTable>): Promise<number> {
  const r = await trx.insertInto('talk').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteTalkRow(trx: Q, id: number): Promise<void> {
  await trx.deleteFrom('talk').where('id', '=', id).execute();
}

/** One talk whose organisation lies inside the scope, with the organisation and both people's names. */
export async function findTalk(db: Q, scope: Scope, id: number) {
  return db
    .selectFrom('talk as t')
    .innerJoin('org as o', 'o.id', 't.org_id')
    .innerJoin('person as c', 'c.id', 't.committee_person_id')
    .innerJoin('person as m', 'm.id', 't.member_person_id')
    .selectAll('t')
    .select([
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      'c.name as committee_name',
      'm.name as member_name',
    ])
    .where('t.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}
export type TalkRow = NonNullable<Awaited<ReturnType<typeof findTalk>>>;

/** A branch's talks between two days, newest first, with both people's names. */
export async function listTalksOfOrg(db: Q, orgId: number, from: string, to: string) {
  return db
    .selectFrom('talk as t')
    .innerJoin('person as c', 'c.id', 't.committee_person_id')
    .innerJoin('person as m', 'm.id', 't.member_person_id')
    .select([
      't.id',
      't.held_on',
      't.committee_person_id',
      't.member_person_id',
      't.topic',
      't.actor_name',
      't.created_at',
      'c.name as committee_name',
      'm.name as member_name',
    ])
    .where('t.org_id', '=', orgId)
    .where('t.held_on', '>=', from)
    .where('t.held_on', '<=', to)
    .orderBy('t.held_on', 'desc')
    .orderBy('t.id', 'desc')
    .execute();
}

/** The pairs talked of several organisations between two days (the coverage check and the sweep's batches). */
export async function listTalkPairsOf(db: Q, orgIds: readonly number[], from: string, to: string) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('talk')
    .select(['org_id', 'committee_person_id', 'member_person_id', 'held_on'])
    .where('org_id', 'in', [...orgIds])
    .where('held_on', '>=', from)
    .where('held_on', '<=', to)
    .execute();
}

/** Several organisations' rosters (full and probationary members), with names (the coverage check). */
export async function listRostersOf(db: Q, orgIds: readonly number[]) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('person')
    .select(['id', 'org_id', 'name'])
    .where('org_id', 'in', [...orgIds])
    .where('status', 'in', ['full', 'probationary'])
    .orderBy('name_pinyin')
    .orderBy('id')
    .execute();
}

/**
 * Who holds a position in these organisations on a day (`ended_on` the last day held), with the first title (a
 * person with two positions is one committee member).
 */
export async function listCommitteeOn(db: Q, orgIds: readonly number[], day: string) {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('org_position as x')
    .innerJoin('person as p', 'p.id', 'x.person_id')
    .select(['x.org_id', 'x.person_id', 'p.name', 'x.title'])
    .where('x.org_id', 'in', [...orgIds])
    .where('x.started_on', '<=', day)
    .where((eb) => eb.or([eb('x.ended_on', 'is', null), eb('x.ended_on', '>=', day)]))
    .orderBy('x.org_id')
    .orderBy(
      sql`array_position(array['secretary','deputy_secretary','organization','propaganda','discipline','youth','member'], x.title)`,
    )
    .orderBy('x.person_id')
    .execute();
  const seen = new Set<string>();
  return rows
    .filter((r) => {
      const k = `${r.org_id}:${r.person_id}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((r) => ({ ...r, title: r.title as PositionTitle }));
}
