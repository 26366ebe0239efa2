import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../contracts/common.ts';
import { createTalkBody, talkItem, talkList, talkListQuery } from '../../../contracts/talks.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { deleteTalk, listTalks, recordTalk } from './talks.service.ts';

const tags = ['life'];

/** 谈心谈话: a branch's talks, recorded and removed by the branch; the coverage of a year. */
export async function talksRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/talks', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '一个党支部一年的谈心谈话记录，支部委员与党员两两谈话的完成情况（未谈人员名单）',
      querystring: talkListQuery,
      response: { 200: talkList },
    },
    handler: (req) => listTalks(ctxOf(req, services), req.query),
  });

  r.post('/api/talks', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '登记谈心谈话：日期、谈话的支部委员、谈话对象，议题可选；不要求谈话记录或照片',
      body: createTalkBody,
      response: { 201: talkItem },
    },
    handler: async (req, reply) => reply.status(201).send(await recordTalk(ctxOf(req, services), req.body)),
  });

  r.delete('/api/talks/:id', {
    config: { permission: 'task:report' },
    schema: {
      tags,
      summary: '删除误登记的谈心谈话（留痕）',
      params: idParam,
      response: { 200: z.object({ id: z.number().int(), deleted: z.literal(true) }) },
    },
    handler: async (req) => {
      await deleteTalk(ctxOf(req, services), req.params.id);
      return { id: req.params.id, deleted: true as const };
    },
  });
}
