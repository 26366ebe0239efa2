import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  createOrgBody,
  createOrgFieldBody,
  createPositionBody,
  dissolveOrgBody,
  OrgDetail,
  OrgSummary,
  orgSearchHit,
  Position,
  updateOrgBody,
  updatePositionBody,
} from '../../../contracts/org.ts';
import { checkOrgSetup } from '../../../domain/org/setup-rules.ts';
import { termDueOn } from '../../../domain/org/term.ts';
import { canBeChildOf, ORG_TYPE_LABELS, type OrgType, POSITION_TITLE_LABELS } from '../../../domain/org/vocab.ts';
import { type ApproverFacts, checkAuthorityGrant, isStrictlyBelow } from '../../../domain/people/approvers.ts';
import { matchOrgByName, type OrgMatch, orgLookupKeys } from '../../../domain/rectify/problem-list.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import type { TaskRuleOverrides } from '../../../domain/tasks/task-rules.ts';
import { isWithinPath, systemScope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx, makeCtx } from '../context.ts';
import { rebuildAfterMove, refreshMeasured } from '../rollups/rollups.service.ts';
import {
  countActiveMembers,
  type FoundOrg,
  findOrgField,
  findOrgFieldByCodeOrName,
  findOrgIdByCode,
  findOrgInScope,
  findOrgStats,
  findOrgsByCodeOrName,
  findOrgsByNamePart,
  findOrgTypeById,
  findPersonInScope,
  findPositionInScope,
  findTreeRootOf,
  insertOrg,
  insertOrgField,
  insertPosition,
  listActiveChildTypes,
  listAncestors,
  listChildren,
  listOrgFieldRows,
  listPositions,
  lockOrg,
  moveSubtree,
  type NamedOrg,
  nextOrgId,
  type OrgRow,
  type PositionRow,
  regionOfPath,
  searchOrgs,
  updateOpenPositionsEnded,
  updateOrgRow,
  updateOrgUsersDisabled,
  updatePositionRow,
} from './org.queries.ts';

export type { FoundOrg, NamedOrg };

export function toOrgSummary(o: OrgRow): OrgSummary {
  return {
    id: o.id,
    parentId: o.parent_id,
    path: o.path,
    code: o.code,
    name: o.name,
    shortName: o.short_name,
    type: o.type,
    field: o.field,
    status: o.status,
    depth: o.depth,
    childCount: o.child_count,
  };
}

function toPosition(p: PositionRow): Position {
  return {
    id: p.id,
    orgId: p.org_id,
    personId: p.person_id,
    personName: p.person_name,
    title: p.title,
    portfolio: p.portfolio,
    startedOn: p.started_on,
    endedOn: p.ended_on,
  };
}

/** The organisation, or ORG_NOT_FOUND when it does not exist or lies outside the caller's scope. */
export async function getOrg(ctx: Ctx, id: number): Promise<OrgRow> {
  const org = await findOrgInScope(ctx.db, ctx.actor, id);
  if (!org) throw AppError.of('ORG_NOT_FOUND', 'err.org.notFound', { id });
  return org;
}

export async function getScopeRoot(ctx: Ctx): Promise<OrgSummary> {
  return toOrgSummary(await getOrg(ctx, ctx.actor.orgId));
}

