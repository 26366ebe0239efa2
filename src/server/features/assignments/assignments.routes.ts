import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, paged } from '../../../contracts/common.ts';
import {
  assignBody,
  assignmentBatch,
  assignmentDetail,
  assignmentListQuery,
  assignmentSummary,
  assignPreview,
  assignResult,
  chaseBody,
  chaseResult,
  decomposeBody,
  eventBody,
  ledgerFields,
  orgViewQuery,
  taskDetail,
  weekView,
  withdrawBatchBody,
} from '../../../contracts/tasks.ts';
import { AppError, validationError } from '../../errors.ts';
import { attachment } from '../../http/download.ts';
import { checkRefs } from '../../http/ref-scope.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { assertProblemVisible } from '../rectify/rectify.service.ts';
import {
  assignTask,
  decomposeAssignment,
  fireEvent,
  getAssignmentDetail,
  getWeek,
  listAssignments,
  previewAssign,
} from './assignments.service.ts';
import { chaseAssignment, chaseLate, listBatches, withdrawBatch } from './batches.service.ts';
import { addLedgerEntry, getEvidence, type UploadedFile } from './ledger.service.ts';

const tags = ['tasks'];

export async function assignmentsRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/tasks/:id/assignments', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '向下级组织下发任务（点选或按规则）',
      params: idParam,
      body: assignBody,
      response: { 200: assignResult },
    },
    handler: (req) => assignTask(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/tasks/:id/assignments/preview', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '下发预览：将向多少个、哪些组织下发（不写入）',
      params: idParam,
      body: assignBody,
      response: { 200: assignPreview },
    },
    handler: (req) => previewAssign(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/tasks/:id/batches', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '任务的下发批次（可整批撤回的）',
      params: idParam,
      response: { 200: z.array(assignmentBatch) },
    },
    handler: (req) => listBatches(ctxOf(req, services), req.params.id),
  });

  r.post('/api/assignment-batches/:id/withdraw', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '整批撤回一次下发（仅当所有承办单位都尚未启动）',
      params: idParam,
      body: withdrawBatchBody,
      response: { 200: assignmentBatch },
    },
    handler: (req) => withdrawBatch(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/assignments/:id/chase', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '催办一个承办单位（每天一次）',
      params: idParam,
      body: chaseBody,
      response: { 200: chaseResult },
    },
    handler: (req) => chaseAssignment(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/tasks/:id/chase', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '一键催办任务的全部逾期、滞后承办单位',
      params: idParam,
      body: chaseBody,
      response: { 200: chaseResult },
    },
    handler: (req) => chaseLate(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/assignments', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '任务台（各组织承办的任务）',
      querystring: assignmentListQuery,
      response: { 200: paged(assignmentSummary) },
    },
    handler: (req) => listAssignments(ctxOf(req, services), req.query),
  });

  r.get('/api/assignments/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '承办任务详情：状态、流转记录、台账',
      params: idParam,
      response: { 200: assignmentDetail },
    },
    handler: (req) => getAssignmentDetail(ctxOf(req, services), req.params.id),
  });

  r.post('/api/assignments/:id/events', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '状态流转：开始、报送、验收通过、退回、重新打开、撤回',
      params: idParam,
      body: eventBody,
      response: { 200: assignmentDetail },
    },
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
      if (!req.isMultipart()) throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.ledger.notMultipart');
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
        throw validationError(
          parsed.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, message: i.message })),
        );
      }
      await checkRefs(services.database, ctx.actor, ledgerFields, parsed.data);
      const detail = await addLedgerEntry(
        ctx,
        services.files,
        services.maxEvidenceBytes,
        req.params.id,
        parsed.data,
        uploads,
      );
      return reply.status(201).send(detail);
    },
  });

  r.post('/api/assignments/:id/decompose', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '承办单位把任务分解为本级任务，再向下级下发',
      params: idParam,
      body: decomposeBody,
      response: { 201: taskDetail },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await decomposeAssignment(ctxOf(req, services), req.params.id, req.body)),
  });

  r.get('/api/evidence/:id', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '下载佐证材料（台账的、问题整改举证的）', params: idParam },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, services);
      const file = await getEvidence(ctx, services.files, req.params.id, (problemId) =>
        assertProblemVisible(ctx, problemId),
      );
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', attachment(file.filename))
        .send(file.data);
    },
  });

  r.get('/api/week', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '本周要做的事（一个组织承办的任务）',
      querystring: orgViewQuery,
      response: { 200: weekView },
    },
    handler: (req) => getWeek(ctxOf(req, services), req.query.orgId),
  });
}
