import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createRuleOverrideBody,
  ruleEntry,
  ruleListQuery,
  ruleOverrideQuery,
  ruleOverrideRow,
} from '../../../contracts/rules.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { catalogFor, createOverride, listOverrides } from './rules.service.ts';

const tags = ['rules'];

/**
 * The rule set, visible: what the platform checks and why, as it applies to an organisation (the platform's rules
 * with the local rules of its line), and the local rules (地方规定) a committee sets for its subtree.
 */
export async function rulesRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/rules', {
    config: { permission: 'authenticated' },
    schema: {
      tags,
      summary: '平台检查的全部规则：摘要、参数、依据与标注（C 已核实 / S 次要来源或地方规定），含本地区的地方规定',
      querystring: ruleListQuery,
      response: { 200: z.array(ruleEntry) },
    },
    handler: (req) => catalogFor(ctxOf(req, services), req.query),
  });

  r.get('/api/rules/overrides', {
    config: { permission: 'authenticated' },
    schema: {
      tags,
      summary: '本组织及上级制定的地方规定（调整标注为 S 的规则）及其生效日期，含已被替代的历史',
      querystring: ruleOverrideQuery,
      response: { 200: z.array(ruleOverrideRow) },
    },
    handler: (req) => listOverrides(ctxOf(req, services), req.query.orgId),
  });

  r.post('/api/rules/overrides', {
    config: { permission: 'org:write' },
    schema: {
      tags,
      summary:
        '党委为其下全部组织制定地方规定：调整一条 S 规则的取值，自某日（今天或以后）起生效；取值为空则恢复平台默认',
      body: createRuleOverrideBody,
      response: { 201: z.array(ruleOverrideRow) },
    },
    handler: async (req, reply) => {
      const rows = await createOverride(ctxOf(req, services), req.body);
      return reply.code(201).send(rows);
    },
  });
}
