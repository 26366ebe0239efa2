import { type AssessRefusal, refusal } from './refusal.ts';

/**
 * 考核指标体系 (issue 12): a tree of indicators of any depth. Each indicator has a maximum score in points (a weight
 * is written as the points it carries: 30% of a 100-point system is max 30); the children of an indicator share out
 * its points exactly. A leaf has a scoring method; a 加分项 (bonus) sits outside its parent's share and adds on top
 * (template B has 110 points on a 100-point scale). No national standard exists (../shared/domain-rules.md §9, all
 * [S]): a system belongs to its issuer and year, and is checked here before anything is scored with it.
 */

/** The roll-ups of other areas an automatic indicator reads (the same ones the dashboards show). */
export const AUTO_MEASURES = [
  'tasks.completionRate',
  'tasks.onTimeRate',
  'tasks.targetReachedRate',
  'rectify.closedOnTimeRate',
  'life.complianceRate',
  'dues.paidOnTimeRate',
  'development.gatesKeptRate',
  'burden.capsRespected',
  'village.disclosedOnTimeRate',
] as const;
export type AutoMeasure = (typeof AUTO_MEASURES)[number];

export type GradePoints = { grade: string; points: number };

export type ScoringMethod =
  /** From the records: a rate in [0, 1] of the measure; points = rate × max. */
  | { kind: 'auto'; measure: AutoMeasure }
  /** By hand: a grade (e.g. 好/较好/一般/差, best first) mapped to points; the grades in evidenceFor need evidence. */
  | { kind: 'graded'; grades: readonly GradePoints[]; evidenceFor: readonly string[] }
  /**
   * 加分/扣分 items, each with its reason and evidence: 'max' starts at the indicator's max and deducts (扣分),
   * 'zero' starts at 0 and adds (加分). Each item counts at most perItemCap points, all items of one sign at most
   * totalCap; the result stays within [0, max].
   */
  | { kind: 'addDeduct'; start: 'max' | 'zero'; perItemCap: number; totalCap: number }
  /** 一票否决: a named condition; found, it caps the final grade at the lowest whatever the score. Scores no points. */
  | { kind: 'veto'; condition: string };

export type MethodKind = ScoringMethod['kind'];

export type Indicator = {
  id: string;
  name: string;
  /** Maximum score in points (0 for a veto). */
  max: number;
  /** A 加分项: not part of the parent's share, added on top of it. */
  bonus?: boolean;
  /** Leaves only. */
  method?: ScoringMethod;
  /** The organisation (or department) that scores it, e.g. '组织部'; null: the issuer. */
  scorer?: string | null;
  /**
   * The organisation whose accounts score it, by id: the issuer or an organisation of its subtree that is not assessed
   * by it (the server checks where it stands); null or absent: the issuer.
   */
  scorerOrgId?: number | null;
  /** What counts as evidence (佐证材料). */
  evidence?: string;
  children?: readonly Indicator[];
};

export type IndexSystem = {
  name: string;
  /** The year assessed. */
  year: number;
  /** The issuing organisation (its name or id as text); null in a template. */
  issuer: string | null;
  /** The total of the first-level indicators (bonus ones excluded), usually 100. */
  total: number;
  indicators: readonly Indicator[];
  /** Where the system came from, and its tag: [S] for the local examples shipped as templates. */
  source?: string;
  tag?: 'C' | 'S';
};

/** Decimal weights (e.g. 0.1 + 0.2) are compared with this tolerance. */
export const SUM_TOLERANCE = 0.001;

const SEP = ' › ';

/** Each indicator with its path of names from the top ('组织生活 › 三会一课'), depth first in the system's order. */
export function walkIndicators(system: IndexSystem): { indicator: Indicator; path: string; depth: number }[] {
  const out: { indicator: Indicator; path: string; depth: number }[] = [];
  const walk = (list: readonly Indicator[], prefix: string, depth: number) => {
    for (const ind of list) {
      const path = prefix ? `${prefix}${SEP}${ind.name}` : ind.name;
      out.push({ indicator: ind, path, depth });
      if (ind.children && ind.children.length > 0) walk(ind.children, path, depth + 1);
    }
  };
  walk(system.indicators, '', 1);
  return out;
}

