import { type AssessRefusal, refusal } from './refusal.ts';

/**
 * The workflow of an assessment round (issue 12): 草稿 → 自评 → 上级评分 → 公示 → 确定, one step at a time, each by
 * the issuing organisation. Once final (确定) a round is locked: a change is a recorded revision, never a step back.
 * No national rule fixes the steps; they follow the local example A of ../shared/domain-rules.md §9 [S] (自评 →
 * 上级评定 → 公示 → 确定).
 */
export const ROUND_STATES = ['draft', 'self_assessment', 'scoring', 'publicity', 'final'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export const ROUND_STATE_LABELS: Record<RoundState, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  self_assessment: { zh: '自评', en: 'Self-assessment' },
  scoring: { zh: '上级评分', en: 'Scoring' },
  publicity: { zh: '公示', en: 'Publicity' },
  final: { zh: '确定', en: 'Final' },
};

/** The state after `state`, or null for the last. */
export function nextRoundState(state: RoundState): RoundState | null {
  return ROUND_STATES[ROUND_STATES.indexOf(state) + 1] ?? null;
}

/** Moves a round on: only to the next state; a final round moves no more. */
export function roundTransition(
  from: RoundState,
  to: RoundState,
): { ok: true; to: RoundState } | { ok: false; refusal: AssessRefusal } {
  const next = nextRoundState(from);
  if (next === null) return { ok: false, refusal: refusal('roundFinal', {}) };
  if (to !== next) {
    return {
      ok: false,
      refusal: refusal('roundOutOfOrder', {
        from: ROUND_STATE_LABELS[from].zh,
        to: ROUND_STATE_LABELS[to].zh,
        next: ROUND_STATE_LABELS[next].zh,
      }),
    };
  }
  return { ok: true, to };
}

/** What may be done in each state. */
export const ROUND_ACTIONS = {
  edit: ['draft'],
  selfAssess: ['self_assessment'],
  score: ['scoring'],
  grade: ['scoring', 'publicity'],
  object: ['publicity'],
  answer: ['publicity', 'final'],
  revise: ['final'],
} as const satisfies Record<string, readonly RoundState[]>;
export type RoundAction = keyof typeof ROUND_ACTIONS;

export function canInRound(state: RoundState, action: RoundAction): boolean {
  return (ROUND_ACTIONS[action] as readonly RoundState[]).includes(state);
}

/** The dates of a round in order: 自评 due ≤ 评分 due ≤ 公示 from ≤ 公示 to; the cut-off on or before 评分 due. */
export function checkRoundDates(d: {
  selfDue: string;
  scoreDue: string;
  cutoff: string;
  publicityFrom: string;
  publicityTo: string;
}): AssessRefusal[] {
  const ok = d.selfDue <= d.scoreDue && d.scoreDue <= d.publicityFrom && d.publicityFrom <= d.publicityTo;
  const out: AssessRefusal[] = [];
  if (!ok) out.push(refusal('datesOrder', { ...d }));
  if (d.cutoff > d.scoreDue) out.push(refusal('cutoffAfterScoring', { cutoff: d.cutoff, scoreDue: d.scoreDue }));
  return out;
}
