import { sql } from 'kysely';
import type { z } from 'zod';
import type { createProblemBody, problemListQuery, problemSummary, updateProblemBody } from '../../../contracts/tasks.ts';
import { orgInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { findTaskVisible } from './tasks.queries.ts';

type ProblemDto = z.infer<typeof problemSummary>;

function selectProblems(ctx: Ctx) {
  return ctx.db
    .selectFrom('problem as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .leftJoin('deployment as d', 'd.id', 'p.deployment_id')
    .select([
      'p.id', 'p.org_id', 'o.name as org_name', 'p.deployment_id', 'd.title as deployment_title', 'p.title',
      'p.description', 'p.source', 'p.created_at',
      sql<{ id: number; title: string }[]>`coalesce((select json_agg(json_build_object('id', t.id, 'title', t.title) order by t.id)
        from problem_task pt join task t on t.id = pt.task_id where pt.problem_id = p.id), '[]'::json)`.as('tasks'),
    ])
    .where(orgInScope(sql.ref('o.path'), ctx.actor));
}

type Row = Awaited<ReturnType<ReturnType<typeof selectProblems>['executeTakeFirstOrThrow']>>;

function toDto(p: Row): ProblemDto {
  return {
    id: p.id,
    orgId: p.org_id,
    orgName: p.org_name,
    deploymentId: p.deployment_id,
    deploymentTitle: p.deployment_title,
    title: p.title,
    description: p.description,
    source: p.source as ProblemDto['source'],
    tasks: p.tasks,
    createdAt: new Date(p.created_at).toISOString(),
  };
}

export async function listProblems(ctx: Ctx, q: z.infer<typeof problemListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  let query = selectProblems(ctx).where(sql<boolean>`o.path <@ ${org.path}::ltree`);
  if (q.deploymentId) query = query.where('p.deployment_id', '=', q.deploymentId);
  const [rows, count] = await Promise.all([
    query.orderBy('p.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toDto), total: count.n, page: q.page, pageSize: q.pageSize };
}

async function getProblem(ctx: Ctx, id: number): Promise<ProblemDto> {
  const p = await selectProblems(ctx).where('p.id', '=', id).executeTakeFirst();
  if (!p) throw new AppError('NOT_FOUND', `问题不存在或不在您的管理范围内（ID ${id}）`);
  return toDto(p);
}

async function assertTasksVisible(ctx: Ctx, ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    if (!(await findTaskVisible(ctx.db, ctx.actor, id))) throw new AppError('NOT_FOUND', `任务不存在或不在您的管理范围内（ID ${id}）`);
  }
}

export async function createProblem(ctx: Ctx, body: z.infer<typeof createProblemBody>): Promise<ProblemDto> {
  const org = await getOrg(ctx, body.orgId);
  await assertTasksVisible(ctx, body.taskIds ?? []);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('problem')
      .values({
        org_id: org.id,
        region_id: org.region_id,
        title: body.title,
        description: body.description ?? '',
        source: 'manual',
        created_by: ctx.actor.userId || null,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (body.taskIds?.length) {
      await trx.insertInto('problem_task').values(body.taskIds.map((t) => ({ problem_id: row.id, task_id: t }))).execute();
    }
    await audit(trx, ctx, 'problem.create', { entity: 'problem', entityId: row.id, orgId: org.id }, null, body);
    return row.id;
  });
  return getProblem(ctx, id);
}

export async function updateProblem(ctx: Ctx, id: number, patch: z.infer<typeof updateProblemBody>): Promise<ProblemDto> {
  const before = await getProblem(ctx, id);
  const org = patch.orgId ? await getOrg(ctx, patch.orgId) : null;
  if (patch.taskIds) await assertTasksVisible(ctx, patch.taskIds);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('problem')
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(org ? { org_id: org.id, region_id: org.region_id } : {}),
        updated_at: ctx.now,
      })
      .where('id', '=', id)
      .execute();
    if (patch.taskIds) {
      await trx.deleteFrom('problem_task').where('problem_id', '=', id).execute();
      if (patch.taskIds.length) {
        await trx.insertInto('problem_task').values(patch.taskIds.map((t) => ({ problem_id: id, task_id: t }))).execute();
      }
    }
    await audit(trx, ctx, 'problem.update', { entity: 'problem', entityId: id, orgId: org?.id ?? before.orgId }, before, patch);
  });
  return getProblem(ctx, id);
}