export async function getOrgDetail(ctx: Ctx, id: number): Promise<OrgDetail> {
  const org = await getOrg(ctx, id);
  const [ancestors, stats, committee, childTypes] = await Promise.all([
    listAncestors(ctx.db, ctx.actor, org.path),
    findOrgStats(ctx.db, org.id, org.path),
    listPositions(ctx.db, org.id, ctx.today),
    listActiveChildTypes(ctx.db, org.id),
  ]);
  const rules = ruleSetOn(ctx.today);
  const findings = checkOrgSetup(
    {
      type: org.type,
      field: org.field,
      status: org.status,
      directFullMembers: stats.direct_full,
      directProbationary: stats.direct_probationary,
      subtreeMembersProper: stats.subtree_full + stats.subtree_probationary,
      childTypes,
      committee: committee.map((p) => ({ title: p.title })),
      termStartedOn: org.term_started_on,
      termYears: org.term_years,
    },
    ctx.today,
    rules,
  );
  return {
    ...toOrgSummary(org),
    ancestors,
    establishedOn: org.established_on,
    termStartedOn: org.term_started_on,
    termYears: org.term_years,
    termDueOn: org.term_started_on && org.term_years ? termDueOn(org.term_started_on, org.term_years) : null,
    dissolvedOn: org.dissolved_on,
    dissolveReason: org.dissolve_reason,
    approvalAuthority: org.approval_authority,
    temporary: org.temporary,
    unitLevel: org.unit_level,
    stats: {
      directMembers: stats.direct_members,
      directFullMembers: stats.direct_full,
      directProbationary: stats.direct_probationary,
      subtreeMembers: stats.subtree_members,
      subtreeFull: stats.subtree_full,
      subtreeProbationary: stats.subtree_probationary,
      subtreeCandidates: stats.subtree_candidates,
      subtreeActivists: stats.subtree_activists,
      subtreeApplicants: stats.subtree_applicants,
      subtreeOrgs: stats.subtree_orgs,
    },
    committee: committee.map(toPosition),
    findings,
  };
}

export async function getChildren(ctx: Ctx, id: number, includeDissolved: boolean): Promise<OrgSummary[]> {
  const org = await getOrg(ctx, id);
  return (await listChildren(ctx.db, ctx.actor, org.id, includeDissolved)).map(toOrgSummary);
}

export async function findOrgs(
  ctx: Ctx,
  q: { q: string; within?: number | undefined; limit: number },
): Promise<z.infer<typeof orgSearchHit>[]> {
  const within = await getOrg(ctx, q.within ?? ctx.actor.orgId);
  const rows = await searchOrgs(ctx.db, ctx.actor, within.path, q.q, q.limit);
  return rows.map((r) => ({ ...toOrgSummary(r), pathNames: r.path_names ?? [] }));
}

async function assertFieldExists(ctx: Ctx, field: string | null | undefined): Promise<void> {
  if (field === null || field === undefined) return;
  const row = await findOrgField(ctx.db, field);
  if (!row) throw AppError.of('VALIDATION_FAILED', 'err.org.noSuchField', { field }, { field: 'field' });
}

async function assertCodeFree(ctx: Ctx, code: string, exceptId?: number): Promise<void> {
  const other = await findOrgIdByCode(ctx.db, code, exceptId);
  if (other !== undefined) throw AppError.of('DUPLICATE', 'err.org.codeTaken', { code }, { field: 'code' });
}

function assertStructure(parentType: OrgType, childType: OrgType): void {
  if (!canBeChildOf(parentType, childType)) {
    throw AppError.of(
      'ORG_STRUCTURE',
      'err.org.structure',
      { parent: ORG_TYPE_LABELS[parentType], child: ORG_TYPE_LABELS[childType] },
      { parentType, childType },
    );
  }
}

/**
 * An organisation holding the authority to approve member development must be one that may (细则 [C]: never a village
 * or community organisation, nor a temporary one; only a base committee or working committee).
 */
function assertApproverRole(ctx: Ctx, facts: ApproverFacts): void {
  if (!facts.approvalAuthority) return;
  const r = checkAuthorityGrant(facts, ruleSetOn(ctx.today));
  if (!r.ok) throw new AppError('RULE_VIOLATION', r.msg, { code: r.code, rule: r.rule, field: 'approvalAuthority' });
}

