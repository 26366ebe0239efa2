import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, idSchema, paged } from '../../../contracts/common.ts';
import {
  createGridBody,
  gridDto,
  gridImportErrorsQuery,
  gridImportQuery,
  gridImportResult,
  gridList,
  gridListQuery,
  gridStats,
  gridStatsQuery,
  matterDetail,
  matterEventBody,
  matterExportQuery,
  matterListQuery,
  matterSummary,
  reportMatterBody,
  updateGridBody,
} from '../../../contracts/grid.ts';
import { AppError } from '../../errors.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import { spreadsheetUpload } from '../../http/spreadsheet-upload.ts';
import type { Services } from '../../services.ts';
import type { UploadedFile } from '../assignments/ledger.service.ts';
import { ctxOf } from '../context.ts';
import {
  createGrid,
  fireMatterEvent,
  getGridStats,
  getMatterDetail,
  getMatterFile,
  listGrids,
  listMatters,
  reportMatter,
  updateGrid,
} from './grid.service.ts';
import { gridMatterErrorWorkbook, importGridMatters } from './grid-import.service.ts';
import { gridMatterXlsx } from './grid-xlsx.ts';

const tags = ['grid'];

/** Fields a multipart form sends as text that the contract reads as numbers (ids). */
const NUMERIC = new Set(['gridId', 'assigneeOrgId']);

/** A step or a report sent as a multipart form: its fields (ids as numbers) and the photos (field `files`). */
async function photoForm(req: FastifyRequest): Promise<{ fields: Record<string, unknown>; uploads: UploadedFile[] }> {
  const fields: Record<string, unknown> = {};
  const uploads: UploadedFile[] = [];
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.fieldname === 'files' && data.length > 0) uploads.push({ filename: part.filename, data });
      continue;
    }
    if (typeof part.value !== 'string' || part.value === '') continue;
    fields[part.fieldname] =
      NUMERIC.has(part.fieldname) && /^\d{1,10}$/.test(part.value) ? Number(part.value) : part.value;
  }
  return { fields, uploads };
}

