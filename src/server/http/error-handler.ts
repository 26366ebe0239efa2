import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  formatBytes,
  MAX_JSON_BODY_BYTES,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_FILES,
  MAX_UPLOAD_PARTS,
} from '../../domain/files/limits.ts';
import type { MessageKey, MessageParams } from '../../domain/messages.ts';
import { AppError, type ErrorCode, toErrorBody, validationError } from '../errors.ts';
import { msgOfIssue } from './zod-messages.ts';

/**
 * Every error leaves the server as `{ error: { code, message, key, params, details } }`, the message in Chinese and
 * by key of the shared message table (src/domain/messages.ts): ours
 * (AppError), schema validation, Fastify's and @fastify/multipart's own errors (each named by its code, never
 * passed through in English), and database errors that bad input can cause. A 500 hides its cause, which is logged.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) return reply.status(error.status).send(toErrorBody(error));
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => {
        const message = v.message ?? '无效';
        return {
          field: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
          message,
          msg: msgOfIssue({ ...(v.params as object), code: v.keyword, message }),
        };
      });
      return reply.status(400).send(toErrorBody(validationError(issues)));
    }
    if (isDatabaseAway(error)) {
      // PostgreSQL restarting or a connection cut: a short outage, answered at once (never a hang), retried later.
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send(toErrorBody(AppError.of('DATABASE_UNAVAILABLE', 'err.db.unavailable')));
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
      return reply.status(status).send(toErrorBody(AppError.of(codeOfStatus(status), messageOfStatus(status))));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(toErrorBody(AppError.of('INTERNAL', 'err.internal')));
  });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before a route is found (a malformed URL, an over-long path
 * parameter), which otherwise answer in English outside the error handler.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = frameworkError(error, request);
  const status = known?.status ?? error.statusCode ?? 400;
  void reply.status(status).send(toErrorBody(known?.error ?? AppError.of('BAD_REQUEST', messageOfStatus(status))));
}

type Known = { status: number; error: AppError; logCause?: boolean };

/** Fastify's and @fastify/multipart's errors by their codes; each 413 names the limit that was exceeded. */
function frameworkError(error: unknown, request: FastifyRequest): Known | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('FST_')) return null;
  const known = (
    status: number,
    appCode: ErrorCode,
    key: MessageKey,
    params?: MessageParams,
    details?: unknown,
  ): Known => ({
    status,
    error: AppError.of(appCode, key, params, details),
  });
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return known(400, 'BAD_REQUEST', 'err.http.badJson');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return known(400, 'BAD_REQUEST', 'err.http.emptyJson');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return known(400, 'BAD_REQUEST', 'err.http.badLength');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return known(415, 'UNSUPPORTED_MEDIA_TYPE', 'err.http.415');
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions?.bodyLimit ?? MAX_JSON_BODY_BYTES;
      return known(
        413,
        'PAYLOAD_TOO_LARGE',
        'err.http.bodyTooLarge',
        { limit: formatBytes(limit) },
        { limit: 'body', bytes: limit },
      );
    }
    case 'FST_REQ_FILE_TOO_LARGE':
      return known(
        413,
        'PAYLOAD_TOO_LARGE',
        'err.http.fileTooLarge',
        { limit: formatBytes(MAX_UPLOAD_BYTES) },
        { limit: 'fileSize', bytes: MAX_UPLOAD_BYTES },
      );
    case 'FST_FILES_LIMIT':
      return known(
        413,
        'PAYLOAD_TOO_LARGE',
        'err.http.tooManyFiles',
        { count: MAX_UPLOAD_FILES },
        { limit: 'files', count: MAX_UPLOAD_FILES },
      );
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return known(
        413,
        'PAYLOAD_TOO_LARGE',
        'err.http.tooManyParts',
        { count: MAX_UPLOAD_PARTS },
        { limit: 'parts', count: MAX_UPLOAD_PARTS },
      );
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return known(415, 'UNSUPPORTED_MEDIA_TYPE', 'err.http.notMultipart');
    case 'FST_PROTO_VIOLATION':
      return known(400, 'BAD_REQUEST', 'err.http.badFieldName');
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return known(400, 'BAD_REQUEST', 'err.http.badJsonField');
    case 'FST_MP_PREMATURE_CLOSE':
      return known(400, 'BAD_REQUEST', 'err.http.uploadCut');
    case 'FST_ERR_BAD_URL':
      return known(400, 'BAD_REQUEST', 'err.http.badUrl');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return known(414, 'BAD_REQUEST', 'err.http.414');
    case 'FST_ERR_NOT_FOUND':
      return known(404, 'NOT_FOUND', 'err.http.404');
    default:
      return null;
  }
}

/**
 * PostgreSQL errors that bad input can cause (a value beyond a column's range, text it cannot store, a duplicate):
 * the request is refused, not the server broken. The rest are 500s. The cause goes to the log, not the client.
 */
const DATABASE_ERRORS: Record<string, { status: number; code: ErrorCode; key: MessageKey }> = {
  '22003': { status: 400, code: 'BAD_REQUEST', key: 'err.db.numberRange' },
  '22008': { status: 400, code: 'BAD_REQUEST', key: 'err.db.dateRange' },
  '22007': { status: 400, code: 'BAD_REQUEST', key: 'err.db.dateFormat' },
  '22P02': { status: 400, code: 'BAD_REQUEST', key: 'err.db.format' },
  '22001': { status: 400, code: 'BAD_REQUEST', key: 'err.db.tooLong' },
  '22021': { status: 400, code: 'BAD_REQUEST', key: 'err.db.badChars' },
  '22P05': { status: 400, code: 'BAD_REQUEST', key: 'err.db.badChars' },
  '23505': { status: 409, code: 'DUPLICATE', key: 'err.db.duplicate' },
};

function databaseError(error: unknown): Known | null {
  const e = error as { code?: unknown; severity?: unknown };
  if (typeof e.code !== 'string' || e.severity === undefined) return null;
  const known = DATABASE_ERRORS[e.code];
  return known ? { status: known.status, error: AppError.of(known.code, known.key), logCause: true } : null;
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

const STATUS_MESSAGES: Record<number, MessageKey> = {
  401: 'err.http.401',
  403: 'err.http.403',
  404: 'err.http.404',
  405: 'err.http.405',
  406: 'err.http.406',
  408: 'err.http.408',
  409: 'err.http.409',
  411: 'err.http.411',
  413: 'err.http.413',
  414: 'err.http.414',
  415: 'err.http.415',
  429: 'err.http.429',
  431: 'err.http.431',
};

function codeOfStatus(status: number): ErrorCode {
  return STATUS_CODES[status] ?? 'BAD_REQUEST';
}

function messageOfStatus(status: number): MessageKey {
  return STATUS_MESSAGES[status] ?? 'err.http.other';
}

const RETRY_AFTER_SECONDS = 5;
/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, cannot connect now). */
const AWAY_STATES = /^(08|57P0[1-3])/;
const AWAY_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

/** Whether the error says the database is away (restarting, unreachable, the connection cut), not the request wrong. */
export function isDatabaseAway(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && (AWAY_STATES.test(e.code) || AWAY_ERRNOS.has(e.code))) return true;
  return (
    typeof e.message === 'string' &&
    /Connection terminated|connection error|the database system is (shutting down|starting up|in recovery mode)|timeout exceeded when trying to connect/i.test(
      e.message,
    )
  );
}
