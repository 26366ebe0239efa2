import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam } from '../../../contracts/common.ts';
import {
  createReviewBody,
  reviewCommentBody,
  reviewDetail,
  reviewFileParams,
  reviewGradeBody,
  reviewHistory,
  reviewImportErrorsQuery,
  reviewImportQuery,
  reviewImportResult,
  reviewList,
  reviewListQuery,
  reviewOrgParams,
  reviewPollBody,
  reviewProblemBody,
  reviewReportBody,
} from '../../../contracts/review.ts';
import { AppError } from '../../errors.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import { spreadsheetUpload } from '../../http/spreadsheet-upload.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import {
  addProblem,
  createReview,
  getReportFile,
  getReview,
  getReviewHistory,
  listReviews,
  uploadReportFile,
  writeComment,
  writeGrade,
  writePoll,
  writeReport,
} from './review.service.ts';
import { importReviewPoll, reviewPollErrorWorkbook } from './review-import.service.ts';

/** The report file sent as multipart (field `file`; other parts are drained). */
async function reportUpload(req: FastifyRequest): Promise<{ filename: string; data: Buffer }[]> {
  if (!req.isMultipart()) throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.roster.notMultipart');
  const out: { filename: string; data: Buffer }[] = [];
  for await (const part of req.parts()) {
    if (part.type !== 'file') continue;
    const data = await part.toBuffer();
    if (part.fieldname === 'file' || part.fieldname === 'files') out.push({ filename: part.filename, data });
  }
  return out;
}

const tags = ['assess'];

/**
 * 书记抓基层党建工作述职评议 (issue 12). Reads: task:read, in the caller's scope (an organisation of the round sees
 * its own row); writes: task:assign — the report (typed or a file) by the organisation or the issuer, everything else
 * (the poll's import included) by the issuing committee or one above it. Shapes in docs/assess.md.
 */
export async function reviewRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/reviews', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '书记述职评议（该组织及其下级组织或涉及的）',
      querystring: reviewListQuery,
      response: { 200: reviewList },
    },
    handler: (req) => listReviews(ctxOf(req, services), req.query),
  });

  r.post('/api/reviews', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '组织本年度书记抓基层党建述职评议（本党委下级组织的书记；每年一次）',
      body: createReviewBody,
      response: { 201: reviewDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await createReview(ctxOf(req, services), req.body)),
  });

  r.get('/api/reviews/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '述职评议详情（各组织述职、点评、测评、等次和问题整改）',
      params: idParam,
      response: { 200: reviewDetail },
    },
    handler: (req) => getReview(ctxOf(req, services), req.params.id),
  });

  r.put('/api/reviews/:id/orgs/:orgId/report', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '填写述职报告',
      params: reviewOrgParams,
      body: reviewReportBody,
      response: { 200: reviewDetail },
    },
    handler: (req) => writeReport(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.put('/api/reviews/:id/orgs/:orgId/comment', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '登记上级点评（一述一评）',
      params: reviewOrgParams,
      body: reviewCommentBody,
      response: { 200: reviewDetail },
    },
    handler: (req) => writeComment(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.put('/api/reviews/:id/orgs/:orgId/poll', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '登记民主测评票数（按等次汇总，不记名）',
      params: reviewOrgParams,
      body: reviewPollBody,
      response: { 200: reviewDetail },
    },
    handler: (req) => writePoll(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.put('/api/reviews/:id/orgs/:orgId/grade', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '评定述职评议等次',
      params: reviewOrgParams,
      body: reviewGradeBody,
      response: { 200: reviewDetail },
    },
    handler: (req) => writeGrade(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.post('/api/reviews/:id/orgs/:orgId/report-file', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '上传述职报告文件（Word .docx 或 PDF；multipart 字段 file；与填写的文字并存，每次上传均留有记录）',
      params: reviewOrgParams,
      consumes: ['multipart/form-data'],
      response: { 200: reviewDetail },
    },
    handler: async (req) =>
      uploadReportFile(
        ctxOf(req, services),
        services.files,
        services.maxEvidenceBytes,
        req.params.id,
        req.params.orgId,
        await reportUpload(req),
      ),
  });

  r.get('/api/reviews/:id/orgs/:orgId/files/:fileId', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '下载述职报告文件（最新或历次上传的）', params: reviewFileParams },
    handler: async (req, reply) => {
      const file = await getReportFile(
        ctxOf(req, services),
        services.files,
        req.params.id,
        req.params.orgId,
        req.params.fileId,
      );
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', attachment(file.filename))
        .send(file.data);
    },
  });

  r.get('/api/reviews/:id/orgs/:orgId/history', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '述职评议修改记录（述职报告、报告文件、点评、测评票数、等次、问题，逐次留存，谁、何时、改了什么）',
      params: reviewOrgParams,
      response: { 200: reviewHistory },
    },
    handler: (req) => getReviewHistory(ctxOf(req, services), req.params.id, req.params.orgId),
  });

  r.post('/api/reviews/:id/import', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary:
        '导入民主测评票数（.xlsx/.xls，multipart 字段 file）：票数汇总表（每个单位一行：单位/组织编码/书记、应到、实到、各等次票数）或选票表（每张不记名选票一行、每个组织一列）；含投票人姓名、签名、工号等列的记名票拒绝导入；逐行逐列校验，全部无误才写入；票数与已登记相同的组织不重复写入；commit=false 只校验',
      params: idParam,
      querystring: reviewImportQuery,
      consumes: ['multipart/form-data'],
      response: { 200: reviewImportResult },
    },
    handler: async (req) => {
      const { file, filename, mapping } = await spreadsheetUpload(req);
      const { errorCount, ...result } = await importReviewPoll(ctxOf(req, services), req.params.id, file, {
        commit: req.query.commit === 'true',
        shouldAttend: req.query.shouldAttend,
        filename,
        ...(mapping ? { mapping } : {}),
      });
      if (errorCount > 0) {
        throw AppError.of('IMPORT_INVALID', 'err.review.import.hasErrors', { n: errorCount }, result);
      }
      return result;
    },
  });

  r.post('/api/reviews/:id/import/errors', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary:
        '下载标注了错误的民主测评票数表（.xlsx）：上传的文件原样返回，有问题的单元格标红并附批注，另附“导入错误”工作表；不导入任何数据',
      params: idParam,
      querystring: reviewImportErrorsQuery,
      consumes: ['multipart/form-data'],
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const { file, mapping } = await spreadsheetUpload(req);
      const marked = await reviewPollErrorWorkbook(ctxOf(req, services), req.params.id, file, {
        shouldAttend: req.query.shouldAttend,
        ...(mapping ? { mapping } : {}),
      });
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment('民主测评票数-错误标注.xlsx', 'review-poll-errors.xlsx'))
        .send(marked);
    },
  });

  r.post('/api/reviews/:id/orgs/:orgId/problems', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '列出问题（作为整改问题交该组织办理）',
      params: reviewOrgParams,
      body: reviewProblemBody,
      response: { 200: reviewDetail },
    },
    handler: (req) => addProblem(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });
}
