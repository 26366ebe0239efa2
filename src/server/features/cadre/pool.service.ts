import type { z } from 'zod';
import type {
  CadreList,
  CadreRow,
  cadreListQuery,
  nominateBody,
  PoolEntry,
  PoolList,
  poolExitBody,
  poolListQuery,
  poolRecordBody,
  setPostBody,
} from '../../../contracts/cadre-pool.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { cadreLevelOf } from '../../../domain/cadre/levels.ts';
import { isPostRank, poolCategory, recordDatesValid } from '../../../domain/cadre/pool.ts';
import { ageGroupOf, youngMaxAge } from '../../../domain/cadre/structure.ts';
import { compareIso } from '../../../domain/dates.ts';
import { ageByMonthOn, ageOn, yearMonthOf } from '../../../domain/people/age.ts';
import type { RuleSet } from '../../../domain/rules/ruleset.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { rulesForOrgPath, rulesForSubtree } from '../rules/rules.service.ts';
import {
  findActiveEntry,
  findPerson,
  insertEntry,
  insertPost,
  insertRecord,
  listActivePoolPeople,
  listPoolEntries,
  listPoolRecords,
  listPostsUnder,
  type PoolEntryRow,
} from './pool.queries.ts';
import { listOneTeam, listTeamPositions } from './structure.queries.ts';

/**
 * The cadre record and the young-cadre pool (issue 13, area cadre; docs/cadre.md). A cadre is whoever holds a
 * committee position (org area) or a non-Party post recorded here (post and rank, the rank from cadre.postRanks).
 * The pool: nomination with reasons under a category of the line's rules (cadre.poolCategories), training and
 * practice records, exit with a reason. All rows append-only.
 */

export async function listCadres(ctx: Ctx, q: z.infer<typeof cadreListQuery>): Promise<CadreList> {
  const org = await getOrg(ctx, q.orgId);
  const on = ctx.today;
  const [seats, posts, rulesOf] = await Promise.all([
    q.scope === 'team' ? listOneTeam(ctx.db, org.id, on) : listTeamPositions(ctx.db, org.path, on),
    listPostsUnder(ctx.db, org.path),
    rulesForSubtree(ctx.db, org.path),
  ]);
  const rootRules = rulesOf(org.path)(on);
  const rootLevel = cadreLevelOf(org);
  const full = hasPermission(ctx.actor.role, 'member:sensitive');
  const byPerson = new Map<number, CadreRow & { youngMax: number }>();
  const row = (p: {
    person_id: number;
    name: string;
    gender: CadreRow['gender'];
    birth_date: string | null;
    education: CadreRow['education'];
    ethnicity: string | null;
  }) => {
    const age = p.birth_date !== null ? ageOn(p.birth_date, on) : null;
    return {
      personId: p.person_id,
      name: p.name,
      gender: p.gender,
      birthDate: full ? p.birth_date : null,
      birthYearMonth: p.birth_date !== null ? yearMonthOf(p.birth_date) : null,
      age: shownAge(ctx, p.birth_date),
      ageGroup: age !== null ? ageGroupOf(age, rootRules) : null,
      young: false,
      education: p.education,
      ethnicity: p.ethnicity,
      positions: [],
      post: null,
      inPool: false,
      youngMax: -1,
    };
  };
  for (const s of seats) {
    let r = byPerson.get(s.person_id);
    if (!r) {
      r = row(s);
      byPerson.set(s.person_id, r);
    }
    r.positions.push({
      orgId: s.org_id,
      orgName: s.org_name,
      title: s.title,
      startedOn: s.started_on,
      termsBefore: s.terms_before,
    });
    const level = cadreLevelOf({ type: s.org_type, unit_level: s.unit_level });
    r.youngMax = Math.max(r.youngMax, youngMaxAge(level, rulesOf(s.org_path)(on)));
  }
  const teamIds = new Set(byPerson.keys());
  for (const p of posts) {
    if (q.scope === 'team' && !teamIds.has(p.person_id)) continue;
    let r = byPerson.get(p.person_id);
    if (!r) {
      r = { ...row(p), youngMax: youngMaxAge(rootLevel, rootRules) };
      byPerson.set(p.person_id, r);
    }
    r.post = { post: p.post, rank: p.rank, since: p.since };
  }
  const pool = await listActivePoolPeople(ctx.db, [...byPerson.keys()]);
  const items: CadreRow[] = [];
  for (const { youngMax, ...r } of byPerson.values()) {
    const young = r.age !== null && r.age <= youngMax;
    if (q.young === 'true' && !young) continue;
    items.push({ ...r, young, inPool: pool.has(r.personId) });
  }
  return { on, items, ranks: [...rootRules.cadre.postRanks.value] };
}

