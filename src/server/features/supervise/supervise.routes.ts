import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, paged } from '../../../contracts/common.ts';
import {
  createFindingBody,
  createNoticeBody,
  createSupervisionBody,
  findingParams,
  findingProblemBody,
  noticeDetail,
  noticeFileQuery,
  noticeListQuery,
  noticeSummary,
  supervisionDetail,
  supervisionListQuery,
  supervisionSummary,
  updateNoticeBody,
} from '../../../contracts/supervise.ts';
import { problemDetail } from '../../../contracts/tasks.ts';
import { attachment } from '../../http/download.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { createNotice, getNotice, listNotices, noticeFile, publishNotice, updateNotice } from './notice.service.ts';
import {
  addFinding,
  createSupervision,
  findingToProblem,
  getSupervisionDetail,
  listSupervisions,
} from './supervise.service.ts';

const tags = ['supervise'];

export async function superviseRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/supervisions', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '督查列表',
      querystring: supervisionListQuery,
      response: { 200: paged(supervisionSummary) },
    },
    handler: (req) => listSupervisions(ctxOf(req, services), req.query),
  });

  r.post('/api/supervisions', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '发起督查：选定对象或按规则随机抽取（记录随机种子）',
      body: createSupervisionBody,
      response: { 201: supervisionDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await createSupervision(ctxOf(req, services), req.body)),
  });

  r.get('/api/supervisions/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '督查详情：对象、抽取记录、发现的问题',
      params: idParam,
      response: { 200: supervisionDetail },
    },
    handler: (req) => getSupervisionDetail(ctxOf(req, services), req.params.id),
  });

  r.post('/api/supervisions/:id/findings', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '记录督查发现',
      params: idParam,
      body: createFindingBody,
      response: { 200: supervisionDetail },
    },
    handler: (req) => addFinding(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/supervisions/:id/findings/:findingId/problem', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '督查发现转为问题（交办整改）',
      params: findingParams,
      body: findingProblemBody,
      response: { 201: problemDetail },
    },
    handler: async (req, reply) =>
      reply
        .status(201)
        .send(await findingToProblem(ctxOf(req, services), req.params.id, req.params.findingId, req.body)),
  });

  r.get('/api/notices', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '通报列表', querystring: noticeListQuery, response: { 200: paged(noticeSummary) } },
    handler: (req) => listNotices(ctxOf(req, services), req.query),
  });

  r.post('/api/notices', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '生成通报（草稿）：按期内到期工作排名下级组织',
      body: createNoticeBody,
      response: { 201: noticeDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await createNotice(ctxOf(req, services), req.body)),
  });

  r.get('/api/notices/:id', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '通报详情与排名', params: idParam, response: { 200: noticeDetail } },
    handler: (req) => getNotice(ctxOf(req, services), req.params.id),
  });

  r.get('/api/notices/:id/file', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '通报公文（.docx 或 PDF，GB/T 9704 版式）',
      params: idParam,
      querystring: noticeFileQuery,
    },
    handler: async (req, reply) => {
      const { data, filename } = await noticeFile(ctxOf(req, services), req.params.id, req.query.format);
      const mime =
        req.query.format === 'pdf'
          ? 'application/pdf'
          : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      const disposition =
        req.query.format === 'pdf' ? attachment(filename).replace(/^attachment/, 'inline') : attachment(filename);
      return reply.header('content-type', mime).header('content-disposition', disposition).send(data);
    },
  });

  r.patch('/api/notices/:id', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '修改通报草稿的文字：标题、文号、主送、开头段、结尾段（排名和数字不可改；已发布的通报不可改）',
      params: idParam,
      body: updateNoticeBody,
      response: { 200: noticeDetail },
    },
    handler: (req) => updateNotice(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/notices/:id/publish', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '发布通报：下级组织可见', params: idParam, response: { 200: noticeDetail } },
    handler: (req) => publishNotice(ctxOf(req, services), req.params.id),
  });
}
