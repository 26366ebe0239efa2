import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cadreList,
  cadreListQuery,
  nominateBody,
  poolEntry,
  poolExitBody,
  poolList,
  poolListQuery,
  poolRecordBody,
  setPostBody,
  structureQuery,
  structureReport,
} from '../../../contracts/cadre-pool.ts';
import { idParam } from '../../../contracts/common.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { poolXlsx, structureXlsx } from './cadre-xlsx.ts';
import { addPoolRecord, exitPool, listCadres, listPool, nominate, setPost } from './pool.service.ts';
import { structureReport as buildStructureReport } from './structure.service.ts';

const tags = ['cadre'];

/**
 * The cadre record, the young-cadre pool and the structure of leadership teams (issue 13, area cadre). Reads carry
 * birth dates: member:read in the caller's scope; writes: member:write. A person's routes take the person's id.
 */
export async function cadrePoolRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/cadre/cadres', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '干部名册：该组织（或其下）现任班子成员的职务、年龄、学历，非党内职务及职级，是否在年轻干部库',
      querystring: cadreListQuery,
      response: { 200: cadreList },
    },
    handler: (req) => listCadres(ctxOf(req, services), req.query),
  });

  r.put('/api/cadre/posts/:id', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '记录某人的非党内职务及职级（职级取自规则列表；新记录取代旧记录）',
      params: idParam,
      body: setPostBody,
      response: { 200: z.object({ post: z.string(), rank: z.string(), since: z.string() }) },
    },
    handler: (req) => setPost(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/cadre/pool', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '年轻干部信息库：该组织及其下的入库人员（按类别、状态筛选），培养锻炼记录',
      querystring: poolListQuery,
      response: { 200: poolList },
    },
    handler: (req) => listPool(ctxOf(req, services), req.query),
  });

  r.post('/api/cadre/pool', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '推荐入库：人员、类别（本地规则所列）、推荐理由',
      body: nominateBody,
      response: { 201: poolEntry },
    },
    handler: async (req, reply) => reply.code(201).send(await nominate(ctxOf(req, services), req.body)),
  });

  r.post('/api/cadre/pool/people/:id/records', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '记录入库人员的培养锻炼（挂职、轮岗、培训）：地点、起止日期',
      params: idParam,
      body: poolRecordBody,
      response: { 201: poolEntry },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await addPoolRecord(ctxOf(req, services), req.params.id, req.body)),
  });

  r.post('/api/cadre/pool/people/:id/exit', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '出库：说明理由',
      params: idParam,
      body: poolExitBody,
      response: { 200: poolEntry },
    },
    handler: (req) => exitPool(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/cadre/structure', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary:
        '领导班子结构：所辖各班子老中青、年轻干部、女性、学历、民族、连任，不符合结构要求的班子，一年内任期届满的干部与换届安排',
      querystring: structureQuery,
      response: { 200: structureReport },
    },
    handler: (req) => buildStructureReport(ctxOf(req, services), req.query),
  });

  r.get('/api/cadre/pool/export', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '导出年轻干部信息库（.xlsx：姓名、性别、年龄、学历、单位、类别、入库、推荐、经历、退出），筛选同列表',
      querystring: poolListQuery,
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const file = await poolXlsx(ctxOf(req, services), req.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment(file.filename, 'cadre-pool.xlsx'))
        .send(file.data);
    },
  });

  r.get('/api/cadre/structure/export', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary:
        '导出领导班子结构分析表（.xlsx：各班子老中青、年轻干部、女干部、连任、不符合项、届满与提醒；另页一年内届满人员）',
      querystring: structureQuery,
      produces: [XLSX_MIME],
    },
    handler: async (req, reply) => {
      const file = await structureXlsx(ctxOf(req, services), req.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment(file.filename, 'team-structure.xlsx'))
        .send(file.data);
    },
  });
}
