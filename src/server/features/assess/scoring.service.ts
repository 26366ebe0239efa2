import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { answerBody, EntryInput, levelBody, objectionBody, revisionBody } from '../../../contracts/assess.ts';
import { type Assessed, type GradedOrg, gradeRound, levelCounts, starChanges } from '../../../domain/assess/grading.ts';
import {
  type AutoMeasure,
  type IndexSystem,
  type Indicator,
  walkIndicators,
} from '../../../domain/assess/index-system.ts';
import {
  canInRound,
  ROUND_STATE_LABELS,
  type RoundAction,
  type RoundState,
  roundTransition,
} from '../../../domain/assess/round-state.ts';
import {
  type IndicatorInput,
  type ScoreLine,
  scoreAddDeduct,
  scoreAuto,
  scoreGraded,
  scoreTree,
  type VetoHit,
} from '../../../domain/assess/scoring.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { type MessageKey, msg, zhOf } from '../../../domain/messages.ts';
import { pathInScope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { FileStore } from '../../files/file-store.ts';
import { checkUploads, type UploadedFile, withStoredEvidence } from '../assignments/ledger.service.ts';
import { audit, type Ctx } from '../context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { getOrg } from '../org/org.service.ts';
import { refreshMeasured } from '../rollups/rollups.service.ts';
import {
  answerObjection,
  type EntryRow,
  findObjection,
  findRoundProgress,
  insertObjection,
  insertRevision,
  listEntries,
  listObjections,
  listOrgsAnywhere,
  listResults,
  listRevisions,
  listRoundOrgs,
  listStars,
  lockRound,
  type RoundOrgRow,
  type RoundProgressPurpose,
  type RoundRow,
  setRoundOrg,
  setRoundProgress,
  setRoundState,
  startRoundProgress,
  upsertEntries,
  upsertResults,
  upsertStars,
} from './assess.queries.ts';
import {
  getRoundRow,
  isIssuerSide,
  nextStateFor,
  type RoundGrading,
  requireIssuer,
  tieBreakOf,
  toRoundSummary,
} from './assess.service.ts';
import { insertAssessEvidence, listAssessEvidenceFiles } from './evidence.queries.ts';
import { isMeasured, type MeasureProgress, type MeasureValue, readMeasures } from './measures.service.ts';
import { starsByChild } from './stars.service.ts';

/**
 * Scoring a round (issue 12): 自评 by each assessed organisation, 上级评分 by the scorer of each indicator (a veto
 * with who found it and why), the automatic indicators read at the cut-off and frozen when scoring closes, results
 * (scoreTree, then gradeRound: bands, conditions, veto, quotas, ranking), 公示 with objections, 确定 with the star
 * levels, and revisions after that (who, why, before and after; never an overwrite without a record).
 */

const systemOfRound = (r: RoundRow) => r.system as IndexSystem;
const gradingOfRound = (r: RoundRow) => r.grading as RoundGrading;
const stateLabel = (s: RoundState) => ROUND_STATE_LABELS[s].zh;

function requireState(r: RoundRow, action: RoundAction): void {
  if (!canInRound(r.state, action)) {
    throw AppError.of('RULE_VIOLATION', 'err.assess.stateForbids', {
      state: stateLabel(r.state),
      action: zhOf(msg(`label.assess.action.${action}` as MessageKey)),
    });
  }
}

type Leaf = { indicator: Indicator; path: string };
function leavesOf(system: IndexSystem): Map<string, Leaf> {
  return new Map(
    walkIndicators(system)
      .filter((w) => !w.indicator.children || w.indicator.children.length === 0)
      .map((w) => [w.indicator.id, { indicator: w.indicator, path: w.path }]),
  );
}

/** The organisation whose accounts score an indicator: the one it names, or the issuer. */
const scorerOf = (r: RoundRow, ind: Indicator) => ind.scorerOrgId ?? r.org_id;

function roundOrgOf(orgs: readonly RoundOrgRow[], orgId: number): RoundOrgRow {
  const o = orgs.find((x) => x.org_id === orgId);
  if (!o) throw AppError.of('NOT_FOUND', 'err.assess.notAssessed', { org: String(orgId) });
  return o;
}

// --- turning what a form sent into a scoring input

const blank = (s: string | undefined) => (s ?? '').trim() === '';

/**
 * One entry of a form as the input of its indicator's method, checked by the method's own rule (a low grade without
 * evidence, an item without reason, …). `side` self: the organisation's own view, which never counts; a veto is the
 * scorer's alone, and an automatic indicator read from the records takes no entry.
 */
function inputOf(
  ctx: Ctx,
  leaf: Leaf,
  e: EntryInput,
  side: 'self' | 'score',
  finder: string,
): { input: IndicatorInput; side: 'self' | 'score' | 'auto' } {
  const { indicator: ind, path } = leaf;
  const m = ind.method!;
  const fail = (key: MessageKey, params: Record<string, string | number> = {}): never => {
    throw AppError.of('VALIDATION_FAILED', key, { path, ...params });
  };
  const check = (r: { ok: true } | { ok: false; refusal: { msg: ReturnType<typeof msg> } }) => {
    if (!r.ok) throw new AppError('VALIDATION_FAILED', r.refusal.msg);
  };
  if (m.kind === 'veto') {
    if (side === 'self') fail('err.assess.autoMeasured');
    if (e.veto === undefined) fail('err.assess.inputKind', { method: '一票否决' });
    if (e.veto === null) return { input: { kind: 'veto', found: null }, side };
    if (blank(e.veto!.reason)) fail('err.assess.vetoReason');
    return { input: { kind: 'veto', found: { by: finder, reason: e.veto!.reason.trim(), on: ctx.today } }, side };
  }
  if (m.kind === 'auto') {
    if (isMeasured(m.measure)) fail('err.assess.autoMeasured');
    if (e.points === undefined) fail('err.assess.inputKind', { method: '自动（手工补录）' });
    if (e.points! > ind.max) fail('err.assess.pointsRange', { points: e.points!, max: ind.max });
    if (blank(e.evidence)) fail('err.assess.manualEvidence');
    const input: IndicatorInput = { kind: 'auto', rate: ind.max > 0 ? e.points! / ind.max : 0, evidence: e.evidence! };
    check(scoreAuto(m.measure, ind.max, input, path));
    return { input, side };
  }
  if (m.kind === 'graded') {
    if (e.grade === undefined) fail('err.assess.inputKind', { method: '等次评分' });
    const input: IndicatorInput = {
      kind: 'graded',
      grade: e.grade!,
      ...(blank(e.evidence) ? {} : { evidence: e.evidence! }),
    };
    check(scoreGraded(m, input, path));
    return { input, side };
  }
  const input: IndicatorInput = { kind: 'addDeduct', items: e.items ?? [] };
  check(scoreAddDeduct(m, ind.max, input, path));
  return { input, side };
}

// --- results

type OrgScore = {
  orgId: number;
  name: string;
  total: number | null;
  lines: ScoreLine[];
  vetoes: VetoHit[];
  /** Why the score is not complete: the indicators not scored yet (their messages). */
  problems: string[];
};

/** The inputs of one organisation: the scorer's entries, and the automatic values (frozen, or read now). */
function inputsOf(
  system: IndexSystem,
  orgId: number,
  entries: readonly EntryRow[],
  live: Map<AutoMeasure, MeasureValue> | undefined,
): Record<string, IndicatorInput> {
  const inputs: Record<string, IndicatorInput> = {};
  const mine = entries.filter((e) => e.org_id === orgId);
  for (const [id, leaf] of leavesOf(system)) {
    const m = leaf.indicator.method!;
    const frozen = mine.find((e) => e.indicator_id === id && e.side === 'auto');
    const scored = mine.find((e) => e.indicator_id === id && e.side === 'score');
    if (m.kind === 'auto' && isMeasured(m.measure)) {
      if (frozen) inputs[id] = frozen.input as IndicatorInput;
      else {
        const v = live?.get(m.measure);
        if (v) inputs[id] = { kind: 'auto', rate: v.rate, due: v.due, met: v.met, ref: v.ref };
      }
    } else if (frozen) inputs[id] = frozen.input as IndicatorInput;
    else if (scored) inputs[id] = scored.input as IndicatorInput;
  }
  return inputs;
}

async function liveMeasures(ctx: Ctx, r: RoundRow, orgIds: readonly number[], onProgress?: MeasureProgress) {
  const measures = [...leavesOf(systemOfRound(r)).values()]
    .map((l) => l.indicator.method)
    .filter((m): m is { kind: 'auto'; measure: AutoMeasure } => m?.kind === 'auto')
    .map((m) => m.measure);
  return readMeasures(ctx, measures, orgIds, r.year, r.cutoff, onProgress);
}

// --- progress of scoring a whole round

/** A run not moved for this long no longer counts as running (its process died; the next run starts it again). */
const PROGRESS_STALE_SECONDS = 120;

/** Organisations done of the total: while the automatic indicators are read, then while the results are stored. */
export type ScoringProgress = (done: number, total: number, phase: 'measures' | 'store') => void | Promise<void>;

/** The steps of one run: after each chunk of organisations read, and before the results are stored. */
type RoundRun = { measures: MeasureProgress; store: () => Promise<void> };

/**
 * Scoring a whole round with its progress kept in assess_round_progress (the round and results pages poll it, on any
 * app instance) and told to `onProgress` (the CLI's bar): started, moved after each chunk, then stored, then done —
 * or failed when the work throws. Never called inside a transaction: on PGlite a transaction holds the only
 * connection, and the steps are written beside it.
 */
async function trackRound<T>(
  ctx: Ctx,
  r: RoundRow,
  purpose: RoundProgressPurpose,
  onProgress: ScoringProgress | undefined,
  work: (run: RoundRun) => Promise<T>,
): Promise<T> {
  const total = r.org_count;
  await startRoundProgress(ctx.db, r.id, purpose, total);
  await onProgress?.(0, total, 'measures');
  try {
    const out = await work({
      measures: async (done) => {
        await setRoundProgress(ctx.db, r.id, 'measures', done);
        await onProgress?.(done, total, 'measures');
      },
      store: async () => {
        await setRoundProgress(ctx.db, r.id, 'store', total);
        await onProgress?.(total, total, 'store');
      },
    });
    await setRoundProgress(ctx.db, r.id, 'done', total);
    return out;
  } catch (e) {
    await setRoundProgress(ctx.db, r.id, 'failed', 0);
    throw e;
  }
}

/** The round's latest scoring run (the pages poll it while a whole round is scored); idle when it has none. */
export async function getRoundProgress(ctx: Ctx, id: number) {
  const r = await getRoundRow(ctx, id);
  const p = await findRoundProgress(ctx.db, r.id, PROGRESS_STALE_SECONDS);
  if (!p) {
    return { running: false, purpose: null, phase: null, done: 0, total: 0, startedAt: null, updatedAt: null };
  }
  return {
    running: p.running,
    purpose: p.purpose,
    phase: p.phase,
    done: p.done,
    total: p.total,
    startedAt: new Date(p.started_at).toISOString(),
    updatedAt: new Date(p.updated_at).toISOString(),
  };
}

function scoreOrgs(
  r: RoundRow,
  orgs: readonly RoundOrgRow[],
  entries: readonly EntryRow[],
  live: Map<number, Map<AutoMeasure, MeasureValue>> | null,
): OrgScore[] {
  const system = systemOfRound(r);
  return orgs.map((o) => {
    const inputs = inputsOf(system, o.org_id, entries, live?.get(o.org_id));
    const t = scoreTree(system, inputs);
    if (t.ok) return { orgId: o.org_id, name: o.name, total: t.total, lines: t.lines, vetoes: t.vetoes, problems: [] };
    return {
      orgId: o.org_id,
      name: o.name,
      total: null,
      lines: [],
      vetoes: [],
      problems: t.refusals.map((x) => x.message),
    };
  });
}

function gradeScores(
  r: RoundRow,
  orgs: readonly RoundOrgRow[],
  scores: readonly OrgScore[],
  mode: 'demote' | 'refuse' = 'demote',
  levelFor?: (orgId: number) => number | null,
) {
  const g = gradingOfRound(r);
  const assessed: Assessed[] = scores.map((s) => {
    const o = orgs.find((x) => x.org_id === s.orgId)!;
    const secondary = g.secondaryIndicatorId
      ? (s.lines.find((l) => l.id === g.secondaryIndicatorId)?.points ?? null)
      : null;
    return {
      key: String(s.orgId),
      name: s.name,
      total: s.problems.length > 0 ? null : s.total,
      secondary,
      vetoed: s.vetoes.length > 0,
      conditions: (o.conditions as string[]) ?? [],
      manualLevel: levelFor ? levelFor(s.orgId) : o.manual_level,
    };
  });
  return gradeRound(assessed, { bands: g.bands, quotas: g.quotas, secondaryLabel: '', mode });
}

/**
 * Scores and grades of every organisation of a round, computed now (automatic values frozen or read live; `run`
 * hears after each chunk of organisations read).
 */
async function computeResults(ctx: Ctx, r: RoundRow, live: boolean, run?: RoundRun) {
  const [orgs, entries] = await Promise.all([listRoundOrgs(ctx.db, r.id), listEntries(ctx.db, r.id)]);
  const measures =
    live && r.frozen_at === null
      ? await liveMeasures(
          ctx,
          r,
          orgs.map((o) => o.org_id),
          run?.measures,
        )
      : null;
  const scores = scoreOrgs(r, orgs, entries, measures);
  const graded = gradeScores(r, orgs, scores);
  if (!graded.ok) throw new AppError('RULE_VIOLATION', graded.refusals[0]!.msg);
  const byKey = new Map(graded.graded.map((g) => [Number(g.key), g]));
  return { orgs, entries, scores, byKey, measures };
}

function resultRows(r: RoundRow, scores: readonly OrgScore[], byKey: Map<number, GradedOrg>, at: Date, revision = 0) {
  return scores.map((s) => {
    const g = byKey.get(s.orgId);
    return {
      round_id: r.id,
      org_id: s.orgId,
      total: s.problems.length > 0 ? null : s.total,
      band_level: g?.bandLevel ?? null,
      level: g?.level ?? null,
      rank: g?.rank ?? null,
      vetoed: s.vetoes.length > 0,
      why: g?.why ?? [],
      lines: s.lines,
      vetoes: s.vetoes,
      problems: s.problems,
      revision,
      computed_at: at,
    };
  });
}

const MEASURE_KEY = (m: AutoMeasure) => `label.assess.measure.${m}` as MessageKey;
const fmtRate = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

/** One line of the explanation, in words: indicator → method → what was counted. */
function explain(line: ScoreLine, cutoff: string): string {
  const d = line.detail;
  const points = line.points ?? 0;
  if (d.kind === 'auto') {
    const measure = zhOf(msg(MEASURE_KEY(d.measure)));
    if (d.evidence)
      return zhOf(msg('label.assess.explain.autoManual', { measure, points, max: line.max, evidence: d.evidence }));
    if (d.rate === null) return zhOf(msg('label.assess.explain.autoNone', { measure, cutoff }));
    return zhOf(
      msg('label.assess.explain.auto', {
        measure,
        cutoff,
        due: d.due ?? 0,
        met: d.met ?? 0,
        rate: fmtRate(d.rate),
        points,
        max: line.max,
      }),
    );
  }
  if (d.kind === 'graded') return zhOf(msg('label.assess.explain.graded', { grade: d.grade, points, max: line.max }));
  if (d.kind === 'addDeduct') {
    return zhOf(
      msg('label.assess.explain.addDeduct', {
        added: d.added,
        deducted: d.deducted,
        items: d.items.length,
        points,
        max: line.max,
      }),
    );
  }
  if (d.kind === 'veto') {
    return d.found
      ? zhOf(msg('label.assess.explain.veto', { condition: d.condition, by: d.found.by, reason: d.found.reason }))
      : zhOf(msg('label.assess.explain.vetoNone', { condition: d.condition }));
  }
  if (line.points === null) return zhOf(msg('label.assess.explain.unscored'));
  return zhOf(msg('label.assess.explain.sum', { scored: d.scored, of: d.of, points, max: line.max }));
}

/** A link as route + query, for a page to open the records counted. */
function linkOf(ref: string | null) {
  if (!ref) return null;
  const [route, query = ''] = ref.split('?');
  return { route: route!, query: Object.fromEntries(new URLSearchParams(query)) };
}

function presentLines(lines: readonly ScoreLine[], cutoff: string) {
  return lines.map((l) => ({
    id: l.id,
    path: l.path,
    depth: l.path.split(' › ').length,
    method: l.method,
    max: l.max,
    points: l.points,
    detail: l.detail,
    text: explain(l, cutoff),
    link: l.detail.kind === 'auto' ? linkOf(l.detail.ref) : null,
  }));
}

/** Whether the caller may see the results: the issuer's side always; others (the assessed, scorers) from 公示 on. */
function resultsVisible(ctx: Ctx, r: RoundRow): boolean {
  return isIssuerSide(ctx, r) || r.state === 'publicity' || r.state === 'final';
}

type ResultEntry = {
  orgId: number;
  name: string;
  total: number | null;
  rank: number | null;
  bandLevel: number | null;
  level: number | null;
  vetoed: boolean;
  why: string[];
  problems: string[];
  revision: number;
  byFirstLevel: { id: string; name: string; points: number | null }[];
  bonus: number | null;
  lines: ReturnType<typeof presentLines>;
};

function presentResult(
  r: RoundRow,
  name: string,
  row: {
    org_id: number;
    total: number | null;
    rank: number | null;
    band_level: number | null;
    level: number | null;
    vetoed: boolean;
    why: unknown;
    problems: unknown;
    revision: number;
    lines: unknown;
  },
): ResultEntry {
  const system = systemOfRound(r);
  const lines = row.lines as ScoreLine[];
  const first = system.indicators.filter((i) => !i.bonus && i.method?.kind !== 'veto');
  const bonus = system.indicators.filter((i) => i.bonus);
  return {
    orgId: row.org_id,
    name,
    total: row.total,
    rank: row.rank,
    bandLevel: row.band_level,
    level: row.level,
    vetoed: row.vetoed,
    why: row.why as string[],
    problems: row.problems as string[],
    revision: row.revision,
    byFirstLevel: first.map((i) => ({
      id: i.id,
      name: i.name,
      points: lines.find((l) => l.id === i.id)?.points ?? null,
    })),
    bonus:
      bonus.length === 0
        ? null
        : Math.round(bonus.reduce((s, i) => s + (lines.find((l) => l.id === i.id)?.points ?? 0), 0) * 100) / 100,
    lines: presentLines(lines, r.cutoff),
  };
}

/**
 * The results of a round, ranked: stored ones from 公示 on; computed now (automatic values read live, the progress
 * kept and told to `onProgress`) before. The issuer's side sees them at any time; the assessed and the scorers from
 * 公示 on.
 */
export async function getRoundResults(ctx: Ctx, id: number, onProgress?: ScoringProgress) {
  const r = await getRoundRow(ctx, id);
  if (!resultsVisible(ctx, r)) throw AppError.of('FORBIDDEN', 'err.assess.resultsHidden');
  let results: ResultEntry[];
  if (r.state === 'publicity' || r.state === 'final') {
    const [rows, orgs] = await Promise.all([listResults(ctx.db, r.id), listRoundOrgs(ctx.db, r.id)]);
    const names = new Map(orgs.map((o) => [o.org_id, o.name]));
    results = rows.map((x) =>
      presentResult(r, names.get(x.org_id) ?? '', { ...x, total: x.total === null ? null : Number(x.total) }),
    );
  } else {
    const c = await trackRound(ctx, r, 'results', onProgress, (run) => computeResults(ctx, r, true, run));
    results = resultRows(r, c.scores, c.byKey, ctx.now).map((x) =>
      presentResult(r, c.orgs.find((o) => o.org_id === x.org_id)!.name, x),
    );
  }
  results.sort(
    (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.orgId - b.orgId,
  );
  const levels = Object.fromEntries(results.filter((x) => x.level !== null).map((x) => [String(x.orgId), x.level!]));
  return {
    round: toRoundSummary(ctx, r),
    tieBreak: tieBreakOf(r),
    firstLevel: systemOfRound(r)
      .indicators.filter((i) => !i.bonus && i.method?.kind !== 'veto')
      .map((i) => ({ id: i.id, name: i.name, max: i.max })),
    levelCounts: levelCounts(levels),
    results,
  };
}

// --- the round's page, and one organisation's sheet

export async function getRoundDetail(ctx: Ctx, id: number) {
  const r = await getRoundRow(ctx, id);
  const issuerSide = isIssuerSide(ctx, r);
  const [orgs, entries, objections, revisions] = await Promise.all([
    listRoundOrgs(ctx.db, r.id),
    listEntries(ctx.db, r.id),
    listObjections(ctx.db, r.id),
    listRevisions(ctx.db, r.id),
  ]);
  const leaves = leavesOf(systemOfRound(r));
  const scorable = [...leaves.values()].filter((l) => {
    const m = l.indicator.method!;
    return !(m.kind === 'auto' && isMeasured(m.measure)) && m.kind !== 'veto';
  });
  const visibleOrgs = issuerSide
    ? orgs
    : orgs.filter((o) => pathInScope(o.path, ctx.actor) || r.scorer_org_ids.includes(ctx.actor.orgId));
  return {
    ...toRoundSummary(ctx, r),
    system: r.system,
    grading: r.grading,
    tieBreak: tieBreakOf(r),
    next: nextStateFor(ctx, r),
    orgs: visibleOrgs.map((o) => ({
      id: o.org_id,
      name: o.name,
      selfEntered: entries.filter((e) => e.org_id === o.org_id && e.side === 'self').length,
      scored: entries.filter(
        (e) =>
          e.org_id === o.org_id && e.side === 'score' && leaves.get(e.indicator_id)?.indicator.method?.kind !== 'veto',
      ).length,
      leaves: scorable.length,
      manualLevel: o.manual_level,
      conditions: (o.conditions as string[]) ?? [],
    })),
    objections: objections
      .filter((j) => issuerSide || pathInScope(j.org_path, ctx.actor))
      .map((j) => ({
        id: j.id,
        orgId: j.org_id,
        orgName: j.org_name,
        text: j.text,
        actorName: j.actor_name,
        at: new Date(j.at).toISOString(),
        answer: j.answer,
        answeredName: j.answered_name,
        answeredAt: j.answered_at ? new Date(j.answered_at).toISOString() : null,
      })),
    revisions: issuerSide
      ? revisions.map((v) => ({
          id: v.id,
          orgId: v.org_id,
          indicatorId: v.indicator_id,
          reason: v.reason,
          oldInput: v.old_input,
          newInput: v.new_input,
          changes: v.changes,
          actorName: v.actor_name,
          at: new Date(v.at).toISOString(),
        }))
      : [],
  };
}

/** Who may open one organisation's sheet: the issuer's side, the organisation's own subtree, a scorer's accounts. */
async function sheetAccess(ctx: Ctx, id: number, orgId: number) {
  const r = await getRoundRow(ctx, id);
  const orgs = await listRoundOrgs(ctx.db, r.id);
  const o = orgs.find((x) => x.org_id === orgId);
  const issuerSide = isIssuerSide(ctx, r);
  const own = o !== undefined && pathInScope(o.path, ctx.actor);
  const scorer = r.scorer_org_ids.includes(ctx.actor.orgId) && r.state !== 'draft';
  if (!o || !(issuerSide || own || scorer))
    throw AppError.of('NOT_FOUND', 'err.assess.notAssessed', { org: String(orgId) });
  return { r, orgs, o, issuerSide, own };
}

/**
 * One organisation's sheet (a phone-width form): each leaf indicator in order with its method, what the organisation
 * entered itself, the scorer's entry, the automatic value, and whether the caller may enter it now.
 */
export async function getOrgSheet(ctx: Ctx, id: number, orgId: number) {
  const { r, o, issuerSide, own } = await sheetAccess(ctx, id, orgId);
  const [entries, evidence] = await Promise.all([
    listEntries(ctx.db, r.id, orgId),
    listAssessEvidenceFiles(ctx.db, r.id, orgId),
  ]);
  const system = systemOfRound(r);
  const live = r.frozen_at === null && r.state !== 'draft' ? await liveMeasures(ctx, r, [orgId]) : null;
  const scorerIds = [...new Set([...leavesOf(system).values()].map((l) => scorerOf(r, l.indicator)))];
  const scorerNames = new Map((await listOrgsAnywhere(ctx.db, scorerIds)).map((x) => [x.id, x.name]));
  const selfOpen =
    canInRound(r.state, 'selfAssess') && ctx.actor.orgId === orgId && hasPermission(ctx.actor.role, 'task:report');
  const scoreOpen = canInRound(r.state, 'score') && hasPermission(ctx.actor.role, 'task:assign');
  const seeScores = issuerSide || r.state === 'publicity' || r.state === 'final' || !own;
  const entryOf = (e: EntryRow | undefined) =>
    e ? { input: e.input, actorName: e.actor_name, at: new Date(e.at).toISOString() } : null;
  const items = walkIndicators(system).map((w) => {
    const ind = w.indicator;
    const leaf = !ind.children || ind.children.length === 0;
    const m = ind.method;
    const measured = m?.kind === 'auto' && isMeasured(m.measure);
    const scorerId = scorerOf(r, ind);
    const v = m?.kind === 'auto' ? live?.get(orgId)?.get(m.measure) : undefined;
    const frozen = entries.find((e) => e.indicator_id === ind.id && e.side === 'auto');
    return {
      id: ind.id,
      name: ind.name,
      path: w.path,
      depth: w.depth,
      max: ind.max,
      bonus: ind.bonus ?? false,
      leaf,
      method: m ?? null,
      measured,
      evidenceHint: ind.evidence ?? '',
      scorerOrgId: scorerId,
      scorerName: scorerNames.get(scorerId) ?? '',
      self: leaf ? entryOf(entries.find((e) => e.indicator_id === ind.id && e.side === 'self')) : null,
      score: leaf && seeScores ? entryOf(entries.find((e) => e.indicator_id === ind.id && e.side === 'score')) : null,
      auto: frozen
        ? { ...(frozen.input as object), frozen: true, link: linkOf((frozen.input as { ref?: string }).ref ?? null) }
        : v
          ? { ...v, frozen: false, link: linkOf(v.ref) }
          : null,
      /** Evidence files on the entry: the organisation's own always, the scorer's when its scores are seen. */
      files: evidence
        .filter((f) => f.indicator_id === ind.id && (f.side === 'self' || seeScores))
        .map((f) => ({
          id: f.id,
          side: f.side,
          filename: f.filename,
          mime: f.mime,
          sizeBytes: Number(f.size_bytes),
          by: f.actor_name,
          at: new Date(f.at).toISOString(),
        })),
      canSelf: leaf && selfOpen && !measured && m?.kind !== 'veto',
      canScore: leaf && scoreOpen && !measured && ctx.actor.orgId === scorerId,
    };
  });
  return {
    round: toRoundSummary(ctx, r),
    org: { id: o.org_id, name: o.name, manualLevel: o.manual_level, conditions: (o.conditions as string[]) ?? [] },
    items,
  };
}

// --- entering

async function writeEntries(
  ctx: Ctx,
  id: number,
  orgId: number,
  entries: readonly EntryInput[],
  side: 'self' | 'score',
) {
  const r = await getRoundRow(ctx, id);
  const orgs = await listRoundOrgs(ctx.db, r.id);
  const o = roundOrgOf(orgs, orgId);
  if (side === 'self') {
    if (ctx.actor.orgId !== orgId) throw AppError.of('FORBIDDEN', 'err.assess.selfOnly', { org: o.name });
    requireState(r, 'selfAssess');
  } else requireState(r, 'score');
  const leaves = leavesOf(systemOfRound(r));
  const me = await getOrg(ctx, ctx.actor.orgId);
  const finder = `${me.name}（${ctx.actor.displayName}）`;
  const rows: Parameters<typeof upsertEntries>[1][number][] = [];
  for (const e of entries) {
    const leaf = leaves.get(e.indicatorId);
    if (!leaf) throw AppError.of('VALIDATION_FAILED', 'err.assess.indicatorUnknown', { id: e.indicatorId });
    const scorerId = scorerOf(r, leaf.indicator);
    if (side === 'score' && ctx.actor.orgId !== scorerId) {
      const [scorer] = await listOrgsAnywhere(ctx.db, [scorerId]);
      throw AppError.of('FORBIDDEN', 'err.assess.scorerOnly', { path: leaf.path, scorer: scorer?.name ?? '' });
    }
    const made = inputOf(ctx, leaf, e, side, finder);
    rows.push({
      round_id: r.id,
      org_id: orgId,
      indicator_id: e.indicatorId,
      side: made.side,
      input: made.input,
      scorer_org_id: side === 'score' ? scorerId : null,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockRound(trx, r.id);
    if (locked?.state !== r.state)
      requireState({ ...r, state: locked!.state }, side === 'self' ? 'selfAssess' : 'score');
    await upsertEntries(trx, rows);
    await audit(trx, ctx, `assess.${side}`, { entity: 'assess_round', entityId: r.id, orgId }, null, { entries });
  });
  return getOrgSheet(ctx, id, orgId);
}

export function selfAssess(ctx: Ctx, id: number, orgId: number, entries: readonly EntryInput[]) {
  return writeEntries(ctx, id, orgId, entries, 'self');
}

export function scoreOrg(ctx: Ctx, id: number, orgId: number, entries: readonly EntryInput[]) {
  return writeEntries(ctx, id, orgId, entries, 'score');
}

// --- the workflow

/**
 * Moves a round to its next state (the issuer only). Closing scoring (→ 公示) reads the automatic indicators at the
 * cut-off and freezes them, and stores the results; it is refused while any indicator is not scored. 确定 stores
 * the results again (the issuer may have changed grades during 公示) and sets each organisation's star level. Both
 * score the whole round: their progress is kept (the round page polls it) and told to `onProgress`.
 */
export async function transitionRound(ctx: Ctx, id: number, to: RoundState, onProgress?: ScoringProgress) {
  const r = await getRoundRow(ctx, id);
  requireIssuer(ctx, r);
  const step = roundTransition(r.state, to);
  if (!step.ok) throw new AppError('RULE_VIOLATION', step.refusal.msg, { code: step.refusal.code });
  if (to !== 'publicity' && to !== 'final') return moveRound(ctx, r, to, null);
  return trackRound(ctx, r, to, onProgress, (run) => moveRound(ctx, r, to, run));
}

async function moveRound(ctx: Ctx, r: RoundRow, to: RoundState, run: RoundRun | null) {
  let results: ReturnType<typeof resultRows> = [];
  const frozen: Parameters<typeof upsertEntries>[1][number][] = [];
  if (to === 'publicity' || to === 'final') {
    const c = await computeResults(ctx, r, to === 'publicity', run ?? undefined);
    const open = c.scores.filter((s) => s.problems.length > 0);
    if (open.length > 0) {
      throw AppError.of('RULE_VIOLATION', 'err.assess.unscored', {
        count: open.reduce((n, s) => n + s.problems.length, 0),
        org: open[0]!.name,
        path: open[0]!.problems[0]!.replace(/^指标“(.*)”尚未评分$/, '$1'),
      });
    }
    results = resultRows(r, c.scores, c.byKey, ctx.now);
    if (to === 'publicity' && c.measures) {
      const system = systemOfRound(r);
      for (const o of c.orgs) {
        for (const [iid, leaf] of leavesOf(system)) {
          const m = leaf.indicator.method!;
          if (m.kind !== 'auto' || !isMeasured(m.measure)) continue;
          const v = c.measures.get(o.org_id)?.get(m.measure);
          if (!v) continue;
          frozen.push({
            round_id: r.id,
            org_id: o.org_id,
            indicator_id: iid,
            side: 'auto',
            input: { kind: 'auto', rate: v.rate, due: v.due, met: v.met, ref: v.ref },
            scorer_org_id: null,
            actor_id: ctx.actor.userId || null,
            actor_name: ctx.actor.displayName,
            at: ctx.now,
          });
        }
      }
    }
  }
  await run?.store();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockRound(trx, r.id);
    const again = roundTransition(locked!.state, to);
    if (!again.ok) throw new AppError('RULE_VIOLATION', again.refusal.msg, { code: again.refusal.code });
    if (frozen.length > 0) await upsertEntries(trx, frozen);
    if (results.length > 0) await upsertResults(trx, results);
    if (to === 'final') {
      const regionOf = new Map((await listRoundOrgs(trx, r.id)).map((o) => [o.org_id, o.region_id]));
      const starred = results.filter((x) => x.level !== null);
      await upsertStars(
        trx,
        starred.map((x) => ({
          org_id: x.org_id,
          year: r.year,
          region_id: regionOf.get(x.org_id)!,
          level: x.level!,
          round_id: r.id,
          set_at: ctx.now,
        })),
      );
      // Targets counted from the star levels (创建四星级党组织100个) follow in this transaction.
      await refreshMeasured(trx, 'stars', { year: r.year, orgIds: starred.map((x) => x.org_id) }, ctx);
    }
    await setRoundState(trx, r.id, to, ctx.now, { frozen: to === 'publicity', finalized: to === 'final' });
    await notifyAssessed(trx, r, to);
    await audit(
      trx,
      ctx,
      'assess.round.transition',
      { entity: 'assess_round', entityId: r.id, orgId: r.org_id },
      { state: r.state },
      { state: to, results: results.length },
    );
  });
  return getRoundDetail(ctx, r.id);
}

/**
 * Tells the assessed organisations of a step of their round: 自评 opens, the results enter 公示, the round is
 * final. Other steps tell no one (scoring is the scorers' work, and they are of the issuer's side).
 */
async function notifyAssessed(trx: Transaction<DB>, r: RoundRow, to: RoundState): Promise<void> {
  const title =
    to === 'self_assessment'
      ? msg('notice.assess.selfOpen', { round: r.name, issuer: r.org_name, due: r.self_due })
      : to === 'publicity'
        ? msg('notice.assess.publicity', {
            round: r.name,
            issuer: r.org_name,
            from: r.publicity_from,
            to: r.publicity_to,
          })
        : to === 'final'
          ? msg('notice.assess.final', { round: r.name, issuer: r.org_name })
          : null;
  if (!title) return;
  const orgs = await listRoundOrgs(trx, r.id);
  await notify(
    trx,
    orgs.map((o) => ({ orgId: o.org_id, kind: 'assess' as const, title, assessRoundId: r.id })),
  );
}

/**
 * The issuer's grade for one organisation (and the conditions on record, e.g. 创新项目), during scoring or 公示. A grade
 * that takes its level over the quota is refused with the counts (the others keep their levels by score).
 */
export async function setOrgLevel(ctx: Ctx, id: number, orgId: number, body: z.infer<typeof levelBody>) {
  const r = await getRoundRow(ctx, id);
  requireIssuer(ctx, r);
  requireState(r, 'grade');
  const c = await trackRound(ctx, r, 'results', undefined, (run) => computeResults(ctx, r, r.state === 'scoring', run));
  const o = roundOrgOf(c.orgs, orgId);
  const orgs = c.orgs.map((x) =>
    x.org_id === orgId
      ? {
          ...x,
          ...(body.level !== undefined ? { manual_level: body.level } : {}),
          ...(body.conditions !== undefined ? { conditions: body.conditions } : {}),
        }
      : x,
  );
  if (body.level !== undefined && body.level !== null) {
    const levelFor = (oid: number) => {
      const x = orgs.find((y) => y.org_id === oid)!;
      return x.manual_level ?? c.byKey.get(oid)?.level ?? null;
    };
    const check = gradeScores(r, orgs, c.scores, 'refuse', levelFor);
    if (!check.ok) {
      const first = check.refusals[0]!;
      throw new AppError('RULE_VIOLATION', first.msg, { code: first.code, params: first.params });
    }
  }
  const regraded = gradeScores(r, orgs, c.scores);
  if (!regraded.ok) throw new AppError('RULE_VIOLATION', regraded.refusals[0]!.msg);
  await ctx.db.transaction().execute(async (trx) => {
    await setRoundOrg(trx, r.id, orgId, {
      ...(body.level !== undefined ? { manual_level: body.level } : {}),
      ...(body.conditions !== undefined ? { conditions: body.conditions } : {}),
    });
    if (r.state === 'publicity') {
      const byKey = new Map(regraded.graded.map((g) => [Number(g.key), g]));
      await upsertResults(trx, resultRows(r, c.scores, byKey, ctx.now));
    }
    await audit(
      trx,
      ctx,
      'assess.level',
      { entity: 'assess_round', entityId: r.id, orgId },
      { manualLevel: o.manual_level, conditions: o.conditions },
      body,
    );
  });
  return getRoundResults(ctx, id);
}

// --- 公示: objections

export async function raiseObjection(ctx: Ctx, id: number, orgId: number, body: z.infer<typeof objectionBody>) {
  const r = await getRoundRow(ctx, id);
  const orgs = await listRoundOrgs(ctx.db, r.id);
  const o = roundOrgOf(orgs, orgId);
  if (ctx.actor.orgId !== orgId) throw AppError.of('FORBIDDEN', 'err.assess.objectionOwnOnly', { org: o.name });
  requireState(r, 'object');
  await ctx.db.transaction().execute(async (trx) => {
    const objectionId = await insertObjection(trx, {
      round_id: r.id,
      org_id: orgId,
      region_id: o.region_id,
      text: body.text,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(trx, ctx, 'assess.objection', { entity: 'assess_objection', entityId: objectionId, orgId }, null, body);
    await notify(trx, [
      {
        orgId: r.org_id,
        kind: 'assess',
        title: msg('notice.assess.objection', { org: o.name, round: r.name }),
        body: body.text,
        assessRoundId: r.id,
      },
    ]);
  });
  return getRoundDetail(ctx, id);
}

export async function answerRoundObjection(ctx: Ctx, objectionId: number, body: z.infer<typeof answerBody>) {
  const j = await findObjection(ctx.db, objectionId);
  if (!j) throw AppError.of('NOT_FOUND', 'err.assess.objectionNotFound', { id: objectionId });
  const r = await findRound(ctx, j.round_id);
  requireIssuer(ctx, r);
  requireState(r, 'answer');
  if (j.answer !== null) throw AppError.of('CONFLICT', 'err.assess.objectionAnswered');
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await answerObjection(trx, objectionId, {
      answer: body.answer,
      answered_by: ctx.actor.userId || null,
      answered_name: ctx.actor.displayName,
      answered_at: ctx.now,
    });
    if (!ok) throw AppError.of('CONFLICT', 'err.assess.objectionAnswered');
    await notify(trx, [
      {
        orgId: j.org_id,
        kind: 'assess',
        title: msg('notice.assess.answered', { round: r.name, issuer: r.org_name }),
        body: body.answer,
        assessRoundId: r.id,
      },
    ]);
    await audit(
      trx,
      ctx,
      'assess.objection.answer',
      { entity: 'assess_objection', entityId: objectionId, orgId: j.org_id },
      null,
      body,
    );
  });
  return getRoundDetail(ctx, r.id);
}

async function findRound(ctx: Ctx, id: number) {
  return getRoundRow(ctx, id);
}

// --- after 确定: revisions

/**
 * A change to a final round: one indicator of one organisation, by its scorer (an automatic one by the issuer, given
 * by hand with evidence), with the reason. Every organisation's result is computed again; the revision keeps the
 * input before and after and each result that changed (total, level, rank), and the star levels follow.
 */
export async function reviseResult(ctx: Ctx, id: number, orgId: number, body: z.infer<typeof revisionBody>) {
  const r = await getRoundRow(ctx, id);
  requireState(r, 'revise');
  const leaves = leavesOf(systemOfRound(r));
  const leaf = leaves.get(body.entry.indicatorId);
  if (!leaf) throw AppError.of('VALIDATION_FAILED', 'err.assess.indicatorUnknown', { id: body.entry.indicatorId });
  const m = leaf.indicator.method!;
  const measured = m.kind === 'auto' && isMeasured(m.measure);
  const scorerId = measured ? r.org_id : scorerOf(r, leaf.indicator);
  if (ctx.actor.orgId !== scorerId || !hasPermission(ctx.actor.role, 'task:assign')) {
    const [scorer] = await listOrgsAnywhere(ctx.db, [scorerId]);
    throw AppError.of('FORBIDDEN', 'err.assess.scorerOnly', { path: leaf.path, scorer: scorer?.name ?? '' });
  }
  const me = await getOrg(ctx, ctx.actor.orgId);
  const made = measured
    ? (() => {
        if (body.entry.points === undefined || body.entry.points > leaf.indicator.max) {
          throw AppError.of('VALIDATION_FAILED', 'err.assess.pointsRange', {
            path: leaf.path,
            points: body.entry.points ?? '',
            max: leaf.indicator.max,
          });
        }
        if (blank(body.entry.evidence))
          throw AppError.of('VALIDATION_FAILED', 'err.assess.manualEvidence', { path: leaf.path });
        const input: IndicatorInput = {
          kind: 'auto',
          rate: leaf.indicator.max > 0 ? body.entry.points / leaf.indicator.max : 0,
          evidence: body.entry.evidence!,
        };
        return { input, side: 'auto' as const };
      })()
    : inputOf(ctx, leaf, body.entry, 'score', `${me.name}（${ctx.actor.displayName}）`);
  const side = measured ? 'auto' : made.side;
  const before = await computeResults(ctx, r, false);
  const roundOrg = roundOrgOf(before.orgs, orgId);
  const old = before.entries.find((e) => e.org_id === orgId && e.indicator_id === leaf.indicator.id && e.side === side);
  if (old && JSON.stringify(old.input) === JSON.stringify(made.input)) {
    throw AppError.of('VALIDATION_FAILED', 'err.assess.revisionSame');
  }
  const entry = {
    round_id: r.id,
    org_id: orgId,
    indicator_id: leaf.indicator.id,
    side,
    input: made.input,
    scorer_org_id: scorerId,
    actor_id: ctx.actor.userId || null,
    actor_name: ctx.actor.displayName,
    at: ctx.now,
  };
  const entries = [
    ...before.entries.filter((e) => !(e.org_id === orgId && e.indicator_id === leaf.indicator.id && e.side === side)),
    { ...entry, input: made.input as unknown },
  ];
  const scores = scoreOrgs(r, before.orgs, entries as EntryRow[], null);
  const graded = gradeScores(r, before.orgs, scores);
  if (!graded.ok) throw new AppError('RULE_VIOLATION', graded.refusals[0]!.msg);
  const byKey = new Map(graded.graded.map((g) => [Number(g.key), g]));
  const stored = new Map((await listResults(ctx.db, r.id)).map((x) => [x.org_id, x]));
  const changes = scores
    .map((s) => {
      const was = stored.get(s.orgId);
      const now = byKey.get(s.orgId);
      const oldR = {
        total: was?.total === null || was === undefined ? null : Number(was.total),
        level: was?.level ?? null,
        rank: was?.rank ?? null,
      };
      const newR = { total: s.total, level: now?.level ?? null, rank: now?.rank ?? null };
      return { orgId: s.orgId, name: s.name, old: oldR, new: newR, revision: (was?.revision ?? 0) + 1 };
    })
    .filter((x) => x.orgId === orgId || JSON.stringify(x.old) !== JSON.stringify(x.new));
  const rows = resultRows(r, scores, byKey, ctx.now).map((x) => ({
    ...x,
    revision: changes.find((c) => c.orgId === x.org_id)?.revision ?? stored.get(x.org_id)?.revision ?? 0,
  }));
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockRound(trx, r.id);
    if (locked?.state !== 'final') requireState({ ...r, state: locked!.state }, 'revise');
    await upsertEntries(trx, [entry]);
    await upsertResults(
      trx,
      rows.filter((x) => changes.some((c) => c.orgId === x.org_id)),
    );
    await upsertStars(
      trx,
      changes
        .filter((c) => c.new.level !== null && c.new.level !== c.old.level)
        .map((c) => ({
          org_id: c.orgId,
          year: r.year,
          region_id: before.orgs.find((o) => o.org_id === c.orgId)!.region_id,
          level: c.new.level!,
          round_id: r.id,
          set_at: ctx.now,
        })),
    );
    await refreshMeasured(trx, 'stars', { year: r.year, orgIds: changes.map((c) => c.orgId) }, ctx);
    const revisionId = await insertRevision(trx, {
      round_id: r.id,
      org_id: orgId,
      indicator_id: leaf.indicator.id,
      reason: body.reason,
      old_input: old?.input ?? null,
      new_input: made.input,
      changes,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'assess.revise',
      { entity: 'assess_revision', entityId: revisionId, orgId: roundOrg.org_id },
      { input: old?.input ?? null },
      { input: made.input, reason: body.reason, changes },
    );
  });
  return getRoundDetail(ctx, id);
}

