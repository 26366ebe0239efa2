import type { z } from 'zod';
import type {
  createInstructionBody,
  InstructionDetail,
  InstructionSummary,
  instructionFollowupBody,
  instructionListQuery,
} from '../../../contracts/instruction.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { type Msg, msg } from '../../../domain/messages.ts';
import {
  INSTRUCTION_TARGET_LABELS,
  type InstructionFollowup,
  type InstructionSide,
  type InstructionTargetKind,
  instructionDaysOverdue,
  instructionFollowupsFor,
  instructionSides,
  instructionTransition,
  sideOfInstructionFollowup,
} from '../../../domain/supervise/instruction.ts';
import { isWithinPath, pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { notify } from '../notifications/notifications.service.ts';
import { getOrg } from '../org/org.service.ts';
import {
  countOpenInstructions,
  findInstruction,
  findInstructionTarget,
  INSTRUCTION_KEYS,
  type InstructionRow,
  insertInstruction,
  insertInstructionFollowup,
  listInstructionFollowups,
  listInstructionsPage,
  lockInstruction,
  updateInstructionRow,
} from './instruction.queries.ts';

/**
 * Leaders' instructions (领导批示, issue 10, area supervise) on a problem, a supervision finding or a task: given by
 * an account of the giving organisation, followed up by the organisation named (by default the one the target
 * belongs to) up to a reply, closed or sent back by the giving side (domain/supervise/instruction.ts). Every step is a
 * follow-up row and an audit row; the other side hears of it.
 */

type CreateBody = z.infer<typeof createInstructionBody>;

function toSummary(ctx: Ctx, r: InstructionRow): InstructionSummary {
  return {
    id: r.id,
    targetKind: r.target_kind,
    targetId: (r.problem_id ?? r.finding_id ?? r.task_id)!,
    targetTitle: r.target_title,
    giverOrgId: r.giver_org_id,
    giverOrgName: r.giver_name,
    orgId: r.org_id,
    orgName: r.org_name,
    leaderName: r.leader_name,
    givenOn: r.given_on,
    text: r.text,
    asks: r.asks,
    replyDue: r.reply_due,
    state: r.state,
    daysOverdue: instructionDaysOverdue(r.state, r.reply_due, ctx.today),
    repliedOn: r.replied_on,
    closedOn: r.closed_on,
    actorName: r.actor_name,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** The sides the caller acts on (the rule is instructionSides; the scope decides what it holds). */
export function instructionSidesOf(ctx: Ctx, r: InstructionRow): Record<InstructionSide, boolean> {
  return instructionSides({
    canAssign: hasPermission(ctx.actor.role, 'task:assign'),
    canReport: hasPermission(ctx.actor.role, 'task:report'),
    holdsGiver: pathInScope(r.giver_path, ctx.actor),
    holdsFollower: pathInScope(r.org_path, ctx.actor),
    sameOrg: r.giver_org_id === r.org_id,
  });
}

async function getRow(ctx: Ctx, id: number): Promise<InstructionRow> {
  const r = await findInstruction(ctx.db, ctx.actor, id);
  if (!r) throw AppError.of('NOT_FOUND', 'err.instruction.notFound', { id });
  return r;
}

export async function listInstructions(ctx: Ctx, q: z.infer<typeof instructionListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const { rows, total, next } = await listInstructionsPage(
    ctx.db,
    ctx.actor,
    {
      orgPath: org.path,
      giverOrgId: q.mine === 'true' ? ctx.actor.orgId : undefined,
      state: q.state,
      overdueOn: q.overdue === 'true' ? ctx.today : undefined,
      problemId: q.problemId,
      findingId: q.findingId,
      taskId: q.taskId,
    },
    pageAtOf(ctx.auditKey, 'instructions', q, INSTRUCTION_KEYS.length),
  );
  return {
    items: rows.map((r) => toSummary(ctx, r)),
    ...pageFields(ctx.auditKey, 'instructions', q, total, next),
  };
}

/** An instruction with its follow-up, and the steps the caller may take. */
export async function getInstructionDetail(ctx: Ctx, id: number): Promise<InstructionDetail> {
  const r = await getRow(ctx, id);
  const followups = await listInstructionFollowups(ctx.db, id);
  const sides = instructionSidesOf(ctx, r);
  return {
    ...toSummary(ctx, r),
    followups: followups.map((f) => ({
      id: Number(f.id),
      at: new Date(f.at).toISOString(),
      actorName: f.actor_name,
      side: f.side,
      kind: f.kind,
      fromState: f.from_state,
      toState: f.to_state,
      text: f.text,
    })),
    sides,
    allowed: [
      ...(sides.follower ? instructionFollowupsFor(r.state, 'follower') : []),
      ...(sides.giver ? instructionFollowupsFor(r.state, 'giver') : []),
    ],
  };
}

function targetOf(body: CreateBody): { kind: InstructionTargetKind; id: number } {
  if ([body.problemId, body.findingId, body.taskId].filter((v) => v !== undefined).length > 1) {
    throw AppError.of('RULE_VIOLATION', 'err.instruction.oneTarget');
  }
  if (body.problemId !== undefined) return { kind: 'problem', id: body.problemId };
  if (body.findingId !== undefined) return { kind: 'finding', id: body.findingId };
  return { kind: 'task', id: body.taskId! };
}

/**
 * Gives an instruction: the giving organisation is the caller's own; the target must lie inside its scope; the
 * organisation that must follow up is the target's (or the one named), at or below the giving organisation.
 */
export async function giveInstruction(ctx: Ctx, body: CreateBody): Promise<InstructionDetail> {
  const target = targetOf(body);
  const what = INSTRUCTION_TARGET_LABELS[target.kind];
  const found = await findInstructionTarget(ctx.db, ctx.actor, target.kind, target.id);
  if (!found) throw AppError.of('NOT_FOUND', 'err.instruction.targetNotFound', { what, id: target.id });
  const giver = await getOrg(ctx, ctx.actor.orgId);
  const org =
    body.orgId !== undefined
      ? await getOrg(ctx, body.orgId)
      : { id: found.org_id, name: found.org_name, path: found.org_path, region_id: found.region_id };
  if (!isWithinPath(org.path, giver.path)) {
    throw AppError.of('RULE_VIOLATION', 'err.instruction.notBelow', { org: org.name, giver: giver.name });
  }
  const givenOn = body.givenOn ?? ctx.today;
  const replyDue = body.replyDue ?? null;
  if (replyDue !== null && replyDue < givenOn) {
    throw AppError.of('VALIDATION_FAILED', 'err.instruction.dueBeforeGiven', { due: replyDue, given: givenOn });
  }
  const leader = body.leaderName ?? ctx.actor.displayName;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const instructionId = await insertInstruction(trx, {
      target_kind: target.kind,
      problem_id: target.kind === 'problem' ? target.id : null,
      finding_id: target.kind === 'finding' ? target.id : null,
      task_id: target.kind === 'task' ? target.id : null,
      giver_org_id: giver.id,
      org_id: org.id,
      region_id: org.region_id,
      leader_name: leader,
      given_on: givenOn,
      text: body.text,
      asks: body.asks ?? '',
      reply_due: replyDue,
      created_by: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    if (org.id !== ctx.actor.orgId) {
      const params = { leader, what, target: short(found.title) };
      await notify(trx, [
        {
          orgId: org.id,
          kind: 'instruction',
          title:
            replyDue === null
              ? msg('notice.instruction.given', params)
              : msg('notice.instruction.givenDue', { ...params, due: replyDue }),
          body: body.text,
          instructionId,
        },
      ]);
    }
    await audit(
      trx,
      ctx,
      'instruction.give',
      { entity: 'instruction', entityId: instructionId, orgId: org.id },
      null,
      body,
    );
    return instructionId;
  });
  return getInstructionDetail(ctx, id);
}

/** A title short enough for a notification's line. */
function short(s: string): string {
  const line = s.split('\n')[0] ?? '';
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/** Who hears of a step, and what: a reply reaches the giver; a close or a return, the organisation following up. */
const FOLLOWUP_NOTICE: Partial<Record<InstructionFollowup, { to: InstructionSide; key: Msg['key'] }>> = {
  reply: { to: 'giver', key: 'notice.instruction.replied' },
  close: { to: 'follower', key: 'notice.instruction.closed' },
  reopen: { to: 'follower', key: 'notice.instruction.reopened' },
};

/** One follow-up step by the side it belongs to; refused steps change nothing. */
export async function followUpInstruction(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof instructionFollowupBody>,
): Promise<InstructionDetail> {
  const r = await getRow(ctx, id);
  const side = sideOfInstructionFollowup(body.kind);
  if (!instructionSidesOf(ctx, r)[side]) {
    throw new AppError(
      'FORBIDDEN',
      side === 'giver'
        ? msg('err.instruction.giverOnly', { org: r.giver_name })
        : msg('err.instruction.followerOnly', { org: r.org_name }),
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await lockInstruction(trx, id);
    const fresh = (await findInstruction(trx, null, id))!;
    const result = instructionTransition(fresh.state, body.kind, side, body.text);
    if (!result.ok) throw new AppError('RULE_VIOLATION', result.msg, { code: result.code, rule: result.rule });
    const text = body.text?.trim() ?? '';
    await insertInstructionFollowup(trx, {
      instruction_id: id,
      at: ctx.now,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      side,
      kind: body.kind,
      from_state: fresh.state,
      to_state: result.to,
      text,
    });
    await updateInstructionRow(trx, id, {
      state: result.to,
      updated_at: ctx.now,
      ...(body.kind === 'reply' ? { replied_on: ctx.today } : {}),
      ...(body.kind === 'close' ? { closed_on: ctx.today } : {}),
      ...(body.kind === 'reopen' ? { replied_on: null } : {}),
    });
    const notice = FOLLOWUP_NOTICE[body.kind];
    if (notice) {
      const orgId = notice.to === 'giver' ? fresh.giver_org_id : fresh.org_id;
      if (orgId !== ctx.actor.orgId) {
        await notify(trx, [
          {
            orgId,
            kind: 'instruction',
            title: msg(notice.key, {
              org: fresh.org_name,
              leader: fresh.leader_name,
              target: short(fresh.target_title),
            }),
            body: text,
            instructionId: id,
          },
        ]);
      }
    }
    await audit(
      trx,
      ctx,
      `instruction.${body.kind}`,
      { entity: 'instruction', entityId: id, orgId: fresh.org_id },
      { state: fresh.state },
      { state: result.to, ...body },
    );
  });
  return getInstructionDetail(ctx, id);
}

/**
 * How many instructions not yet closed (落实中, 已回复) each problem, finding or task has, of those the caller sees
 * (the count on the detail pages); 0 for an id without any.
 */
export async function openInstructionCounts(
  ctx: Ctx,
  kind: InstructionTargetKind,
  ids: readonly number[],
): Promise<(id: number) => number> {
  const counts = await countOpenInstructions(ctx.db, ctx.actor, kind, ids);
  return (id) => counts.get(id) ?? 0;
}
