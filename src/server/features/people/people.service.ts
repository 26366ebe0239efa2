import type { z } from 'zod';
import type {
  CreateMemberBody,
  MemberDetail,
  MemberListQuery,
  memberRow,
  UpdateMemberBody,
} from '../../../contracts/people.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { type Msg, msg } from '../../../domain/messages.ts';
import { maskIdNumber } from '../../../domain/people/id-number.ts';
import { checkMemberRecord, type MemberFacts } from '../../../domain/people/member-rules.ts';
import { nameKeys } from '../../../domain/people/name-keys.ts';
import { checkPersonName } from '../../../domain/people/person-name.ts';
import { viewIdentifyingFacts } from '../../../domain/people/person-view.ts';
import { rosterCheckWaitSeconds } from '../../../domain/people/roster-limit.ts';
import { ACTIVE_STATUSES, MEMBER_STATUS_LABELS } from '../../../domain/people/vocab.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { pathInScope } from '../../auth/scope.ts';
import type { Person } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { getOrg } from '../org/org.service.ts';
import { refreshMeasured } from '../rollups/rollups.service.ts';
import { hasOpenDevelopmentCase } from './development.service.ts';
import {
  findMemberInScope,
  findPersonByIdNumber,
  insertPerson,
  listMembers,
  listOrgPathNames,
  listPositionsOfPerson,
  listRosterCheckTimes,
  type MemberFilter,
  type MemberListRow,
  memberSortArity,
  updatePerson,
} from './people.queries.ts';

/** Whether the caller sees every member record in full (ID number, birth date, phone): member:sensitive. */
function seesFullRecords(ctx: Ctx): boolean {
  return hasPermission(ctx.actor.role, 'member:sensitive');
}

/** Full records for member:sensitive and for the person themself; the reduced view of the domain for everyone else. */
export function seesFullRecord(ctx: Ctx, personId: number): boolean {
  return seesFullRecords(ctx) || ctx.actor.personId === personId;
}

/**
 * A person as the caller may see them: the one place every people-returning path (list, detail, own profile, the
 * roster export) turns a row into what it answers.
 */
export function toMemberRow(ctx: Ctx, p: MemberListRow): z.infer<typeof memberRow> {
  const view = viewIdentifyingFacts(
    { birthDate: p.birth_date, idNumber: p.id_number, phone: p.phone },
    ctx.today,
    seesFullRecord(ctx, p.id),
  );
  return {
    id: p.id,
    name: p.name,
    gender: p.gender,
    ethnicity: p.ethnicity,
    birthDate: view.birthDate,
    birthYearMonth: view.birthYearMonth,
    age: view.age,
    education: p.education,
    idNumber: view.idNumber,
    phone: view.phone,
    status: p.status,
    orgId: p.org_id,
    orgName: p.org_name,
    joinDate: p.join_date,
    fullDate: p.full_date,
    isFloating: p.is_floating,
    isRetired: p.is_retired,
  };
}

export async function filterFromQuery(ctx: Ctx, q: MemberListQuery): Promise<MemberFilter> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  return {
    orgId: org.id,
    orgPath: org.path,
    descendants: q.descendants === 'true',
    q: q.q,
    // Without a status filter the roll is listed: people whose membership ended are asked for explicitly.
    status: q.status && q.status.length > 0 ? q.status : [...ACTIVE_STATUSES],
    ageBand: q.ageBand,
    education: q.education,
    field: q.field,
    gender: q.gender,
    floating: q.floating === undefined ? undefined : q.floating === 'true',
    retired: q.retired === undefined ? undefined : q.retired === 'true',
    birthByMonth: !seesFullRecords(ctx),
  };
}

export async function findMembers(ctx: Ctx, q: MemberListQuery) {
  const filter = await filterFromQuery(ctx, q);
  const sort = { sort: q.sort, order: q.order };
  // The cursor names its sort: a cursor of another sort (or another viewer's birth-date precision) is refused.
  const list = `members:${q.sort}:${q.order}:${filter.birthByMonth ? 'month' : 'day'}`;
  const { rows, total, totalCapped, next } = await listMembers(
    ctx.db,
    ctx.actor,
    filter,
    sort,
    pageAtOf(ctx.auditKey, list, q, memberSortArity(sort)),
    ctx.today,
  );
  return {
    items: rows.map((r) => toMemberRow(ctx, r)),
    ...pageFields(ctx.auditKey, list, q, total, next),
    ...(totalCapped ? { totalCapped } : {}),
  };
}

