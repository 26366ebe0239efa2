import type { Kysely } from 'kysely';
import type {
  CreateVillageCaseBody,
  RecordStepBody,
  VillageCaseDetail,
  VillageCaseSummary,
  VillageCountsAnswer,
  VillageCountsItem,
  VillageFlagItem,
  VillageList,
  VillageStepItem,
} from '../../../contracts/village.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { compareIso } from '../../../domain/dates.ts';
import { msg } from '../../../domain/messages.ts';
import type { RulesOn } from '../../../domain/rules/overrides.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import {
  checkStepFacts,
  countCases,
  type VillageCaseSummary as DomainSummary,
  isAssemblyMatter,
  isMatterKind,
  isOneShoulder,
  judgeStep,
  requiredSteps,
  type StepFacts,
  stepPassed,
  summarizeCase,
  type VillageFinding,
} from '../../../domain/village/decision.ts';
import {
  OTHER_MATTER,
  OTHER_MATTER_LABEL,
  VILLAGE_STEP_LABELS,
  VILLAGE_STEPS,
  type VillageStep,
} from '../../../domain/village/vocab.ts';
import { pathInScope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';
import { AppError, validationError } from '../../errors.ts';
import type { FileStore } from '../../files/file-store.ts';
import { checkUploads, type UploadedFile, withStoredEvidence } from '../assignments/ledger.service.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { rulesForAll, rulesForOrgPath, rulesForSubtree } from '../rules/rules.service.ts';
import {
  countMembersOf,
  findCase,
  findSecretaryOn,
  insertCase,
  insertStep,
  insertStepEvidence,
  listCasesOfOrgs,
  listCasesOfSubtree,
  listStepEvidence,
  listStepRows,
  lockCase,
  type VillageCaseRow,
  type VillageStepRow,
} from './village.queries.ts';

/**
 * 四议两公开 (issue 13, ../shared/domain-rules.md §6): a village (or community) opens a decision case for a matter and
 * records its six steps in order, each dated, with attendance, votes, minutes and evidence files. What the law sets
 * is refused when broken (422 naming the article); local practice is recorded and flagged (domain/village). The town,
 * or any organisation above in scope, reads every case of its subtree with the flags, the late disclosures and the
 * counts per village. Cases and steps are append-only; a correction is a new row replacing the last step.
 */

/** The list answers at most this many cases (the counts cover them all). */
const LIST_LIMIT = 500;

const iso = (d: Date | string) => new Date(d).toISOString();

function kindLabelOf(kind: string, today: string): { zh: string; en: string } {
  if (kind === OTHER_MATTER) return OTHER_MATTER_LABEL;
  const m = ruleSetOn(today).village.assemblyMatters.value.find((x) => x.code === kind);
  return m ? { zh: m.zh, en: m.en } : { zh: kind, en: kind };
}

/** The kinds a case may have: the 第二十四条 matters of the rule set in force, then other major matters. */
function kindsOf(today: string) {
  return [
    ...ruleSetOn(today).village.assemblyMatters.value.map((m) => ({ ...m, assemblyMatter: true })),
    { code: OTHER_MATTER, ...OTHER_MATTER_LABEL, assemblyMatter: false },
  ];
}

/** The rows that stand: those no later row corrects, in the order of the steps. */
function currentRows(rows: readonly VillageStepRow[]): VillageStepRow[] {
  const replaced = new Set(rows.map((r) => r.corrects_id).filter((x): x is number => x !== null));
  return rows
    .filter((r) => !replaced.has(r.id))
    .sort((a, b) => VILLAGE_STEPS.indexOf(a.step) - VILLAGE_STEPS.indexOf(b.step));
}

function factsOf(r: VillageStepRow): StepFacts {
  return {
    step: r.step,
    heldOn: r.held_on,
    merged: r.merged,
    oneShoulder: r.one_shoulder,
    body: r.body,
    noticeOn: r.notice_on,
    due: r.due,
    present: r.present,
    households: r.households,
    householdsPresent: r.households_present,
    yes: r.yes_votes,
    no: r.no_votes,
    abstain: r.abstentions,
  };
}

function flagDto(f: DomainSummary['flags'][number]): VillageFlagItem {
  return {
    flag: f.flag,
    step: f.step,
    message: f.message,
    msg: { key: f.msg.key, params: { ...(f.msg.params ?? {}) } },
    rule: f.rule,
  };
}

function summaryOf(r: VillageCaseRow, steps: readonly VillageStepRow[], s: DomainSummary, today: string) {
  const stepDays = Object.fromEntries(VILLAGE_STEPS.map((k) => [k, null])) as Record<VillageStep, string | null>;
  for (const x of steps) stepDays[x.step] = x.held_on;
  const out: VillageCaseSummary = {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    kind: r.kind,
    kindLabel: kindLabelOf(r.kind, today),
    assemblyMatter: isAssemblyMatter(r.kind, ruleSetOn(r.opened_on)),
    matter: r.matter,
    openedOn: r.opened_on,
    state: s.state,
    next: s.next,
    stepDays,
    decidedOn: s.decidedOn,
    disclosureDueOn: s.disclosureDueOn,
    disclosedOn: s.disclosedOn,
    late: s.late,
    flags: s.flags.map(flagDto),
  };
  return out;
}

/** Who may record a village's cases: an account of it or above it with the right to report. */
function canRecord(ctx: Ctx, orgPath: string): boolean {
  return hasPermission(ctx.actor.role, 'task:report') && pathInScope(orgPath, ctx.actor);
}

function assertMayRecord(ctx: Ctx, orgName: string, orgPath: string): void {
  if (!canRecord(ctx, orgPath)) throw AppError.of('FORBIDDEN', 'err.village.reportOnly', { org: orgName });
}

async function getCaseRow(ctx: Ctx, id: number): Promise<VillageCaseRow> {
  const r = await findCase(ctx.db, ctx.actor, id);
  if (!r) throw AppError.of('NOT_FOUND', 'err.village.notFound', { id });
  return r;
}

type Summarized = { row: VillageCaseRow; steps: VillageStepRow[]; summary: DomainSummary };

/** Cases with their current steps, summarised by the rules of each village (its local rules included). */
async function summarize(
  db: Kysely<DB>,
  rows: readonly VillageCaseRow[],
  rulesOf: (orgPath: string) => RulesOn,
  today: string,
): Promise<Summarized[]> {
  const all = await listStepRows(
    db,
    rows.map((r) => r.id),
  );
  const byCase = new Map<number, VillageStepRow[]>();
  for (const s of all) byCase.set(s.decision_id, [...(byCase.get(s.decision_id) ?? []), s]);
  return rows.map((row) => {
    const steps = currentRows(byCase.get(row.id) ?? []);
    const summary = summarizeCase({ kind: row.kind, steps: steps.map(factsOf) }, today, rulesOf(row.org_path));
    return { row, steps, summary };
  });
}

/**
 * 决议公开按时率 for the assessment (issue 13: a late disclosure is "counted for supervision and assessment"): per
 * village, the decided cases whose disclosure fell due from `from` to the cut-off, and those disclosed by their due
 * day (judged on the cut-off, each by its line's rules — local rules included).
 */
export async function countDisclosuresOnTime(
  db: Kysely<DB>,
  orgIds: readonly number[],
  from: string,
  cutoff: string,
): Promise<{ org_id: number; due: number; met: number }[]> {
  const rows = await listCasesOfOrgs(db, orgIds);
  if (rows.length === 0) return [];
  const rulesOf = await rulesForAll(db);
  const out = new Map<number, { org_id: number; due: number; met: number }>();
  for (const { row, summary } of await summarize(db, rows, rulesOf, cutoff)) {
    const dueOn = summary.disclosureDueOn;
    if (dueOn === null || compareIso(dueOn, from) < 0 || compareIso(dueOn, cutoff) > 0) continue;
    const c = out.get(row.org_id) ?? { org_id: row.org_id, due: 0, met: 0 };
    c.due++;
    if (summary.disclosedOn !== null && compareIso(summary.disclosedOn, dueOn) <= 0) c.met++;
    out.set(row.org_id, c);
  }
  return [...out.values()];
}

export type VillageListFilter = {
  orgId: number;
  year?: number | undefined;
  state?: 'open' | 'rejected' | 'done' | undefined;
  flagged?: 'true' | 'false' | undefined;
  late?: 'true' | 'false' | undefined;
};

async function casesOf(ctx: Ctx, q: VillageListFilter) {
  const org = await getOrg(ctx, q.orgId);
  const [rows, rulesOf] = await Promise.all([
    listCasesOfSubtree(ctx.db, ctx.actor, org.path, q.year),
    rulesForSubtree(ctx.db, org.path),
  ]);
  const all = await summarize(ctx.db, rows, rulesOf, ctx.today);
  const shown = all.filter(
    (c) =>
      (!q.state || c.summary.state === q.state) &&
      (q.flagged === undefined || c.summary.flags.length > 0 === (q.flagged === 'true')) &&
      (q.late === undefined || c.summary.late === (q.late === 'true')),
  );
  return { org, all, shown };
}

/** The cases of an organisation's subtree (a village's own, or every village's under a town), filtered. */
export async function listVillageCases(ctx: Ctx, q: VillageListFilter): Promise<VillageList> {
  const { org, all, shown } = await casesOf(ctx, q);
  const rules = (await rulesForOrgPath(ctx.db, org.path))(ctx.today);
  return {
    orgId: org.id,
    orgName: org.name,
    isVillage: org.unit_level !== null,
    canRecord: org.unit_level !== null && org.status === 'active' && canRecord(ctx, org.path),
    today: ctx.today,
    items: shown.slice(0, LIST_LIMIT).map((c) => summaryOf(c.row, c.steps, c.summary, ctx.today)),
    omitted: Math.max(0, shown.length - LIST_LIMIT),
    counts: countCases(all.map((c) => c.summary)),
    kinds: kindsOf(ctx.today),
    disclosureDays: rules.village.disclosureDays.value,
  };
}

/** The listed cases for the .xlsx export (the same filters, without the list's limit). */
export async function listVillageCasesForExport(ctx: Ctx, q: VillageListFilter) {
  const { org, shown } = await casesOf(ctx, q);
  return { org, items: shown.map((c) => summaryOf(c.row, c.steps, c.summary, ctx.today)) };
}

/**
 * The counts of a subtree's cases per village (open, done, rejected, flagged, late): what supervision and
 * assessment read. `scope` confines it to what an account sees; the system's own reads pass the whole tree's.
 */
export async function countVillageCases(
  db: Kysely<DB>,
  scope: Ctx['actor'],
  rootPath: string,
  today: string,
  year?: number,
): Promise<{ totals: VillageCountsItem; byOrg: (VillageCountsItem & { orgId: number; orgName: string })[] }> {
  const [rows, rulesOf] = await Promise.all([
    listCasesOfSubtree(db, scope, rootPath, year),
    rulesForSubtree(db, rootPath),
  ]);
  const all = await summarize(db, rows, rulesOf, today);
  const byOrg = new Map<number, { orgName: string; orgPath: string; summaries: DomainSummary[] }>();
  for (const c of all) {
    const o = byOrg.get(c.row.org_id) ?? { orgName: c.row.org_name, orgPath: c.row.org_path, summaries: [] };
    o.summaries.push(c.summary);
    byOrg.set(c.row.org_id, o);
  }
  return {
    totals: countCases(all.map((c) => c.summary)),
    byOrg: [...byOrg.entries()]
      .sort((a, b) => (a[1].orgPath < b[1].orgPath ? -1 : a[1].orgPath > b[1].orgPath ? 1 : 0))
      .map(([orgId, o]) => ({ orgId, orgName: o.orgName, ...countCases(o.summaries) })),
  };
}

export async function villageCountsOf(
  ctx: Ctx,
  q: { orgId: number; year?: number | undefined },
): Promise<VillageCountsAnswer> {
  const org = await getOrg(ctx, q.orgId);
  return { orgId: org.id, ...(await countVillageCases(ctx.db, ctx.actor, org.path, ctx.today, q.year)) };
}

/** Opens a case for a matter of a village (or community) organisation. */
export async function createVillageCase(ctx: Ctx, body: CreateVillageCaseBody): Promise<VillageCaseDetail> {
  const org = await getOrg(ctx, body.orgId);
  assertMayRecord(ctx, org.name, org.path);
  if (org.unit_level === null) throw AppError.of('RULE_VIOLATION', 'err.village.notVillage', { org: org.name });
  if (org.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.person.orgDissolved', { org: org.name });
  const kind = body.kind.trim();
  if (!isMatterKind(kind, ruleSetOn(ctx.today))) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.village.kindUnknown',
      { kind, choices: kindsOf(ctx.today).map((k) => k.zh) },
      { field: 'body.kind' },
    );
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const caseId = await insertCase(trx, {
      org_id: org.id,
      region_id: org.region_id,
      kind,
      matter: body.matter.trim(),
      note: body.note?.trim() ?? '',
      opened_on: ctx.today,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      created_at: ctx.now,
    });
    await audit(trx, ctx, 'village.create', { entity: 'village_decision', entityId: caseId, orgId: org.id }, null, {
      ...body,
      kind,
    });
    return caseId;
  });
  return getVillageCase(ctx, id);
}

