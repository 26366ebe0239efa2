import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  answerBody,
  copySystemBody,
  createRoundBody,
  createSystemBody,
  entriesBody,
  levelBody,
  objectionBody,
  putSystemBody,
  revisionBody,
  roundDetail,
  roundExportQuery,
  roundListQuery,
  roundOrgParams,
  roundPreview,
  roundPreviewBody,
  roundProgress,
  roundSummary,
  starHistoryQuery,
  starQuery,
  systemDetail,
  systemListQuery,
  systemSummary,
  templateList,
  transitionBody,
} from '../../../contracts/assess.ts';
import { idParam } from '../../../contracts/common.ts';
import { AppError } from '../../errors.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import {
  copyAssessSystem,
  createAssessSystem,
  createRound,
  getSystemDetail,
  listAssessRounds,
  listAssessSystems,
  listTemplates,
  previewRound,
  publishAssessSystem,
  putAssessSystem,
} from './assess.service.ts';
import { roundNotice, roundResultsXlsx } from './export.service.ts';
import {
  answerRoundObjection,
  attachEntryFiles,
  getEntryFile,
  getOrgSheet,
  getRoundDetail,
  getRoundProgress,
  getRoundResults,
  getStars,
  raiseObjection,
  reviseResult,
  scoreOrg,
  selfAssess,
  setOrgLevel,
  transitionRound,
} from './scoring.service.ts';
import { getStarHistory } from './stars.service.ts';

const tags = ['assess'];

/** An entry's evidence sent as multipart: the field `indicatorId` and the files (`files`, several allowed). */
async function entryUpload(
  req: FastifyRequest,
): Promise<{ indicatorId: string; files: { filename: string; data: Buffer }[] }> {
  if (!req.isMultipart()) throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.roster.notMultipart');
  let indicatorId = '';
  const files: { filename: string; data: Buffer }[] = [];
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.fieldname === 'files' || part.fieldname === 'file') files.push({ filename: part.filename, data });
    } else if (part.fieldname === 'indicatorId') indicatorId = String(part.value).trim();
  }
  if (!indicatorId)
    throw AppError.of('VALIDATION_FAILED', 'err.assess.unknownIndicator', { id: '' }, { field: 'indicatorId' });
  return { indicatorId, files };
}
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF_MIME = 'application/pdf';

/**
 * Assessment (考核, issue 12): index systems, rounds, 自评 and 评分, results with explanations, 公示 objections,
 * revisions after 确定, and star levels. Shapes in docs/assess.md. Reads: task:read; the issuer's and scorers' steps:
 * task:assign; an assessed organisation's own steps (自评, 异议): task:report.
 */
