import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type Database, type Engine } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { adminUrl, openTestDatabase } from './engines.ts';

/**
 * A database that the `luoshi` CLI can open, on either engine: an embedded data directory for PGlite,
 * a fresh database (DATABASE_URL) for PostgreSQL. `open()` gives the test its own handle for setup and
 * checks; close it before running a command on the embedded engine (the CLI takes the data-dir lock).
 */
export type CliTarget = {
  engine: Engine;
  env: NodeJS.ProcessEnv;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
};

const BIN = fileURLToPath(new URL('../../../bin/luoshi.js', import.meta.url));

export async function makeCliTarget(engine: Engine): Promise<CliTarget> {
  if (engine === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-'));
    const db = await openDatabase({ engine: 'pglite', dataDir, lockAs: 'test setup' });
    await migrate(db.db);
    await db.close();
    return {
      engine,
      env: { LUOSHI_DATA_DIR: dataDir },
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
    env: { DATABASE_URL: url },
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

export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliRun> {
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