/** A case with its steps (each with its files), its flags, and the village's secretary and 一肩挑 today. */
export async function getVillageCase(ctx: Ctx, id: number): Promise<VillageCaseDetail> {
  const r = await getCaseRow(ctx, id);
  const rulesOn = await rulesForOrgPath(ctx.db, r.org_path);
  const rows = await listStepRows(ctx.db, [id]);
  const steps = currentRows(rows);
  const summary = summarizeCase({ kind: r.kind, steps: steps.map(factsOf) }, ctx.today, rulesOn);
  const [files, secretary, members] = await Promise.all([
    listStepEvidence(
      ctx.db,
      rows.map((s) => s.id),
    ),
    findSecretaryOn(ctx.db, r.org_id, ctx.today),
    countMembersOf(ctx.db, r.org_path),
  ]);
  // A correction carries the files of the rows it replaced: the step's evidence is all of them.
  const stepOfRow = new Map(rows.map((s) => [s.id, s.step]));
  const today = rulesOn(ctx.today);
  const stepItems: VillageStepItem[] = steps.map((s) => {
    const chain = rows.filter((x) => x.step === s.step);
    return {
      id: s.id,
      step: s.step,
      heldOn: s.held_on,
      merged: s.merged,
      oneShoulder: s.one_shoulder,
      body: s.body,
      noticeOn: s.notice_on,
      due: s.due,
      present: s.present,
      households: s.households,
      householdsPresent: s.households_present,
      yes: s.yes_votes,
      no: s.no_votes,
      abstain: s.abstentions,
      passed: stepPassed(factsOf(s), rulesOn(s.held_on)),
      form: s.form,
      minutes: s.minutes,
      corrections: chain.length - 1,
      reason: s.reason,
      actorName: s.actor_name,
      createdAt: iso(s.created_at),
      files: files
        .filter((f) => f.village_step_id !== null && stepOfRow.get(f.village_step_id) === s.step)
        .map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, sizeBytes: Number(f.size_bytes) })),
    };
  });
  return {
    ...summaryOf(r, steps, summary, ctx.today),
    note: r.note,
    actorName: r.actor_name,
    createdAt: iso(r.created_at),
    today: ctx.today,
    canRecord: canRecord(ctx, r.org_path),
    required: requiredSteps(r.kind, today),
    village: {
      secretaryName: secretary?.name ?? null,
      oneShoulder: isOneShoulder(secretary?.village_committee_post ?? null),
      members,
      mergeAllowed: today.village.mergeWhenOneShoulder.value,
    },
    steps: stepItems,
  };
}