// --- star levels

/** The star levels of an organisation's subtree in a year, against the year before (晋级/降级), and the counts. */
export async function getStars(ctx: Ctx, q: { orgId?: number | undefined; year?: number | undefined }) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const year = q.year ?? Number(ctx.today.slice(0, 4));
  const rows = await listStars(ctx.db, org.path, [year - 1, year]);
  const last: Record<string, number> = {};
  const now: Record<string, number> = {};
  const names = new Map<number, string>();
  for (const s of rows) {
    names.set(s.org_id, s.name);
    (s.year === year ? now : last)[String(s.org_id)] = s.level;
  }
  const { changes, counts } = starChanges(last, now);
  return {
    org: { id: org.id, name: org.name },
    year,
    levelCounts: levelCounts(now),
    changeCounts: counts,
    byChild: await starsByChild(ctx, org.id, year),
    orgs: changes.map((c) => ({
      orgId: Number(c.key),
      name: names.get(Number(c.key)) ?? '',
      lastYear: c.from,
      level: c.to,
      change: c.change,
      roundId: rows.find((s) => s.org_id === Number(c.key) && s.year === year)?.round_id ?? null,
    })),
  };
}

// --- evidence files on an entry

/**
 * Files of evidence for one leaf indicator of an assessed organisation (自评 or 评分): the organisation itself during
 * 自评, the indicator's scoring organisation during 上级评分, as their entries are. The files are checked (types and
 * size, as the ledger's) before anything is stored; nothing is written when one is refused. Returns the sheet.
 */
