import type { z } from 'zod';
import type {
  BackfillDevelopmentCaseBody,
  DevelopmentCaseDetail,
  DevelopmentCaseSummary,
  DevelopmentPipeline,
  DevelopmentStepBody,
  developmentCaseListQuery,
  OpenDevelopmentCaseBody,
} from '../../../contracts/development.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { addDaysIso, addMonthsIso } from '../../../domain/dates.ts';
import {
  APPROVER_ROLE_OF_STEP,
  type ApproverFacts,
  checkApprover,
  eligibleApprovers,
} from '../../../domain/people/approvers.ts';
import {
  backfillNote,
  checkDevelopmentBackfill,
  checkDevelopmentStep,
  citeOf,
  type DevelopmentAlert,
  type DevelopmentDates,
  type DevelopmentFlag,
  type DevelopmentStepInput,
  developmentAlerts,
  developmentDatesOf,
  developmentGates,
  expandBackfill,
  type GateRule,
  nextDevelopmentSteps,
  POLITICAL_REVIEW_RULE,
  type RecordedStep,
  STEP_ORDER_RULE,
} from '../../../domain/people/development.ts';
import {
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEP_INFO,
  type DevelopmentStepKind,
  DEVELOPMENT_STEPS as SEQUENCE,
} from '../../../domain/people/development-steps.ts';
import { checkIdNumber } from '../../../domain/people/id-number.ts';
import { MEMBER_STATUS_LABELS, type MemberStatus } from '../../../domain/people/vocab.ts';
import { summaryOf as catalogSummary, ruleCatalog, ruleValueAt } from '../../../domain/rules/catalog.ts';
import type { RulesOn } from '../../../domain/rules/overrides.ts';
import type { RuleSet } from '../../../domain/rules/ruleset.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { getOrg } from '../org/org.service.ts';
import { rulesForOrgPath, rulesForSubtree } from '../rules/rules.service.ts';
import {
  CASE_KEYS,
  type DevelopmentCaseRow,
  findDevelopmentCase,
  findOpenCaseIdOfPerson,
  findPersonForCase,
  insertDevelopmentCase,
  insertDevelopmentStep,
  listDevelopmentCases,
  listDevelopmentSteps,
  listOpenCasesOfSubtree,
  listOrgLine,
  listPeopleWithOpenCase,
  lockDevelopmentCase,
  updateDevelopmentCase,
  updatePersonFromCase,
} from './development.queries.ts';

/**
 * Member development (发展党员, issue 11): a case per person, opened by the application and moved step by step through
 * the gates of src/domain/people/development.ts. The person's status follows the case (the member edit path refuses
 * a hand edit behind an open case); every step is a development_step row (append-only) and an audit row.
 */

const PIPELINE_LIMIT = 500;

/** The catalogue's summaries by rule id, plus the two rules the rule set holds no number for. */
let summaries: Map<string, string> | null = null;
function summaryOf(id: string, day: string): string {
  if (!summaries) {
    summaries = new Map(ruleCatalog(day).map((r) => [r.id, r.summary]));
    summaries.set(POLITICAL_REVIEW_RULE.id, '政治审查不合格的，不能发展入党');
    summaries.set(STEP_ORDER_RULE.id, '发展党员按五个阶段二十五个步骤依次办理');
  }
  return summaries.get(id) ?? id;
}

/** A gate's rule with its summary: of the value the case is judged by (a locality's, where it adjusted the rule). */
function withSummary(ctx: Ctx, rule: GateRule, rules: RuleSet) {
  const value = ruleValueAt(rules, rule.id);
  return { ...rule, summary: value === undefined ? summaryOf(rule.id, ctx.today) : catalogSummary(rule.id, value) };
}

function alertOut(ctx: Ctx, a: DevelopmentAlert, rules: RuleSet) {
  return { ...a, rule: withSummary(ctx, a.rule, rules) };
}

function monthEndOf(day: string): string {
  return addDaysIso(addMonthsIso(`${day.slice(0, 7)}-01`, 1), -1);
}