/** The facts of a step as sent (counts a step does not use are left out). */
function stepFactsOf(b: RecordStepBody, step: VillageStep): StepFacts {
  const voting = step === 'review' || step === 'resolution';
  const n = (v: number | undefined) => (v === undefined ? null : v);
  return {
    step,
    heldOn: b.heldOn,
    merged: false,
    oneShoulder: null,
    body: step === 'resolution' ? (b.body ?? null) : null,
    noticeOn: step === 'resolution' && b.body === 'assembly' ? (b.noticeOn ?? null) : null,
    due: n(b.due),
    present: n(b.present),
    households: step === 'resolution' && b.body === 'assembly' ? n(b.households) : null,
    householdsPresent: step === 'resolution' && b.body === 'assembly' ? n(b.householdsPresent) : null,
    yes: voting ? n(b.yes) : null,
    no: voting ? n(b.no) : null,
    abstain: voting ? n(b.abstain) : null,
  };
}

/** The field of the request a refusal concerns (the form shows the message under it). */
const REFUSAL_FIELD: Record<string, string> = {
  representativeQuorum: 'body.present',
  assemblyQuorum: 'body.present',
  assemblyNotice: 'body.noticeOn',
  dayBeforePrevious: 'body.heldOn',
};

/** Every refusal in one answer: the first as the message (naming its article), all in `details.problems`. */
function refuse(problems: readonly VillageFinding[]): never {
  const first = problems[0]!;
  const m =
    problems.length === 1 ? first.msg : msg('err.village.refused', { first: first.msg, more: problems.length - 1 });
  throw new AppError('RULE_VIOLATION', m, {
    field: REFUSAL_FIELD[first.code] ?? 'body.step',
    rule: first.rule,
    problems: problems.map((p) => ({ code: p.code, step: p.step, message: p.message, rule: p.rule })),
  });
}

