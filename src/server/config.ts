import path from 'node:path';
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../domain/auth/roles.ts';

/** Every environment variable the server reads, parsed once at boot (see .env.example). */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LUOSHI_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  LUOSHI_DEMO: z.enum(['on', 'off']).default('on'),
  LUOSHI_DEMO_PASSWORD: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
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
  LUOSHI_S3_ENDPOINT: z.string().url('must be a URL such as http://minio:9000').optional(),
  LUOSHI_S3_BUCKET: z.string().min(3).optional(),
  LUOSHI_S3_REGION: z.string().min(1).default('us-east-1'),
  LUOSHI_S3_ACCESS_KEY: z.string().min(1).optional(),
  LUOSHI_S3_SECRET_KEY: z.string().min(1).optional(),
});

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
  taskRules: { reminderDaysBeforeDeadline?: number[]; lagThreshold?: number };
  /** Evidence files: a directory, or an S3-compatible store when LUOSHI_S3_ENDPOINT is set. */
  files:
    | { kind: 'disk'; dir: string }
    | { kind: 's3'; endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };
};

export class ConfigError extends Error {}

/** Parses the environment; throws one error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
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
  };
}
