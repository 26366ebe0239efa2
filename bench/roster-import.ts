/**
 * Roster import end to end (issue 9): a 50,000-row roster (.xlsx, built like a real one) imported into a county on a
 * throwaway PostgreSQL cluster through the import service — read, table and mapping, every cell and member rule,
 * duplicate checks against the database, insert, audit — timed per phase, with the process's peak resident memory
 * sampled every 20 ms. Run alone (`npm run bench -- --only roster`) so that the peak is the import's own.
 */

import { TEST_AUDIT_KEY } from '../src/server/auth/audit-key.ts';
import { systemScope } from '../src/server/auth/scope.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { makeCtx } from '../src/server/features/context.ts';
import { importRoster } from '../src/server/features/people/roster-import.service.ts';
import { insertOrg } from '../src/server/test/factories.ts';
import { startPgCluster } from '../src/server/test/pg-cluster.ts';
import { bigRoster } from '../src/server/test/workbook-fixtures.ts';

export type RosterBench = {
  rows: number;
  fileMb: number;
  totalMs: number;
  rowsPerSec: number;
  phases: Record<string, number>;
  baseRssMb: number;
  peakRssMb: number;
};

export async function benchRosterImport(rows: number, log: (s: string) => void): Promise<RosterBench> {
  log(`roster import: building a ${rows}-row roster…`);
  const { file } = await bigRoster(rows);
  const cluster = await startPgCluster();
  const database = await openDatabase({ engine: 'postgres', url: cluster.url });
  try {
    await migrate(database.db);
    const county = await insertOrg(database, null, { code: 'BENCH-COUNTY', name: '基准县委', type: 'committee' });
    const ctx = makeCtx(database.db, new Date(), systemScope(county.path, county.id), TEST_AUDIT_KEY);
    global.gc?.();
    const baseRss = process.memoryUsage().rss;
    let peak = baseRss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const phases: Record<string, number> = {};
    const start = performance.now();
    let phaseStart = start;
    let current = 'read';
    const result = await importRoster(ctx, county.id, file, {
      commit: true,
      onProgress: (_done, _total, phase) => {
        if (phase !== current) {
          const now = performance.now();
          phases[current] = (phases[current] ?? 0) + (now - phaseStart);
          phaseStart = now;
          current = phase;
        }
      },
    });
    const end = performance.now();
    phases[current] = (phases[current] ?? 0) + (end - phaseStart);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (result.errorCount > 0 || result.created !== rows) {
      throw new Error(`the bench roster did not import: ${JSON.stringify(result.errors.slice(0, 3))}`);
    }
    const totalMs = end - start;
    return {
      rows,
      fileMb: file.length / 2 ** 20,
      totalMs,
      rowsPerSec: rows / (totalMs / 1000),
      phases,
      baseRssMb: baseRss / 2 ** 20,
      peakRssMb: peak / 2 ** 20,
    };
  } finally {
    await database.close();
    await cluster.stop();
  }
}

export function rosterSection(r: RosterBench, fmt: (n: number, digits?: number) => string): string[] {
  const phase = (k: string) => (r.phases[k] === undefined ? '—' : `${fmt(r.phases[k] / 1000)} s`);
  return [
    '## Roster import',
    '',
    `A ${fmt(r.rows, 0)}-row roster (${fmt(r.fileMb, 1)} MB .xlsx) imported into a county on PostgreSQL through the`,
    'import service (`npm run bench -- --only roster`): reading the workbook, finding the table, the mapping, every',
    'cell and member rule, duplicate checks against the database, the insert and the audit row.',
    '',
    '| | |',
    '|---|---:|',
    `| end to end | ${fmt(r.totalMs / 1000)} s, **${fmt(r.rowsPerSec, 0)} rows/s** (goal ≥ 20,000) |`,
    `| read and check (to the first write) | ${phase('read')} + ${phase('validate')} |`,
    `| insert | ${phase('insert')} |`,
    `| resident memory: before / peak | ${fmt(r.baseRssMb, 0)} / **${fmt(r.peakRssMb, 0)} MB** (goal < 300 MB) |`,
    '',
  ];
}