function assertActive(org: OrgRow): void {
  if (org.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.org.dissolvedNoAction', { org: org.name });
}

function orgSnapshot(o: OrgRow) {
  return {
    code: o.code,
    name: o.name,
    shortName: o.short_name,
    type: o.type,
    field: o.field,
    parentId: o.parent_id,
    path: o.path,
    status: o.status,
    establishedOn: o.established_on,
    termStartedOn: o.term_started_on,
    termYears: o.term_years,
    dissolvedOn: o.dissolved_on,
    dissolveReason: o.dissolve_reason,
    approvalAuthority: o.approval_authority,
    temporary: o.temporary,
    unitLevel: o.unit_level,
  };
}

export async function createOrg(ctx: Ctx, body: z.infer<typeof createOrgBody>): Promise<OrgSummary> {
  const parent = await getOrg(ctx, body.parentId);
  assertActive(parent);
  assertStructure(parent.type, body.type);
  await assertFieldExists(ctx, body.field);
  if (body.code) await assertCodeFree(ctx, body.code);
  assertApproverRole(ctx, {
    id: 0,
    name: body.name,
    path: `${parent.path}.0`,
    type: body.type,
    active: true,
    approvalAuthority: body.approvalAuthority ?? false,
    temporary: body.temporary ?? false,
    unitLevel: body.unitLevel ?? null,
  });
  const id = await ctx.db.transaction().execute(async (trx) => {
    await lockOrg(trx, parent.id);
    const newId = await nextOrgId(trx);
    const path = `${parent.path}.${newId}`;
    await insertOrg(trx, {
      id: newId,
      parent_id: parent.id,
      path,
      region_id: regionOfPath(path),
      code: body.code ?? `O${newId}`,
      name: body.name,
      short_name: body.shortName ?? null,
      type: body.type,
      field: body.field ?? parent.field,
      established_on: body.establishedOn ?? null,
      term_started_on: body.termStartedOn ?? null,
      term_years: body.termYears ?? null,
      approval_authority: body.approvalAuthority ?? false,
      temporary: body.temporary ?? false,
      unit_level: body.unitLevel ?? null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const created = (await findOrgInScope(trx, ctx.actor, newId))!;
    await audit(trx, ctx, 'org.create', { entity: 'org', entityId: newId, orgId: newId }, null, orgSnapshot(created));
    return newId;
  });
  return toOrgSummary(await getOrg(ctx, id));
}

export async function updateOrg(ctx: Ctx, id: number, patch: z.infer<typeof updateOrgBody>): Promise<OrgSummary> {
  const org = await getOrg(ctx, id);
  assertActive(org);
  if (patch.type && patch.type !== org.type) {
    if (org.parent_id) {
      assertStructure(await findOrgTypeById(ctx.db, org.parent_id), patch.type);
    }
    for (const childType of new Set(await listActiveChildTypes(ctx.db, org.id))) {
      assertStructure(patch.type, childType);
    }
  }
  if (patch.field !== undefined) await assertFieldExists(ctx, patch.field);
  if (patch.code && patch.code !== org.code) await assertCodeFree(ctx, patch.code, org.id);
  if (patch.approvalAuthority !== undefined && patch.approvalAuthority !== org.approval_authority) {
    // The authority is granted and withdrawn from above (the organisation department), never by the org itself.
    if (!isStrictlyBelow(org.path, ctx.actor.orgPath)) {
      throw AppError.of('FORBIDDEN', 'err.org.authorityFromAbove', {}, { field: 'approvalAuthority' });
    }
  }
  assertApproverRole(ctx, {
    id: org.id,
    name: patch.name ?? org.name,
    path: org.path,
    type: patch.type ?? org.type,
    active: true,
    approvalAuthority: patch.approvalAuthority ?? org.approval_authority,
    temporary: patch.temporary ?? org.temporary,
    unitLevel: patch.unitLevel !== undefined ? patch.unitLevel : org.unit_level,
  });
  await ctx.db.transaction().execute(async (trx) => {
    await lockOrg(trx, org.id);
    await updateOrgRow(trx, org.id, {
      ...(patch.code !== undefined ? { code: patch.code } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.shortName !== undefined ? { short_name: patch.shortName } : {}),
      ...(patch.type !== undefined ? { type: patch.type } : {}),
      ...(patch.field !== undefined ? { field: patch.field } : {}),
      ...(patch.establishedOn !== undefined ? { established_on: patch.establishedOn } : {}),
      ...(patch.termStartedOn !== undefined ? { term_started_on: patch.termStartedOn } : {}),
      ...(patch.termYears !== undefined ? { term_years: patch.termYears } : {}),
      ...(patch.approvalAuthority !== undefined ? { approval_authority: patch.approvalAuthority } : {}),
      ...(patch.temporary !== undefined ? { temporary: patch.temporary } : {}),
      ...(patch.unitLevel !== undefined ? { unit_level: patch.unitLevel } : {}),
      updated_at: ctx.now,
    });
    const after = (await findOrgInScope(trx, ctx.actor, org.id))!;
    await audit(
      trx,
      ctx,
      'org.update',
      { entity: 'org', entityId: org.id, orgId: org.id },
      orgSnapshot(org),
      orgSnapshot(after),
    );
  });
  return toOrgSummary(await getOrg(ctx, id));
}

export async function moveOrg(ctx: Ctx, id: number, newParentId: number): Promise<{ org: OrgSummary; moved: number }> {
  const org = await getOrg(ctx, id);
  if (org.id === ctx.actor.orgId) throw AppError.of('OUT_OF_SCOPE', 'err.org.moveOwnRoot');
  if (!org.parent_id) throw AppError.of('ORG_STRUCTURE', 'err.org.moveRoot');
  const parent = await getOrg(ctx, newParentId);
  assertActive(org);
  assertActive(parent);
  if (isWithinPath(parent.path, org.path)) {
    throw AppError.of('ORG_STRUCTURE', 'err.org.moveIntoSelf');
  }
  if (parent.id === org.parent_id) throw AppError.of('ORG_STRUCTURE', 'err.org.alreadyThere');
  assertStructure(parent.type, org.type);
  const moved = await ctx.db.transaction().execute(async (trx) => {
    await lockOrg(trx, org.id);
    await lockOrg(trx, parent.id);
    const n = await moveSubtree(trx, {
      orgId: org.id,
      oldPath: org.path,
      newParentId: parent.id,
      newParentPath: parent.path,
    });
    const after = (await findOrgInScope(trx, ctx.actor, org.id))!;
    const tasksRebuilt = await rebuildAfterMove(trx, after.path, ctx);
    await audit(
      trx,
      ctx,
      'org.move',
      { entity: 'org', entityId: org.id, orgId: org.id },
      { parentId: org.parent_id, path: org.path },
      { parentId: after.parent_id, path: after.path, descendantsMoved: n - 1, tasksRebuilt },
    );
    return n;
  });
  return { org: toOrgSummary(await getOrg(ctx, id)), moved };
}

export async function dissolveOrg(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof dissolveOrgBody>,
): Promise<{ org: OrgSummary; disabledAccounts: number }> {
  const org = await getOrg(ctx, id);
  if (org.id === ctx.actor.orgId) {
    throw AppError.of('OUT_OF_SCOPE', 'err.org.dissolveOwnRoot');
  }
  assertActive(org);
  if (body.dissolvedOn > ctx.today)
    throw AppError.of('VALIDATION_FAILED', 'err.org.dissolveFuture', {}, { field: 'dissolvedOn' });
  return ctx.db.transaction().execute(async (trx) => {
    await lockOrg(trx, org.id);
    const children = await listActiveChildTypes(trx, org.id);
    if (children.length > 0) {
      throw AppError.of('RULE_VIOLATION', 'err.org.hasChildren', { org: org.name, n: children.length });
    }
    const members = await countActiveMembers(trx, org.id);
    if (members > 0) {
      throw AppError.of('RULE_VIOLATION', 'err.org.hasMembers', { org: org.name, n: members });
    }
    await updateOrgRow(trx, org.id, {
      status: 'dissolved',
      dissolved_on: body.dissolvedOn,
      dissolve_reason: body.reason,
      updated_at: ctx.now,
    });
    await updateOpenPositionsEnded(trx, org.id, body.dissolvedOn);
    const disabled = await updateOrgUsersDisabled(trx, org.id, ctx.now);
    const after = (await findOrgInScope(trx, ctx.actor, org.id))!;
    await audit(trx, ctx, 'org.dissolve', { entity: 'org', entityId: org.id, orgId: org.id }, orgSnapshot(org), {
      ...orgSnapshot(after),
      disabledAccounts: disabled,
    });
    return { org: toOrgSummary(after), disabledAccounts: disabled.length };
  });
}

export async function listOrgFields(ctx: Ctx) {
  const rows = await listOrgFieldRows(ctx.db);
  return rows.map((r) => ({ code: r.code, name: r.name, builtin: r.builtin }));
}

export async function createOrgField(ctx: Ctx, body: z.infer<typeof createOrgFieldBody>) {
  const clash = await findOrgFieldByCodeOrName(ctx.db, body.code, body.name);
  if (clash) throw AppError.of('DUPLICATE', 'err.org.fieldExists', { name: body.name, code: body.code });
  await ctx.db.transaction().execute(async (trx) => {
    await insertOrgField(trx, { code: body.code, name: body.name });
    await audit(trx, ctx, 'org_field.create', { entity: 'org_field', entityId: body.code, orgId: null }, null, body);
  });
  return { code: body.code, name: body.name, builtin: false };
}

export async function getPositions(ctx: Ctx, orgId: number, includeEnded: boolean): Promise<Position[]> {
  const org = await getOrg(ctx, orgId);
  return (await listPositions(ctx.db, org.id, includeEnded ? null : ctx.today)).map(toPosition);
}

export async function createPosition(
  ctx: Ctx,
  orgId: number,
  body: z.infer<typeof createPositionBody>,
): Promise<Position> {
  const org = await getOrg(ctx, orgId);
  assertActive(org);
  if (org.type === 'group') throw AppError.of('ORG_STRUCTURE', 'err.org.groupNoCommittee');
  const person = await findPersonInScope(ctx.db, ctx.actor, body.personId);
  if (!person) throw AppError.of('MEMBER_NOT_FOUND', 'err.person.notFound', { id: body.personId });
  if (person.status !== 'full') {
    throw AppError.of('RULE_VIOLATION', 'err.org.notFullMember', {
      name: person.name,
      title: POSITION_TITLE_LABELS[body.title],
    });
  }
  if (body.title === 'secretary' || body.title === 'deputy_secretary') {
    const current = await listPositions(ctx.db, org.id, ctx.today);
    const holder = current.find((p) => p.title === body.title);
    if (body.title === 'secretary' && holder) {
      throw AppError.of('CONFLICT', 'err.org.hasSecretary', { org: org.name, holder: holder.person_name });
    }
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const newId = await insertPosition(trx, {
      org_id: org.id,
      person_id: person.id,
      title: body.title,
      portfolio: body.portfolio ?? null,
      started_on: body.startedOn,
      created_at: ctx.now,
    });
    await audit(trx, ctx, 'position.create', { entity: 'org_position', entityId: newId, orgId: org.id }, null, {
      ...body,
      orgId: org.id,
      personName: person.name,
    });
    // Targets counted from 一肩挑 follow a new secretary in this transaction.
    if (body.title === 'secretary') await refreshMeasured(trx, 'oneShoulder', { year: null, orgIds: [org.id] }, ctx);
    return newId;
  });
  const created = (await listPositions(ctx.db, org.id, null)).find((p) => p.id === id)!;
  return toPosition(created);
}

export async function updatePosition(
  ctx: Ctx,
  id: number,
  patch: z.infer<typeof updatePositionBody>,
): Promise<Position> {
  const pos = await findPositionInScope(ctx.db, ctx.actor, id);
  if (!pos) throw AppError.of('POSITION_NOT_FOUND', 'err.position.notFound', { id });
  if (patch.endedOn && patch.endedOn < pos.started_on) {
    throw AppError.of('VALIDATION_FAILED', 'err.position.endBeforeStart', {}, { field: 'endedOn' });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updatePositionRow(trx, id, {
      ...(patch.portfolio !== undefined ? { portfolio: patch.portfolio } : {}),
      ...(patch.endedOn !== undefined ? { ended_on: patch.endedOn } : {}),
    });
    await audit(
      trx,
      ctx,
      'position.update',
      { entity: 'org_position', entityId: id, orgId: pos.org_id },
      { portfolio: pos.portfolio, endedOn: pos.ended_on },
      patch,
    );
    if (pos.title === 'secretary' && patch.endedOn !== undefined) {
      await refreshMeasured(trx, 'oneShoulder', { year: null, orgIds: [pos.org_id] }, ctx);
    }
  });
  return toPosition((await listPositions(ctx.db, pos.org_id, null)).find((p) => p.id === id)!);
}

/** A context acting as the system administrator of the tree that holds `orgId` (the CLI, the demo). */
export async function systemCtxForOrg(
  db: Kysely<DB>,
  orgId: number,
  now: Date,
  auditKey: Buffer,
  taskRules: TaskRuleOverrides = {},
): Promise<Ctx> {
  const root = await findTreeRootOf(db, orgId);
  if (!root) throw AppError.of('ORG_NOT_FOUND', 'err.org.noSuchId', { id: orgId });
  return makeCtx(db, now, systemScope(root.path, root.id), auditKey, taskRules);
}

/** An organisation's id by its code, in the whole database (the CLI). */
export async function getOrgIdByCode(db: Kysely<DB>, code: string): Promise<number> {
  const id = await findOrgIdByCode(db, code);
  if (id === undefined) throw AppError.of('ORG_NOT_FOUND', 'err.org.noSuchCode', { code });
  return id;
}

/**
 * Organisations inside `subtreePath` (and the caller's scope) whose code or exact name is one of `keys`:
 * how a roster import resolves its 所在党组织 column.
 */
export function findOrgsForImport(ctx: Ctx, subtreePath: string, keys: string[]): Promise<FoundOrg[]> {
  return findOrgsByCodeOrName(ctx.db, ctx.actor, subtreePath, keys);
}

/** How many names one lookup of matchOrgNamesForImport takes. */
const NAME_LOOKUP_BATCH = 200;

/**
 * Organisations inside `subtreePath` (and the caller's scope) that a name written in a list may mean: by code, or
 * whose name or short name contains one of `names` (how a problem list resolves its 责任单位; the caller decides).
 */
export function findOrgsByNameForImport(
  ctx: Ctx,
  subtreePath: string,
  lookup: { codes: readonly string[]; names: readonly string[] },
): Promise<NamedOrg[]> {
  if (lookup.codes.length === 0 && lookup.names.length === 0) return Promise.resolve([]);
  return findOrgsByNamePart(ctx.db, ctx.actor, subtreePath, lookup.codes, lookup.names);
}

/**
 * What each name written in a list (a 责任单位, a ledger's 组织) means inside `subtreePath` and the caller's scope:
 * one organisation, none, or several (matchOrgByName: code, name, short name, suffix, part), looked up in batches.
 * The caller turns none, several and a dissolved one into its own messages.
 */
export async function matchOrgNamesForImport(
  ctx: Ctx,
  subtreePath: string,
  texts: readonly string[],
): Promise<Map<string, OrgMatch<NamedOrg & { shortName: string | null }>>> {
  const out = new Map<string, OrgMatch<NamedOrg & { shortName: string | null }>>();
  for (let i = 0; i < texts.length; i += NAME_LOOKUP_BATCH) {
    const batch = texts.slice(i, i + NAME_LOOKUP_BATCH);
    const keys = batch.map(orgLookupKeys);
    const candidates = (
      await findOrgsByNameForImport(ctx, subtreePath, {
        codes: [...new Set(keys.flatMap((k) => k.codes))],
        names: [...new Set(keys.flatMap((k) => k.names))],
      })
    ).map((o) => ({ ...o, shortName: o.short_name }));
    for (const text of batch) out.set(text, matchOrgByName(text, candidates));
  }
  return out;
}