function datesOfRow(r: DevelopmentCaseRow): Omit<DevelopmentDates, 'stage' | 'done' | 'lastOn'> {
  return {
    state: r.state,
    appliedOn: r.applied_on,
    talkOn: r.talk_on,
    activistOn: r.activist_on,
    lastAssessedOn: r.last_assessed_on,
    candidateOn: r.candidate_on,
    preReviewOn: r.pre_review_on,
    voteOn: r.vote_on,
    approvedOn: r.approved_on,
    extensionMonths: r.extension_months,
    probationEnd: r.probation_end,
    fullVoteOn: r.full_vote_on,
    fullOn: r.full_on,
  };
}

function toSummary(r: DevelopmentCaseRow, next: DevelopmentStepKind[]): DevelopmentCaseSummary {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    personStatus: r.person_status,
    orgId: r.person_org_id,
    orgName: r.org_name,
    stage: r.stage,
    state: r.state,
    appliedOn: r.applied_on,
    activistOn: r.activist_on,
    candidateOn: r.candidate_on,
    voteOn: r.vote_on,
    approvedOn: r.approved_on,
    probationEnd: r.probation_end,
    fullOn: r.full_on,
    lastOn: r.last_on,
    next,
  };
}

/** The next steps from the row alone (the sequence index; repeatable steps and outcomes need the steps). */
function nextOfRow(r: DevelopmentCaseRow, rules: RulesOn): DevelopmentStepKind[] {
  if (r.state !== 'open') return [];
  const steps = stepsFromRow(r);
  return nextDevelopmentSteps(steps, rules(r.applied_on));
}

/** Enough of the case's steps, rebuilt from its row, to tell what comes next (for lists). */
function stepsFromRow(r: DevelopmentCaseRow): RecordedStep[] {
  const steps: RecordedStep[] = [];
  const sequence: DevelopmentStepKind[] = [];
  for (let i = 0; i < r.done; i++) sequence.push(SEQUENCE[i]!);
  for (const kind of sequence) {
    steps.push({
      kind,
      on: r.last_on,
      passed: true,
      ...(kind === 'branch_vote' ? { on: r.vote_on ?? r.last_on } : {}),
    });
  }
  if (r.extension_months !== null) steps.push({ kind: 'extend', on: r.last_on, months: r.extension_months });
  return steps;
}

function stepsOf(
  rows: Awaited<ReturnType<typeof listDevelopmentSteps>>,
): (RecordedStep & { flags: { code: string }[] })[] {
  return rows.map((s) => ({
    kind: s.kind,
    on: s.on_date,
    ...(s.data as Partial<RecordedStep>),
    flags: (s.flags as { code: string }[]) ?? [],
  }));
}

async function getRow(ctx: Ctx, id: number): Promise<DevelopmentCaseRow> {
  const r = await findDevelopmentCase(ctx.db, ctx.actor, id);
  if (!r) throw AppError.of('NOT_FOUND', 'err.development.notFound', { id });
  return r;
}

export async function listCases(ctx: Ctx, q: z.infer<typeof developmentCaseListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const [{ rows, total, next }, rulesOf] = await Promise.all([
    listDevelopmentCases(
      ctx.db,
      ctx.actor,
      { orgPath: org.path, stage: q.stage, state: q.state, personId: q.personId },
      pageAtOf(ctx.auditKey, 'development-cases', q, CASE_KEYS.length),
    ),
    rulesForSubtree(ctx.db, org.path),
  ]);
  return {
    items: rows.map((r) => toSummary(r, nextOfRow(r, rulesOf(r.org_path)))),
    ...pageFields(ctx.auditKey, 'development-cases', q, total, next),
  };
}

