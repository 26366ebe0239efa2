import type { RuleSet } from '../rules/ruleset.ts';
import { type AssessRefusal, refusal } from './refusal.ts';

/**
 * Grades by bands (评星定级), quotas per band, ranking, the veto, and star levels year over year (issue 12). The
 * bands and quota are configurable; the defaults come from the rule set (assess.starBands, assess.starQuota: a
 * local example, [S]).
 */

export type Band = {
  level: number;
  min: number /** Extra conditions the level needs (e.g. '创新项目'). */;
  requires?: readonly string[];
};
export type Quota = { level: number; maxShare: number };
export type GradingConfig = {
  /** Best first; the lowest band's min is the floor (usually 0). */
  bands: readonly Band[];
  quotas: readonly Quota[];
  /** What the secondary tie-break key is (e.g. '群众评议得分'); higher wins. */
  secondaryLabel: string;
  /**
   * 'demote': when more qualify for a level than its quota allows, the lowest ranked drop to the next band;
   * 'refuse': levels over a quota are refused with a message (a scorer's manual grades).
   */
  mode: 'demote' | 'refuse';
};

export function defaultGradingConfig(rules: RuleSet, mode: GradingConfig['mode'] = 'demote'): GradingConfig {
  return {
    bands: rules.assess.starBands.value.map((b) => ({ ...b })),
    quotas: rules.assess.starQuota.value.map((q) => ({ ...q })),
    secondaryLabel: '',
    mode,
  };
}

export type Assessed = {
  key: string;
  name: string;
  /** The total score (rounded to two decimals); null when not scored: not ranked, not graded. */
  total: number | null;
  /** The secondary tie-break key (higher wins); null ranks after any number. */
  secondary?: number | null;
  /** A 一票否决 condition was found (scoreTree's vetoes). */
  vetoed?: boolean;
  /** Conditions on record (e.g. '创新项目'), for bands that require them. */
  conditions?: readonly string[];
  /** A scorer's manual level; it replaces the band's level (the quota still applies). */
  manualLevel?: number | null;
};

export type GradedOrg = Assessed & {
  rank: number;
  /** The level by score alone. */
  bandLevel: number;
  level: number;
  /** Why the level differs from the band's: a missing condition, the quota, the veto, in that order. */
  why: ('condition' | 'quota' | 'veto' | 'manual')[];
};

export type GradingResult =
  | { ok: true; graded: GradedOrg[]; unscored: Assessed[] }
  | { ok: false; refusals: AssessRefusal[] };

/** The level of a score: the best band whose min ≤ score (exactly 90 is ★5, 89.99 is ★4). */
export function bandOf(score: number, bands: readonly Band[]): number {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  for (const b of sorted) if (score >= b.min) return b.level;
  return sorted[sorted.length - 1]!.level;
}

/** How many of `assessed` a share allows: ⌊share × assessed⌋ (30% of 10 is 3, of 9 is 2). */
export function quotaAllowed(maxShare: number, assessed: number): number {
  return Math.floor(maxShare * assessed + 1e-9);
}

export function checkBands(bands: readonly Band[]): AssessRefusal[] {
  if (bands.length === 0) return [refusal('bandsInvalid', { detail: '未设置等次' })];
  const levels = bands.map((b) => b.level);
  if (new Set(levels).size !== levels.length) return [refusal('bandsInvalid', { detail: '等次重复' })];
  const sorted = [...bands].sort((a, b) => b.level - a.level);
  for (let i = 1; i < sorted.length; i++) {
    if (!(sorted[i]!.min < sorted[i - 1]!.min)) {
      return [
        refusal('bandsInvalid', { detail: `${stars(sorted[i]!.level)}的分数线应低于${stars(sorted[i - 1]!.level)}` }),
      ];
    }
  }
  return [];
}

export const stars = (level: number) => `${level}星`;
const sharePct = (s: number) => `${Math.round(s * 1000) / 10}%`;

/**
 * Ranking: by total score (higher first), then by the secondary key (higher first; none last), then by name, then by
 * key (code-point order, so that the order never depends on the input's). Organisations with a veto rank after all
 * others (in the same order among themselves); those not scored are not ranked.
 */
export function rankAssessed(list: readonly Assessed[]): Assessed[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return list
    .filter((a) => a.total !== null)
    .sort(
      (a, b) =>
        Number(a.vetoed ?? false) - Number(b.vetoed ?? false) ||
        b.total! - a.total! ||
        (b.secondary ?? Number.NEGATIVE_INFINITY) - (a.secondary ?? Number.NEGATIVE_INFINITY) ||
        cmp(a.name, b.name) ||
        cmp(a.key, b.key),
    );
}

