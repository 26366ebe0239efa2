/**
 * The one application error. Codes form a closed set; each maps to one HTTP status here and nowhere else.
 * Messages are in zh-CN (the interface language); `details` carries machine-readable context
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
  RULE_VIOLATION: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DATA_DIR_LOCKED: 423,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof statusByCode;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
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

const PART_OF_REQUEST: Record<string, string> = {
  body: '请求内容',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};

/**
 * The one shape of a schema-validation failure: every field named, in Chinese. `details.issues[].field` keeps the
 * machine path ('body.orgId'); the message names the part of the request in Chinese ('请求内容 orgId').
 */
export function validationError(issues: { field: string; message: string }[]): AppError {
  const label = (field: string) => {
    const [part, ...rest] = field.split('.');
    const name = PART_OF_REQUEST[part ?? ''];
    return name ? [name, rest.join('.')].filter(Boolean).join(' ') : field;
  };
  const text = issues.map((i) => `${label(i.field)}：${i.message}`).join('；');
  return new AppError('VALIDATION_FAILED', `请求参数有误：${text}`, { issues });
}

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export function toErrorBody(e: AppError): ErrorBody {
  return { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } };
}