export async function getCaseDetail(ctx: Ctx, id: number): Promise<DevelopmentCaseDetail> {
  const r = await getRow(ctx, id);
  const rows = await listDevelopmentSteps(ctx.db, id);
  const steps = stepsOf(rows);
  const rules = (await rulesForOrgPath(ctx.db, r.org_path))(r.applied_on);
  const d = developmentDatesOf(steps, rules);
  return {
    ...toSummary(r, nextDevelopmentSteps(steps, rules)),
    extensionMonths: r.extension_months,
    approvers: await approversOf(ctx, r.org_path, rules),
    steps: rows.map((s) => ({
      id: Number(s.id),
      seq: s.seq,
      kind: s.kind,
      on: s.on_date,
      document: s.document,
      decider: s.decider,
      deciderOrg: s.decider_org_id ? { id: s.decider_org_id, name: s.decider_org_name ?? '' } : null,
      reason: s.reason,
      data: s.data as Record<string, unknown>,
      flags: (s.flags as StoredFlag[]).map((f) => ({
        code: f.code,
        rule: f.rule,
        message: f.message,
        msg: { key: f.key, params: f.params },
      })),
      statusAfter: s.status_after,
      actorName: s.actor_name,
      at: new Date(s.at).toISOString(),
    })),
    gates: developmentGates(steps, ctx.today, rules).map((g) => ({ ...g, rule: withSummary(ctx, g.rule, rules) })),
    alerts: developmentAlerts(d, ctx.today, monthEndOf(ctx.today), rules).map((a) => alertOut(ctx, a, rules)),
    canWrite: hasPermission(ctx.actor.role, 'member:write'),
  };
}

type StoredFlag = { code: string; rule: GateRule; key: string; params: Record<string, unknown>; message: string };

function storedFlags(flags: DevelopmentFlag[]): StoredFlag[] {
  return flags.map((f) => ({
    code: f.code,
    rule: f.rule,
    key: f.msg.key,
    params: (f.msg.params ?? {}) as Record<string, unknown>,
    message: f.message,
  }));
}

/** What a step keeps of its body besides date, document, decider and reason (only the kind's own fields). */
function dataOf(b: DevelopmentStepBody): Record<string, unknown> {
  const keys: Partial<Record<DevelopmentStepKind, (keyof DevelopmentStepBody)[]>> = {
    mentors: ['mentors'],
    sponsors: ['sponsors'],
    political_review: ['passed'],
    training: ['trainingDays', 'trainingHours'],
    public_notice: ['noticeFrom', 'noticeTo'],
    pre_review: ['leavingOn'],
    extend: ['months'],
  };
  const out: Record<string, unknown> = {};
  for (const k of keys[b.kind] ?? []) if (b[k] !== undefined) out[k] = b[k];
  return out;
}

/** The case row's columns from its steps. */
function caseColumns(d: DevelopmentDates) {
  return {
    stage: d.stage,
    state: d.state,
    done: d.done,
    talk_on: d.talkOn,
    activist_on: d.activistOn,
    last_assessed_on: d.lastAssessedOn,
    candidate_on: d.candidateOn,
    pre_review_on: d.preReviewOn,
    vote_on: d.voteOn,
    approved_on: d.approvedOn,
    extension_months: d.extensionMonths,
    probation_end: d.probationEnd,
    full_vote_on: d.fullVoteOn,
    full_on: d.fullOn,
    last_on: d.lastOn!,
  };
}

/** The person's status and dates after a step that changes them (the roster reflects the case). */
function personChange(status: MemberStatus, d: DevelopmentDates) {
  if (status === 'applicant') return { status, applied_on: d.appliedOn, join_date: null, full_date: null };
  if (status === 'probationary') return { status, join_date: d.voteOn, full_date: null };
  if (status === 'full') return { status, full_date: d.probationEnd };
  return { status };
}

function birthDateOf(p: { birth_date: string | null; id_number?: string | null }, today: string): string | null {
  if (p.birth_date) return p.birth_date;
  if (!p.id_number) return null;
  const id = checkIdNumber(p.id_number, today);
  return id.ok ? id.birthDate : null;
}

function approverFacts(o: Awaited<ReturnType<typeof listOrgLine>>[number]): ApproverFacts {
  return {
    id: o.id,
    name: o.name,
    path: o.path,
    type: o.type,
    active: o.status === 'active',
    approvalAuthority: o.approval_authority,
    temporary: o.temporary,
    unitLevel: o.unit_level,
  };
}