export async function getMember(ctx: Ctx, id: number): Promise<MemberDetail> {
  const p = await findMemberInScope(ctx.db, ctx.actor, id);
  if (!p) throw AppError.of('MEMBER_NOT_FOUND', 'err.person.notFound', { id });
  return detailOf(ctx, p);
}

/** A 党员's own record (role member). */
export async function getOwnProfile(ctx: Ctx): Promise<MemberDetail> {
  if (!ctx.actor.personId) throw AppError.of('MEMBER_NOT_FOUND', 'err.person.noRecord');
  const p = await findMemberInScope(ctx.db, ctx.actor, ctx.actor.personId);
  if (!p) throw AppError.of('MEMBER_NOT_FOUND', 'err.person.recordElsewhere');
  return detailOf(ctx, p);
}

async function detailOf(ctx: Ctx, p: MemberListRow): Promise<MemberDetail> {
  const [positions, orgPathNames] = await Promise.all([
    listPositionsOfPerson(ctx.db, p.id),
    listOrgPathNames(ctx.db, ctx.actor, p.org_path),
  ]);
  return {
    ...toMemberRow(ctx, p),
    appliedOn: p.applied_on,
    villageCommitteePost: p.village_committee_post,
    orgPathNames,
    positions: positions.map((x) => ({
      orgId: x.org_id,
      orgName: x.org_name,
      title: x.title,
      portfolio: x.portfolio,
      startedOn: x.started_on,
      endedOn: x.ended_on,
    })),
    idNumberMasked: !seesFullRecord(ctx, p.id),
    createdAt: new Date(p.created_at).toISOString(),
    updatedAt: new Date(p.updated_at).toISOString(),
  };
}

/** The columns of a member record that a person edits (the rest are derived or kept by the system). */
type MemberValues = Pick<
  Person,
  | 'org_id'
  | 'name'
  | 'gender'
  | 'ethnicity'
  | 'birth_date'
  | 'education'
  | 'id_number'
  | 'phone'
  | 'status'
  | 'applied_on'
  | 'join_date'
  | 'full_date'
  | 'is_floating'
  | 'is_retired'
  | 'village_committee_post'
>;

/** Validates a whole member record with the domain rules; throws VALIDATION_FAILED naming every field. */
function assertValidMember(values: MemberValues, today: string): void {
  const facts: MemberFacts = {
    name: values.name,
    gender: values.gender,
    birthDate: values.birth_date,
    idNumber: values.id_number,
    status: values.status,
    appliedOn: values.applied_on,
    joinDate: values.join_date,
    fullDate: values.full_date,
  };
  const problems = checkMemberRecord(facts, today, ruleSetOn(today));
  if (problems.length > 0) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.member.invalid',
      { problems: problems.map((p) => p.msg) },
      {
        issues: problems.map(({ field, message, msg: m }) => ({ field, message, key: m.key, params: m.params ?? {} })),
      },
    );
  }
}

/**
 * Why an ID number cannot be registered, as the caller may be told: inside the caller's scope, whose it is; outside,
 * only that it cannot be registered here and whom to ask — worded like any refusal, so that the answer does not
 * tell that the number is registered elsewhere (a number is registered once in the whole database).
 */
export function idNumberTakenMsg(ctx: Ctx, holder: { name: string; org_name: string; org_path: string }): Msg {
  return pathInScope(holder.org_path, ctx.actor)
    ? msg('err.roster.idRegisteredTo', { org: holder.org_name, name: holder.name })
    : msg('err.person.idNotHere');
}

