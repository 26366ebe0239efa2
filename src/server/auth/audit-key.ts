import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, decodeAuditKey } from '../config.ts';

/**
 * The audit key: the secret of the audit chain's HMAC. It is kept outside the database, so that a hand that can
 * rewrite the database cannot re-hash the chain. LUOSHI_AUDIT_KEY when set; else, for the embedded database, a key
 * generated once into the data directory (audit.key, mode 0600) and read from there on later starts.
 */
export const AUDIT_KEY_FILE = 'audit.key';

/**
 * A fixed key, public in this source: what an app built without one (tests) signs with. `serve` and the CLI always
 * pass the installation's key (resolveAuditKey).
 */
export const TEST_AUDIT_KEY: Buffer = Buffer.from('luoshi test audit key, not a secret', 'utf8');

export function auditKeyFileOf(dataDir: string): string {
  return path.join(dataDir, AUDIT_KEY_FILE);
}

/** The installation's key; for the embedded database without LUOSHI_AUDIT_KEY, generated into the data directory once. */
export function resolveAuditKey(config: Pick<Config, 'auditKey' | 'dataDir' | 'databaseUrl'>): Buffer {
  if (config.auditKey) return config.auditKey;
  if (config.databaseUrl) {
    // loadConfig refuses this already; kept so that no path can start a PostgreSQL installation without a key.
    throw new ConfigError('配置错误 / invalid configuration:\n  LUOSHI_AUDIT_KEY: required with DATABASE_URL');
  }
  const file = auditKeyFileOf(config.dataDir);
  if (!fs.existsSync(file)) createKeyFile(file);
  const key = decodeAuditKey(fs.readFileSync(file, 'utf8'));
  if (!key) {
    throw new ConfigError(
      `配置错误 / invalid configuration:\n  操作日志密钥文件 ${file} 内容无效（应为至少 32 字节的十六进制或 base64） / the audit key file is not a key of at least 32 bytes, hex or base64`,
    );
  }
  return key;
}

/**
 * Writes a new random key: to a private temporary file, then linked into place, so that a crash never leaves a
 * half-written key and two processes starting at once end up with the same one (the second link fails, EEXIST).
 */
function createKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'w' });
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