/** The organisations above the branch that may decide approving and filing steps, nearest first (never itself). */
async function approversOf(ctx: Ctx, casePath: string, rules: RuleSet): Promise<DevelopmentCaseDetail['approvers']> {
  const above = (await listOrgLine(ctx.db, casePath)).map(approverFacts);
  const pick = (kind: 'approval' | 'approval_filed') =>
    eligibleApprovers(kind, above, casePath, rules).map((o) => ({ id: o.id, name: o.name }));
  return { approving: pick('approval'), above: pick('approval_filed') };
}

/**
 * A deciding organisation named by a step must be the branch itself or one of its line above (else it is not found);
 * the approver rules then say whether it may decide the step.
 */
async function aboveOrThrow(db: Parameters<typeof listOrgLine>[0], orgId: number, casePath: string) {
  const above = await listOrgLine(db, casePath);
  const o = above.find((a) => a.id === orgId);
  if (!o) throw AppError.of('NOT_FOUND', 'err.org.noSuchId', { id: orgId }, { field: 'body.deciderOrgId' });
  return { above, org: o };
}

/**
 * The organisation above that decides a step (approvers as roles on the tree): the one named, checked against the
 * rules, or the nearest that may; null for the branch's own steps.
 */
async function deciderOrgOf(
  db: Parameters<typeof listOrgLine>[0],
  body: DevelopmentStepBody,
  casePath: string,
  rules: RuleSet,
): Promise<number | null> {
  const role = APPROVER_ROLE_OF_STEP[body.kind];
  if (body.deciderOrgId === undefined) {
    if (!role) return null;
    const above = (await listOrgLine(db, casePath)).map(approverFacts);
    const first = eligibleApprovers(body.kind, above, casePath, rules)[0];
    if (first) return first.id;
    const rule = rules.development.approvers;
    throw AppError.of(
      'RULE_VIOLATION',
      'err.development.noApprover',
      {
        step: DEVELOPMENT_STEP_INFO[body.kind].zh,
        cite: citeOf({ id: 'development.approvers', source: rule.source, article: rule.article, tag: rule.confidence }),
      },
      { code: 'noApprover', field: 'deciderOrgId' },
    );
  }
  const { org } = await aboveOrThrow(db, body.deciderOrgId, casePath);
  if (!role) return org.id;
  const r = checkApprover(body.kind, approverFacts(org), casePath, rules);
  if (!r.ok) throw new AppError('RULE_VIOLATION', r.msg, { code: r.code, rule: r.rule, field: 'deciderOrgId' });
  return org.id;
}

/** Records a step (refused with the gate's reason, or accepted with its flags). */
async function record(
  ctx: Ctx,
  caseId: number,
  person: { id: number; birth_date: string | null },
  steps: RecordedStep[],
  seq: number,
  body: DevelopmentStepBody,
  trx: Parameters<typeof insertDevelopmentStep>[0],
  casePath: string,
): Promise<void> {
  const rules = (await rulesForOrgPath(trx, casePath))(expandBackfill(steps)[0]?.on ?? body.on);
  const input: DevelopmentStepInput = { ...body, reason: body.reason };
  const r = checkDevelopmentStep(steps, input, { birthDate: person.birth_date, today: ctx.today, rules });
  if (!r.ok) {
    throw new AppError('RULE_VIOLATION', r.msg, {
      code: r.code,
      rule: r.rule,
      params: r.params,
      exceptionAllowed: r.exceptionAllowed,
    });
  }
  const deciderOrgId = await deciderOrgOf(trx, body, casePath, rules);
  const data = dataOf(body);
  const after = [...steps, { kind: body.kind, on: body.on, ...data } as RecordedStep];
  const d = developmentDatesOf(after, rules);
  await insertDevelopmentStep(trx, {
    case_id: caseId,
    seq,
    kind: body.kind,
    on_date: body.on,
    document: body.document.trim(),
    decider: body.decider.trim(),
    decider_org_id: deciderOrgId,
    reason: body.reason?.trim() || null,
    data: JSON.stringify(data),
    flags: JSON.stringify(storedFlags(r.flags)),
    status_after: r.status,
    at: ctx.now,
    actor_id: ctx.actor.userId || null,
    actor_name: ctx.actor.displayName,
  });
  await updateDevelopmentCase(trx, caseId, { ...caseColumns(d), updated_at: ctx.now });
  if (r.status) await updatePersonFromCase(trx, person.id, { ...personChange(r.status, d), updated_at: ctx.now });
}

