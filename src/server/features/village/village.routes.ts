import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, idSchema } from '../../../contracts/common.ts';
import {
  createVillageCaseBody,
  recordStepBody,
  villageCaseDetail,
  villageCountsAnswer,
  villageCountsQuery,
  villageList,
  villageListQuery,
} from '../../../contracts/village.ts';
import { AppError } from '../../errors.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import {
  attachVillageStepFiles,
  createVillageCase,
  getVillageCase,
  getVillageFile,
  listVillageCases,
  recordVillageStep,
  villageCountsOf,
} from './village.service.ts';
import { villageCasesXlsx } from './village-xlsx.ts';

const tags = ['village'];

/** Files sent as multipart (field `files`, several allowed); other parts are drained. */
async function evidenceFiles(req: FastifyRequest): Promise<{ filename: string; data: Buffer }[]> {
  if (!req.isMultipart()) throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.roster.notMultipart');
  const out: { filename: string; data: Buffer }[] = [];
  for await (const part of req.parts()) {
    if (part.type !== 'file') continue;
    const data = await part.toBuffer();
    if (part.fieldname === 'files' || part.fieldname === 'file') out.push({ filename: part.filename, data });
  }
  return out;
}

/**
 * 四议两公开 (issue 13, area village). Reads: task:read, in the caller's scope (the town sees every village below it);
 * writes: task:report, by the village or an account above it. Shapes in docs/village.md.
 */
export async function villageRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/village-decisions', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '四议两公开事项（该组织及其下级村、社区）：各步骤日期、状态、标记（含决议公开逾期），可按状态、标记筛选',
      querystring: villageListQuery,
      response: { 200: villageList },
    },
    handler: (req) => listVillageCases(ctxOf(req, services), req.query),
  });

  r.get('/api/village-decisions/counts', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '四议两公开统计：合计及各村（社区）的办理中、已完成、未通过、有标记、公开逾期件数',
      querystring: villageCountsQuery,
      response: { 200: villageCountsAnswer },
    },
    handler: (req) => villageCountsOf(ctxOf(req, services), req.query),
  });

  r.get('/api/village-decisions/export', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '导出四议两公开事项台账（.xlsx：序号、村、事项、类别、各步骤日期、状态、标记），筛选同列表',
      querystring: villageListQuery,
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const file = await villageCasesXlsx(ctxOf(req, services), req.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment(file.filename, 'village-decisions.xlsx'))
        .send(file.data);
    },
  });

  r.post('/api/village-decisions', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary:
        '登记四议两公开事项：村（社区）级党组织，事项名称及类别（村民委员会组织法第二十四条所列事项或其他重大事项）',
      body: createVillageCaseBody,
      response: { 201: villageCaseDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await createVillageCase(ctxOf(req, services), req.body)),
  });

  r.get('/api/village-decisions/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '四议两公开事项详情：步骤、到会与表决、会议记录、佐证材料、标记及其依据',
      params: idParam,
      response: { 200: villageCaseDetail },
    },
    handler: (req) => getVillageCase(ctxOf(req, services), req.params.id),
  });

  r.post('/api/village-decisions/:id/steps', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary:
        '登记下一步骤（或更正最后一步）：违反村民委员会组织法的（到会人数、提前通知、须经决议）拒绝并说明条文；不符合地方做法的登记并标记',
      params: idParam,
      body: recordStepBody,
      response: { 200: villageCaseDetail },
    },
    handler: (req) => recordVillageStep(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/village-decisions/:id/steps/:stepId/files', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '上传步骤佐证材料（会议照片、公开栏照片、会议记录扫描件；multipart 字段 files；可选）',
      params: z.object({ id: idSchema, stepId: idSchema }),
      consumes: ['multipart/form-data'],
      response: { 200: villageCaseDetail },
    },
    handler: async (req) =>
      attachVillageStepFiles(
        ctxOf(req, services),
        services.files,
        services.maxEvidenceBytes,
        req.params.id,
        req.params.stepId,
        await evidenceFiles(req),
      ),
  });

  r.get('/api/village-decisions/:id/files/:fileId', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '下载四议两公开步骤的佐证材料',
      params: z.object({ id: idSchema, fileId: idSchema }),
    },
    handler: async (req, reply) => {
      const file = await getVillageFile(ctxOf(req, services), services.files, req.params.id, req.params.fileId);
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', attachment(file.filename))
        .send(file.data);
    },
  });
}
