import { keyOfChinese, type MessageKey, type MessageParams, type Msg, msg, zhOf } from '../domain/messages.ts';

/**
 * The one application error. Codes form a closed set; each maps to one HTTP status here and nowhere else.
 * The message is a key of the shared message table (src/domain/messages.ts) with its parameters: the body
 * carries the key and parameters (clients render them in their language) beside the message in zh-CN
 * (the interface language, and what the CLI and API clients read); `details` carries machine-readable context
 * (e.g. the row and column of an import error).
 */
const statusByCode = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  ORIGIN_REFUSED: 403,
  LOGIN_DELAYED: 429,
  RATE_LIMITED: 429,
  FORBIDDEN: 403,
  OUT_OF_SCOPE: 403,
  NOT_FOUND: 404,
  ORG_NOT_FOUND: 404,
  MEMBER_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  POSITION_NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  AUDIT_CHAIN_BROKEN: 409,
  ORG_STRUCTURE: 422,
  ORG_DISSOLVED: 422,
  IMPORT_INVALID: 422,
  UPLOAD_EXPIRED: 410,
  RULE_VIOLATION: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DATA_DIR_LOCKED: 423,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  CONVERTER_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof statusByCode;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** The message by key. */
  readonly msg: Msg;
  /** Every error names its message by key (`AppError.of`), so that clients can render it in either language. */
  constructor(code: ErrorCode, message: Msg, details?: unknown) {
    super(zhOf(message));
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.msg = message;
  }
  /** An error whose message is a key of the shared table: `AppError.of('NOT_FOUND', 'err.task.notFound', { id })`. */
  static of(code: ErrorCode, key: MessageKey, params?: MessageParams, details?: unknown): AppError {
    return new AppError(code, msg(key, params), details);
  }
  get status(): number {
    return statusByCode[this.code];
  }
}

export function statusOf(code: ErrorCode): number {
  return statusByCode[code];
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

const PARTS: Record<string, MessageKey> = {
  body: 'val.part.body',
  querystring: 'val.part.querystring',
  params: 'val.part.params',
  headers: 'val.part.headers',
};

/** Where in the request a field is, as messages name it: 'body.orgId' → 请求内容 orgId / body orgId. */
export function fieldWhere(field: string): Msg | string {
  const [part, ...rest] = field.split('.');
  const key = PARTS[part ?? ''];
  if (!key) return field;
  return rest.length ? msg('val.where', { part: msg(key), path: rest.join('.') }) : msg(key);
}

/** One field's problem; without `msg`, the message is looked up by its Chinese text (or passed on as it is). */
export type ValidationIssue = { field: string; message: string; msg?: Msg };

function msgOf(i: ValidationIssue): Msg {
  if (i.msg) return i.msg;
  const key = keyOfChinese(i.message);
  return key ? msg(key) : msg('val.text', { text: i.message });
}

/**
 * The one shape of a schema-validation failure: every field named. `details.issues[]` keeps the machine path
 * (`field`: 'body.orgId'), the problem in Chinese (`message`) and by key (`key`, `params`); the message names the
 * part of the request in Chinese ('请求内容 orgId').
 */
export function validationError(issues: readonly ValidationIssue[]): AppError {
  const issueMsgs = issues.map(msgOf);
  const whole = msg('val.failed', {
    issues: issues.map((i, n) => msg('val.issue', { field: fieldWhere(i.field), problem: issueMsgs[n]! })),
  });
  return new AppError('VALIDATION_FAILED', whole, {
    issues: issues.map((i, n) => ({
      field: i.field,
      message: i.message,
      key: issueMsgs[n]!.key,
      params: issueMsgs[n]!.params ?? {},
    })),
  });
}

/**
 * The error body: `code` and `message` (zh-CN) are the stable contract; `key` and `params` name the message in the
 * shared table for clients that render it in another language.
 */
export type ErrorBody = {
  error: { code: ErrorCode; message: string; key?: string; params?: MessageParams; details?: unknown };
};

export function toErrorBody(e: AppError): ErrorBody {
  return {
    error: {
      code: e.code,
      message: e.message,
      key: e.msg.key,
      params: e.msg.params ?? {},
      ...(e.details === undefined ? {} : { details: e.details }),
    },
  };
}
