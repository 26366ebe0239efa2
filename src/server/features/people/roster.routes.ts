import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  type ImportChoices,
  type ImportResult,
  importChoices,
  importErrorsQuery,
  importQuery,
  importResult,
  memberListQuery,
} from '../../../contracts/people.ts';
import { AppError, isAppError } from '../../errors.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { importRoster, prepareRosterExport, type RosterSource, rosterErrorWorkbook } from './roster-import.service.ts';
import { buildRosterTemplate } from './roster-xlsx.ts';

const tags = ['people'];

/**
 * The uploaded roster, or the id of one a check kept (field `uploadId`, no file), and the wizard's choices (fields
 * sent before the file). A part under another name is drained and ignored.
 */
async function rosterUpload(req: FastifyRequest): Promise<{ source: RosterSource; choices: ImportChoices }> {
  if (!req.isMultipart()) throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.roster.notMultipart');
  const fields: Record<string, unknown> = {};
  let data: Buffer | null = null;
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file' && data === null) data = bytes;
    } else fields[part.fieldname] = part;
  }
  const choices = importChoicesOf(fields);
  if (data !== null) return { source: data, choices };
  if (choices.uploadId) return { source: { uploadId: choices.uploadId }, choices };
  throw AppError.of('VALIDATION_FAILED', 'err.roster.pickFile', {}, { field: 'file' });
}

/** The wizard's `sheets` and `mapping` fields (JSON, sent before the file); anything malformed is refused. */
function importChoicesOf(fields: Record<string, unknown>): ImportChoices {
  const raw: Record<string, unknown> = {};
  for (const name of ['sheets', 'mapping', 'uploadId'] as const) {
    const f = fields[name] as { type?: string; value?: unknown } | undefined;
    if (f?.type !== 'field' || typeof f.value !== 'string' || f.value === '') continue;
    if (name === 'uploadId') {
      raw[name] = f.value;
      continue;
    }
    try {
      raw[name] = JSON.parse(f.value);
    } catch {
      throw AppError.of('VALIDATION_FAILED', 'err.roster.badChoices', { field: name }, { field: name });
    }
  }
  const parsed = importChoices.safeParse(raw);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'mapping');
    throw AppError.of('VALIDATION_FAILED', 'err.roster.badChoices', { field }, { field });
  }
  return parsed.data;
}
const XLSX = XLSX_MIME;

export async function rosterRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/members/import-template', {
    config: { permission: 'member:import' },
    schema: { tags, summary: '下载党员花名册导入模板（.xlsx）', produces: [XLSX] },
    handler: async (_req, reply) =>
      reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment('党员花名册导入模板.xlsx', 'roster-template.xlsx'))
        .send(await buildRosterTemplate()),
  });

  r.post('/api/members/import', {
    config: { permission: 'member:import' },
    schema: {
      tags,
      summary:
        '导入党员花名册（.xlsx/.xls，multipart 字段 file）：逐行校验，全部无误才导入；commit=false 只校验不写入，并在结果中给出 uploadId（保留 30 分钟），此后的校验和导入可只发送 uploadId 字段而不再上传文件',
      querystring: importQuery,
      consumes: ['multipart/form-data'],
      response: { 200: importResult },
    },
    handler: async (req, reply): Promise<ImportResult> => {
      const ctx = ctxOf(req, services);
      const { source, choices } = await rosterUpload(req);
      const { errorCount, ...result } = await importRoster(ctx, req.query.orgId, source, {
        commit: req.query.commit === 'true',
        keepUpload: true,
        ...(choices.sheets ? { sheets: choices.sheets } : {}),
        ...(choices.mapping ? { mapping: choices.mapping } : {}),
      }).catch((e: unknown) => {
        const wait = isAppError(e) && (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (wait) void reply.header('retry-after', String(wait));
        throw e;
      });
      if (errorCount > 0) throw AppError.of('IMPORT_INVALID', 'err.roster.hasErrors', { n: errorCount }, result);
      return result;
    },
  });

  r.post('/api/members/import/errors', {
    config: { permission: 'member:import' },
    schema: {
      tags,
      summary:
        '下载标注了错误的花名册（.xlsx）：上传的文件原样返回，有问题的单元格标红并附批注，另附“导入错误”工作表；不导入任何数据',
      querystring: importErrorsQuery,
      consumes: ['multipart/form-data'],
      produces: [XLSX],
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, services);
      const { source, choices } = await rosterUpload(req);
      const marked = await rosterErrorWorkbook(ctx, req.query.orgId, source, choices);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment('花名册-错误标注.xlsx', 'roster-errors.xlsx'))
        .send(marked);
    },
  });

  r.get('/api/members/export', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '按名册的筛选条件导出全部人员（.xlsx，不分页；非管理员看到的身份证号为脱敏）',
      querystring: memberListQuery,
      produces: [XLSX],
    },
    handler: async (req, reply) => {
      const exp = await prepareRosterExport(ctxOf(req, services), req.query);
      const body = new PassThrough();
      exp.write(body).catch((err: unknown) => {
        req.log.error({ err }, 'roster export failed');
        body.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      const ascii = `members-${exp.filename.replace(/\D+/g, '').slice(-8)}.xlsx`;
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(exp.filename, ascii))
        .send(body);
    },
  });
}
