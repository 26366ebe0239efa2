import {
  type AutoMeasure,
  type IndexSystem,
  type Indicator,
  type MethodKind,
  type ScoringMethod,
  walkIndicators,
} from './index-system.ts';
import { type AssessRefusal, refusal } from './refusal.ts';

/**
 * The scoring methods of issue 12, each a pure function, and the scoring of a whole system for one organisation.
 * Points are rounded to two decimals at the leaf; sums are rounded again to two decimals, so a parent may differ
 * from the sum of its rounded children by 0.01. Every number carries what it was computed from.
 */

export type AddDeductItem = {
  /** > 0 adds (加分), < 0 deducts (扣分). */
  points: number;
  reason: string;
  evidence: string;
};

/** Who found a veto condition, why, and when. */
export type VetoFinding = { by: string; reason: string; on?: string };

export type IndicatorInput =
  /**
   * rate null: nothing of the measure fell due; due/met and ref say what was counted (a link to the records).
   * evidence: the rate was given by hand (the measure's source area is not on the platform yet), on this evidence.
   */
  | { kind: 'auto'; rate: number | null; due?: number; met?: number; ref?: string; evidence?: string }
  | { kind: 'graded'; grade: string; evidence?: string }
  | { kind: 'addDeduct'; items: readonly AddDeductItem[] }
  | { kind: 'veto'; found: VetoFinding | null };

export type ScoreDetail =
  | {
      kind: 'auto';
      measure: AutoMeasure;
      rate: number | null;
      due: number | null;
      met: number | null;
      ref: string | null;
      /** Present when the rate was given by hand, with its evidence. */
      evidence?: string;
    }
  | { kind: 'graded'; grade: string; evidence: string | null }
  | {
      kind: 'addDeduct';
      start: 'max' | 'zero';
      /** Each item with the points it counted after the per-item cap. */
      items: { reason: string; evidence: string; points: number; counted: number }[];
      added: number;
      deducted: number;
    }
  | { kind: 'veto'; condition: string; found: VetoFinding | null }
  /** An indicator with children: the points its scored children gave out of the points they carry, and its bonus. */
  | { kind: 'sum'; scored: number; of: number; bonus: number };

export type ScoreLine = {
  id: string;
  path: string;
  method: MethodKind | 'sum';
  max: number;
  /** null: not scored (nothing fell due); it counts against nobody. */
  points: number | null;
  detail: ScoreDetail;
};

type Leaf = { ok: true; points: number | null; detail: ScoreDetail } | { ok: false; refusal: AssessRefusal };

const round2 = (v: number) => Math.round(v * 100) / 100;
const blank = (s: string | undefined | null) => (s ?? '').trim() === '';

/**
 * Automatic from records: points = rate × max. A rate of null (nothing fell due) is not scored, never 0: work not yet
 * due counts against nobody, and the indicator's points drop out of its parent's share (see scoreTree).
 */
export function scoreAuto(
  measure: AutoMeasure,
  max: number,
  input: Extract<IndicatorInput, { kind: 'auto' }>,
  path: string,
): Leaf {
  const detail: ScoreDetail = {
    kind: 'auto',
    measure,
    rate: input.rate,
    due: input.due ?? null,
    met: input.met ?? null,
    ref: input.ref ?? null,
    ...(blank(input.evidence) ? {} : { evidence: input.evidence!.trim() }),
  };
  if (input.rate === null) return { ok: true, points: null, detail };
  if (!(input.rate >= 0 && input.rate <= 1))
    return { ok: false, refusal: refusal('rateRange', { path, rate: input.rate }) };
  return { ok: true, points: round2(input.rate * max), detail };
}

/** Graded by hand: the grade's points; a grade listed in evidenceFor (the lower ones) is refused without evidence. */
export function scoreGraded(
  method: Extract<ScoringMethod, { kind: 'graded' }>,
  input: Extract<IndicatorInput, { kind: 'graded' }>,
  path: string,
): Leaf {
  const g = method.grades.find((x) => x.grade === input.grade);
  if (!g) {
    const grades = method.grades.map((x) => x.grade).join('、');
    return { ok: false, refusal: refusal('gradeUnknown', { path, grade: input.grade, grades }) };
  }
  if (method.evidenceFor.includes(g.grade) && blank(input.evidence)) {
    return { ok: false, refusal: refusal('evidenceRequired', { path, grade: g.grade }) };
  }
  return {
    ok: true,
    points: round2(g.points),
    detail: { kind: 'graded', grade: g.grade, evidence: blank(input.evidence) ? null : input.evidence!.trim() },
  };
}

/**
 * 加分/扣分: every item needs a reason and evidence. An item counts at most perItemCap points (either sign); the
 * additions together at most totalCap, the deductions together at most totalCap. Starting from max (扣分) or from 0
 * (加分), the result stays within [0, max]: deductions never take an indicator below 0.
 */
export function scoreAddDeduct(
  method: Extract<ScoringMethod, { kind: 'addDeduct' }>,
  max: number,
  input: Extract<IndicatorInput, { kind: 'addDeduct' }>,
  path: string,
): Leaf {
  const items: { reason: string; evidence: string; points: number; counted: number }[] = [];
  for (const [i, it] of input.items.entries()) {
    if (blank(it.reason)) return { ok: false, refusal: refusal('itemReason', { path, n: i + 1 }) };
    if (blank(it.evidence)) return { ok: false, refusal: refusal('itemEvidence', { path, n: i + 1 }) };
    const counted = Math.sign(it.points) * Math.min(Math.abs(it.points), method.perItemCap);
    items.push({ reason: it.reason.trim(), evidence: it.evidence.trim(), points: it.points, counted });
  }
  const added = Math.min(
    method.totalCap,
    items.filter((x) => x.counted > 0).reduce((s, x) => s + x.counted, 0),
  );
  const deducted = Math.min(method.totalCap, -items.filter((x) => x.counted < 0).reduce((s, x) => s + x.counted, 0));
  const base = method.start === 'max' ? max : 0;
  const points = round2(Math.min(max, Math.max(0, base + added - deducted)));
  return {
    ok: true,
    points,
    detail: { kind: 'addDeduct', start: method.start, items, added: round2(added), deducted: round2(deducted) },
  };
}