export async function assessRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/assess/templates', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '考核指标体系模板（示例A、示例B、建议默认；均为[S]）', response: { 200: templateList } },
    handler: (req) => listTemplates(ctxOf(req, services)),
  });

  r.get('/api/assess/systems', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '考核指标体系列表（本级及下级的全部，上级已发布的）',
      querystring: systemListQuery,
      response: { 200: z.array(systemSummary) },
    },
    handler: (req) => listAssessSystems(ctxOf(req, services), req.query),
  });

  r.post('/api/assess/systems', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '新建本单位的考核指标体系（空白或按模板）',
      body: createSystemBody,
      response: { 201: systemDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await createAssessSystem(ctxOf(req, services), req.body)),
  });

  r.get('/api/assess/systems/:id', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '考核指标体系详情（指标树）', params: idParam, response: { 200: systemDetail } },
    handler: (req) => getSystemDetail(ctxOf(req, services), req.params.id),
  });

  r.put('/api/assess/systems/:id', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '修改草稿指标体系（整棵指标树，逐项校验分值）',
      params: idParam,
      body: putSystemBody,
      response: { 200: systemDetail },
    },
    handler: (req) => putAssessSystem(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/assess/systems/:id/copy', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '复制指标体系（如上年度的）为本单位的草稿',
      params: idParam,
      body: copySystemBody,
      response: { 201: systemDetail },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await copyAssessSystem(ctxOf(req, services), req.params.id, req.body)),
  });

  r.post('/api/assess/systems/:id/publish', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '发布指标体系（发布后不再修改）', params: idParam, response: { 200: systemDetail } },
    handler: (req) => publishAssessSystem(ctxOf(req, services), req.params.id),
  });

  r.post('/api/assess/systems/:id/rounds/preview', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '预览考核对象（按选择或按规则）',
      params: idParam,
      body: roundPreviewBody,
      response: { 200: roundPreview },
    },
    handler: (req) => previewRound(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/assess/systems/:id/rounds', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '用已发布的指标体系发起一轮考核（草稿）',
      params: idParam,
      body: createRoundBody,
      response: { 201: roundDetail },
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, services);
      const id = await createRound(ctx, req.params.id, req.body);
      return reply.status(201).send(await getRoundDetail(ctx, id));
    },
  });

  r.get('/api/assess/rounds', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '考核列表（本级及下级发起的，本单位参加或评分的）',
      querystring: roundListQuery,
      response: { 200: z.array(roundSummary) },
    },
    handler: (req) => listAssessRounds(ctxOf(req, services), req.query),
  });

  r.get('/api/assess/rounds/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '考核详情：阶段、日期、考核对象进度、异议、修订',
      params: idParam,
      response: { 200: roundDetail },
    },
    handler: (req) => getRoundDetail(ctxOf(req, services), req.params.id),
  });

  r.get('/api/assess/rounds/:id/progress', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '整轮计分进度：读取自动指标已完成的组织数/总数，保存结果（页面在计分时轮询）',
      params: idParam,
      response: { 200: roundProgress },
    },
    handler: (req) => getRoundProgress(ctxOf(req, services), req.params.id),
  });

  r.post('/api/assess/rounds/:id/transition', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '进入下一阶段：自评 → 上级评分 → 公示（冻结自动指标、生成结果）→ 确定（评定星级）',
      params: idParam,
      body: transitionBody,
      response: { 200: roundDetail },
    },
    handler: (req) => transitionRound(ctxOf(req, services), req.params.id, req.body.to),
  });

  r.get('/api/assess/rounds/:id/results', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '考核结果：排名、等次、每项指标的得分说明', params: idParam },
    handler: (req) => getRoundResults(ctxOf(req, services), req.params.id),
  });

  r.get('/api/assess/rounds/:id/export', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '导出考核结果：排名表（.xlsx）或考核结果通报（.docx 或 PDF，公文版式）',
      params: idParam,
      querystring: roundExportQuery,
      produces: [XLSX_MIME, DOCX_MIME, PDF_MIME],
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, services);
      const { format } = req.query;
      const { filename, data } =
        format === 'xlsx' ? await roundResultsXlsx(ctx, req.params.id) : await roundNotice(ctx, req.params.id, format);
      return reply
        .header('content-type', format === 'docx' ? DOCX_MIME : format === 'pdf' ? PDF_MIME : XLSX_MIME)
        .header('content-disposition', attachment(filename))
        .send(data);
    },
  });

  r.get('/api/assess/rounds/:id/orgs/:orgId', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '一个被考核组织的评分表（自评、评分、自动指标，适合手机填写）', params: roundOrgParams },
    handler: (req) => getOrgSheet(ctxOf(req, services), req.params.id, req.params.orgId),
  });

  r.post('/api/assess/rounds/:id/orgs/:orgId/files', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '上传某项指标的佐证材料（自评时本单位，评分时该指标的评分单位；multipart：indicatorId 与 files）',
      params: roundOrgParams,
      consumes: ['multipart/form-data'],
    },
    handler: async (req) => {
      const { indicatorId, files } = await entryUpload(req);
      return attachEntryFiles(
        ctxOf(req, services),
        services.files,
        services.maxEvidenceBytes,
        req.params.id,
        req.params.orgId,
        indicatorId,
        files,
      );
    },
  });

  r.get('/api/assess/rounds/:id/orgs/:orgId/files/:fileId', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '下载指标佐证材料',
      params: roundOrgParams.extend({ fileId: z.coerce.number().int().min(1) }),
    },
    handler: async (req, reply) => {
      const f = await getEntryFile(
        ctxOf(req, services),
        services.files,
        req.params.id,
        req.params.orgId,
        req.params.fileId,
      );
      return reply.header('content-type', f.mime).header('content-disposition', attachment(f.filename)).send(f.data);
    },
  });

  r.put('/api/assess/rounds/:id/orgs/:orgId/self', {
    config: { permission: 'task:report' },
    schema: { tags, summary: '自评（被考核组织本单位）', params: roundOrgParams, body: entriesBody },
    handler: (req) => selfAssess(ctxOf(req, services), req.params.id, req.params.orgId, req.body.entries),
  });

  r.put('/api/assess/rounds/:id/orgs/:orgId/score', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '上级评分（各指标的评分单位；含一票否决）', params: roundOrgParams, body: entriesBody },
    handler: (req) => scoreOrg(ctxOf(req, services), req.params.id, req.params.orgId, req.body.entries),
  });

  r.put('/api/assess/rounds/:id/orgs/:orgId/level', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '调整等次与附加条件（超出比例的等次不予确定）', params: roundOrgParams, body: levelBody },
    handler: (req) => setOrgLevel(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.post('/api/assess/rounds/:id/orgs/:orgId/objections', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '公示期内对结果提出异议（被考核组织本单位）',
      params: roundOrgParams,
      body: objectionBody,
    },
    handler: (req) => raiseObjection(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.post('/api/assess/objections/:id/answer', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '答复异议（考核发起单位）', params: idParam, body: answerBody },
    handler: (req) => answerRoundObjection(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/assess/rounds/:id/orgs/:orgId/revisions', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '确定后修订一项评分（登记修订人、理由、修订前后）',
      params: roundOrgParams,
      body: revisionBody,
    },
    handler: (req) => reviseResult(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.get('/api/assess/stars', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '下级组织的星级（本年与上年、晋级降级、各星级数量）', querystring: starQuery },
    handler: (req) => getStars(ctxOf(req, services), req.query),
  });

  r.get('/api/assess/stars/history', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '一个组织历年的星级（及评定所依据的考核）', querystring: starHistoryQuery },
    handler: (req) => getStarHistory(ctxOf(req, services), req.query.orgId),
  });
}
