import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, idSchema } from '../../../contracts/common.ts';
import {
  createMeetingBody,
  formDefaultsQuery,
  lifeCompliance,
  lifePlan,
  lifeRates,
  meetingDetail,
  meetingFormDefaults,
  meetingImportErrorsQuery,
  meetingImportQuery,
  meetingImportResult,
  meetingList,
  meetingListQuery,
  meetingReportBody,
  orgYearQuery,
  patchMeetingBody,
  putLifePlanBody,
} from '../../../contracts/life.ts';
import { AppError } from '../../errors.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import { spreadsheetUpload } from '../../http/spreadsheet-upload.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { getLifeCompliance, getLifeRates } from './compliance.service.ts';
import {
  attachMeetingFiles,
  correctMeeting,
  getMeetingDetail,
  getMeetingFile,
  getMeetingFormDefaults,
  listMeetings,
  recordMeeting,
  recordMeetingReport,
} from './life.service.ts';
import { importMeetingLedger, meetingLedgerErrorWorkbook } from './meeting-import.service.ts';
import { getLifePlan, saveLifePlan } from './plan.service.ts';

const tags = ['life'];

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

/** Organisational life (组织生活): meetings, the branch calendar, subtree rates. */
export async function lifeRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/meetings', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '一个组织一年的会议记录（三会一课、主题党日、组织生活会等）',
      querystring: meetingListQuery,
      response: { 200: meetingList },
    },
    handler: (req) => listMeetings(ctxOf(req, services), req.query),
  });

  r.post('/api/meetings', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '登记会议：出席与缺席（缺席原因）、表决情况；关联任务的会议同时记入该任务的工作台账',
      body: createMeetingBody,
      response: { 201: meetingDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await recordMeeting(ctxOf(req, services), req.body)),
  });

  r.get('/api/meetings/form-defaults', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '登记会议的默认值：党员名册、议题建议（本组织未完成的任务）、本期尚未召开的会议',
      querystring: formDefaultsQuery,
      response: { 200: meetingFormDefaults },
    },
    handler: (req) => getMeetingFormDefaults(ctxOf(req, services), req.query.orgId),
  });

  r.get('/api/meetings/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '会议详情（出席、表决及其是否符合规定）',
      params: idParam,
      response: { 200: meetingDetail },
    },
    handler: (req) => getMeetingDetail(ctxOf(req, services), req.params.id),
  });

  r.patch('/api/meetings/:id', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '更正会议记录（留痕）',
      params: idParam,
      body: patchMeetingBody,
      response: { 200: meetingDetail },
    },
    handler: (req) => correctMeeting(ctxOf(req, services), req.params.id, req.body),
  });

  r.patch('/api/meetings/:id/report', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '登记民主生活会情况报告的报送日期（会后 15 日内报上级；可附文件说明，留痕）',
      params: idParam,
      body: meetingReportBody,
      response: { 200: meetingDetail },
    },
    handler: (req) => recordMeetingReport(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/meetings/import', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary:
        '导入会议台账（.xlsx/.xls，multipart 字段 file）：按列名识别日期、时间、会议类型、议题、应到/实到人数、组织等，逐行校验，全部无误才导入；已有的会议（组织、日期、类型、议题相同）不重复导入；commit=false 只校验',
      querystring: meetingImportQuery,
      consumes: ['multipart/form-data'],
      response: { 200: meetingImportResult },
    },
    handler: async (req) => {
      const { file, mapping } = await spreadsheetUpload(req);
      const { errorCount, ...result } = await importMeetingLedger(ctxOf(req, services), req.query.orgId, file, {
        commit: req.query.commit === 'true',
        ...(mapping ? { mapping } : {}),
      });
      if (errorCount > 0) throw AppError.of('IMPORT_INVALID', 'err.life.import.hasErrors', { n: errorCount }, result);
      return result;
    },
  });

  r.post('/api/meetings/import/errors', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary:
        '下载标注了错误的会议台账（.xlsx）：上传的文件原样返回，有问题的单元格标红并附批注，另附“导入错误”工作表；不导入任何数据',
      querystring: meetingImportErrorsQuery,
      consumes: ['multipart/form-data'],
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const { file, mapping } = await spreadsheetUpload(req);
      const marked = await meetingLedgerErrorWorkbook(ctxOf(req, services), req.query.orgId, file, mapping);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment('会议台账-错误标注.xlsx', 'meetings-errors.xlsx'))
        .send(marked);
    },
  });

  r.post('/api/meetings/:id/files', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '上传会议佐证材料（multipart 字段 files；可选，从不强制）',
      params: idParam,
      consumes: ['multipart/form-data'],
      response: { 200: meetingDetail },
    },
    handler: async (req) =>
      attachMeetingFiles(
        ctxOf(req, services),
        services.files,
        services.maxEvidenceBytes,
        req.params.id,
        await evidenceFiles(req),
      ),
  });

  r.get('/api/meetings/:id/files/:fileId', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '下载会议佐证材料',
      params: z.object({ id: idSchema, fileId: idSchema }),
    },
    handler: async (req, reply) => {
      const file = await getMeetingFile(ctxOf(req, services), services.files, req.params.id, req.params.fileId);
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', attachment(file.filename))
        .send(file.data);
    },
  });

  r.get('/api/life/compliance', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '组织生活日历：各类会议逐月是否按规定召开，及每项问题所依据的规定',
      querystring: orgYearQuery,
      response: { 200: lifeCompliance },
    },
    handler: (req) => getLifeCompliance(ctxOf(req, services), req.query.orgId, req.query.year),
  });

  r.get('/api/life/rates', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '组织生活落实率：本级及以下合计、各下级及其排名',
      querystring: orgYearQuery,
      response: { 200: lifeRates },
    },
    handler: (req) => getLifeRates(ctxOf(req, services), req.query.orgId, req.query.year),
  });

  r.get('/api/life/plan', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '年度学习安排：保存的安排，未保存时按规定生成的默认安排（generated），各项是否已召开',
      querystring: orgYearQuery,
      response: { 200: lifePlan },
    },
    handler: (req) => getLifePlan(ctxOf(req, services), req.query.orgId, req.query.year),
  });

  r.put('/api/life/plan', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '保存一个组织全年的学习安排（整体替换，留痕）',
      body: putLifePlanBody,
      response: { 200: lifePlan },
    },
    handler: (req) => saveLifePlan(ctxOf(req, services), req.body),
  });
}