/** 一票否决: scores no points; a finding must say who found it and why (it is enforced by gradeRound). */
export function scoreVeto(
  condition: string,
  input: Extract<IndicatorInput, { kind: 'veto' }> | undefined,
  path: string,
): Leaf {
  const found = input?.found ?? null;
  if (found && (blank(found.by) || blank(found.reason))) {
    return { ok: false, refusal: refusal('vetoFinder', { path, condition }) };
  }
  return { ok: true, points: null, detail: { kind: 'veto', condition, found } };
}

function scoreLeaf(ind: Indicator, input: IndicatorInput | undefined, path: string): Leaf {
  const m = ind.method!;
  if (m.kind === 'veto') {
    if (input && input.kind !== 'veto') return { ok: false, refusal: refusal('inputKind', { path, method: m.kind }) };
    return scoreVeto(m.condition, input, path);
  }
  if (!input) return { ok: false, refusal: refusal('inputMissing', { path }) };
  if (input.kind !== m.kind) return { ok: false, refusal: refusal('inputKind', { path, method: m.kind }) };
  if (m.kind === 'auto' && input.kind === 'auto') return scoreAuto(m.measure, ind.max, input, path);
  if (m.kind === 'graded' && input.kind === 'graded') return scoreGraded(m, input, path);
  if (m.kind === 'addDeduct' && input.kind === 'addDeduct') return scoreAddDeduct(m, ind.max, input, path);
  return { ok: false, refusal: refusal('inputKind', { path, method: m.kind }) };
}

export type VetoHit = { id: string; path: string; condition: string; by: string; reason: string; on: string | null };

export type TreeScore =
  | {
      ok: true;
      /** The total on the system's scale (bonus included); null when nothing at all was scored. */
      total: number | null;
      max: number;
      /** Veto conditions found: the final grade is capped at the lowest (gradeRound). */
      vetoes: VetoHit[];
      /** One line per indicator, in the system's order: indicator → method → what was counted. */
      lines: ScoreLine[];
    }
  | { ok: false; refusals: AssessRefusal[] };

/**
 * Scores a system for one organisation from the inputs by indicator id. An indicator with children gets the points
 * of its scored (non-bonus) children scaled to its max — Σ points × max / Σ their max — so that an indicator not
 * scored (nothing fell due) counts against nobody; if none of them is scored it is not scored either. Its bonus
 * children's points are added on top. The total is the same sum over the first level, on the system's total.
 * Refuses (all problems at once) a missing or mismatched input, a rate outside [0, 1], an unknown grade, a low grade
 * without evidence, an item without reason or evidence, a veto finding without who or why.
 */
export function scoreTree(system: IndexSystem, inputs: Readonly<Record<string, IndicatorInput>>): TreeScore {
  const paths = new Map(walkIndicators(system).map((w) => [w.indicator, w.path]));
  const refusals: AssessRefusal[] = [];
  const lines = new Map<Indicator, ScoreLine>();
  const vetoes: VetoHit[] = [];

  const combine = (children: readonly Indicator[], max: number) => {
    let scored = 0;
    let of = 0;
    let bonus = 0;
    let any = false;
    for (const c of children) {
      const p = node(c);
      if (c.method?.kind === 'veto') continue;
      if (c.bonus) {
        if (p !== null) {
          bonus += p;
          any = true;
        }
      } else if (p !== null) {
        scored += p;
        of += c.max;
        any = true;
      }
    }
    const share = of > 0 ? (scored * max) / of : max === 0 && children.every((c) => c.bonus || c.max === 0) ? 0 : null;
    const points = share === null && !any ? null : round2((share ?? 0) + bonus);
    return { points, detail: { kind: 'sum' as const, scored: round2(scored), of, bonus: round2(bonus) } };
  };

  function node(ind: Indicator): number | null {
    const path = paths.get(ind)!;
    if (ind.children && ind.children.length > 0) {
      const line: ScoreLine = {
        id: ind.id,
        path,
        method: 'sum',
        max: ind.max,
        points: null,
        detail: { kind: 'sum', scored: 0, of: 0, bonus: 0 },
      };
      lines.set(ind, line);
      const r = combine(ind.children, ind.max);
      line.points = r.points;
      line.detail = r.detail;
      return r.points;
    }
    const r = scoreLeaf(ind, inputs[ind.id], path);
    if (!r.ok) {
      refusals.push(r.refusal);
      return null;
    }
    lines.set(ind, { id: ind.id, path, method: ind.method!.kind, max: ind.max, points: r.points, detail: r.detail });
    if (r.detail.kind === 'veto' && r.detail.found) {
      const f = r.detail.found;
      vetoes.push({ id: ind.id, path, condition: r.detail.condition, by: f.by, reason: f.reason, on: f.on ?? null });
    }
    return r.points;
  }

  const top = combine(system.indicators, system.total);
  if (refusals.length > 0) return { ok: false, refusals };
  const ordered = walkIndicators(system)
    .map((w) => lines.get(w.indicator))
    .filter((l): l is ScoreLine => l !== undefined);
  return { ok: true, total: top.points, max: system.total, vetoes, lines: ordered };
}
