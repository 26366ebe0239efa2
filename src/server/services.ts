import type { TaskRuleOverrides } from '../domain/tasks/task-rules.ts';
import type { Database } from './db/client.ts';
import type { FileStore } from './files/file-store.ts';

/**
 * What the HTTP app and the CLI hand to the features: the database, the clock, the evidence store and the
 * settings parsed once from the configuration. A leaf module (types only), so that routes, services and the app
 * can all name it without importing one another.
 */
export type Services = {
  database: Database;
  now: () => Date;
  sessionHours: number;
  files: FileStore;
  maxEvidenceBytes: number;
  /** The installation's overrides of the rule set's task rules (LUOSHI_LAG_THRESHOLD, LUOSHI_REMINDER_DAYS). */
  taskRules: TaskRuleOverrides;
  /** The key of the audit chain's HMAC (LUOSHI_AUDIT_KEY or the data directory's audit.key). */
  auditKey: Buffer;
};

/** The largest uploaded file (evidence, rosters, documents): stated once, with the other limits. */
export { MAX_UPLOAD_BYTES } from '../domain/files/limits.ts';
