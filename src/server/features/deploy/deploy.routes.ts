import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../contracts/common.ts';
import {
  confirmResult,
  createDeploymentBody,
  deleteDeploymentResult,
  deploymentDetail,
  deploymentListQuery,
  deploymentSummary,
  importDeploymentQuery,
  updateDeploymentBody,
} from '../../../contracts/deploy.ts';
import { MAX_DEPLOYMENT_BODY_BYTES } from '../../../domain/files/limits.ts';
import { AppError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import {
  confirmDeployment,
  createDeployment,
  deleteDeployment,
  getDeployment,
  importDeployment,
  listDeployments,
  updateDeployment,
} from './deploy.service.ts';

const tags = ['deploy'];

export async function deployRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/deployments', {
    config: { permission: 'deploy:read' },
    schema: {
      tags,
      summary: '部署（会议讲话、文件）列表',
      querystring: deploymentListQuery,
      response: { 200: z.array(deploymentSummary) },
    },
    handler: (req) => listDeployments(ctxOf(req, services), req.query),
  });

  r.post('/api/deployments', {
    config: { permission: 'deploy:write' },
    bodyLimit: MAX_DEPLOYMENT_BODY_BYTES,
    schema: {
      tags,
      summary: '粘贴正文导入部署，自动解析提纲（草稿）',
      body: createDeploymentBody,
      response: { 201: deploymentDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await createDeployment(ctxOf(req, services), req.body)),
  });

  r.post('/api/deployments/import', {
    config: { permission: 'deploy:write' },
    schema: {
      tags,
      summary: '上传 .txt（UTF-8 或 GB18030）或 .docx 导入部署（multipart，字段 file）',
      querystring: importDeploymentQuery,
      consumes: ['multipart/form-data'],
      response: { 201: deploymentDetail },
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, services);
      const part = await req.file();
      if (!part) throw AppError.of('VALIDATION_FAILED', 'err.file.pickOne', {}, { field: 'file' });
      const detail = await importDeployment(ctx, req.query, part.filename, await part.toBuffer());
      return reply.status(201).send(detail);
    },
  });

  r.get('/api/deployments/:id', {
    config: { permission: 'deploy:read' },
    schema: { tags, summary: '部署详情：原文、去除的内容、提纲', params: idParam, response: { 200: deploymentDetail } },
    handler: (req) => getDeployment(ctxOf(req, services), req.params.id),
  });

  r.patch('/api/deployments/:id', {
    config: { permission: 'deploy:write' },
    bodyLimit: MAX_DEPLOYMENT_BODY_BYTES,
    schema: {
      tags,
      summary: '修改草稿：标题、会议日期、编辑后的提纲',
      params: idParam,
      body: updateDeploymentBody,
      response: { 200: deploymentDetail },
    },
    handler: (req) => updateDeployment(ctxOf(req, services), req.params.id, req.body),
  });

  r.delete('/api/deployments/:id', {
    config: { permission: 'deploy:write' },
    schema: {
      tags,
      summary: '删除草稿（已确认的部署不能删除；审计日志保留其标题和条目数）',
      params: idParam,
      response: { 200: deleteDeploymentResult },
    },
    handler: (req) => deleteDeployment(ctxOf(req, services), req.params.id),
  });

  r.post('/api/deployments/:id/confirm', {
    config: { permission: 'deploy:write' },
    schema: {
      tags,
      summary: '确认提纲：任务条目进入任务清单，问题条目进入问题清单',
      params: idParam,
      response: { 200: confirmResult },
    },
    handler: (req) => confirmDeployment(ctxOf(req, services), req.params.id),
  });
}