const isLeaf = (ind: Indicator) => !ind.children || ind.children.length === 0;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The points the non-bonus children share out. */
function shareSum(list: readonly Indicator[]): number {
  return list.filter((c) => !c.bonus).reduce((s, c) => s + c.max, 0);
}

function checkMethod(ind: Indicator, path: string, out: AssessRefusal[]): void {
  const m = ind.method;
  if (!m) return;
  if (m.kind === 'veto') {
    if (ind.max !== 0) out.push(refusal('vetoMax', { path, max: ind.max }));
    return;
  }
  if (m.kind === 'graded') {
    if (m.grades.length === 0) out.push(refusal('gradesEmpty', { path }));
    for (const g of m.grades) {
      if (!(g.points >= 0 && g.points <= ind.max)) {
        out.push(refusal('gradePoints', { path, grade: g.grade, points: g.points, max: ind.max }));
      }
    }
    for (const e of m.evidenceFor) {
      if (!m.grades.some((g) => g.grade === e)) out.push(refusal('evidenceGradeUnknown', { path, grade: e }));
    }
  }
  if (m.kind === 'addDeduct' && !(m.perItemCap > 0 && m.totalCap > 0)) out.push(refusal('capInvalid', { path }));
}

/**
 * Checks a system before it is used: ids present and unique; each maximum a finite number ≥ 0 (a veto's exactly 0,
 * any other leaf's > 0); the non-bonus children of each indicator sum to its max, and the first level to the total
 * (within SUM_TOLERANCE); a leaf has a method and an indicator with children has none; grade maps and caps sound.
 * Returns every problem, each naming the indicator's path; [] when the system is sound. Depth is unlimited.
 */
export function checkSystem(system: IndexSystem): AssessRefusal[] {
  const out: AssessRefusal[] = [];
  const seen = new Map<string, string>();
  const top = shareSum(system.indicators);
  if (Math.abs(top - system.total) > SUM_TOLERANCE) {
    out.push(refusal('sumMismatch', { path: system.name, sum: round3(top), max: system.total }));
  }
  for (const { indicator: ind, path } of walkIndicators(system)) {
    const id = ind.id.trim();
    if (id === '') out.push(refusal('idEmpty', { path }));
    else if (seen.has(id)) out.push(refusal('idDuplicate', { id, path, other: seen.get(id)! }));
    else seen.set(id, path);
    const isVeto = ind.method?.kind === 'veto';
    if (!Number.isFinite(ind.max) || ind.max < 0 || (isLeaf(ind) && !isVeto && ind.max === 0)) {
      out.push(refusal('maxInvalid', { path, max: ind.max }));
    }
    if (isLeaf(ind)) {
      if (!ind.method) out.push(refusal('leafNoMethod', { path }));
      checkMethod(ind, path, out);
    } else {
      if (ind.method) out.push(refusal('branchWithMethod', { path }));
      const sum = shareSum(ind.children!);
      if (Math.abs(sum - ind.max) > SUM_TOLERANCE) {
        out.push(refusal('sumMismatch', { path, sum: round3(sum), max: ind.max }));
      }
    }
  }
  return out;
}

/**
 * A copy of last year's system for `year`: the same structure, methods, scorers and evidence; ids reset from the
 * position in the tree ('2027-2.1' is the first child of the second first-level indicator), so that copying the
 * same system twice gives the same ids. Ids then refer to this year's system only.
 */
export function copySystem(system: IndexSystem, year: number): IndexSystem {
  const copy = (list: readonly Indicator[], prefix: string): Indicator[] =>
    list.map((ind, i) => {
      const id = prefix ? `${prefix}.${i + 1}` : `${year}-${i + 1}`;
      const { children, ...rest } = ind;
      const next: Indicator = structuredClone({ ...rest, id });
      if (children && children.length > 0) next.children = copy(children, id);
      return next;
    });
  return { ...system, year, indicators: copy(system.indicators, '') };
}
