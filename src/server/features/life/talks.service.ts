import type { z } from 'zod';
import type { createTalkBody, TalkItem, TalkList } from '../../../contracts/talks.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { yearPeriod } from '../../../domain/life/compliance.ts';
import { checkTalk } from '../../../domain/life/talks.ts';
import { POSITION_TITLE_LABELS } from '../../../domain/org/vocab.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { recheckOrgYear, talkCoverageOf } from './compliance.service.ts';
import { listPositionSpans } from './life.queries.ts';
import {
  deleteTalkRow,
  findTalk,
  insertTalk,
  listCommitteeOn,
  listRostersOf,
  listTalksOfOrg,
  type TalkRow,
} from './talks.queries.ts';

/**
 * 谈心谈话 (../shared/domain-rules.md §1): a branch records that a committee member talked with a member — the day,
 * the two people, an optional short topic; nothing else is asked for. Recorded and removed by the branch (or an
 * account above it with the right to report), each with an audit row; each write re-checks the branch's kept
 * figures of the year, whose talk coverage (pairings done / owed) the calendar and the subtree rates show.
 */

type Create = z.infer<typeof createTalkBody>;
const yearOf = (day: string) => Number(day.slice(0, 4));

function assertMayRecord(ctx: Ctx, orgName: string, orgPath: string): void {
  if (!hasPermission(ctx.actor.role, 'task:report') || !pathInScope(orgPath, ctx.actor)) {
    throw AppError.of('FORBIDDEN', 'err.life.reportOnly', { org: orgName });
  }
}

function itemOf(
  r: {
    id: number;
    held_on: string;
    committee_person_id: number;
    member_person_id: number;
    topic: string;
    actor_name: string;
    created_at: Date | string;
    committee_name: string;
    member_name: string;
  },
  orgId: number,
): TalkItem {
  return {
    id: r.id,
    orgId,
    heldOn: r.held_on,
    committeeId: r.committee_person_id,
    committeeName: r.committee_name,
    memberId: r.member_person_id,
    memberName: r.member_name,
    topic: r.topic,
    actorName: r.actor_name,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Records a talk: both people on the branch's roster, the first holding a position in it on the day. */
export async function recordTalk(ctx: Ctx, body: Create): Promise<TalkItem> {
  const org = await getOrg(ctx, body.orgId);
  assertMayRecord(ctx, org.name, org.path);
  const [roster, positions] = await Promise.all([
    listRostersOf(ctx.db, [org.id]),
    listPositionSpans(ctx.db, [org.id], body.heldOn, body.heldOn),
  ]);
  const nameOf = (id: number) => roster.find((r) => r.id === id)?.name ?? `人员 ${id}`;
  const r = checkTalk(
    { committeeId: body.committeeId, memberId: body.memberId, heldOn: body.heldOn },
    ctx.today,
    new Set(roster.map((p) => p.id)),
    positions.map((p) => ({ personId: p.person_id, startedOn: p.started_on, endedOn: p.ended_on })),
    { committee: nameOf(body.committeeId), member: nameOf(body.memberId), org: org.name },
  );
  if (!r.ok) {
    const field = r.code === 'future' ? 'heldOn' : r.code === 'notCommittee' ? 'committeeId' : 'memberId';
    const notOnRosterField = roster.some((p) => p.id === body.committeeId) ? 'memberId' : 'committeeId';
    throw AppError.of(r.code === 'future' ? 'VALIDATION_FAILED' : 'RULE_VIOLATION', r.msg.key, r.msg.params, {
      field: r.code === 'notOnRoster' ? notOnRosterField : field,
      rule: 'life.talks',
    });
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const talkId = await insertTalk(trx, {
      org_id: org.id,
      region_id: org.region_id,
      held_on: body.heldOn,
      committee_person_id: body.committeeId,
      member_person_id: body.memberId,
      topic: body.topic ?? '',
      created_by: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      created_at: ctx.now,
    });
    await recheckOrgYear(trx, org.id, yearOf(body.heldOn), ctx.today);
    await audit(trx, ctx, 'talk.record', { entity: 'talk', entityId: talkId, orgId: org.id }, null, body);
    return talkId;
  });
  return itemOf((await getTalkRow(ctx, id))!, org.id);
}

async function getTalkRow(ctx: Ctx, id: number): Promise<TalkRow> {
  const t = await findTalk(ctx.db, ctx.actor, id);
  if (!t) throw AppError.of('NOT_FOUND', 'err.talk.notFound', { id });
  return t;
}

/** Removes a talk recorded in error (as a meeting is corrected: by the branch or above, with an audit row). */
export async function deleteTalk(ctx: Ctx, id: number): Promise<void> {
  const t = await getTalkRow(ctx, id);
  assertMayRecord(ctx, t.org_name, t.org_path);
  await ctx.db.transaction().execute(async (trx) => {
    await deleteTalkRow(trx, id);
    await recheckOrgYear(trx, t.org_id, yearOf(t.held_on), ctx.today);
    await audit(trx, ctx, 'talk.delete', { entity: 'talk', entityId: id, orgId: t.org_id }, itemOf(t, t.org_id), null);
  });
}

/** A branch's talks of a year (default: this year), its committee today and roster (the quick form), the coverage. */
export async function listTalks(ctx: Ctx, q: { orgId: number; year?: number | undefined }): Promise<TalkList> {
  const org = await getOrg(ctx, q.orgId);
  const y = q.year ?? yearOf(ctx.today);
  const { from, to } = yearPeriod(y);
  const [rows, committee, roster, coverage] = await Promise.all([
    listTalksOfOrg(ctx.db, org.id, from, to),
    listCommitteeOn(ctx.db, [org.id], ctx.today),
    listRostersOf(ctx.db, [org.id]),
    talkCoverageOf(
      ctx.db,
      [{ id: org.id, type: org.type }],
      y,
      ctx.today,
      hasPermission(ctx.actor.role, 'member:read'),
    ),
  ]);
  const c = coverage.get(org.id)!;
  return {
    orgId: org.id,
    orgName: org.name,
    year: y,
    today: ctx.today,
    committee: committee.map((p) => ({ personId: p.person_id, name: p.name, title: POSITION_TITLE_LABELS[p.title] })),
    roster: roster.map((p) => ({ personId: p.id, name: p.name })),
    items: rows.map((r) => itemOf(r, org.id)),
    coverage: { due: c.due, done: c.done, rate: c.rate, ended: c.ended, byCommittee: c.byCommittee },
  };
}