/**
 * A person's age as a list shows it: 周岁 today for a caller with member:sensitive, else counted by month, so that
 * no answer tells the day of a birthday (as the member list does). The structure report counts 周岁 on the day.
 */
function shownAge(ctx: Ctx, birthDate: string | null): number | null {
  if (birthDate === null) return null;
  return hasPermission(ctx.actor.role, 'member:sensitive')
    ? ageOn(birthDate, ctx.today)
    : ageByMonthOn(yearMonthOf(birthDate), ctx.today);
}

/** A person inside the caller's scope, or 404 (an id outside answers as a missing one). */
async function personInScope(ctx: Ctx, personId: number) {
  const p = await findPerson(ctx.db, personId);
  if (!p || !pathInScope(p.org_path, ctx.actor))
    throw AppError.of('NOT_FOUND', 'err.cadre.personNotFound', { id: personId });
  return p;
}

/** Records a person's non-Party post and rank (a new row; the latest stands). */
export async function setPost(ctx: Ctx, personId: number, body: z.infer<typeof setPostBody>) {
  const p = await personInScope(ctx, personId);
  const rules = (await rulesForOrgPath(ctx.db, p.org_path))(ctx.today);
  if (!isPostRank(body.rank, rules)) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.cadre.rank',
      { ranks: rules.cadre.postRanks.value.join('、') },
      { field: 'rank' },
    );
  }
  if (compareIso(body.since, ctx.today) > 0)
    throw AppError.of('VALIDATION_FAILED', 'err.cadre.future', {}, { field: 'since' });
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertPost(trx, {
      person_id: p.id,
      org_id: p.org_id,
      region_id: p.region_id,
      post: body.post,
      rank: body.rank,
      since: body.since,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(trx, ctx, 'cadre.post.set', { entity: 'cadre_post', entityId: id, orgId: p.org_id }, null, body);
  });
  return { post: body.post, rank: body.rank, since: body.since };
}

export async function listPool(ctx: Ctx, q: z.infer<typeof poolListQuery>): Promise<PoolList> {
  const org = await getOrg(ctx, q.orgId);
  const [entries, rulesOf] = await Promise.all([listPoolEntries(ctx.db, org.path), rulesForSubtree(ctx.db, org.path)]);
  const rules = rulesOf(org.path)(ctx.today);
  const shown = entries.filter(
    (e) =>
      (q.category === undefined || q.category === '' || e.category === q.category) &&
      (q.status === 'all' || (q.status === 'active') === (e.exited_on === null)),
  );
  const active = entries.filter((e) => e.exited_on === null);
  return {
    items: await entriesOf(ctx, shown, rulesOf),
    counts: { active: active.length, exited: entries.length - active.length },
    byCategory: rules.cadre.poolCategories.value.map((c) => ({
      ...c,
      active: active.filter((e) => e.category === c.code).length,
    })),
  };
}

async function entriesOf(
  ctx: Ctx,
  entries: readonly PoolEntryRow[],
  rulesOf: (orgPath: string) => (day: string) => RuleSet,
): Promise<PoolEntry[]> {
  const records = await listPoolRecords(
    ctx.db,
    entries.map((e) => e.id),
  );
  return entries.map((e) => ({
    id: e.id,
    personId: e.person_id,
    name: e.name,
    gender: e.gender,
    age: e.birth_date !== null ? ageOn(e.birth_date, ctx.today) : null,
    education: e.education,
    orgId: e.org_id,
    orgName: e.org_name,
    category: e.category,
    categoryName: poolCategory(e.category, rulesOf(e.org_path)(ctx.today))?.zh ?? e.category,
    reasons: e.reasons,
    nominatedOn: e.nominated_on,
    nominatorOrgName: e.nominator_org_name,
    nominatedBy: e.actor_name,
    status: e.exited_on === null ? 'active' : 'exited',
    exitedOn: e.exited_on,
    exitReason: e.exit_reason,
    records: records
      .filter((r) => r.entry_id === e.id && r.kind !== 'exit')
      .map((r) => ({
        id: r.id,
        kind: r.kind,
        place: r.place,
        fromOn: r.from_on,
        toOn: r.to_on,
        note: r.note,
        by: r.actor_name,
      })),
  }));
}

