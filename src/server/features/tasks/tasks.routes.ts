import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, okBody, paged } from '../../../contracts/common.ts';
import {
  assignBody,
  assignmentDetail,
  assignmentListQuery,
  assignmentSummary,
  assignResult,
  createProblemBody,
  createTaskBody,
  dashboard,
  decomposeBody,
  eventBody,
  ledgerFields,
  notificationItem,
  problemListQuery,
  problemSummary,
  responsibilityQuery,
  responsibilityRow,
  taskDetail,
  taskListQuery,
  taskSummary,
  updateProblemBody,
  updateTaskBody,
  weekView,
} from '../../../contracts/tasks.ts';
import type { Services } from '../../app.ts';
import { AppError, validationError } from '../../errors.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import { ctxOf } from '../context.ts';
import { addLedgerEntry, fireEvent, getAssignmentDetail, getEvidence, type UploadedFile } from './assignment.service.ts';
import { listNotifications, markRead } from './notifications.service.ts';
import { createProblem, listProblems, updateProblem } from './problems.service.ts';
import { listResponsibilities, responsibilitiesXlsx } from './responsibility.service.ts';
import {
  assignTask,
  createTask,
  decomposeAssignment,
  getDashboard,
  getTaskDetail,
  getWeek,
  listAssignments,
  listTasks,
  updateTask,
} from './tasks.service.ts';

const tags = ['tasks'];


export async function tasksRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/tasks', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '任务清单（含子树完成情况）', querystring: taskListQuery, response: { 200: paged(taskSummary) } },
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
    schema: { tags, summary: '修改任务（目标、时限、牵头单位、状态等）', params: idParam, body: updateTaskBody, response: { 200: taskDetail } },
    handler: (req) => updateTask(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/tasks/:id/assignments', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '向下级组织下发任务（点选或按规则）', params: idParam, body: assignBody, response: { 200: assignResult } },
    handler: (req) => assignTask(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/assignments', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '任务台（各组织承办的任务）', querystring: assignmentListQuery, response: { 200: paged(assignmentSummary) } },
    handler: (req) => listAssignments(ctxOf(req, services), req.query),
  });

  r.get('/api/assignments/:id', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '承办任务详情：状态、流转记录、台账', params: idParam, response: { 200: assignmentDetail } },
    handler: (req) => getAssignmentDetail(ctxOf(req, services), req.params.id),
  });

  r.post('/api/assignments/:id/events', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '状态流转：开始、报送、验收通过、退回、重新打开、撤回', params: idParam, body: eventBody, response: { 200: assignmentDetail } },
    handler: (req) => fireEvent(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/assignments/:id/ledger', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '记录台账（multipart：text、entryDate、figure、correctsId 与若干佐证文件 files）',
      params: idParam,
      consumes: ['multipart/form-data'],
      response: { 201: assignmentDetail },
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, services);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 提交台账');
      const fields: Record<string, string> = {};
      const uploads: UploadedFile[] = [];
      for await (const part of req.parts()) {
        if (part.type === 'file') uploads.push({ filename: part.filename, data: await part.toBuffer() });
        else fields[part.fieldname] = String(part.value);
      }
      const parsed = ledgerFields.safeParse({
        text: fields.text,
        entryDate: fields.entryDate,
        figure: fields.figure === undefined || fields.figure === '' ? undefined : fields.figure,
        correctsId: fields.correctsId === undefined || fields.correctsId === '' ? undefined : fields.correctsId,
      });
      if (!parsed.success) {
        throw validationError(parsed.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, message: i.message })));
      }
      const detail = await addLedgerEntry(ctx, services.files, services.maxEvidenceBytes, req.params.id, parsed.data, uploads);
      return reply.status(201).send(detail);
    },
  });

  r.post('/api/assignments/:id/decompose', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '承办单位把任务分解为本级任务，再向下级下发', params: idParam, body: decomposeBody, response: { 201: taskDetail } },
    handler: async (req, reply) => reply.status(201).send(await decomposeAssignment(ctxOf(req, services), req.params.id, req.body)),
  });

  r.get('/api/evidence/:id', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '下载佐证材料', params: idParam },
    handler: async (req, reply) => {
      const file = await getEvidence(ctxOf(req, services), services.files, req.params.id);
      return reply.header('content-type', file.mime).header('content-disposition', attachment(file.filename)).send(file.data);
    },
  });

  r.get('/api/problems', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '问题清单', querystring: problemListQuery, response: { 200: paged(problemSummary) } },
    handler: (req) => listProblems(ctxOf(req, services), req.query),
  });

  r.post('/api/problems', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '登记问题', body: createProblemBody, response: { 201: problemSummary } },
    handler: async (req, reply) => reply.status(201).send(await createProblem(ctxOf(req, services), req.body)),
  });

  r.patch('/api/problems/:id', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '修改问题、关联任务', params: idParam, body: updateProblemBody, response: { 200: problemSummary } },
    handler: (req) => updateProblem(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/responsibilities', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '责任清单（由任务与班子分工计算）', querystring: responsibilityQuery, response: { 200: z.array(responsibilityRow) } },
    handler: (req) => listResponsibilities(ctxOf(req, services), req.query),
  });

  r.get('/api/responsibilities/export', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '导出责任清单（.xlsx）', querystring: responsibilityQuery },
    handler: async (req, reply) => {
      const { filename, data } = await responsibilitiesXlsx(ctxOf(req, services), req.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment(filename))
        .send(data);
    },
  });

  r.get('/api/dashboard', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '组织的落实情况看板：各任务完成度、下级排名、逾期趋势',
      querystring: z.object({ orgId: z.coerce.number().int().positive().optional() }),
      response: { 200: dashboard },
    },
    handler: (req) => getDashboard(ctxOf(req, services), req.query.orgId),
  });

  r.get('/api/week', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '本周要做的事（一个组织承办的任务）',
      querystring: z.object({ orgId: z.coerce.number().int().positive().optional() }),
      response: { 200: weekView },
    },
    handler: (req) => getWeek(ctxOf(req, services), req.query.orgId),
  });

  r.get('/api/notifications', {
    config: { permission: 'authenticated' },
    schema: {
      tags,
      summary: '本组织的消息提醒',
      querystring: z.object({ unread: z.enum(['true', 'false']).default('false'), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(notificationItem), unread: z.number().int() }) },
    },
    handler: (req) => listNotifications(ctxOf(req, services), req.query),
  });

  r.post('/api/notifications/:id/read', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '标记为已读', params: idParam, response: { 200: okBody } },
    handler: async (req) => {
      await markRead(ctxOf(req, services), req.params.id);
      return { ok: true as const };
    },
  });
}
