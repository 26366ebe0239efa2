import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  formatBytes,
  MAX_JSON_BODY_BYTES,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_FILES,
  MAX_UPLOAD_PARTS,
} from '../../domain/files/limits.ts';
import { AppError, type ErrorCode, toErrorBody, validationError } from '../errors.ts';

/**
 * Every error leaves the server as `{ error: { code, message, details } }`, the message in Chinese: ours
 * (AppError), schema validation, Fastify's and @fastify/multipart's own errors (each named by its code, never
 * passed through in English), and database errors that bad input can cause. A 500 hides its cause, which is logged.
 */
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
    const known = frameworkError(error, request) ?? databaseError(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'framework error');
      else if (known.logCause) request.log.warn({ err: error }, 'request refused by the database');
      return reply.status(known.status).send(toErrorBody(known.error));
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      request.log.info({ err: error }, 'client error');
      return reply.status(status).send(toErrorBody(new AppError(codeOfStatus(status), messageOfStatus(status))));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(toErrorBody(new AppError('INTERNAL', '服务器内部错误，请稍后重试')));
  });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before a route is found (a malformed URL, an over-long path
 * parameter), which otherwise answer in English outside the error handler.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = frameworkError(error, request);
  const status = known?.status ?? error.statusCode ?? 400;
  void reply.status(status).send(toErrorBody(known?.error ?? new AppError('BAD_REQUEST', messageOfStatus(status))));
}

type Known = { status: number; error: AppError; logCause?: boolean };

/** Fastify's and @fastify/multipart's errors by their codes; each 413 names the limit that was exceeded. */
function frameworkError(error: unknown, request: FastifyRequest): Known | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('FST_')) return null;
  const known = (status: number, appCode: ErrorCode, message: string, details?: unknown): Known => ({
    status,
    error: new AppError(appCode, message, details),
  });
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return known(400, 'BAD_REQUEST', '请求内容的格式有误，无法解析');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return known(400, 'BAD_REQUEST', '请求内容为空');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return known(400, 'BAD_REQUEST', '请求内容的长度与声明的不符');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return known(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型');
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions?.bodyLimit ?? MAX_JSON_BODY_BYTES;
      return known(413, 'PAYLOAD_TOO_LARGE', `请求内容超过 ${formatBytes(limit)} 的上限`, {
        limit: 'body',
        bytes: limit,
      });
    }
    case 'FST_REQ_FILE_TOO_LARGE':
      return known(413, 'PAYLOAD_TOO_LARGE', `上传的文件过大：单个文件的上限为 ${formatBytes(MAX_UPLOAD_BYTES)}`, {
        limit: 'fileSize',
        bytes: MAX_UPLOAD_BYTES,
      });
    case 'FST_FILES_LIMIT':
      return known(413, 'PAYLOAD_TOO_LARGE', `上传的文件过多：一次最多上传 ${MAX_UPLOAD_FILES} 个文件`, {
        limit: 'files',
        count: MAX_UPLOAD_FILES,
      });
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return known(413, 'PAYLOAD_TOO_LARGE', `表单内容过多：一次最多 ${MAX_UPLOAD_PARTS} 项`, {
        limit: 'parts',
        count: MAX_UPLOAD_PARTS,
      });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return known(415, 'UNSUPPORTED_MEDIA_TYPE', '请求不是文件上传表单：请选择文件后重新提交');
    case 'FST_PROTO_VIOLATION':
      return known(400, 'BAD_REQUEST', '表单字段的名称无效');
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return known(400, 'BAD_REQUEST', '表单字段的内容格式有误');
    case 'FST_MP_PREMATURE_CLOSE':
      return known(400, 'BAD_REQUEST', '上传未完成：连接在传输途中断开');
    case 'FST_ERR_BAD_URL':
      return known(400, 'BAD_REQUEST', '网址中含有无效的字符');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return known(414, 'BAD_REQUEST', '网址过长');
    case 'FST_ERR_NOT_FOUND':
      return known(404, 'NOT_FOUND', '未找到请求的接口或页面');
    default:
      return null;
  }
}

/**
 * PostgreSQL errors that bad input can cause (a value beyond a column's range, text it cannot store, a duplicate):
 * the request is refused, not the server broken. The rest are 500s. The cause goes to the log, not the client.
 */
const DATABASE_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  '22003': { status: 400, code: 'BAD_REQUEST', message: '数值超出范围' },
  '22008': { status: 400, code: 'BAD_REQUEST', message: '日期或时间超出范围' },
  '22007': { status: 400, code: 'BAD_REQUEST', message: '日期或时间的格式无效' },
  '22P02': { status: 400, code: 'BAD_REQUEST', message: '数据的格式无效' },
  '22001': { status: 400, code: 'BAD_REQUEST', message: '文字过长' },
  '22021': { status: 400, code: 'BAD_REQUEST', message: '文字中含有无法保存的字符' },
  '22P05': { status: 400, code: 'BAD_REQUEST', message: '文字中含有无法保存的字符' },
  '23505': { status: 409, code: 'DUPLICATE', message: '与已有的记录重复' },
};

function databaseError(error: unknown): Known | null {
  const e = error as { code?: unknown; severity?: unknown };
  if (typeof e.code !== 'string' || e.severity === undefined) return null;
  const known = DATABASE_ERRORS[e.code];
  return known ? { status: known.status, error: new AppError(known.code, known.message), logCause: true } : null;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

const STATUS_MESSAGES: Record<number, string> = {
  401: '请先登录',
  403: '无权执行此操作',
  404: '未找到请求的接口或页面',
  405: '不支持该请求方法',
  406: '无法提供所要求的内容格式',
  408: '请求超时，请重试',
  409: '与当前数据冲突',
  411: '请求缺少内容长度',
  413: '请求内容过大',
  414: '网址过长',
  415: '不支持的请求内容类型',
  429: '请求过于频繁，请稍后再试',
  431: '请求头过大',
};

function codeOfStatus(status: number): ErrorCode {
  return STATUS_CODES[status] ?? 'BAD_REQUEST';
}

function messageOfStatus(status: number): string {
  return STATUS_MESSAGES[status] ?? '请求无效';
}
