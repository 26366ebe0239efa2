import type { AutoMeasure } from '../../../domain/assess/index-system.ts';
import { burdenLevelOf } from '../../../domain/supervise/burden.ts';
import type { Ctx } from '../context.ts';
import { countDisclosuresOnTime } from '../village/village.service.ts';
import {
  countAssignments,
  countDevelopmentGatesKept,
  countDuesOnTime,
  countProblemsClosedOnTime,
  countTargetsReached,
  listBurdenAsked,
  listLifeCompliance,
  type MeasureCount,
} from './assess.queries.ts';

/**
 * The automatic indicators of a round (issue 12), read from the records the other areas keep, counted at the round's
 * cut-off date: each gives a rate (null: nothing fell due), the counts and a link (an API route and its query) to the
 * records counted.
 */

export type MeasureValue = {
  rate: number | null;
  due: number;
  met: number;
  /** The records counted: an API route with its query string. */
  ref: string;
};

export const MEASURED: readonly AutoMeasure[] = [
  'tasks.completionRate',
  'tasks.onTimeRate',
  'tasks.targetReachedRate',
  'rectify.closedOnTimeRate',
  'life.complianceRate',
  'dues.paidOnTimeRate',
  'burden.capsRespected',
  'development.gatesKeptRate',
  'village.disclosedOnTimeRate',
];

export function isMeasured(m: AutoMeasure): boolean {
  return MEASURED.includes(m);
}

const rateOf = (due: number, met: number) => (due > 0 ? Math.round((met / due) * 10000) / 10000 : null);
const qs = (q: Record<string, string | number>) =>
  Object.entries(q)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

function refOf(measure: AutoMeasure, orgId: number, year: number, cutoff: string): string {
  const from = `${year}-01-01`;
  switch (measure) {
    case 'tasks.completionRate':
    case 'tasks.onTimeRate':
    case 'tasks.targetReachedRate':
      return `/api/assignments?${qs({ orgId, own: 'true', deadlineFrom: from, deadlineTo: cutoff })}`;
    case 'rectify.closedOnTimeRate':
      return `/api/problems?${qs({ orgId })}`;
    case 'life.complianceRate':
      return `/api/life/compliance?${qs({ orgId, year })}`;
    case 'dues.paidOnTimeRate':
      return `/api/dues?${qs({ orgId, year })}`;
    case 'burden.capsRespected':
      return `/api/burden?${qs({ orgId, from: `${year}-01`, to: cutoff.slice(0, 7) })}`;
    case 'development.gatesKeptRate':
      return `/api/development/cases?${qs({ orgId })}`;
    case 'village.disclosedOnTimeRate':
      return `/api/village-decisions?${qs({ orgId, year })}`;
    default:
      return '';
  }
}

/** Capped periods (receiver × kind × month, or × year for a yearly cap) an organisation asked in, and those within. */
function burdenCounts(ctx: Ctx, rows: Awaited<ReturnType<typeof listBurdenAsked>>): MeasureCount[] {
  const caps = ctx.taskRules.burdenCaps;
  const seen = new Map<string, { issuer: number; within: boolean }>();
  for (const r of rows) {
    const byLevel = caps[burdenLevelOf(r.type)] as Record<string, { max: number; per: 'month' | 'year' } | undefined>;
    const cap = byLevel[r.kind];
    if (!cap) continue;
    const period = cap.per === 'month' ? r.month : r.month.slice(0, 4);
    const key = `${r.issuer_id}|${r.org_id}|${r.kind}|${period}`;
    const count = cap.per === 'month' ? r.month_total : r.year_total;
    const prev = seen.get(key);
    seen.set(key, { issuer: r.issuer_id, within: (prev?.within ?? true) && count <= cap.max });
  }
  const out = new Map<number, MeasureCount>();
  for (const v of seen.values()) {
    const c = out.get(v.issuer) ?? { org_id: v.issuer, due: 0, met: 0 };
    c.due++;
    if (v.within) c.met++;
    out.set(v.issuer, c);
  }
  return [...out.values()];
}

/** Organisations whose measures are read in one go: a city's round is read in some 25 steps, each reported. */
export const MEASURE_CHUNK = 500;

/** Organisations done of the total, after each chunk (the round page's bar, the CLI's). */
export type MeasureProgress = (done: number, total: number) => void | Promise<void>;

/**
 * The value of each measure for each organisation, at the cut-off: Map<orgId, Map<measure, value>>. The organisations
 * are read MEASURE_CHUNK at a time (every measure of a chunk, then the next), and `onProgress` hears after each.
 */
export async function readMeasures(
  ctx: Ctx,
  measures: readonly AutoMeasure[],
  orgIds: readonly number[],
  year: number,
  cutoff: string,
  onProgress?: MeasureProgress,
): Promise<Map<number, Map<AutoMeasure, MeasureValue>>> {
  const from = `${year}-01-01`;
  const wanted = [...new Set(measures.filter(isMeasured))];
  const out = new Map<number, Map<AutoMeasure, MeasureValue>>(orgIds.map((id) => [id, new Map()]));
  for (let at = 0; at < orgIds.length; at += MEASURE_CHUNK) {
    const ids = orgIds.slice(at, at + MEASURE_CHUNK);
    for (const m of wanted) {
      let counts: MeasureCount[];
      if (m === 'tasks.completionRate') counts = await countAssignments(ctx.db, ids, from, cutoff, false);
      else if (m === 'tasks.onTimeRate') counts = await countAssignments(ctx.db, ids, from, cutoff, true);
      else if (m === 'tasks.targetReachedRate') counts = await countTargetsReached(ctx.db, ids, from, cutoff);
      else if (m === 'rectify.closedOnTimeRate') counts = await countProblemsClosedOnTime(ctx.db, ids, from, cutoff);
      else if (m === 'life.complianceRate') counts = await listLifeCompliance(ctx.db, ids, year);
      else if (m === 'development.gatesKeptRate') counts = await countDevelopmentGatesKept(ctx.db, ids, from, cutoff);
      else if (m === 'village.disclosedOnTimeRate') counts = await countDisclosuresOnTime(ctx.db, ids, from, cutoff);
      else if (m === 'dues.paidOnTimeRate') counts = await countDuesOnTime(ctx.db, ids, year, cutoff);
      else counts = burdenCounts(ctx, await listBurdenAsked(ctx.db, ids, year, cutoff));
      const by = new Map(counts.map((c) => [c.org_id, c]));
      for (const id of ids) {
        const c = by.get(id);
        const due = c?.due ?? 0;
        const met = Math.min(c?.met ?? 0, due);
        out.get(id)!.set(m, { rate: rateOf(due, met), due, met, ref: refOf(m, id, year, cutoff) });
      }
    }
    await onProgress?.(Math.min(at + MEASURE_CHUNK, orgIds.length), orgIds.length);
  }
  return out;
}
