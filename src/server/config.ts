import path from 'node:path';
import { z } from 'zod';
import { LOGIN_RATE_PER_MINUTE } from '../domain/auth/login-throttle.ts';
import type { BurdenCapOverrides } from '../domain/tasks/task-rules.ts';

/** Every environment variable the server reads, parsed once at boot (see .env.example). */
const burdenCap = z.strictObject({ max: z.number().int().min(0), per: z.enum(['month', 'year']) });
const burdenLevelCaps = z.strictObject({ assignment: burdenCap.optional(), supervision: burdenCap.optional() });
/** LUOSHI_BURDEN_CAPS: caps per level and kind over the rule set's defaults. */
const burdenCapOverrides: z.ZodType<BurdenCapOverrides> = z.strictObject({
  grassroots: burdenLevelCaps.optional(),
  committee: burdenLevelCaps.optional(),
});

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LUOSHI_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  LUOSHI_MODE: z.enum(['province', 'hub']).default('province'),
  LUOSHI_PG_PREPARED: z.enum(['on', 'off']).default('on'),
  LUOSHI_REGION: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, 'must be a region code such as 440000 (letters, digits, _ and -, at most 20)')
    .optional(),
  LUOSHI_HUB_DEPTH: z.coerce.number().int().min(1).max(12).default(3),
  LUOSHI_HUB_PUBLISH_SECONDS: z.coerce.number().int().min(5).max(86_400).default(30),
  LUOSHI_DEMO: z.enum(['on', 'off']).default('on'),
  LUOSHI_DEMO_PASSWORD: z
    .string()
    .superRefine(async (v, ctx) => {
      // The policy's dictionaries take ~35 MB and a fifth of a second to load: only when there is a password to judge.
      const { passwordProblem } = await import('../domain/auth/password-policy.ts');
      const problem = passwordProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem} / refused by the password policy` });
    })
    .optional(),
  LUOSHI_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).optional(),
  LUOSHI_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LUOSHI_PUBLIC_ORIGIN: z
    .string()
    .refine(
      (v) => v.split(',').every((o) => isOrigin(o.trim())),
      'must be origins such as https://luoshi.example.cn (scheme, host and port only), comma-separated',
    )
    .optional(),
  LUOSHI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LUOSHI_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  LUOSHI_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LUOSHI_FILES_DIR: z.string().min(1).optional(),
  LUOSHI_REMINDER_DAYS: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3})*$/, 'must be a comma-separated list of days, e.g. 7,1')
    .optional(),
  LUOSHI_LAG_THRESHOLD: z.coerce.number().gt(0).lt(1).optional(),
  LUOSHI_BURDEN_CAPS: z
    .string()
    .transform((v, c) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        c.addIssue({
          code: 'custom',
          message: 'must be JSON, e.g. {"grassroots":{"assignment":{"max":30,"per":"month"}}}',
        });
        return z.NEVER;
      }
    })
    .pipe(burdenCapOverrides)
    .optional(),
  LUOSHI_S3_ENDPOINT: z.string().url('must be a URL such as http://minio:9000').optional(),
  LUOSHI_S3_BUCKET: z.string().min(3).optional(),
  LUOSHI_S3_REGION: z.string().min(1).default('us-east-1'),
  LUOSHI_S3_ACCESS_KEY: z.string().min(1).optional(),
  LUOSHI_S3_SECRET_KEY: z.string().min(1).optional(),
  LUOSHI_AUDIT_KEY: z
    .string()
    .refine((v) => decodeAuditKey(v) !== null, 'must be at least 32 bytes, hex or base64 (e.g. openssl rand -hex 32)')
    .optional(),
});

/** `https://host[:port]` exactly: what a browser sends as Origin. */
function isOrigin(text: string): boolean {
  try {
    return new URL(text).origin === text;
  } catch {
    return false;
  }
}

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  demoPassword: string | undefined;
  logLevel: z.infer<typeof envSchema>['LUOSHI_LOG_LEVEL'];
  sessionHours: number;
  trustProxy: boolean;
  /** Overrides of the platform task rules (reminder days before a deadline; the lag threshold). */
  taskRules: { reminderDaysBeforeDeadline?: number[]; lagThreshold?: number; burdenCaps?: BurdenCapOverrides };
  /** Evidence files: a directory, or an S3-compatible store when LUOSHI_S3_ENDPOINT is set. */
  files:
    | { kind: 'disk'; dir: string }
    | { kind: 's3'; endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };
  /**
   * The key of the audit chain's HMAC (LUOSHI_AUDIT_KEY); null: the embedded database's key file in the data
   * directory (src/server/auth/audit-key.ts). PostgreSQL requires it.
   */
  auditKey: Buffer | null;
  /** Login and password requests per minute and client address (LUOSHI_LOGIN_RATE_LIMIT). */
  loginRatePerMinute: number;
  /** Where the app is served from (LUOSHI_PUBLIC_ORIGIN); empty: state-changing requests must come from the Host. */
  publicOrigins: string[];
  /** The bearer token of /api/metrics (LUOSHI_METRICS_TOKEN); null: the route does not exist. */
  metricsToken: string | null;
  /** A streaming-replication standby for the dashboards' reads (DATABASE_READ_URL); null: the primary serves them. */
  databaseReadUrl: string | null;
  /** Repeated statements sent as named prepared statements (LUOSHI_PG_PREPARED; off behind PgBouncer < 1.21). */
  pgPrepared: boolean;
  /**
   * The national level (docs/scale.md, "The country"): 'hub' (LUOSHI_MODE=hub) receives every province's published
   * figures through subscriptions and publishes nothing; a province with a region code (LUOSHI_REGION) publishes its
   * figures down to `depth` levels every `publishEverySeconds`.
   */
  hub: { mode: 'province' | 'hub'; region: string | null; depth: number; publishEverySeconds: number };
};

