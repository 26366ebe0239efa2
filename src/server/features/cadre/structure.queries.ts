import { type Kysely, sql, type Transaction } from 'kysely';
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
 * Every committee position held on `day` in the active organisations of a subtree, with the holder's facts and the
 * positions they held before in the same organisation: one statement, by the org path index and
 * org_position (org_id) index. Ordered by organisation path, then title.
 */
export async function listTeamPositions(db: Q, rootPath: string, day: string): Promise<TeamPositionRow[]> {
  const { rows } = await sql<TeamPositionRow>`
    select o.id as org_id, o.name as org_name, o.path::text as org_path, o.type as org_type, o.unit_level, o.field,
      o.term_started_on::text as term_started_on, o.term_years, par.name as parent_name,
      x.person_id, x.title, x.started_on::text as started_on,
      p.name, p.gender, p.birth_date::text as birth_date, p.education, p.ethnicity,
      (select count(*)::int from org_position y
        where y.org_id = x.org_id and y.person_id = x.person_id and y.started_on < x.started_on) as terms_before
    from org o
    join org_position x on x.org_id = o.id and x.started_on <= ${day}::date
      and (x.ended_on is null or x.ended_on >= ${day}::date)
    join person p on p.id = x.person_id
    left join org par on par.id = o.parent_id
    where o.path <@ ${rootPath}::ltree and o.status = 'active'
    order by o.path, x.title, x.person_id`.execute(db);
  return rows;
}

/** The team of one organisation on `day` (the same rows as listTeamPositions, for that organisation only). */
export async function listOneTeam(db: Q, orgId: number, day: string): Promise<TeamPositionRow[]> {
  const { rows } = await sql<TeamPositionRow>`
    select o.id as org_id, o.name as org_name, o.path::text as org_path, o.type as org_type, o.unit_level, o.field,
      o.term_started_on::text as term_started_on, o.term_years, par.name as parent_name,
      x.person_id, x.title, x.started_on::text as started_on,
      p.name, p.gender, p.birth_date::text as birth_date, p.education, p.ethnicity,
      (select count(*)::int from org_position y
        where y.org_id = x.org_id and y.person_id = x.person_id and y.started_on < x.started_on) as terms_before
    from org o
    join org_position x on x.org_id = o.id and x.started_on <= ${day}::date
      and (x.ended_on is null or x.ended_on >= ${day}::date)
    join person p on p.id = x.person_id
    left join org par on par.id = o.parent_id
    where o.id = ${orgId}
    order by x.title, x.person_id`.execute(db);
  return rows;
}
