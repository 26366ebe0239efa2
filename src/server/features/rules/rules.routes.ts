import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ruleEntry, ruleListQuery } from '../../../contracts/rules.ts';
import { ruleCatalog } from '../../../domain/rules/catalog.ts';

/** The rule set, visible: what the platform checks and why (no tree data; any signed-in account). */
export async function rulesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/rules', {
    config: { permission: 'authenticated' },
    schema: {
      tags: ['rules'],
      summary: '平台检查的全部规则：摘要、参数、依据与标注（C 已核实 / S 次要来源或地方规定）',
      querystring: ruleListQuery,
      response: { 200: z.array(ruleEntry) },
    },
    handler: (req) => ruleCatalog(req.query.date).filter((e) => !req.query.area || e.area === req.query.area),
  });
}
