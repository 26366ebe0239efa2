import { mulberry32 } from '../prng.ts';

/**
 * Supervision (督查) and its random sample (随机抽查). A sample is drawn by a stated rule from the candidates the rule
 * names (e.g. every 党支部 of field 农村 under a town), with a recorded seed: anyone holding the rule, the seed and the
 * candidate list (kept with the supervision) can draw it again and get the same organisations, so the draw can be
 * shown to be fair. Platform rule (the regulations ask for 随机抽查 without fixing a method).
 */
export const SUPERVISION_KINDS = ['regular', 'special', 'joint', 'random'] as const;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];

export const SUPERVISION_KIND_LABELS: Record<SupervisionKind, { zh: string; en: string }> = {
  regular: { zh: '定期督查', en: 'Regular supervision' },
  special: { zh: '专项督查', en: 'Special supervision' },
  joint: { zh: '联合督查', en: 'Joint supervision' },
  random: { zh: '随机抽查', en: 'Random spot check' },
};

export const FINDING_SEVERITIES = ['general', 'serious', 'grave'] as const;

/** How many to draw: `share` of the candidates rounded up, at least `min`, never more than there are. */
export type SampleRule = { share: number; min: number };

export function sampleSize(candidates: number, rule: SampleRule): number {
  if (candidates <= 0) return 0;
  // 10% of 25 is 2.5 → 3: a share is a floor of coverage, so it rounds up (an epsilon absorbs 0.1 × 30 = 3.0000000000000004).
  const byShare = Math.ceil(candidates * rule.share - 1e-9);
  return Math.min(candidates, Math.max(rule.min, byShare));
}

/**
 * The sample: the candidates (ids, in the order given — the caller passes them sorted) shuffled by a Fisher–Yates
 * pass driven by mulberry32(seed), the first `sampleSize` of them, returned in ascending id order.
 */
export function drawSample(candidates: readonly number[], rule: SampleRule, seed: number): number[] {
  const ids = [...candidates];
  const rng = mulberry32(seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, sampleSize(ids.length, rule)).sort((a, b) => a - b);
}