/**
 * Each answer to "can this ID number be registered here" tells a little about who is registered where: an account
 * may ask RuleSet.people.rosterChecksPerAccount times in a window (a roster dry run or import asks for a whole file;
 * a member record refused for a number registered outside the caller's scope counts too), counted from the audit
 * log, where every such check is written, so that the limit holds across restarts and app instances. RATE_LIMITED
 * (429) otherwise, with the wait in `details`. The system itself (the CLI, userId 0) is not limited.
 */
export async function assertIdNumberChecksAllowed(ctx: Ctx): Promise<void> {
  if (!ctx.actor.userId) return;
  const limit = ruleSetOn(ctx.today).people.rosterChecksPerAccount.value;
  const since = new Date(ctx.now.getTime() - limit.windowMinutes * 60_000);
  const wait = rosterCheckWaitSeconds(await listRosterCheckTimes(ctx.db, ctx.actor.userId, since), ctx.now, limit);
  if (wait !== null) {
    throw AppError.of(
      'RATE_LIMITED',
      'err.person.idChecksLimited',
      { minutes: limit.windowMinutes, max: limit.max, wait: Math.ceil(wait / 60) },
      { retryAfterSeconds: wait, retryAt: new Date(ctx.now.getTime() + wait * 1000).toISOString() },
    );
  }
}

async function assertIdNumberFree(ctx: Ctx, idNumber: string | null, orgId: number, exceptId?: number): Promise<void> {
  if (!idNumber) return;
  await assertIdNumberChecksAllowed(ctx);
  const other = await findPersonByIdNumber(ctx.db, idNumber);
  if (!other || other.id === exceptId) return;
  const inScope = pathInScope(other.org_path, ctx.actor);
  if (!inScope) {
    await ctx.db
      .transaction()
      .execute((trx) =>
        audit(trx, ctx, 'member.id_refused', { entity: 'person', entityId: null, orgId }, null, { field: 'idNumber' }),
      );
  }
  const why = inScope
    ? msg('err.person.idTaken', { org: other.org_name, name: other.name })
    : msg('err.person.idNotHere');
  throw new AppError('DUPLICATE', why, { field: 'idNumber' });
}

/**
 * A caller who sees a record reduced may fill in a missing ID number or birth date but not replace one: they cannot
 * see what they would overwrite, and the answers to their tries (a mismatch, a clash) would give the hidden digits away.
 */
function assertNoBlindChange(patch: UpdateMemberBody, current: MemberListRow): void {
  const issues = [
    ...(patch.idNumber !== undefined && current.id_number !== null ? ['idNumber'] : []),
    ...(patch.birthDate !== undefined && current.birth_date !== null ? ['birthDate'] : []),
  ].map((field) => ({ field, message: '已登记的身份证号和出生日期只能由组织管理员修改' }));
  if (issues.length > 0) {
    throw AppError.of('FORBIDDEN', 'err.person.idLocked', {}, { issues });
  }
}

function snapshot(v: MemberValues) {
  return { ...v, id_number: v.id_number ? maskIdNumber(v.id_number) : null };
}

/** The name as stored (spaces folded); a name the rule refuses is kept as sent, for assertValidMember to name. */
function storedName(name: string): string {
  const r = checkPersonName(name);
  return r.ok ? r.name : name;
}

function valuesFromBody(b: Partial<CreateMemberBody>, base: MemberValues): MemberValues {
  const pick = <K extends keyof MemberValues>(k: K, v: MemberValues[K] | undefined): MemberValues[K] =>
    v === undefined ? base[k] : v;
  return {
    org_id: pick('org_id', b.orgId),
    name: pick('name', b.name === undefined ? undefined : storedName(b.name)),
    gender: pick('gender', b.gender),
    ethnicity: pick('ethnicity', b.ethnicity),
    birth_date: pick('birth_date', b.birthDate),
    education: pick('education', b.education),
    id_number: pick('id_number', b.idNumber ? b.idNumber.toUpperCase() : b.idNumber),
    phone: pick('phone', b.phone),
    status: pick('status', b.status),
    applied_on: pick('applied_on', b.appliedOn),
    join_date: pick('join_date', b.joinDate),
    full_date: pick('full_date', b.fullDate),
    is_floating: pick('is_floating', b.isFloating),
    is_retired: pick('is_retired', b.isRetired),
    village_committee_post: pick('village_committee_post', b.villageCommitteePost),
  };
}

