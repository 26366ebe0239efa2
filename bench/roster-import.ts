/**
 * Roster import end to end (issue 9): a 50,000-row roster (.xlsx, built like a real one) imported into a county on a
 * throwaway PostgreSQL cluster by `luoshi import members` — read, table and mapping, every cell and member rule,
 * duplicate checks against the database, insert, audit — with that process's peak resident memory.
 */

import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TEST_AUDIT_KEY } from '../src/server/auth/audit-key.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { insertOrg } from '../src/server/test/factories.ts';
import { startPgCluster } from '../src/server/test/pg-cluster.ts';
import { bigRoster } from '../src/server/test/workbook-fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const TEST_AUDIT_KEY_HEX = TEST_AUDIT_KEY.toString('hex');

export type RosterBench = {
  rows: number;
  fileMb: number;
  totalMs: number;
  rowsPerSec: number;
  peakRssMb: number;
};

/**
 * The import is the command a user runs — `luoshi import members FILE --org CODE`, the built CLI — in a process of
 * its own, so that the time is end to end (start, read, check, write) and the memory is the import's own: its peak
 * resident set (VmHWM) is read from /proc while it runs. The parent builds the file, starts PostgreSQL, migrates and
 * registers the county.
 */
export async function benchRosterImport(rows: number, log: (s: string) => void): Promise<RosterBench> {
  log(`roster import: building a ${rows}-row roster…`);
  const { file } = await bigRoster(rows);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'luoshi-roster-bench-'));
  const cluster = await startPgCluster();
  try {
    const input = path.join(dir, 'roster.xlsx');
    await fs.writeFile(input, file);
    const database = await openDatabase({ engine: 'postgres', url: cluster.url });
    try {
      await migrate(database.db);
      await insertOrg(database, null, { code: 'BENCH-COUNTY', name: '基准县委', type: 'committee' });
    } finally {
      await database.close();
    }
    // The built CLI, as installed (from the sources through tsx, its loader thread alone would add 100 MB).
    log('roster import: building the CLI if needed…');
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-needed'], { cwd: ROOT }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    log('roster import: luoshi import members, in a process of its own…');
    const start = performance.now();
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'bin', 'luoshi.js'), 'import', 'members', input, '--org', 'BENCH-COUNTY', '--json'],
      {
        env: { ...process.env, DATABASE_URL: cluster.url, LUOSHI_AUDIT_KEY: TEST_AUDIT_KEY_HEX },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let peakKb = 0;
    const sample = async () => {
      const status = await fs.readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    };
    const sampler = setInterval(() => void sample(), 20);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const totalMs = performance.now() - start;
    clearInterval(sampler);
    const result = JSON.parse(stdout || '{}') as { imported?: number };
    if (code !== 0 || result.imported !== rows) {
      throw new Error(`the bench roster did not import (exit ${code}): ${stdout.slice(0, 500)} ${stderr.slice(-500)}`);
    }
    return {
      rows,
      fileMb: file.length / 2 ** 20,
      totalMs,
      rowsPerSec: rows / (totalMs / 1000),
      peakRssMb: peakKb / 1024,
    };
  } finally {
    await cluster.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export function rosterSection(r: RosterBench, fmt: (n: number, digits?: number) => string): string[] {
  return [
    '## Roster import',
    '',
    `A ${fmt(r.rows, 0)}-row roster (${fmt(r.fileMb, 1)} MB .xlsx) imported into a county on PostgreSQL by`,
    '`luoshi import members FILE --org CODE --json` (the built CLI, in a process of its own; `npm run bench -- --only',
    'roster`): starting, reading the workbook (streamed), finding the table, the mapping, every cell and member rule,',
    'duplicate checks against the database, the insert and the audit row.',
    '',
    '| | |',
    '|---|---:|',
    `| end to end | ${fmt(r.totalMs / 1000)} s, **${fmt(r.rowsPerSec, 0)} rows/s** (goal ≥ 20,000) |`,
    `| peak resident memory of the importing process (VmHWM) | **${fmt(r.peakRssMb, 0)} MB** (goal < 300 MB) |`,
    '',
  ];
}