/** Opens a case with the application (递交入党申请书) of a person registered as 入党申请人. */
export async function openCase(ctx: Ctx, body: OpenDevelopmentCaseBody): Promise<DevelopmentCaseDetail> {
  const p = await findPersonForCase(ctx.db, ctx.actor, body.personId);
  if (!p) throw AppError.of('MEMBER_NOT_FOUND', 'err.person.notFound', { id: body.personId });
  if (p.status !== 'applicant') {
    throw AppError.of('RULE_VIOLATION', 'err.development.notApplicant', {
      name: p.name,
      status: MEMBER_STATUS_LABELS[p.status],
    });
  }
  if (await findOpenCaseIdOfPerson(ctx.db, p.id)) {
    throw AppError.of('CONFLICT', 'err.development.openCase', { name: p.name });
  }
  const org = await getOrg(ctx, p.org_id);
  if (org.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.person.orgDissolved', { org: org.name });
  const step: DevelopmentStepBody = {
    kind: 'apply',
    on: body.on,
    document: body.document ?? '入党申请书',
    decider: body.decider ?? '党支部',
  };
  const id = await ctx.db.transaction().execute(async (trx) => {
    const caseId = await insertDevelopmentCase(trx, {
      person_id: p.id,
      org_id: p.org_id,
      region_id: p.region_id,
      stage: 'application',
      done: 0,
      applied_on: body.on,
      last_on: body.on,
      created_by: ctx.actor.userId || null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await record(ctx, caseId, { id: p.id, birth_date: birthDateOf(p, ctx.today) }, [], 1, step, trx, org.path);
    await audit(trx, ctx, 'development.open', { entity: 'development_case', entityId: caseId, orgId: p.org_id }, null, {
      personId: p.id,
      appliedOn: body.on,
    });
    return caseId;
  });
  return getCaseDetail(ctx, id);
}

/**
 * Opens a case partway (补录) for someone already at a later stage (imported as activist, candidate or probationary
 * member): one backfill step with the dates known, noted 建档时已处于…阶段（补录）, by whom and when; the steps up to the
 * stage's confirmation count as done on those dates, and the gates from then on apply. The status is left as it is.
 */
export async function backfillCase(ctx: Ctx, body: BackfillDevelopmentCaseBody): Promise<DevelopmentCaseDetail> {
  const p = await findPersonForCase(ctx.db, ctx.actor, body.personId);
  if (!p) throw AppError.of('MEMBER_NOT_FOUND', 'err.person.notFound', { id: body.personId });
  const r = checkDevelopmentBackfill(body, p.status, ctx.today);
  if (!r.ok) throw new AppError('RULE_VIOLATION', r.msg, { code: r.code, rule: r.rule, params: r.params });
  if (await findOpenCaseIdOfPerson(ctx.db, p.id)) {
    throw AppError.of('CONFLICT', 'err.development.openCase', { name: p.name });
  }
  const org = await getOrg(ctx, p.org_id);
  if (org.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.person.orgDissolved', { org: org.name });
  const { kind, on, ...data } = r.step;
  const appliedOn = body.appliedOn ?? body.activistOn;
  const d = developmentDatesOf([r.step], (await rulesForOrgPath(ctx.db, org.path))(appliedOn));
  const extra = body.document?.trim();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const caseId = await insertDevelopmentCase(trx, {
      person_id: p.id,
      org_id: p.org_id,
      region_id: p.region_id,
      stage: d.stage,
      done: d.done,
      applied_on: appliedOn,
      last_on: d.lastOn!,
      created_by: ctx.actor.userId || null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await insertDevelopmentStep(trx, {
      case_id: caseId,
      seq: 1,
      kind,
      on_date: on,
      document: extra ? `${backfillNote(body.stage)}；${extra}` : backfillNote(body.stage),
      decider: (body.decider ?? '党支部').trim(),
      reason: null,
      data: JSON.stringify(data),
      flags: '[]',
      status_after: null,
      at: ctx.now,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
    });
    await updateDevelopmentCase(trx, caseId, { ...caseColumns(d), updated_at: ctx.now });
    await audit(
      trx,
      ctx,
      'development.backfill',
      { entity: 'development_case', entityId: caseId, orgId: p.org_id },
      null,
      { personId: p.id, ...data },
    );
    return caseId;
  });
  return getCaseDetail(ctx, id);
}

/** Records the next step of a case. */
export async function recordStep(ctx: Ctx, id: number, body: DevelopmentStepBody): Promise<DevelopmentCaseDetail> {
  const row = await getRow(ctx, id);
  const p = await findPersonForCase(ctx.db, ctx.actor, row.person_id);
  if (!p) throw AppError.of('NOT_FOUND', 'err.development.notFound', { id });
  if (body.deciderOrgId !== undefined) await aboveOrThrow(ctx.db, body.deciderOrgId, row.org_path);
  await ctx.db.transaction().execute(async (trx) => {
    await lockDevelopmentCase(trx, id);
    const rows = await listDevelopmentSteps(trx, id);
    const steps = stepsOf(rows);
    await record(
      ctx,
      id,
      { id: p.id, birth_date: birthDateOf(p, ctx.today) },
      steps,
      rows.length + 1,
      body,
      trx,
      row.org_path,
    );
    await audit(
      trx,
      ctx,
      'development.step',
      { entity: 'development_case', entityId: id, orgId: p.org_id },
      { stage: row.stage, state: row.state },
      { kind: body.kind, on: body.on, reason: body.reason ?? null },
    );
  });
  return getCaseDetail(ctx, id);
}

/** The pipeline of a subtree: how many at each stage, each open case with why it is blocked and what falls due. */
export async function getPipeline(ctx: Ctx, orgId: number | undefined): Promise<DevelopmentPipeline> {
  const org = await getOrg(ctx, orgId ?? ctx.actor.orgId);
  const [{ rows, counts }, rulesOf] = await Promise.all([
    listOpenCasesOfSubtree(ctx.db, ctx.actor, org.path, PIPELINE_LIMIT + 1),
    rulesForSubtree(ctx.db, org.path),
  ]);
  const monthEnd = monthEndOf(ctx.today);
  const byStage = Object.fromEntries(DEVELOPMENT_STAGES.map((s) => [s, 0])) as Record<
    (typeof DEVELOPMENT_STAGES)[number],
    number
  >;
  for (const c of counts) byStage[c.stage] = c.n;
  return {
    orgId: org.id,
    orgName: org.name,
    monthEnd,
    counts: byStage,
    cases: rows.slice(0, PIPELINE_LIMIT).map((r) => {
      const rules = rulesOf(r.org_path);
      return {
        ...toSummary(r, nextOfRow(r, rules)),
        alerts: developmentAlerts(datesOfRow(r), ctx.today, monthEnd, rules(r.applied_on)).map((a) =>
          alertOut(ctx, a, rules(r.applied_on)),
        ),
      };
    }),
    truncated: rows.length > PIPELINE_LIMIT,
  };
}

/** Whether the person has an open case (the member edit path refuses a hand edit of status behind it). */
export async function hasOpenDevelopmentCase(ctx: Ctx, personId: number): Promise<boolean> {
  return (await findOpenCaseIdOfPerson(ctx.db, personId)) !== undefined;
}

/** Which of these people have an open case (a roster import may not change their status: the case does). */
export async function peopleWithOpenCase(ctx: Ctx, personIds: readonly number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < personIds.length; i += 1000) {
    for (const id of await listPeopleWithOpenCase(ctx.db, personIds.slice(i, i + 1000))) out.add(id);
  }
  return out;
}
