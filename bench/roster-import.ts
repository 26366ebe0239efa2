/**
 * Roster import end to end (issue 9): a 50,000-row roster (.xlsx, built like a real one) imported into a county on a
 * throwaway PostgreSQL cluster by `luoshi import members` — read, table and mapping, every cell and member rule,
 * duplicate checks against the database, insert, audit — with that process's peak resident memory.
 */

import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { TEST_AUDIT_KEY } from '../src/server/auth/audit-key.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { insertOrg } from '../src/server/test/factories.ts';
import { startPgCluster } from '../src/server/test/pg-cluster.ts';
import { bigRoster } from '../src/server/test/workbook-fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const TEST_AUDIT_KEY_HEX = TEST_AUDIT_KEY.toString('hex');

/** One import: wall time, CPU time (user + system) and peak resident memory of the importing process. */
export type RosterRun = { totalMs: number; cpuMs: number; peakRssMb: number };

export type RosterBench = {
  rows: number;
  fileMb: number;
  /** Five imports, each into a database of its own. */
  runs: RosterRun[];
  /** The fastest of them, and the median one. */
  best: RosterRun;
  median: RosterRun;
  rowsPerSec: number;
  /** The same people imported again with every phone number changed (an edited export): three runs. */
  edited: RosterRun[];
  /** The 1-minute load average when the runs started (other jobs share the machine's cores). */
  loadAverage: number;
  date: string;
};

const RUNS = 5;
const EDITED_RUNS = 3;
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The import is the command a user runs — `luoshi import members FILE --org CODE`, the built CLI — in a process of
 * its own, so that the time is end to end (start, read, check, write) and the memory is the import's own: its peak
 * resident set (VmHWM) and CPU time are read from /proc while it runs. Run five times, each into a fresh copy of
 * the migrated database (other jobs on the machine make single runs noisy): the best and the median time are reported, with every
 * run's figures. The parent builds the file, starts PostgreSQL, migrates and registers the county.
 */
