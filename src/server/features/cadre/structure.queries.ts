import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { OrgType, PositionTitle, UnitLevel } from '../../../domain/org/vocab.ts';
import type { Education, Gender } from '../../../domain/people/vocab.ts';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export type TeamPositionRow = {
  org_id: number;
  org_name: string;
  org_path: string;
  org_type: OrgType;
  unit_level: UnitLevel | null;
  field: string | null;
  term_started_on: string | null;
  term_years: number | null;
  parent_name: string | null;
  person_id: number;
  title: PositionTitle;
  started_on: string;
  name: string;
  gender: Gender | null;
  birth_date: string | null;
  education: Education | null;
  ethnicity: string | null;
  /** Positions the person held in the same organisation, started before this one (terms served before). */
  terms_before: number;
};

/**
 * The positions held on `day` in the organisations `where` picks (active ones), with the holder's facts and the
 * positions they held before in the same organisation (rank over the organisation's positions of that person, by the
 * day each started: the count of those that started earlier). One statement.
 */
function teamPositions(db: Q, where: RawBuilder<unknown>, day: string) {
  return sql<TeamPositionRow>`
    with y as (
      select x.org_id, x.person_id, x.title, x.started_on, x.ended_on,
        (rank() over (partition by x.org_id, x.person_id order by x.started_on) - 1)::int as terms_before
      from org o join org_position x on x.org_id = o.id
      where ${where} and o.status = 'active'
    )
    select o.id as org_id, o.name as org_name, o.path::text as org_path, o.type as org_type, o.unit_level, o.field,
      o.term_started_on::text as term_started_on, o.term_years, par.name as parent_name,
      y.person_id, y.title, y.started_on::text as started_on,
      p.name, p.gender, p.birth_date::text as birth_date, p.education, p.ethnicity, y.terms_before
    from y
    join org o on o.id = y.org_id
    join person p on p.id = y.person_id
    left join org par on par.id = o.parent_id
    where y.started_on <= ${day}::date and (y.ended_on is null or y.ended_on >= ${day}::date)
    order by o.path, y.title, y.person_id`.execute(db);
}

/** Every position held on `day` in the active organisations of a subtree, ordered by path, then title. */
export async function listTeamPositions(db: Q, rootPath: string, day: string): Promise<TeamPositionRow[]> {
  return (await teamPositions(db, sql`o.path <@ ${rootPath}::ltree`, day)).rows;
}

/** The team of one organisation on `day` (the same rows as listTeamPositions, for that organisation only). */
export async function listOneTeam(db: Q, orgId: number, day: string): Promise<TeamPositionRow[]> {
  return (await teamPositions(db, sql`o.id = ${orgId}`, day)).rows;
}
