/**
 * The structure of a leadership team (领导班子结构, issue 13; seed: "优化领导班子结构"): 老中青 by age on a day, the
 * share of young cadres (an age by the team's level), women, education, ethnicity, terms served, and the team's place
 * against the structure rules; and the 换届 plan of a team from its term (org area). Every number is a rule value
 * (cadre.ageGradient, cadre.youngCadreMaxAge, cadre.teamStructure, cadre.reElectionRequestMonths: [S], local
 * practice, adjustable by local rules; org.reElectionReminderMonths [S], org.reElectionMaxShiftYears [C] 选举工作条例
 * 第三条).
 */
import { addMonthsIso, addYearsIso } from '../dates.ts';
import { ageOn } from '../people/age.ts';
import type { Education, Gender } from '../people/vocab.ts';
import type { RuleSet } from '../rules/ruleset.ts';
import type { CadreLevel } from './levels.ts';

export const AGE_GROUPS = ['young', 'middle', 'old'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** 老中青 of an age in full years (周岁): ≤ youngMax 青, ≤ middleMax 中, above 老. */
export function ageGroupOf(age: number, rules: RuleSet): AgeGroup {
  const g = rules.cadre.ageGradient.value;
  if (age <= g.youngMax) return 'young';
  if (age <= g.middleMax) return 'middle';
  return 'old';
}

/** The oldest a young cadre may be (周岁) in a team of this level. */
export function youngMaxAge(level: CadreLevel, rules: RuleSet): number {
  return rules.cadre.youngCadreMaxAge.value[level];
}

/** Whether someone born on `birthDate` counts as a young cadre of this level on `on` (the birthday itself counts). */
export function isYoungCadre(birthDate: string, on: string, level: CadreLevel, rules: RuleSet): boolean {
  return ageOn(birthDate, on) <= youngMaxAge(level, rules);
}

export type TeamMember = {
  gender: Gender | null;
  birthDate: string | null;
  education: Education | null;
  ethnicity: string | null;
  /** Positions the person held in the same organisation before the current one (terms served before). */
  termsBefore: number;
};

export type TeamStructure = {
  size: number;
  byGroup: Record<AgeGroup, number>;
  /** Members without a birth date (in no group, not in the mean). */
  unknownAge: number;
  /** The mean age (周岁) of those with a birth date, null when none has one. */
  meanAge: number | null;
  young: number;
  /** young / size (null for an empty team). */
  youngShare: number | null;
  women: number;
  womenShare: number | null;
  byEducation: Partial<Record<Education | 'unknown', number>>;
  /** By ethnicity as recorded ('unknown' when not). */
  byEthnicity: Record<string, number>;
  /** Members who held a position in the organisation before (连任). */
  returning: number;
};

/** The structure of a team on a day, its young cadres by the level's age. */
export function teamStructure(
  members: readonly TeamMember[],
  on: string,
  level: CadreLevel,
  rules: RuleSet,
): TeamStructure {
  const byGroup: Record<AgeGroup, number> = { young: 0, middle: 0, old: 0 };
  const byEducation: TeamStructure['byEducation'] = {};
  const byEthnicity: Record<string, number> = {};
  let ages = 0;
  let dated = 0;
  let young = 0;
  let women = 0;
  let returning = 0;
  const youngMax = youngMaxAge(level, rules);
  for (const m of members) {
    if (m.birthDate !== null) {
      const age = ageOn(m.birthDate, on);
      byGroup[ageGroupOf(age, rules)]++;
      ages += age;
      dated++;
      if (age <= youngMax) young++;
    }
    if (m.gender === 'female') women++;
    if (m.termsBefore > 0) returning++;
    const e = m.education ?? 'unknown';
    byEducation[e] = (byEducation[e] ?? 0) + 1;
    const eth = m.ethnicity?.trim() || 'unknown';
    byEthnicity[eth] = (byEthnicity[eth] ?? 0) + 1;
  }
  const size = members.length;
  return {
    size,
    byGroup,
    unknownAge: size - dated,
    meanAge: dated > 0 ? ages / dated : null,
    young,
    youngShare: size > 0 ? young / size : null,
    women,
    womenShare: size > 0 ? women / size : null,
    byEducation,
    byEthnicity,
    returning,
  };
}

export const STRUCTURE_FINDINGS = ['noWoman', 'noYoung', 'meanAgeHigh'] as const;
export type StructureFinding = (typeof STRUCTURE_FINDINGS)[number];

/**
 * Where a team is outside the structure rules (cadre.teamStructure): fewer women than minWomen, fewer young cadres
 * than minYoung, a mean age above maxMeanAge (exactly at the limit is within it). An empty team has no findings here
 * (the org area reports a missing committee).
 */
export function structureFindings(s: TeamStructure, rules: RuleSet): StructureFinding[] {
  if (s.size === 0) return [];
  const r = rules.cadre.teamStructure.value;
  const out: StructureFinding[] = [];
  if (s.women < r.minWomen) out.push('noWoman');
  if (s.young < r.minYoung) out.push('noYoung');
  if (s.meanAge !== null && s.meanAge > r.maxMeanAge) out.push('meanAgeHigh');
  return out;
}

export type ReElectionPlan = {
  /** The level above reminds the team (org.reElectionReminderMonths before the due day). */
  remindOn: string;
  /** The 换届 request goes up by this day (cadre.reElectionRequestMonths before). */
  requestBy: string;
  /** The term ends: the election falls due. */
  dueOn: string;
  /** With approval, brought forward no earlier than / put off no later than (org.reElectionMaxShiftYears). */
  earliestOn: string;
  latestOn: string;
};

/** The 换届 plan of a team whose term falls due on `dueOn` (org area: termDueOn). */
export function reElectionPlan(dueOn: string, rules: RuleSet): ReElectionPlan {
  const shift = rules.org.reElectionMaxShiftYears.value;
  return {
    remindOn: addMonthsIso(dueOn, -rules.org.reElectionReminderMonths.value),
    requestBy: addMonthsIso(dueOn, -rules.cadre.reElectionRequestMonths.value),
    dueOn,
    earliestOn: addYearsIso(dueOn, -shift),
    latestOn: addYearsIso(dueOn, shift),
  };
}