export async function gridRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const uploadsOf = new WeakMap<FastifyRequest, UploadedFile[]>();
  const asForm = async (req: FastifyRequest) => {
    if (!req.isMultipart()) return;
    const { fields, uploads } = await photoForm(req);
    req.body = fields;
    uploadsOf.set(req, uploads);
  };
  const photosOf = (req: FastifyRequest) => ({
    files: services.files,
    maxFileBytes: services.maxEvidenceBytes,
    uploads: uploadsOf.get(req) ?? [],
  });

  r.get('/api/grids', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '网格：组织及其下级社区（村）的网格、微网格，网格员，覆盖户数楼栋，各网格事项数（网格员只见本人网格）',
      querystring: gridListQuery,
      response: { 200: gridList },
    },
    handler: (req) => listGrids(ctxOf(req, services), req.query.orgId),
  });

  r.post('/api/grids', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '划分网格（社区、村级党组织之下；parentId 为网格时建微网格），指定网格员',
      body: createGridBody,
      response: { 201: gridDto },
    },
    handler: async (req, reply) => reply.status(201).send(await createGrid(ctxOf(req, services), req.body)),
  });

  r.patch('/api/grids/:id', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '修改网格：名称、网格员、覆盖范围',
      params: idParam,
      body: updateGridBody,
      response: { 200: gridDto },
    },
    handler: (req) => updateGrid(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/grid-matters', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '网格事项：按状态、网格、类别、逾期筛选（网格员只见本人网格的事项）',
      querystring: matterListQuery,
      response: { 200: paged(matterSummary) },
    },
    handler: (req) => listMatters(ctxOf(req, services), req.query),
  });

  r.post('/api/grid-matters', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '上报网格事项（网格员，或网格所属组织有报送权限的账号；JSON，或 multipart 同名字段另附照片 files）',
      body: reportMatterBody,
      consumes: ['application/json', 'multipart/form-data'],
      response: { 201: matterDetail },
    },
    preValidation: asForm,
    handler: async (req, reply) =>
      reply.status(201).send(await reportMatter(ctxOf(req, services), req.body, photosOf(req))),
  });

  r.get('/api/grid-matters/stats', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '网格事项统计排名：按网格、社区（村）、街道（乡镇）的事项数、逾期数和按期办结率（按期办结数 ÷ 到期数）',
      querystring: gridStatsQuery,
      response: { 200: gridStats },
    },
    handler: (req) => getGridStats(ctxOf(req, services), req.query),
  });

  r.get('/api/grid-matters/export', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '导出网格事项登记表（.xlsx，按列表的筛选条件）；导出的文件可再次导入，不重复登记',
      querystring: matterExportQuery,
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const { filename, data } = await gridMatterXlsx(ctxOf(req, services), req.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          attachment(filename, `grid-matters-${filename.replace(/\D+/g, '').slice(-8)}.xlsx`),
        )
        .send(data);
    },
  });

  r.post('/api/grid-matters/import', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary:
        '导入网格事项登记表（.xlsx/.xls，multipart 字段 file，可附 mapping 列对应）：网格按名称在本组织及下级中匹配，逐行校验，全部无误才导入（以“待交办”登记）；已登记的事项（同网格、同日、同内容）不重复导入；commit=false 只校验',
      querystring: gridImportQuery,
      consumes: ['multipart/form-data'],
      response: { 200: gridImportResult },
    },
    handler: async (req) => {
      const { file, mapping } = await spreadsheetUpload(req);
      const { errorCount, ...result } = await importGridMatters(ctxOf(req, services), req.query.orgId, file, {
        commit: req.query.commit === 'true',
        ...(mapping ? { mapping } : {}),
      });
      if (errorCount > 0) throw AppError.of('IMPORT_INVALID', 'err.grid.import.hasErrors', { n: errorCount }, result);
      return result;
    },
  });

  r.post('/api/grid-matters/import/errors', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary:
        '下载标注了错误的网格事项登记表（.xlsx）：上传的文件原样返回，有问题的单元格标红并附批注，另附“导入错误”工作表；不导入任何数据',
      querystring: gridImportErrorsQuery,
      consumes: ['multipart/form-data'],
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const { file, mapping } = await spreadsheetUpload(req);
      const marked = await gridMatterErrorWorkbook(ctxOf(req, services), req.query.orgId, file, mapping);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment('网格事项登记表-错误标注.xlsx', 'grid-matters-errors.xlsx'))
        .send(marked);
    },
  });

  r.get('/api/grid-matters/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '网格事项详情：流转过程、照片、督办记录',
      params: idParam,
      response: { 200: matterDetail },
    },
    handler: (req) => getMatterDetail(ctxOf(req, services), req.params.id),
  });

  // The step decides the side (交办, 反馈, 问效: the grid's organisation and above; 退回, 处置: the handler; 问效 also
  // the 网格员); the service checks it. JSON, or a multipart form whose fields become the body (处置 with photos).
  r.post('/api/grid-matters/:id/events', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary:
        '网格事项流转：交办、退回、处置、反馈、问效（评价不满意的重新办理）；处置可附照片（multipart 字段 files）',
      params: idParam,
      body: matterEventBody,
      consumes: ['application/json', 'multipart/form-data'],
      response: { 200: matterDetail },
    },
    preValidation: asForm,
    handler: (req) => fireMatterEvent(ctxOf(req, services), req.params.id, req.body, photosOf(req)),
  });

  r.get('/api/grid-matters/:id/files/:fileId', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '下载网格事项的照片', params: z.object({ id: idSchema, fileId: idSchema }) },
    handler: async (req, reply) => {
      const file = await getMatterFile(ctxOf(req, services), services.files, req.params.id, req.params.fileId);
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', attachment(file.filename))
        .send(file.data);
    },
  });
}