/**
 * Grades a round, in this order: the band of each score (or the scorer's manual level); a level whose conditions
 * are not on record drops to the next band down that it meets; a veto sets the lowest level whatever the score (so
 * a vetoed organisation takes no quota place); then the quotas, best level first, over the organisations assessed
 * (scored). In 'demote' mode those beyond a quota, lowest ranked first, drop one level (and further if that level
 * is full too); in 'refuse' mode a level over its quota is refused, naming the level, the share and the counts.
 */
export function gradeRound(list: readonly Assessed[], config: GradingConfig): GradingResult {
  const bad = checkBands(config.bands);
  if (bad.length > 0) return { ok: false, refusals: bad };
  const levels = [...config.bands].sort((a, b) => b.level - a.level);
  const lowest = levels[levels.length - 1]!.level;
  const known = new Set(levels.map((b) => b.level));
  const refusals: AssessRefusal[] = [];
  const ranked = rankAssessed(list);
  const graded: GradedOrg[] = ranked.map((a, i) => {
    const bandLevel = bandOf(a.total!, levels);
    const why: GradedOrg['why'] = [];
    let level = bandLevel;
    if (a.manualLevel !== undefined && a.manualLevel !== null) {
      if (!known.has(a.manualLevel)) refusals.push(refusal('levelUnknown', { name: a.name, level: a.manualLevel }));
      if (a.manualLevel !== bandLevel) why.push('manual');
      level = a.manualLevel;
    }
    const has = new Set(a.conditions ?? []);
    for (const b of levels) {
      if (b.level > level) continue;
      if ((b.requires ?? []).every((c) => has.has(c))) {
        if (b.level !== level) why.push('condition');
        level = b.level;
        break;
      }
    }
    if (a.vetoed) {
      if (level !== lowest) why.push('veto');
      level = lowest;
    }
    return { ...a, rank: i + 1, bandLevel, level, why };
  });
  if (refusals.length > 0) return { ok: false, refusals };
  const assessed = graded.length;
  for (const q of [...config.quotas].sort((a, b) => b.level - a.level)) {
    const allowed = quotaAllowed(q.maxShare, assessed);
    const at = graded.filter((g) => g.level === q.level);
    if (at.length <= allowed) continue;
    if (config.mode === 'refuse') {
      refusals.push(
        refusal('quotaExceeded', {
          level: stars(q.level),
          share: sharePct(q.maxShare),
          assessed,
          allowed,
          count: at.length,
        }),
      );
      continue;
    }
    const next = levels.find((b) => b.level < q.level);
    for (const g of at.slice(allowed)) {
      if (!next) break;
      g.level = next.level;
      if (!g.why.includes('quota')) g.why.push('quota');
    }
  }
  if (refusals.length > 0) return { ok: false, refusals };
  const unscored = list.filter((a) => a.total === null);
  return { ok: true, graded, unscored };
}

export type StarChange = {
  key: string;
  from: number | null;
  to: number | null;
  change: 'up' | 'down' | 'same' | 'new' | 'gone';
};

/**
 * Star levels year over year: each organisation's change (晋级 up, 降级 down, same, new: no level last year, gone: no
 * level this year) and the counts of each. Ordered by key.
 */
export function starChanges(
  lastYear: Readonly<Record<string, number>>,
  thisYear: Readonly<Record<string, number>>,
): { changes: StarChange[]; counts: Record<StarChange['change'], number> } {
  const keys = [...new Set([...Object.keys(lastYear), ...Object.keys(thisYear)])].sort();
  const counts = { up: 0, down: 0, same: 0, new: 0, gone: 0 };
  const changes = keys.map((key): StarChange => {
    const from = lastYear[key] ?? null;
    const to = thisYear[key] ?? null;
    const change = from === null ? 'new' : to === null ? 'gone' : to > from ? 'up' : to < from ? 'down' : 'same';
    counts[change]++;
    return { key, from, to, change };
  });
  return { changes, counts };
}

/** How many organisations hold each level (e.g. to track "五星级党组织15个" from a deployment target). */
export function levelCounts(levels: Readonly<Record<string, number>>): Record<number, number> {
  const out: Record<number, number> = {};
  for (const l of Object.values(levels)) out[l] = (out[l] ?? 0) + 1;
  return out;
}
