/**
 * The ranking of a 通报: child organisations ranked by measures the issuer chooses and weights, over work that fell
 * due in the period. Platform rule, bound by the rules against 指尖上的形式主义 (2023; 国办函〔2026〕12号): outcomes
 * over work that is due — tasks done, problems closed on time, supervision findings — never logins, time online,
 * check-ins or photo counts; work not yet due never counts against anyone.
 */
export const RANKING_MEASURES = ['completion', 'punctuality', 'problemsOnTime', 'findings'] as const;
export type RankingMeasure = (typeof RANKING_MEASURES)[number];

export const RANKING_MEASURE_LABELS: Record<RankingMeasure, { zh: string; en: string }> = {
  completion: { zh: '任务完成率', en: 'Tasks done' },
  punctuality: { zh: '按期率（未逾期）', en: 'Not overdue' },
  problemsOnTime: { zh: '问题按期整改率', en: 'Problems closed on time' },
  findings: { zh: '督查发现问题', en: 'Supervision findings' },
};

export type RankingWeights = Readonly<Record<RankingMeasure, number>>;

/** The platform's default weights (configurable per notice). */
export const DEFAULT_WEIGHTS: RankingWeights = {
  completion: 0.5,
  punctuality: 0.2,
  problemsOnTime: 0.2,
  findings: 0.1,
};

/** What the records say of one child organisation (its whole subtree) for the period. */
export type OrgOutcomes = {
  orgId: number;
  name: string;
  /** The order ties fall back on: the organisation's code (stable, and printed in the tree's order). */
  code: string;
  /** Assignments whose deadline fell in the period up to today (not withdrawn). */
  due: number;
  /** Of those, done (accepted) by the end of the period. */
  done: number;
  /** Of those, not done by their deadline (done late or still open). */
  overdue: number;
  /** Problems whose deadline fell in the period up to today. */
  problemsDue: number;
  /** Of those, closed (销号) on or before the deadline. */
  problemsClosedOnTime: number;
  /** Supervision findings recorded on the subtree in the period. */
  findings: number;
};

export type RankedOrg = OrgOutcomes & {
  /** Each measure as a rate in [0, 1], higher is better; null when nothing of it fell due. */
  rates: Record<RankingMeasure, number | null>;
  /** The weighted mean of the rates that apply, in [0, 100], two decimals. */
  score: number;
  rank: number;
};

export type Ranking = {
  ranked: RankedOrg[];
  /** Nothing fell due for them in the period: not ranked, never last. */
  unranked: OrgOutcomes[];
  best: RankedOrg[];
  worst: RankedOrg[];
};

function rates(o: OrgOutcomes): Record<RankingMeasure, number | null> {
  return {
    completion: o.due > 0 ? o.done / o.due : null,
    punctuality: o.due > 0 ? 1 - o.overdue / o.due : null,
    problemsOnTime: o.problemsDue > 0 ? o.problemsClosedOnTime / o.problemsDue : null,
    // Findings have no denominator of their own: each one lowers the rate (0 → 1, 1 → 0.5, 3 → 0.25). It applies only
    // beside work that fell due, so that an organisation is never ranked on findings alone.
    findings: o.due > 0 || o.problemsDue > 0 ? 1 / (1 + o.findings) : null,
  };
}

/**
 * Ranks the organisations: the score is the weighted mean of the measures that apply (a measure with nothing due
 * drops out and the others' weights are renormalised); ties are broken, in this order, by the completion rate, by
 * fewer overdue, then by the organisation code. The best and the worst named are up to `named` each (at most a third
 * of those ranked, so that nobody is both).
 */
export function rankOrgs(outcomes: readonly OrgOutcomes[], weights: RankingWeights, named = 3): Ranking {
  const ranked: RankedOrg[] = [];
  const unranked: OrgOutcomes[] = [];
  for (const o of outcomes) {
    const r = rates(o);
    let sum = 0;
    let weight = 0;
    for (const m of RANKING_MEASURES) {
      const v = r[m];
      if (v === null || weights[m] <= 0) continue;
      sum += weights[m] * v;
      weight += weights[m];
    }
    if (weight === 0) unranked.push(o);
    else ranked.push({ ...o, rates: r, score: Math.round((sum / weight) * 10000) / 100, rank: 0 });
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      (b.rates.completion ?? 0) - (a.rates.completion ?? 0) ||
      a.overdue - b.overdue ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  ranked.forEach((o, i) => {
    o.rank = i + 1;
  });
  const k = Math.min(named, Math.floor(ranked.length / 3));
  return {
    ranked,
    unranked: [...unranked].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    best: ranked.slice(0, k),
    worst: k > 0 ? ranked.slice(-k).reverse() : [],
  };
}