/** One entry as the list shows it (after a write), read under the person's organisation. */
async function entryOf(ctx: Ctx, orgPath: string, id: number): Promise<PoolEntry> {
  const [entries, rulesOf] = await Promise.all([listPoolEntries(ctx.db, orgPath), rulesForSubtree(ctx.db, orgPath)]);
  const [found] = await entriesOf(
    ctx,
    entries.filter((e) => e.id === id),
    rulesOf,
  );
  if (!found) throw AppError.of('NOT_FOUND', 'err.cadre.personNotFound', { id });
  return found;
}

/** Nominates a person into the pool (one entry at a time), under a category of their line's rules. */
export async function nominate(ctx: Ctx, body: z.infer<typeof nominateBody>): Promise<PoolEntry> {
  const p = await personInScope(ctx, body.personId);
  const rules = (await rulesForOrgPath(ctx.db, p.org_path))(ctx.today);
  if (!poolCategory(body.category, rules)) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.cadre.category',
      { categories: rules.cadre.poolCategories.value.map((c) => c.zh).join('、') },
      { field: 'category' },
    );
  }
  const on = body.nominatedOn ?? ctx.today;
  if (compareIso(on, ctx.today) > 0)
    throw AppError.of('VALIDATION_FAILED', 'err.cadre.future', {}, { field: 'nominatedOn' });
  if (await findActiveEntry(ctx.db, p.id)) throw AppError.of('CONFLICT', 'err.cadre.inPool', { name: p.name });
  const id = await ctx.db.transaction().execute(async (trx) => {
    const entryId = await insertEntry(trx, {
      person_id: p.id,
      org_id: p.org_id,
      region_id: p.region_id,
      category: body.category,
      reasons: body.reasons,
      nominated_on: on,
      nominator_org_id: ctx.actor.orgId,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'cadre.pool.nominate',
      { entity: 'cadre_pool_entry', entityId: entryId, orgId: p.org_id },
      null,
      body,
    );
    return entryId;
  });
  return entryOf(ctx, p.org_path, id);
}

/** The person's entry in the pool today, or 422 (not in the pool). */
async function activeEntryOf(ctx: Ctx, personId: number) {
  const p = await personInScope(ctx, personId);
  const entry = await findActiveEntry(ctx.db, p.id);
  if (!entry) throw AppError.of('RULE_VIOLATION', 'err.cadre.notInPool', { name: p.name });
  return { p, entry };
}

/** Records training or practice (挂职, 轮岗, 培训) of a person in the pool. */
export async function addPoolRecord(
  ctx: Ctx,
  personId: number,
  body: z.infer<typeof poolRecordBody>,
): Promise<PoolEntry> {
  const { p, entry } = await activeEntryOf(ctx, personId);
  if (!recordDatesValid(body.fromOn, body.toOn))
    throw AppError.of('VALIDATION_FAILED', 'err.cadre.recordDates', {}, { field: 'toOn' });
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertRecord(trx, {
      entry_id: entry.id,
      kind: body.kind,
      place: body.place,
      from_on: body.fromOn,
      to_on: body.toOn,
      note: body.note,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'cadre.pool.record',
      { entity: 'cadre_pool_record', entityId: id, orgId: p.org_id },
      null,
      body,
    );
  });
  return entryOf(ctx, entry.org_path, entry.id);
}

/** Takes a person out of the pool with a reason (no earlier than the nomination, not in the future). */
export async function exitPool(ctx: Ctx, personId: number, body: z.infer<typeof poolExitBody>): Promise<PoolEntry> {
  const { p, entry } = await activeEntryOf(ctx, personId);
  const on = body.exitedOn ?? ctx.today;
  if (compareIso(on, ctx.today) > 0 || compareIso(on, entry.nominated_on) < 0)
    throw AppError.of('VALIDATION_FAILED', 'err.cadre.exitDate', { from: entry.nominated_on }, { field: 'exitedOn' });
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertRecord(trx, {
      entry_id: entry.id,
      kind: 'exit',
      place: '',
      from_on: on,
      to_on: null,
      note: body.reason,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'cadre.pool.exit',
      { entity: 'cadre_pool_record', entityId: id, orgId: p.org_id },
      null,
      body,
    );
  });
  return entryOf(ctx, entry.org_path, entry.id);
}