const EMPTY: MemberValues = {
  org_id: 0,
  name: '',
  gender: null,
  ethnicity: null,
  birth_date: null,
  education: null,
  id_number: null,
  phone: null,
  status: 'full',
  applied_on: null,
  join_date: null,
  full_date: null,
  is_floating: false,
  is_retired: false,
  village_committee_post: null,
};

export async function createMember(ctx: Ctx, body: CreateMemberBody): Promise<MemberDetail> {
  const org = await getOrg(ctx, body.orgId);
  if (org.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.person.orgDissolved', { org: org.name });
  const values = valuesFromBody(body, EMPTY);
  assertValidMember(values, ctx.today);
  await assertIdNumberFree(ctx, values.id_number, org.id);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const keys = nameKeys(values.name);
    const newId = await insertPerson(trx, {
      ...values,
      region_id: org.region_id,
      name_pinyin: keys.pinyin,
      name_initials: keys.initials,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'member.create',
      { entity: 'person', entityId: newId, orgId: org.id },
      null,
      snapshot(values),
    );
    return newId;
  });
  return getMember(ctx, id);
}

export async function updateMember(ctx: Ctx, id: number, patch: UpdateMemberBody): Promise<MemberDetail> {
  const current = await findMemberInScope(ctx.db, ctx.actor, id);
  if (!current) throw AppError.of('MEMBER_NOT_FOUND', 'err.person.notFound', { id });
  const before: MemberValues = {
    org_id: current.org_id,
    name: current.name,
    gender: current.gender,
    ethnicity: current.ethnicity,
    birth_date: current.birth_date,
    education: current.education,
    id_number: current.id_number,
    phone: current.phone,
    status: current.status,
    applied_on: current.applied_on,
    join_date: current.join_date,
    full_date: current.full_date,
    is_floating: current.is_floating,
    is_retired: current.is_retired,
    village_committee_post: current.village_committee_post,
  };
  // A masked ID number or phone sent back unchanged by a form is not a change.
  const cleaned = { ...patch };
  if (cleaned.idNumber?.includes('*')) delete cleaned.idNumber;
  if (cleaned.phone?.includes('*')) delete cleaned.phone;
  if (!seesFullRecord(ctx, id)) assertNoBlindChange(cleaned, current);
  const after = valuesFromBody(cleaned, before);
  // Behind an open development case (发展党员) the status moves only through the case's steps.
  if (after.status !== before.status && (await hasOpenDevelopmentCase(ctx, id))) {
    throw AppError.of(
      'RULE_VIOLATION',
      'err.development.statusByCase',
      { name: current.name, status: MEMBER_STATUS_LABELS[before.status] },
      { issues: [{ field: 'status', message: '人员类别只能通过发展党员档案的步骤变更' }] },
    );
  }
  let regionId = current.region_id;
  if (after.org_id !== before.org_id) {
    const target = await getOrg(ctx, after.org_id);
    if (target.status !== 'active')
      throw AppError.of('ORG_DISSOLVED', 'err.person.transferDissolved', { org: target.name });
    regionId = target.region_id;
  }
  assertValidMember(after, ctx.today);
  if (after.id_number !== before.id_number) await assertIdNumberFree(ctx, after.id_number, after.org_id, id);
  await ctx.db.transaction().execute(async (trx) => {
    const keys = after.name !== before.name ? nameKeys(after.name) : null;
    await updatePerson(trx, id, {
      ...after,
      region_id: regionId,
      ...(keys ? { name_pinyin: keys.pinyin, name_initials: keys.initials } : {}),
      updated_at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'member.update',
      { entity: 'person', entityId: id, orgId: after.org_id },
      snapshot(before),
      snapshot(after),
    );
    // Targets counted from 一肩挑 (the secretary's village-committee post) follow in this transaction.
    if (after.village_committee_post !== before.village_committee_post || after.org_id !== before.org_id) {
      await refreshMeasured(trx, 'oneShoulder', { year: null, orgIds: [before.org_id, after.org_id] }, ctx);
    }
  });
  return getMember(ctx, id);
}