export async function attachEntryFiles(
  ctx: Ctx,
  files: FileStore,
  maxFileBytes: number,
  id: number,
  orgId: number,
  indicatorId: string,
  uploads: UploadedFile[],
) {
  const { r } = await sheetAccess(ctx, id, orgId);
  const leaf = leavesOf(systemOfRound(r)).get(indicatorId);
  if (!leaf)
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.assess.unknownIndicator',
      { id: indicatorId },
      { field: 'indicatorId' },
    );
  let side: 'self' | 'score';
  if (ctx.actor.orgId === orgId && canInRound(r.state, 'selfAssess') && hasPermission(ctx.actor.role, 'task:report')) {
    side = 'self';
  } else if (
    canInRound(r.state, 'score') &&
    hasPermission(ctx.actor.role, 'task:assign') &&
    ctx.actor.orgId === scorerOf(r, leaf.indicator)
  ) {
    side = 'score';
  } else {
    throw AppError.of('FORBIDDEN', 'err.assess.filesClosed', { state: stateLabel(r.state) });
  }
  if (uploads.length === 0) throw AppError.of('VALIDATION_FAILED', 'err.assess.noFiles', {}, { field: 'files' });
  const checked = checkUploads(uploads, maxFileBytes);
  await withStoredEvidence(ctx, files, checked, (stored) =>
    ctx.db.transaction().execute(async (trx) => {
      const evidenceId = await insertAssessEvidence(
        trx,
        {
          round_id: r.id,
          org_id: orgId,
          indicator_id: indicatorId,
          side,
          actor_id: ctx.actor.userId || null,
          actor_name: ctx.actor.displayName,
          at: ctx.now,
        },
        stored.map((f) => ({
          storage: files.kind,
          storage_key: f.key,
          filename: f.filename,
          mime: f.mime,
          size_bytes: f.data.length,
          sha256: f.sha256,
        })),
      );
      await audit(trx, ctx, 'assess.evidence.add', { entity: 'assess_evidence', entityId: evidenceId, orgId }, null, {
        roundId: r.id,
        indicatorId,
        side,
        files: stored.map((f) => f.filename),
      });
    }),
  );
  return getOrgSheet(ctx, id, orgId);
}

/** One evidence file of an assessed organisation's sheet, to whoever sees the sheet (a scorer's once scores show). */
export async function getEntryFile(ctx: Ctx, files: FileStore, id: number, orgId: number, fileId: number) {
  const { r, issuerSide, own } = await sheetAccess(ctx, id, orgId);
  const seeScores = issuerSide || r.state === 'publicity' || r.state === 'final' || !own;
  const f = (await listAssessEvidenceFiles(ctx.db, r.id, orgId)).find(
    (x) => x.id === fileId && (x.side === 'self' || seeScores),
  );
  if (!f) throw AppError.of('NOT_FOUND', 'err.evidence.notFound', { id: fileId });
  return { filename: f.filename, mime: f.mime, data: await files.get(f.storage_key) };
}