/** The shortest audit key accepted: 256 bits, as many as HMAC-SHA256's output. */
export const AUDIT_KEY_MIN_BYTES = 32;

/** An audit key as written in LUOSHI_AUDIT_KEY or in audit.key: hex, else base64; null if neither or too short. */
export function decodeAuditKey(text: string): Buffer | null {
  const t = text.trim();
  const bytes = /^(?:[0-9a-fA-F]{2})+$/.test(t)
    ? Buffer.from(t, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(t)
      ? Buffer.from(t, 'base64')
      : null;
  return bytes && bytes.length >= AUDIT_KEY_MIN_BYTES ? bytes : null;
}

export class ConfigError extends Error {}

/** Parses the environment; throws one error listing every bad variable. */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = await envSchema.safeParseAsync(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.LUOSHI_S3_ENDPOINT && !(e.LUOSHI_S3_BUCKET && e.LUOSHI_S3_ACCESS_KEY && e.LUOSHI_S3_SECRET_KEY)) {
    throw new ConfigError(
      '配置错误 / invalid configuration:\n  LUOSHI_S3_ENDPOINT is set: LUOSHI_S3_BUCKET, LUOSHI_S3_ACCESS_KEY and LUOSHI_S3_SECRET_KEY are required too',
    );
  }
  if (e.DATABASE_URL && !e.LUOSHI_AUDIT_KEY) {
    throw new ConfigError(
      '配置错误 / invalid configuration:\n  LUOSHI_AUDIT_KEY: 使用 PostgreSQL（DATABASE_URL）时必须设置操作日志密钥（至少 32 字节，十六进制或 base64，如 openssl rand -hex 32 的输出） / required with DATABASE_URL: the audit log key, at least 32 bytes, hex or base64 (e.g. openssl rand -hex 32)',
    );
  }
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      '配置错误 / invalid configuration:\n  DATABASE_READ_URL: 只读副本仅用于 PostgreSQL，须同时设置 DATABASE_URL / a read replica needs DATABASE_URL (PostgreSQL) too',
    );
  }
  if (e.LUOSHI_MODE === 'hub' && (!e.DATABASE_URL || e.LUOSHI_REGION)) {
    throw new ConfigError(
      '配置错误 / invalid configuration:\n  LUOSHI_MODE: 全国汇总节点（hub）须使用 PostgreSQL（DATABASE_URL），且不设 LUOSHI_REGION / the hub needs DATABASE_URL and no LUOSHI_REGION',
    );
  }
  const dataDir = path.resolve(e.LUOSHI_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    demo: e.LUOSHI_DEMO === 'on',
    demoPassword: e.LUOSHI_DEMO_PASSWORD,
    logLevel: e.LUOSHI_LOG_LEVEL,
    sessionHours: e.LUOSHI_SESSION_HOURS,
    trustProxy: e.LUOSHI_TRUST_PROXY === 'true',
    taskRules: {
      ...(e.LUOSHI_REMINDER_DAYS ? { reminderDaysBeforeDeadline: e.LUOSHI_REMINDER_DAYS.split(',').map(Number) } : {}),
      ...(e.LUOSHI_LAG_THRESHOLD !== undefined ? { lagThreshold: e.LUOSHI_LAG_THRESHOLD } : {}),
      ...(e.LUOSHI_BURDEN_CAPS ? { burdenCaps: e.LUOSHI_BURDEN_CAPS } : {}),
    },
    files: e.LUOSHI_S3_ENDPOINT
      ? {
          kind: 's3',
          endpoint: e.LUOSHI_S3_ENDPOINT,
          bucket: e.LUOSHI_S3_BUCKET!,
          region: e.LUOSHI_S3_REGION,
          accessKeyId: e.LUOSHI_S3_ACCESS_KEY!,
          secretAccessKey: e.LUOSHI_S3_SECRET_KEY!,
        }
      : { kind: 'disk', dir: path.resolve(e.LUOSHI_FILES_DIR ?? path.join(dataDir, 'files')) },
    auditKey: e.LUOSHI_AUDIT_KEY ? decodeAuditKey(e.LUOSHI_AUDIT_KEY) : null,
    loginRatePerMinute: e.LUOSHI_LOGIN_RATE_LIMIT ?? LOGIN_RATE_PER_MINUTE,
    publicOrigins: e.LUOSHI_PUBLIC_ORIGIN ? e.LUOSHI_PUBLIC_ORIGIN.split(',').map((o) => o.trim()) : [],
    metricsToken: e.LUOSHI_METRICS_TOKEN ?? null,
    databaseReadUrl: e.DATABASE_READ_URL ?? null,
    pgPrepared: e.LUOSHI_PG_PREPARED === 'on',
    hub: {
      mode: e.LUOSHI_MODE,
      region: e.LUOSHI_REGION ?? null,
      depth: e.LUOSHI_HUB_DEPTH,
      publishEverySeconds: e.LUOSHI_HUB_PUBLISH_SECONDS,
    },
  };
}