/**
 * Records the next step of a case (or, with `correction`, replaces the last one). With `mergeDeliberation` on the
 * proposal, the 两委 deliberation is recorded with it (一肩挑 as it stands that day is kept on the row).
 */
export async function recordVillageStep(ctx: Ctx, id: number, body: RecordStepBody): Promise<VillageCaseDetail> {
  const r = await getCaseRow(ctx, id);
  assertMayRecord(ctx, r.org_name, r.org_path);
  if (body.mergeDeliberation && body.step !== 'proposal') {
    throw AppError.of('VALIDATION_FAILED', 'err.village.mergeOnlyProposal', {}, { field: 'body.mergeDeliberation' });
  }
  if (body.correction && !body.reason?.trim()) {
    throw AppError.of('VALIDATION_FAILED', 'err.village.correctionReason', {}, { field: 'body.reason' });
  }
  const next = stepFactsOf(body, body.step);
  const issues = checkStepFacts(next, ctx.today);
  if (issues.length > 0) {
    throw validationError(issues.map((i) => ({ field: `body.${i.field}`, message: i.message, msg: i.msg })));
  }
  const rulesOn = await rulesForOrgPath(ctx.db, r.org_path);
  const secretary = body.mergeDeliberation ? await findSecretaryOn(ctx.db, r.org_id, body.heldOn) : undefined;
  await ctx.db.transaction().execute(async (trx) => {
    await lockCase(trx, id);
    const steps = currentRows(await listStepRows(trx, [id]));
    const last = steps.at(-1);
    const existing = steps.find((s) => s.step === body.step);
    if (existing && !body.correction) {
      throw AppError.of(
        'DUPLICATE',
        'err.village.stepExists',
        { step: VILLAGE_STEP_LABELS[body.step] },
        {
          field: 'body.step',
        },
      );
    }
    if (body.correction && (!last || last.step !== body.step)) {
      throw AppError.of(
        'RULE_VIOLATION',
        'err.village.correctionNotLast',
        { last: last ? VILLAGE_STEP_LABELS[last.step] : '—' },
        { field: 'body.step' },
      );
    }
    const before = body.correction ? steps.slice(0, -1) : steps;
    const judged = judgeStep({ kind: r.kind, recorded: before.map(factsOf) }, next, rulesOn(next.heldOn), rulesOn);
    if (judged.refusals.length > 0) refuse(judged.refusals);
    const stamp = {
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      created_at: ctx.now,
    };
    const row = {
      decision_id: id,
      step: next.step,
      held_on: next.heldOn,
      body: next.body,
      notice_on: next.noticeOn,
      due: next.due,
      present: next.present,
      households: next.households,
      households_present: next.householdsPresent,
      yes_votes: next.yes,
      no_votes: next.no,
      abstentions: next.abstain,
      form: body.form ?? '',
      minutes: body.minutes ?? '',
      corrects_id: body.correction && last ? last.id : null,
      reason: body.reason?.trim() ?? '',
      ...stamp,
    };
    const stepId = await insertStep(trx, row);
    let mergedId: number | null = null;
    if (body.mergeDeliberation) {
      mergedId = await insertStep(trx, {
        decision_id: id,
        step: 'deliberation',
        held_on: next.heldOn,
        merged: true,
        one_shoulder: isOneShoulder(secretary?.village_committee_post ?? null),
        body: null,
        minutes: body.minutes ?? '',
        ...stamp,
      });
    }
    await audit(
      trx,
      ctx,
      body.correction ? 'village.step.correct' : 'village.step',
      { entity: 'village_decision', entityId: id, orgId: r.org_id },
      body.correction && last ? { stepId: last.id } : null,
      {
        ...body,
        stepId,
        ...(mergedId ? { mergedDeliberationId: mergedId } : {}),
        flags: judged.flags.map((f) => f.code),
      },
    );
  });
  return getVillageCase(ctx, id);
}

