import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../contracts/common.ts';
import {
  duesArrangementBody,
  duesBaseBody,
  duesExtraBody,
  duesImportErrorsQuery,
  duesImportQuery,
  duesImportResult,
  duesMemberRow,
  duesPaymentBody,
  duesPaymentList,
  duesPaymentListQuery,
  duesQuery,
  duesReport,
  duesVoidBody,
  floatingBody,
  floatingContactBody,
  floatingDto,
  floatingListQuery,
  floatingReturnBody,
  transferBody,
  transferDto,
  transferEventBody,
  transferLetterQuery,
  transferListQuery,
} from '../../../contracts/dues.ts';
import { AppError } from '../../errors.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import { spreadsheetUpload } from '../../http/spreadsheet-upload.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import {
  createTransfer,
  getDuesReport,
  getTransfer,
  listDuesPayments,
  listTransfers,
  recordDuesExtra,
  recordDuesPayments,
  setDuesArrangement,
  setDuesBase,
  transferLetter,
  transferStep,
  voidDuesPayment,
} from './dues.service.ts';
import { duesLedgerErrorWorkbook, importDuesLedger } from './dues-import.service.ts';
import { addFloatingContact, endFloating, listFloating, startFloating } from './floating.service.ts';

const tags = ['people'];
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 党费 and 组织关系转接 (issue 11, area people). */
export async function duesRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/dues', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '党费：支部党员逐月交纳情况、欠交月数与连续欠交提示；上级组织看下级欠交党员',
      querystring: duesQuery,
      response: { 200: duesReport },
    },
    handler: (req) => getDuesReport(ctxOf(req, services), req.query),
  });

  r.post('/api/dues/bases', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '核定党员党费标准（按类别与月工资收入计算；收入不留存）',
      body: duesBaseBody,
      response: { 200: duesMemberRow },
    },
    handler: (req) => setDuesBase(ctxOf(req, services), req.body),
  });

  r.post('/api/dues/payments', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '登记党员交纳党费的月份',
      body: duesPaymentBody,
      response: { 200: duesMemberRow },
    },
    handler: (req) => recordDuesPayments(ctxOf(req, services), req.body),
  });

  r.get('/api/dues/payments', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '党费交纳记录：本组织及下级党员当年各月交纳与一次性多交党费（上缴中央的标明）',
      querystring: duesPaymentListQuery,
      response: { 200: duesPaymentList },
    },
    handler: (req) => listDuesPayments(ctxOf(req, services), req.query),
  });

  r.post('/api/dues/arrangements', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '登记党员党费交纳方式：按月；经支部同意按季度或委托代缴（记支部同意日期、代缴人）',
      body: duesArrangementBody,
      response: { 200: duesMemberRow },
    },
    handler: (req) => setDuesArrangement(ctxOf(req, services), req.body),
  });

  r.post('/api/dues/extras', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '登记一次性自愿多交党费（1000 元以上的全部上缴中央）',
      body: duesExtraBody,
      response: { 200: duesMemberRow },
    },
    handler: (req) => recordDuesExtra(ctxOf(req, services), req.body),
  });

  r.post('/api/dues/import', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary:
        '导入党费收缴登记表（.xlsx/.xls，multipart 字段 file，可附 mapping 列对应）：按姓名和身份证号（或后四位）找党员，月份可为文字、日期或数字，逐行校验，全部无误才导入；已登记的月份不重复导入；commit=false 只校验',
      querystring: duesImportQuery,
      consumes: ['multipart/form-data'],
      response: { 200: duesImportResult },
    },
    handler: async (req) => {
      const { file, mapping } = await spreadsheetUpload(req);
      const { errorCount, ...result } = await importDuesLedger(ctxOf(req, services), req.query.orgId, file, {
        commit: req.query.commit === 'true',
        ...(mapping ? { mapping } : {}),
      });
      if (errorCount > 0) throw AppError.of('IMPORT_INVALID', 'err.dues.import.hasErrors', { n: errorCount }, result);
      return result;
    },
  });

  r.post('/api/dues/import/errors', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary:
        '下载标注了错误的党费收缴登记表（.xlsx）：上传的文件原样返回，有问题的单元格标红并附批注，另附“导入错误”工作表；不导入任何数据',
      querystring: duesImportErrorsQuery,
      consumes: ['multipart/form-data'],
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const { file, mapping } = await spreadsheetUpload(req);
      const marked = await duesLedgerErrorWorkbook(ctxOf(req, services), req.query.orgId, file, mapping);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment('党费收缴登记表-错误标注.xlsx', 'dues-errors.xlsx'))
        .send(marked);
    },
  });

  r.post('/api/dues/payments/:id/void', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '作废一条误登记的党费记录（记录不删除）',
      params: idParam,
      body: duesVoidBody,
      response: { 200: duesMemberRow },
    },
    handler: (req) => voidDuesPayment(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/transfers', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '组织关系转接：转出和转入本组织及下级的记录，办理中在前',
      querystring: transferListQuery,
      response: { 200: z.array(transferDto) },
    },
    handler: (req) => listTransfers(ctxOf(req, services), req.query),
  });

  r.post('/api/transfers', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '开具组织关系介绍信：平台内转接（按接收组织编码）、转出平台外、从平台外转入',
      body: transferBody,
      response: { 201: transferDto },
    },
    handler: async (req, reply) => reply.status(201).send(await createTransfer(ctxOf(req, services), req.body)),
  });

  r.get('/api/transfers/:id', {
    config: { permission: 'member:read' },
    schema: { tags, summary: '组织关系转接详情', params: idParam, response: { 200: transferDto } },
    handler: (req) => getTransfer(ctxOf(req, services), req.params.id),
  });

  r.get('/api/transfers/:id/letter', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '打印组织关系介绍信（.docx 或 PDF，公文版式）：编号、党员、转出和接收组织、有效期、日期',
      params: idParam,
      querystring: transferLetterQuery,
      produces: [DOCX_MIME, 'application/pdf'],
    },
    handler: async (req, reply) => {
      const { data, filename } = await transferLetter(ctxOf(req, services), req.params.id, req.query.format);
      return reply
        .header('content-type', req.query.format === 'pdf' ? 'application/pdf' : DOCX_MIME)
        .header('content-disposition', attachment(filename, `transfer-letter-${req.params.id}.${req.query.format}`))
        .send(data);
    },
  });

  r.post('/api/transfers/:id/events', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '接收、退回（接收方），撤回、登记回执（转出方）',
      params: idParam,
      body: transferEventBody,
      response: { 200: transferDto },
    },
    handler: (req) => transferStep(ctxOf(req, services), req.params.id, req.body),
  });
}

/** 流动党员: where members away are, who manages them there, contacts; flags for the branch to act on. */
export async function floatingRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/floating', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '流动党员：外出去向、管理组织、联系记录，失去联系与外出满半年的提示',
      querystring: floatingListQuery,
      response: { 200: z.array(floatingDto) },
    },
    handler: (req) => listFloating(ctxOf(req, services), req.query),
  });

  r.post('/api/floating', {
    config: { permission: 'member:write' },
    schema: { tags, summary: '登记流动党员', body: floatingBody, response: { 201: floatingDto } },
    handler: async (req, reply) => reply.status(201).send(await startFloating(ctxOf(req, services), req.body)),
  });

  r.post('/api/floating/:id/contacts', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '记录与流动党员的联系',
      params: idParam,
      body: floatingContactBody,
      response: { 200: floatingDto },
    },
    handler: (req) => addFloatingContact(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/floating/:id/return', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '登记流动党员返回',
      params: idParam,
      body: floatingReturnBody,
      response: { 200: floatingDto },
    },
    handler: (req) => endFloating(ctxOf(req, services), req.params.id, req.body),
  });
}
