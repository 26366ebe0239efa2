import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, paged } from '../../../contracts/common.ts';
import { type ImportChoices, importChoices } from '../../../contracts/people.ts';
import {
  createProblemBody,
  type ProblemImportResult,
  problemActionBody,
  problemDetail,
  problemEventBody,
  problemExportQuery,
  problemImportErrorsQuery,
  problemImportQuery,
  problemImportResult,
  problemListQuery,
  problemSummary,
  updateProblemBody,
} from '../../../contracts/tasks.ts';
import { AppError } from '../../errors.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import type { Services } from '../../services.ts';
import type { UploadedFile } from '../assignments/ledger.service.ts';
import { ctxOf } from '../context.ts';
import {
  importProblemList,
  type ProblemListSource,
  problemListErrorWorkbook,
  problemListXlsx,
} from './problem-import.service.ts';
import {
  createProblem,
  fireProblemEvent,
  getProblemDetail,
  listProblems,
  recordProblemAction,
  updateProblem,
} from './rectify.service.ts';

const tags = ['tasks'];

/**
 * The uploaded list, or the id of one a check kept (field `uploadId`, no file), and the wizard's choices (`sheets`,
 * `mapping`: JSON fields sent before the file), as the roster's import takes them. Other parts are drained.
 */
async function problemListUpload(req: FastifyRequest): Promise<{ source: ProblemListSource; choices: ImportChoices }> {
  if (!req.isMultipart()) throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.roster.notMultipart');
  const raw: Record<string, unknown> = {};
  let data: Buffer | null = null;
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file' && data === null) data = bytes;
      continue;
    }
    const name = part.fieldname;
    if ((name !== 'sheets' && name !== 'mapping' && name !== 'uploadId') || typeof part.value !== 'string') continue;
    if (part.value === '') continue;
    if (name === 'uploadId') {
      raw[name] = part.value;
      continue;
    }
    try {
      raw[name] = JSON.parse(part.value);
    } catch {
      throw AppError.of('VALIDATION_FAILED', 'err.roster.badChoices', { field: name }, { field: name });
    }
  }
  const parsed = importChoices.safeParse(raw);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'mapping');
    throw AppError.of('VALIDATION_FAILED', 'err.roster.badChoices', { field }, { field });
  }
  const choices = parsed.data;
  if (data !== null) return { source: data, choices };
  if (choices.uploadId) return { source: { uploadId: choices.uploadId }, choices };
  throw AppError.of('VALIDATION_FAILED', 'err.roster.pickFile', {}, { field: 'file' });
}

/** A step sent as a multipart form: its fields (`measures` parsed from JSON text) and the evidence files. */
async function problemEventForm(
  req: FastifyRequest,
): Promise<{ fields: Record<string, unknown>; uploads: UploadedFile[] }> {
  const fields: Record<string, unknown> = {};
  const uploads: UploadedFile[] = [];
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.fieldname === 'files') uploads.push({ filename: part.filename, data });
      continue;
    }
    if (typeof part.value !== 'string' || part.value === '') continue;
    if (part.fieldname === 'measures') {
      try {
        fields.measures = JSON.parse(part.value);
      } catch {
        throw AppError.of('VALIDATION_FAILED', 'err.problem.badMeasures', {}, { field: 'measures' });
      }
    } else fields[part.fieldname] = part.value;
  }
  return { fields, uploads };
}

export async function rectifyRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

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
    schema: {
      tags,
      summary: '修改问题、关联任务',
      params: idParam,
      body: updateProblemBody,
      response: { 200: problemSummary },
    },
    handler: (req) => updateProblem(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/problems/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '问题详情：整改过程、措施、约谈问责记录',
      params: idParam,
      response: { 200: problemDetail },
    },
    handler: (req) => getProblemDetail(ctxOf(req, services), req.params.id),
  });

  // The step decides the side (认领…申请销号: the responsible organisation; 核查, 退回, 回头看: the issuing side);
  // the service checks it, as it does for assignments. A JSON body, or the same fields as a multipart form with
  // evidence files (field `files`, 报告进展 and 申请销号 only; `measures` as JSON text): the form's fields become
  // the body before validation, so both go through one contract.
  const uploadsOf = new WeakMap<FastifyRequest, UploadedFile[]>();
  r.post('/api/problems/:id/events', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary:
        '整改流转：认领、制定措施、报告进展、申请销号、核查销号、退回、回头看、重新整改（JSON；或 multipart，同名字段另附佐证文件 files）',
      params: idParam,
      body: problemEventBody,
      consumes: ['application/json', 'multipart/form-data'],
      response: { 200: problemDetail },
    },
    preValidation: async (req) => {
      if (!req.isMultipart()) return;
      const { fields, uploads } = await problemEventForm(req);
      req.body = fields as typeof req.body;
      uploadsOf.set(req, uploads);
    },
    handler: (req) =>
      fireProblemEvent(ctxOf(req, services), req.params.id, req.body, {
        files: services.files,
        maxFileBytes: services.maxEvidenceBytes,
        uploads: uploadsOf.get(req) ?? [],
      }),
  });

  r.post('/api/problems/:id/actions', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '记录约谈、实地督办、问责',
      params: idParam,
      body: problemActionBody,
      response: { 200: problemDetail },
    },
    handler: (req) => recordProblemAction(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/problems/import', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary:
        '导入整改清单（.xlsx/.xls，multipart 字段 file）：导入单位为交办方，责任单位在其下级中按名称匹配；逐行校验，全部无误才导入，问题以“待认领”交办，每个责任单位收到一条通知；commit=false 只校验不写入，并给出 uploadId（保留 30 分钟）',
      querystring: problemImportQuery,
      consumes: ['multipart/form-data'],
      response: { 200: problemImportResult },
    },
    handler: async (req): Promise<ProblemImportResult> => {
      const ctx = ctxOf(req, services);
      const { source, choices } = await problemListUpload(req);
      const { errorCount, ...result } = await importProblemList(ctx, req.query.orgId, source, {
        commit: req.query.commit === 'true',
        source: req.query.source,
        keepUpload: true,
        ...(choices.sheets ? { sheets: choices.sheets } : {}),
        ...(choices.mapping ? { mapping: choices.mapping } : {}),
      });
      if (errorCount > 0)
        throw AppError.of('IMPORT_INVALID', 'err.problem.import.hasErrors', { n: errorCount }, result);
      return result;
    },
  });

  r.post('/api/problems/import/errors', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary:
        '下载标注了错误的整改清单（.xlsx）：上传的文件原样返回，有问题的单元格标红并附批注，另附“导入错误”工作表；不导入任何数据',
      querystring: problemImportErrorsQuery,
      consumes: ['multipart/form-data'],
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, services);
      const { source, choices } = await problemListUpload(req);
      const marked = await problemListErrorWorkbook(ctx, req.query.orgId, source, {
        source: req.query.source,
        ...(choices.sheets ? { sheets: choices.sheets } : {}),
        ...(choices.mapping ? { mapping: choices.mapping } : {}),
      });
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment('整改清单-错误标注.xlsx', 'problems-errors.xlsx'))
        .send(marked);
    },
  });

  r.get('/api/problems/export', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary:
        '导出整改清单（.xlsx，按问题清单的筛选条件）：与导入相同的列，另附整改进展、销号情况；导出的文件可再次导入',
      querystring: problemExportQuery,
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const { filename, data } = await problemListXlsx(ctxOf(req, services), req.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment(filename, `problems-${filename.replace(/\D+/g, '').slice(-8)}.xlsx`))
        .send(data);
    },
  });
}
