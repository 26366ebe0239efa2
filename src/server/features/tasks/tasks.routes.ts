import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, paged } from '../../../contracts/common.ts';
import { createTaskBody, taskDetail, taskListQuery, taskSummary, updateTaskBody } from '../../../contracts/tasks.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { createTask, getTaskDetail, listTasks, updateTask } from './tasks.service.ts';

const tags = ['tasks'];

export async function tasksRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/tasks', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '任务清单（含子树完成情况）',
      querystring: taskListQuery,
      response: { 200: paged(taskSummary) },
    },
    handler: (req) => listTasks(ctxOf(req, services), req.query),
  });

  r.post('/api/tasks', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '新建任务', body: createTaskBody, response: { 201: taskDetail } },
    handler: async (req, reply) => reply.status(201).send(await createTask(ctxOf(req, services), req.body)),
  });

  r.get('/api/tasks/:id', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '任务详情', params: idParam, response: { 200: taskDetail } },
    handler: (req) => getTaskDetail(ctxOf(req, services), req.params.id),
  });

  r.patch('/api/tasks/:id', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '修改任务（目标、时限、牵头单位、状态等）',
      params: idParam,
      body: updateTaskBody,
      response: { 200: taskDetail },
    },
    handler: (req) => updateTask(ctxOf(req, services), req.params.id, req.body),
  });
}