/** Attaches evidence files (photos, scanned minutes) to a step of a case; never required. */
export async function attachVillageStepFiles(
  ctx: Ctx,
  files: FileStore,
  maxFileBytes: number,
  id: number,
  stepId: number,
  uploads: readonly UploadedFile[],
): Promise<VillageCaseDetail> {
  const r = await getCaseRow(ctx, id);
  assertMayRecord(ctx, r.org_name, r.org_path);
  const step = currentRows(await listStepRows(ctx.db, [id])).find((s) => s.id === stepId);
  if (!step) throw AppError.of('NOT_FOUND', 'err.village.notFound', { id: `${id}/${stepId}` });
  if (uploads.length === 0) throw AppError.of('VALIDATION_FAILED', 'err.roster.pickFile', {}, { field: 'files' });
  const checked = checkUploads(uploads, maxFileBytes);
  await withStoredEvidence(ctx, files, checked, (stored) =>
    ctx.db.transaction().execute(async (trx) => {
      await lockCase(trx, id);
      await insertStepEvidence(
        trx,
        stored.map((f) => ({
          village_step_id: stepId,
          storage: files.kind,
          storage_key: f.key,
          filename: f.filename,
          mime: f.mime,
          size_bytes: f.data.length,
          sha256: f.sha256,
          created_at: ctx.now,
        })),
      );
      await audit(trx, ctx, 'village.files', { entity: 'village_decision', entityId: id, orgId: r.org_id }, null, {
        stepId,
        files: stored.map((f) => ({ filename: f.filename, sha256: f.sha256 })),
      });
    }),
  );
  return getVillageCase(ctx, id);
}

/** One evidence file of a case the caller can see (404 otherwise, like the case). */
export async function getVillageFile(
  ctx: Ctx,
  files: FileStore,
  id: number,
  fileId: number,
): Promise<{ filename: string; mime: string; data: Buffer }> {
  await getCaseRow(ctx, id);
  const rows = await listStepRows(ctx.db, [id]);
  const f = (
    await listStepEvidence(
      ctx.db,
      rows.map((s) => s.id),
    )
  ).find((x) => x.id === fileId);
  if (!f) throw AppError.of('NOT_FOUND', 'err.evidence.notFound', { id: fileId });
  return { filename: f.filename, mime: f.mime, data: await files.get(f.storage_key) };
}
