import type { z } from 'zod';
import type {
  createProblemBody,
  problemListQuery,
  problemSummary,
  updateProblemBody,
} from '../../../contracts/tasks.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { encodeCursor, pageAtOf } from '../list-cursor.ts';
import { getOrg } from '../org/org.service.ts';
import { assertTasksVisible } from '../tasks/tasks.service.ts';
import {
  findProblem,
  insertProblem,
  listProblemsPage,
  PROBLEM_KEYS,
  type ProblemRow,
  replaceProblemTasks,
  updateProblemRow,
} from './rectify.queries.ts';

/**
 * The problem list (问题清单) and, in time, each problem's rectification (整改) to 销号 and 回头看
 * (DESIGN.md §2, area rectify). Today: problems found in a deployment or entered by hand, linked to the tasks
 * that answer them.
 */

type ProblemDto = z.infer<typeof problemSummary>;

function toDto(p: ProblemRow): ProblemDto {
  return {
    id: p.id,
    orgId: p.org_id,
    orgName: p.org_name,
    deploymentId: p.deployment_id,
    deploymentTitle: p.deployment_title,
    title: p.title,
    description: p.description,
    source: p.source,
    tasks: p.tasks,
    createdAt: new Date(p.created_at).toISOString(),
  };
}

export async function listProblems(ctx: Ctx, q: z.infer<typeof problemListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const { rows, total, next } = await listProblemsPage(
    ctx.db,
    ctx.actor,
    { orgPath: org.path, deploymentId: q.deploymentId },
    pageAtOf(ctx.auditKey, 'problems', q, PROBLEM_KEYS.length),
  );
  return {
    items: rows.map(toDto),
    total,
    page: q.page,
    pageSize: q.pageSize,
    nextCursor: encodeCursor(ctx.auditKey, 'problems', next),
  };
}

async function getProblem(ctx: Ctx, id: number): Promise<ProblemDto> {
  const p = await findProblem(ctx.db, ctx.actor, id);
  if (!p) throw AppError.of('NOT_FOUND', 'err.problem.notFound', { id });
  return toDto(p);
}

export async function createProblem(ctx: Ctx, body: z.infer<typeof createProblemBody>): Promise<ProblemDto> {
  const org = await getOrg(ctx, body.orgId);
  await assertTasksVisible(ctx, body.taskIds ?? []);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const problemId = await insertProblem(trx, {
      org_id: org.id,
      region_id: org.region_id,
      title: body.title,
      description: body.description ?? '',
      source: 'manual',
      created_by: ctx.actor.userId || null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await replaceProblemTasks(trx, problemId, body.taskIds ?? [], { replace: false });
    await audit(trx, ctx, 'problem.create', { entity: 'problem', entityId: problemId, orgId: org.id }, null, body);
    return problemId;
  });
  return getProblem(ctx, id);
}

export async function updateProblem(
  ctx: Ctx,
  id: number,
  patch: z.infer<typeof updateProblemBody>,
): Promise<ProblemDto> {
  const before = await getProblem(ctx, id);
  const org = patch.orgId ? await getOrg(ctx, patch.orgId) : null;
  if (patch.taskIds) await assertTasksVisible(ctx, patch.taskIds);
  await ctx.db.transaction().execute(async (trx) => {
    await updateProblemRow(trx, id, {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(org ? { org_id: org.id, region_id: org.region_id } : {}),
      updated_at: ctx.now,
    });
    if (patch.taskIds) await replaceProblemTasks(trx, id, patch.taskIds, { replace: true });
    await audit(
      trx,
      ctx,
      'problem.update',
      { entity: 'problem', entityId: id, orgId: org?.id ?? before.orgId },
      before,
      patch,
    );
  });
  return getProblem(ctx, id);
}
