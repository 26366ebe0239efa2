import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  decideFilingBody,
  fileSecretaryBody,
  secretaryList,
  secretaryListQuery,
  secretaryRow,
} from '../../../contracts/cadre.ts';
import { idParam } from '../../../contracts/common.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { decideFiling, fileSecretary, listSecretaries } from './cadre.service.ts';
import { secretariesXlsx } from './cadre-xlsx.ts';

const tags = ['cadre'];

/**
 * 村党组织书记备案 and the 一肩挑 ratio (issue 13, area cadre). Reads: org:read in the caller's scope; filing:
 * task:report (the village or an account above it); deciding: task:assign, from an organisation above the village.
 */
export async function cadreRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/cadre/secretaries', {
    config: { permission: 'org:read' },
    schema: {
      tags,
      summary: '村党组织书记备案与“一肩挑”：该组织所辖各村的书记、备案状态与提醒，一肩挑比例（按下级组织）及月度趋势',
      querystring: secretaryListQuery,
      response: { 200: secretaryList },
    },
    handler: (req) => listSecretaries(ctxOf(req, services), req.query),
  });

  r.get('/api/cadre/secretaries/export', {
    config: { permission: 'org:read' },
    schema: {
      tags,
      summary:
        '导出村党组织书记备案台账（.xlsx：村、书记、任职日期、村委会职务、一肩挑、备案状态、任期、审核），筛选同列表',
      querystring: secretaryListQuery,
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const file = await secretariesXlsx(ctxOf(req, services), req.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment(file.filename, 'village-secretaries.xlsx'))
        .send(file.data);
    },
  });

  r.post('/api/cadre/filings', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '报送村党组织书记备案（须为该村现任书记，资格联审各项齐全）',
      body: fileSecretaryBody,
      response: { 201: secretaryRow },
    },
    handler: async (req, reply) => reply.code(201).send(await fileSecretary(ctxOf(req, services), req.body)),
  });

  r.post('/api/cadre/filings/:id/decision', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '上级组织审核书记备案：通过或退回（退回须说明理由）',
      params: idParam,
      body: decideFilingBody,
      response: { 200: secretaryRow },
    },
    handler: (req) => decideFiling(ctxOf(req, services), req.params.id, req.body),
  });
}
