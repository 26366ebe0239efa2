import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, idSchema, paged } from '../../../contracts/common.ts';
import {
  correctIncomeBody,
  createIncomeBody,
  economyExportQuery,
  economyImportErrorsQuery,
  economyImportQuery,
  economyImportResult,
  economySummary,
  economySummaryQuery,
  villageIncomeDetail,
  villageIncomeQuery,
  villageListQuery,
  villageRow,
} from '../../../contracts/economy.ts';
import { AppError } from '../../errors.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import { spreadsheetUpload } from '../../http/spreadsheet-upload.ts';
import type { Services } from '../../services.ts';
import type { UploadedFile } from '../assignments/ledger.service.ts';
import { ctxOf } from '../context.ts';
import {
  addIncomeFiles,
  correctIncome,
  createIncome,
  getEconomySummary,
  getIncomeFile,
  getVillageIncome,
  listVillages,
} from './economy.service.ts';
import { importIncomeList, incomeErrorWorkbook } from './economy-import.service.ts';
import { economyXlsx } from './economy-xlsx.ts';

const tags = ['economy'];

/** 村级集体经济 (collective economy, issue 13): villages' income, the subtree's "两个80%", import and export. */
export async function economyRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/economy/summary', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary:
        '村级集体经济“两个80%”：组织及其下级各行政村当年有稳定集体经济收入的比例、其中达到规定金额的比例，空壳村、薄弱村、未填报数，及各下级组织的同样统计（金额单位：元）',
      querystring: economySummaryQuery,
      response: { 200: economySummary },
    },
    handler: (req) => getEconomySummary(ctxOf(req, services), req.query),
  });

  r.get('/api/economy/villages', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '各行政村当年集体经济收入（按收入类别，元）及空壳村、薄弱村、未填报标记；可按标记筛选，分页',
      querystring: villageListQuery,
      response: { 200: paged(villageRow) },
    },
    handler: (req) => listVillages(ctxOf(req, services), req.query),
  });

  r.get('/api/economy/export', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '导出村级集体经济收入统计表（.xlsx，导入的格式，金额单位元）；导出的文件可再次导入，不重复登记',
      querystring: economyExportQuery,
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const { filename, data } = await economyXlsx(ctxOf(req, services), req.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          attachment(filename, `village-income-${filename.replace(/\D+/g, '').slice(-8)}.xlsx`),
        )
        .send(data);
    },
  });

  r.get('/api/economy/entries', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '一个行政村某年的集体经济收入填报记录（含更正和附件）、当年收入及标记',
      querystring: villageIncomeQuery,
      response: { 200: villageIncomeDetail },
    },
    handler: (req) => getVillageIncome(ctxOf(req, services), req.query),
  });

  r.post('/api/economy/entries', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary:
        '行政村填报集体经济收入（全年或某季度，按收入类别，单位元）；同一村同一年度同一期间只能填报一次，修改请更正原记录',
      body: createIncomeBody,
      response: { 201: villageIncomeDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await createIncome(ctxOf(req, services), req.body)),
  });

  r.post('/api/economy/entries/:id/corrections', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '更正集体经济收入记录：新增一条更正记录（写明原因），原记录保留',
      params: idParam,
      body: correctIncomeBody,
      response: { 201: villageIncomeDetail },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await correctIncome(ctxOf(req, services), req.params.id, req.body)),
  });

  r.post('/api/economy/entries/:id/files', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '为集体经济收入记录上传佐证材料（multipart 字段 files：收支报表、公开栏照片等）',
      params: idParam,
      consumes: ['multipart/form-data'],
      response: { 200: villageIncomeDetail },
    },
    handler: async (req) => {
      if (!req.isMultipart()) throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.roster.notMultipart');
      const uploads: UploadedFile[] = [];
      for await (const part of req.parts()) {
        if (part.type !== 'file') continue;
        const data = await part.toBuffer();
        if (part.fieldname === 'files' && data.length > 0) uploads.push({ filename: part.filename, data });
      }
      return addIncomeFiles(ctxOf(req, services), req.params.id, {
        files: services.files,
        maxFileBytes: services.maxEvidenceBytes,
        uploads,
      });
    },
  });

  r.get('/api/economy/entries/:id/files/:fileId', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '下载集体经济收入记录的佐证材料', params: z.object({ id: idSchema, fileId: idSchema }) },
    handler: async (req, reply) => {
      const file = await getIncomeFile(ctxOf(req, services), services.files, req.params.id, req.params.fileId);
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', attachment(file.filename))
        .send(file.data);
    },
  });

  r.post('/api/economy/import', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary:
        '导入村级集体经济收入统计表（.xlsx/.xls，multipart 字段 file，可附 mapping 列对应）：村按组织编码或村名在本组织及下级中匹配，逐行校验，全部无误才导入；金额与现行记录相同的不重复登记，不同的作为更正；表头注明“万元”的列按万元；commit=false 只校验',
      querystring: economyImportQuery,
      consumes: ['multipart/form-data'],
      response: { 200: economyImportResult },
    },
    handler: async (req) => {
      const { file, mapping } = await spreadsheetUpload(req);
      const { errorCount, ...result } = await importIncomeList(ctxOf(req, services), req.query.orgId, file, {
        commit: req.query.commit === 'true',
        ...(mapping ? { mapping } : {}),
      });
      if (errorCount > 0) {
        throw AppError.of('IMPORT_INVALID', 'err.economy.import.hasErrors', { n: errorCount }, result);
      }
      return result;
    },
  });

  r.post('/api/economy/import/errors', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary:
        '下载标注了错误的村级集体经济收入统计表（.xlsx）：上传的文件原样返回，有问题的单元格标红并附批注，另附“导入错误”工作表；不导入任何数据',
      querystring: economyImportErrorsQuery,
      consumes: ['multipart/form-data'],
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const { file, mapping } = await spreadsheetUpload(req);
      const marked = await incomeErrorWorkbook(ctxOf(req, services), req.query.orgId, file, mapping);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment('村级集体经济收入统计表-错误标注.xlsx', 'village-income-errors.xlsx'))
        .send(marked);
    },
  });
}