export async function benchRosterImport(rows: number, log: (s: string) => void): Promise<RosterBench> {
  log(`roster import: building a ${rows}-row roster…`);
  const { file } = await bigRoster(rows);
  const { file: editedFile } = await bigRoster(rows, { phonePrefix: '137' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'luoshi-roster-bench-'));
  const cluster = await startPgCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  try {
    const input = path.join(dir, 'roster.xlsx');
    await fs.writeFile(input, file);
    const editedInput = path.join(dir, 'roster-edited.xlsx');
    await fs.writeFile(editedInput, editedFile);
    await admin.connect();
    await admin.query('create database roster_template');
    const urlOf = (db: string) => cluster.url.replace(/\/postgres$/, `/${db}`);
    const database = await openDatabase({ engine: 'postgres', url: urlOf('roster_template') });
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
    const loadAverage = os.loadavg()[0] ?? 0;
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const runs: RosterRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      await admin.query(`create database roster_${i} template roster_template`);
      log(`roster import: luoshi import members, in a process of its own (${i + 1} of ${RUNS})…`);
      runs.push(await importOnce(input, urlOf(`roster_${i}`), rows));
    }
    // The edited roll: into copies of a database that holds the roster's people already (registered by the first run).
    await admin.query('create database roster_registered template roster_0');
    const edited: RosterRun[] = [];
    for (let i = 0; i < EDITED_RUNS; i++) {
      await admin.query(`create database roster_edit_${i} template roster_registered`);
      log(`roster import: the same people, every phone changed (${i + 1} of ${EDITED_RUNS})…`);
      edited.push(await importOnce(editedInput, urlOf(`roster_edit_${i}`), rows, 'updated'));
    }
    const best = runs.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
    const median = [...runs].sort((a, b) => a.totalMs - b.totalMs)[Math.floor(runs.length / 2)]!;
    return {
      rows,
      fileMb: file.length / 2 ** 20,
      runs,
      best,
      median,
      edited,
      rowsPerSec: rows / (best.totalMs / 1000),
      loadAverage,
      date,
    };
  } finally {
    await admin.end().catch(() => {});
    await cluster.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function importOnce(
  input: string,
  url: string,
  rows: number,
  counted: 'imported' | 'updated' = 'imported',
): Promise<RosterRun> {
  const start = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin', 'luoshi.js'), 'import', 'members', input, '--org', 'BENCH-COUNTY', '--json'],
    {
      env: { ...process.env, DATABASE_URL: url, LUOSHI_AUDIT_KEY: TEST_AUDIT_KEY_HEX },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let peakKb = 0;
  let cpuTicks = 0;
  const sample = async () => {
    const [status, stat] = await Promise.all([
      fs.readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => ''),
      fs.readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => ''),
    ]);
    const hwm = /VmHWM:\s+(\d+)/.exec(status);
    if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    // utime and stime, the 14th and 15th fields (after the command name in parentheses).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.length > 13) cpuTicks = Math.max(cpuTicks, Number(fields[11]) + Number(fields[12]));
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
  const result = JSON.parse(stdout || '{}') as { imported?: number; updated?: number };
  if (code !== 0 || result[counted] !== rows) {
    throw new Error(`the bench roster did not import (exit ${code}): ${stdout.slice(0, 500)} ${stderr.slice(-500)}`);
  }
  return { totalMs, cpuMs: (cpuTicks / CLOCK_TICKS_PER_SECOND) * 1000, peakRssMb: peakKb / 1024 };
}

export function rosterSection(r: RosterBench, fmt: (n: number, digits?: number) => string): string[] {
  const runs = r.runs.map((x) => `${fmt(x.totalMs / 1000)} s`).join(', ');
  const cpu = r.runs.map((x) => `${fmt(x.cpuMs / 1000)} s`).join(', ');
  const memory = r.runs.map((x) => `${fmt(x.peakRssMb, 0)}`).join(', ');
  return [
    '## Roster import',
    '',
    `A ${fmt(r.rows, 0)}-row roster (${fmt(r.fileMb, 1)} MB .xlsx) imported into a county on PostgreSQL by`,
    '`luoshi import members FILE --org CODE --json` (the built CLI, in a process of its own; `npm run bench -- --only',
    'roster`): starting, reading the workbook (streamed), finding the table, the mapping, every cell and member rule,',
    'duplicate checks against the database, the insert and the audit row. Five runs, each into a fresh copy of the',
    `migrated database; ${r.date} UTC, 1-minute load average ${fmt(r.loadAverage)} on the machine's 2 cores when`,
    'they started (other jobs share them: wall times are noisy, CPU time much less).',
    '',
    '| | |',
    '|---|---:|',
    `| end to end, best of ${r.runs.length} (${runs}) | ${fmt(r.best.totalMs / 1000)} s, **${fmt(r.rowsPerSec, 0)} rows/s** (goal ≥ 20,000) |`,
    `| end to end, the median run | ${fmt(r.median.totalMs / 1000)} s, ${fmt(r.rows / (r.median.totalMs / 1000), 0)} rows/s |`,
    `| CPU time of the importing process, user + system (${cpu}) | ${fmt(r.best.cpuMs / 1000)} s |`,
    `| the same ${fmt(r.rows, 0)} people imported again with every phone changed (an edited export), best of ${r.edited.length} (${r.edited.map((x) => `${fmt(x.totalMs / 1000)} s`).join(', ')}) | ${fmt(Math.min(...r.edited.map((x) => x.totalMs)) / 1000)} s, ${fmt(r.rows / (Math.min(...r.edited.map((x) => x.totalMs)) / 1000), 0)} rows/s |`,
    `| peak resident memory of the importing process (VmHWM), highest of ${r.runs.length} (${memory} MB) | **${fmt(Math.max(...r.runs.map((x) => x.peakRssMb)), 0)} MB** (goal < 300 MB) |`,
    '',
    'Where the time goes (a CPU profile of one run of the built CLI, 2026-12-08, 2.4 s in all): modules and',
    'connecting about 0.3 s, the sheet being read from 0.15 s on; reading the sheet XML (saxes, with the inflating',
    'and the collector) until about 0.9 s; the table and the mapping, and the rows found, about 0.3 s; then the rows',
    'read, looked up, checked and written together, about 1.2 s, in which the process is busy about 70 % of the time',
    'and PostgreSQL writes: its index upkeep for 50,000 new people is the floor of that phase. Measured alone with',
    'psql (the same rows in 50 inserts of 1,000, in a transaction rolled back): 1.0–1.4 s with every index, about',
    '0.1 s less without any one of the GIN index of name characters and the B-trees on region and pinyin (the last',
    'two are gone since, below); a larger GIN pending list, the GIN index without its pending list and rows in pinyin',
    'order were no faster.',
    '',
    'Issue 9 (2026-12-08): the zip guard no longer inflates the whole workbook before the reader inflates it again',
    '(the guard checks the central directory; the reader fails an entry that inflates beyond its declared size, and a',
    'workbook it cannot place is counted in full before ExcelJS reads it): the sheet is read from about 0.15 s instead',
    'of 0.45 s. The rows are read, looked up and checked a batch at a time, two batches ahead of the one being',
    'checked, while the transaction writes the batches before (they were all read and looked up before the first',
    'write); from the CLI the lookups run on a connection of their own beside the transaction, so that PostgreSQL',
    'looks a batch up while it writes another. Alternating the code before and after in pairs (eight pairs each,',
    'load average 1–3): after the reading and the lookups in batches, mean 3.33 s against 3.53 s; with the lookups',
    'beside, mean 2.96 s against 3.23 s (best 2.32 s, 21,552 rows/s, against 2.61 s). The machine’s speed varies by',
    'a third from one minute to the next, so the bench now runs five imports and reports the median beside the best:',
    'the first bench after these changes, at 00:04 UTC, gave 2.6 s best (18,959 rows/s); one at 00:34 UTC, in a',
    'slower hour (the same work took 3.3 s of CPU instead of 2.5 s), 3.3 s (15,156 rows/s), median 3.6 s; the one',
    'above, after all of them, 2.4 s (20,501 rows/s), median 2.5 s. The migration 20261231T1900 made the',
    'person table cheaper to write (its ASCII keys compared bytewise, two indexes fewer): the inserts about 17 %',
    'faster measured alone; in the slower hour (00:30 UTC) the import was bound by the process, not by PostgreSQL, and eight',
    'alternating pairs of the same code on the two schemas differed by 4 % (29.3 s against 30.4 s in all). An edited',
    'export imported again updated each changed person with a statement of its own (50,000 new phone numbers',
    '13.4–14.2 s); the changed people are now updated together, grouped by the fields that changed, a batch of 1,000',
    'at a time (4.4–4.6 s on the same database, alternating); the bench measures it since (the line in the table).',
    'After this run the changed people are written with their checked batch instead of after every row was checked',
    '(58b4ce8): eight alternating pairs on a slow hour, 7 of 8 faster, about 5 % in all.',
    '',
    'Issue 9 (2026-12-07 evening): each checked batch of 1,000 rows is written, in the import’s transaction, while the',
    'next batch is checked (until the first problem; every row is still checked and the transaction is then rolled',
    'back: all or nothing as before); the insert sends each column as an array literal built directly (node-postgres’s',
    'own array path was 0.3 s of CPU) and the shared times once; the member rules add years to dates by their fields',
    'instead of through date-fns. Before and after in turns, four runs each, load average about 1.6: before 6.1, 6.3,',
    '5.4, 5.0 s (4.0–4.2 s of user CPU); after 5.7, 5.2, 4.3, 3.5 s (3.0–3.8 s). What remains between the figures',
    'above and the goal is PostgreSQL’s second of index upkeep, which now overlaps only the checks: hiding it behind',
    'the reading would need the rows checked and written while the sheet is read, but the table is found (title',
    'rows, two-row headers, the data’s end at a signature block, the sheets that share the first one’s header) on',
    'the whole sheet first. Not done; on this machine today the goal is missed by about 1.4×.',
    '',
    'Issue 9 (2026-12-06): the sheets are read from their XML with saxes in one pass (xlsx-sheets.ts) instead of',
    'ExcelJS’s streaming reader and a second pass for merged ranges; the CLI starts without ExcelJS, PGlite or the',
    'password dictionaries, with kysely, date-fns and pinyin-pro bundled, and reads the file while it connects; rows',
    'are read without a map and lists per row; repeated texts, ID numbers and names are read once; ID numbers are',
    'looked up in one statement; each insert batch is built while the server writes the one before. Measured',
    'before and after it in turns, three runs each, load average 2–2.6: before 8.4, 10.1, 10.8 s (best 5,962',
    'rows/s), 7.1–9.8 s of CPU, 310–313 MB; after 5.8, 8.5, 7.1 s (best 8,699 rows/s), 4.7–6.2 s of CPU, 281–285 MB.',
    'On 2026-12-06 the speed goal was missed by a factor of 2.3 to 2.7; on 2026-12-07 the same code on the same',
    'machine, quieter, ran about twice as fast (best 14,500–16,000 rows/s in three benches against 7,750; CPU time',
    '2.7–3.1 s instead of 4.5–7.0 s): the figures above are of the bench that wrote them. What remains between them',
    'and the goal is the insert: the checks must see every row before anything is written (all-or-nothing, the first',
    'error leaves the data unchanged), so PostgreSQL’s second of index upkeep follows the reading instead of',
    'overlapping it. Writing each checked batch inside the import’s transaction while the next rows are read, rolled',
    'back on the first error, would hide most of it; not done. The memory goal held in the runs of 2026-12-07',
    '(238–273 MB); on 2026-12-06 one run of three reached 305 MB, the peak depending on when V8 collects what the',
    'reading left while the rows are checked and written.',
    '',
  ];
}
