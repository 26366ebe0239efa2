import type { z } from 'zod';
import type { StructureReport, structureQuery, TeamRow } from '../../../contracts/cadre-pool.ts';
import { cadreLevelOf } from '../../../domain/cadre/levels.ts';
import {
  type AgeGroup,
  reElectionPlan,
  structureFindings,
  type TeamMember,
  teamStructure,
  youngMaxAge,
} from '../../../domain/cadre/structure.ts';
import { addYearsIso, compareIso } from '../../../domain/dates.ts';
import { expectedTermYears, termDueOn } from '../../../domain/org/term.ts';
import { ageOn } from '../../../domain/people/age.ts';
import type { Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { rulesForSubtree } from '../rules/rules.service.ts';
import { listTeamPositions, type TeamPositionRow } from './structure.queries.ts';

/**
 * The structure of the leadership teams of a subtree (issue 13, area cadre; docs/cadre.md): each team holding
 * positions on the day, its 老中青, young cadres, women, education, ethnicity and terms served, against the structure
 * rules of its line (local rules apply); the cadres whose team's term ends within a year; the 换届 plan per team.
 */
export async function structureReport(ctx: Ctx, q: z.infer<typeof structureQuery>): Promise<StructureReport> {
  const org = await getOrg(ctx, q.orgId);
  const on = q.on ?? ctx.today;
  const [rows, rulesOf] = await Promise.all([
    listTeamPositions(ctx.db, org.path, on),
    rulesForSubtree(ctx.db, org.path),
  ]);
  const teams = new Map<number, TeamPositionRow[]>();
  for (const r of rows) {
    const list = teams.get(r.org_id);
    if (list) list.push(r);
    else teams.set(r.org_id, [r]);
  }
  const yearOn = addYearsIso(on, 1);
  const items: TeamRow[] = [];
  const ending: StructureReport['ending'] = [];
  const byGroup: Record<AgeGroup, number> = { young: 0, middle: 0, old: 0 };
  let cadres = 0;
  let young = 0;
  let women = 0;
  let ages = 0;
  let dated = 0;
  for (const seats of teams.values()) {
    const head = seats[0]!;
    const rules = rulesOf(head.org_path)(on);
    const level = cadreLevelOf({ type: head.org_type, unit_level: head.unit_level });
    // One person with two titles in a team counts once (their earliest position's terms before).
    const people = new Map<number, TeamMember>();
    for (const s of seats) {
      const m = people.get(s.person_id);
      if (!m || s.terms_before < m.termsBefore) {
        people.set(s.person_id, {
          gender: s.gender,
          birthDate: s.birth_date,
          education: s.education,
          ethnicity: s.ethnicity,
          termsBefore: s.terms_before,
        });
      }
    }
    const members = [...people.values()];
    const s = teamStructure(members, on, level, rules);
    const years = head.term_years ?? expectedTermYears(head.org_type, head.field, rules)?.value ?? null;
    const plan =
      head.term_started_on !== null && years !== null
        ? reElectionPlan(termDueOn(head.term_started_on, years), rules)
        : null;
    if (plan && compareIso(plan.dueOn, on) >= 0 && compareIso(plan.dueOn, yearOn) <= 0) {
      for (const seat of seats) {
        ending.push({
          orgId: head.org_id,
          orgName: head.org_name,
          personId: seat.person_id,
          name: seat.name,
          title: seat.title,
          dueOn: plan.dueOn,
        });
      }
    }
    for (const g of Object.keys(byGroup) as AgeGroup[]) byGroup[g] += s.byGroup[g];
    cadres += s.size;
    young += s.young;
    women += s.women;
    for (const m of members) {
      if (m.birthDate !== null) {
        ages += ageOn(m.birthDate, on);
        dated++;
      }
    }
    items.push({
      orgId: head.org_id,
      orgName: head.org_name,
      parentName: head.parent_name,
      level,
      ...s,
      byEducation: s.byEducation as Record<string, number>,
      youngMaxAge: youngMaxAge(level, rules),
      findings: structureFindings(s, rules),
      plan,
    });
  }
  ending.sort((a, b) => compareIso(a.dueOn, b.dueOn) || a.orgId - b.orgId);
  const shown = items.filter(
    (i) => (q.outside !== 'true' || i.findings.length > 0) && (q.level === undefined || i.level === q.level),
  );
  const rootRules = rulesOf(org.path)(on);
  return {
    on,
    items: shown,
    totals: {
      teams: items.length,
      outside: items.filter((i) => i.findings.length > 0).length,
      cadres,
      young,
      women,
      meanAge: dated > 0 ? ages / dated : null,
      byGroup,
    },
    ending,
    rules: {
      ageGradient: { ...rootRules.cadre.ageGradient.value },
      teamStructure: { ...rootRules.cadre.teamStructure.value },
    },
  };
}
