import type { FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, toErrorBody, validationError } from '../errors.ts';
import { MAX_UPLOAD_BYTES } from '../services.ts';

/** Every error leaves the server as `{ error: { code, message, details } }`, the message in Chinese; a 500 hides its cause. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) return reply.status(error.status).send(toErrorBody(error));
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        field: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message ?? '无效',
      }));
      return reply.status(400).send(toErrorBody(validationError(issues)));
    }
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) {
      return reply
        .status(413)
        .send(
          toErrorBody(new AppError('PAYLOAD_TOO_LARGE', `上传内容过大，上限为 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)),
        );
    }
    if (e.statusCode === 415) {
      return reply.status(415).send(toErrorBody(new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型')));
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.status(e.statusCode).send(toErrorBody(new AppError('BAD_REQUEST', `请求无效：${e.message ?? ''}`)));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(toErrorBody(new AppError('INTERNAL', '服务器内部错误，请稍后重试')));
  });
}
