import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { sql } from 'kysely';
import { TEST_AUDIT_KEY } from '../auth/audit-key.ts';
import { type Database, type Engine, openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { adminUrl, openTestDatabase } from './engines.ts';

/**
 * A database that the `luoshi` CLI can open, on either engine: an embedded data directory for PGlite,
 * a fresh database (DATABASE_URL) for PostgreSQL; both with the tests' audit key (LUOSHI_AUDIT_KEY). `open()` gives the test its own handle for setup and
 * checks; close it before running a command on the embedded engine (the CLI takes the data-dir lock).
 */
export type CliTarget = {
  engine: Engine;
  env: NodeJS.ProcessEnv;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
};

const BIN = fileURLToPath(new URL('../../../bin/luoshi.js', import.meta.url));

/** The CLI signs and verifies with the key the in-process apps of the tests use (buildApp's default). */
const TEST_AUDIT_KEY_HEX = TEST_AUDIT_KEY.toString('hex');

export async function makeCliTarget(engine: Engine): Promise<CliTarget> {
  if (engine === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-'));
    const db = await openDatabase({ engine: 'pglite', dataDir, lockAs: 'test setup' });
    await migrate(db.db);
    await db.close();
    return {
      engine,
      env: { LUOSHI_DATA_DIR: dataDir, LUOSHI_AUDIT_KEY: TEST_AUDIT_KEY_HEX },
      open: () => openDatabase({ engine: 'pglite', dataDir, lockAs: 'test' }),
      async cleanup() {
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  // A fresh migrated database on the test cluster; keep its name for DATABASE_URL.
  const holder = await openTestDatabase('postgres');
  const url = await currentUrl(holder);
  return {
    engine,
    env: { DATABASE_URL: url, LUOSHI_AUDIT_KEY: TEST_AUDIT_KEY_HEX },
    open: () => openDatabase({ engine: 'postgres', url }),
    cleanup: () => holder.close(),
  };
}

async function currentUrl(database: Database): Promise<string> {
  const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(database.db);
  const url = new URL(await adminUrl());
  url.pathname = `/${rows[0]!.db}`;
  return url.toString();
}

export type CliRun = { code: number; stdout: string; stderr: string };

/**
 * Runs `luoshi` as a child process: for the tests that are about the binary itself (its start, exit codes
 * and flushed output). Everything else uses runCliInProcess, which is many times faster.
 */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env, LUOSHI_LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/**
 * Runs a `luoshi` command line in this process (the same main() the binary runs), with the environment
 * overridden for the call and console output captured. Tests in a file run one at a time, so the
 * temporary environment and console cannot mix with another command's.
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const { main } = await import('../../cli/run.ts');
  const overrides: NodeJS.ProcessEnv = { ...env, LUOSHI_LOG_LEVEL: 'warn' };
  const saved = new Map(Object.keys(overrides).map((k) => [k, process.env[k]]));
  let stdout = '';
  let stderr = '';
  const text = (parts: unknown[]) => `${parts.map((p) => (typeof p === 'string' ? p : inspect(p))).join(' ')}\n`;
  const original = { log: console.log, error: console.error, warn: console.warn, write: process.stderr.write };
  Object.assign(process.env, overrides);
  console.log = (...parts: unknown[]) => {
    stdout += text(parts);
  };
  console.error = console.warn = (...parts: unknown[]) => {
    stderr += text(parts);
  };
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    console.log = original.log;
    console.error = original.error;
    console.warn = original.warn;
    process.stderr.write = original.write;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
