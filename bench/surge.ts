/**
 * npm run bench:surge [-- --rate 2000] [--seconds 60] [--workers 2] [--restart-at 20] [--pgbouncer]
 *                     [--engine postgres|pglite] [--accounts 2000] [--profile city] [--no-docs] [--cpu-prof DIR]
 *
 * The deadline-day surge (issue 8): ledger submissions from ≥ 2,000 distinct branch accounts, each on its own
 * assignment of a few tasks assigned to every branch, fired at a target rate against `luoshi serve` running as a
 * real process, while the root dashboard is read every 200 ms. PostgreSQL by default, on a throwaway cluster with
 * DURABLE settings (fsync, synchronous_commit and full_page_writes on); `--pgbouncer` puts PgBouncer in
 * transaction mode between the server and PostgreSQL; `--restart-at S` restarts PostgreSQL (fast shutdown, what
 * `pg_ctl restart -m fast` does) at second S; `--engine pglite` runs the embedded database (one process) at rising
 * rates (10, 20, 40 … /s), 10 s each (or --seconds), and prints its ceiling (the highest rate with 0 non-2xx and p99 ≤ 500 ms).
 *
 * Each submission carries its own Idempotency-Key and names it in its text; a 503 (the database away) or a dropped
 * connection is retried with the same key after Retry-After, as the web client does. Afterwards the script counts
 * in SQL that every acknowledged submission is present exactly once and nothing was doubled, and runs
 * `luoshi rollups verify`. It prints the achieved rate, non-2xx answers by status, latency percentiles, where the
 * CPU went (server, database, this load generator) and writes a "Deadline-day surge" section to
 * docs/benchmarks.md (one subsection per variant, replaced by the next run of that variant).
 *
 * The accounts' sessions are inserted directly (createSession): logging 2,000 accounts in through the API would
 * spend minutes on password hashing and run into the login rate limit, and is not what is measured here.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { addDaysIso, todayIn } from '../src/domain/dates.ts';
import { TEST_AUDIT_KEY } from '../src/server/auth/audit-key.ts';
import { hashPassword } from '../src/server/auth/password.ts';
import { systemScope } from '../src/server/auth/scope.ts';
import { createSession } from '../src/server/auth/session.ts';
import { type Database, openDatabase } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { assignTask } from '../src/server/features/assignments/assignments.service.ts';
import { makeCtx } from '../src/server/features/context.ts';
import type { SeedProfile } from '../src/server/features/seed/generate-types.ts';
import { seedCity } from '../src/server/features/seed/seed.service.ts';
import { createTask } from '../src/server/features/tasks/tasks.service.ts';
import { multipartBody } from '../src/server/test/factories.ts';
import { freePort, type PgCluster, startPgCluster } from '../src/server/test/pg-cluster.ts';
import { type PgBouncer, startPgBouncer } from '../src/server/test/pgbouncer.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values: flags } = parseArgs({
  options: {
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string' },
    workers: { type: 'string', default: '2' },
    'restart-at': { type: 'string' },
    engine: { type: 'string', default: 'postgres' },
    pgbouncer: { type: 'boolean', default: false },
    accounts: { type: 'string', default: '2000' },
    profile: { type: 'string', default: 'city' },
    tasks: { type: 'string', default: '3' },
    'no-docs': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const engine = flags.engine === 'pglite' ? 'pglite' : 'postgres';
const rate = Number(flags.rate);
const seconds = Number(flags.seconds ?? (engine === 'pglite' ? 10 : 60));
const workers = engine === 'pglite' ? 1 : Number(flags.workers);
const restartAt = flags['restart-at'] === undefined ? null : Number(flags['restart-at']);
const accountCount = Number(flags.accounts);
const taskCount = Number(flags.tasks);
const profile = flags.profile as SeedProfile;
const viaBouncer = flags.pgbouncer && engine === 'postgres';
/** Requests in flight at most: beyond it the generator skips (and counts) sends rather than queue without bound. */
const MAX_IN_FLIGHT = 512;
const PASSWORD = 'Surge-pass-2026';
const TODAY = todayIn(new Date());
const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (x: number, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Pct = { p50: number; p95: number; p99: number; n: number };
function pct(ms: readonly number[]): Pct {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))]!);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: s.length };
}

// ---------------------------------------------------------------------------------------------------------------
// Setup: the database, the city, the tasks, the accounts and their sessions.

type Account = { cookie: string; assignments: number[] };
type Prepared = { accounts: Account[]; adminCookie: string; rootOrgId: number; tasks: number[]; orgs: number };

async function prepare(database: Database): Promise<Prepared> {
  await migrate(database.db);
  log(`seeding the ${profile} profile…`);
  const t0 = performance.now();
  const seeded = await seedCity(database, profile, {
    today: TODAY,
    now: new Date(),
    accountsPassword: PASSWORD,
    mustChangePassword: false,
    auditKey: TEST_AUDIT_KEY,
  });
  log(
    `  ${fmt(seeded.orgs, 0)} organisations, ${fmt(seeded.people, 0)} people in ${fmt((performance.now() - t0) / 1000)} s`,
  );
  const rootRow = await database.db
    .selectFrom('org')
    .select(['id', 'path'])
    .where('id', '=', seeded.rootOrgId)
    .executeTakeFirstOrThrow();
  const ctx = makeCtx(database.db, new Date(), systemScope(rootRow.path, rootRow.id), TEST_AUDIT_KEY);
  const tasks: number[] = [];
  for (let i = 0; i < taskCount; i++) {
    const t = await createTask(ctx, {
      orgId: rootRow.id,
      title: `截止日前集中报送 ${i + 1}`,
      progressMode: 'sum',
      targetValue: 100,
      targetUnit: '条',
      deadline: addDaysIso(TODAY, 1),
    });
    const r = await assignTask(ctx, t.id, {
      rule: { underOrgId: rootRow.id, types: ['branch', 'joint_branch'] },
    });
    log(`  task ${t.id} assigned to ${fmt(r.created, 0)} branches`);
    tasks.push(t.id);
  }
  // ≥ 2,000 distinct branch accounts, spread evenly over the branches (one account per branch).
  const branches = (
    await sql<{ id: number }>`select id from org where type in ('branch', 'joint_branch') order by id`.execute(
      database.db,
    )
  ).rows.map((r) => r.id);
  if (branches.length < accountCount) throw new Error(`${branches.length} branches: fewer than ${accountCount}`);
  const picked = Array.from(
    { length: accountCount },
    (_, i) => branches[Math.floor((i * branches.length) / accountCount)]!,
  );
  const hash = await hashPassword(PASSWORD);
  await database.bulk((s) =>
    s.copy(
      'app_user',
      ['username', 'display_name', 'password_hash', 'role', 'org_id', 'person_id', 'must_change_password'],
      picked.map((orgId) => [`surge-${orgId}`, `集中报送 ${orgId}`, hash, 'secretary', orgId, null, false]),
    ),
  );
  const users = await sql<{ id: number; org_id: number }>`
    select id, org_id from app_user where username like 'surge-%' order by org_id`.execute(database.db);
  const assignments = await sql<{ id: number; org_id: number }>`
    select id, org_id from assignment where task_id in (${sql.join(tasks)}) order by task_id`.execute(database.db);
  const byOrg = new Map<number, number[]>();
  for (const a of assignments.rows) byOrg.set(a.org_id, [...(byOrg.get(a.org_id) ?? []), a.id]);
  const now = new Date();
  const accounts: Account[] = [];
  for (let i = 0; i < users.rows.length; i += 50) {
    const slice = users.rows.slice(i, i + 50);
    const tokens = await Promise.all(slice.map((u) => createSession(database.db, u.id, now, 12)));
    for (const [j, u] of slice.entries()) {
      accounts.push({ cookie: `luoshi_session=${tokens[j]}`, assignments: byOrg.get(u.org_id) ?? [] });
    }
  }
  if (accounts.some((a) => a.assignments.length !== taskCount)) throw new Error('an account lacks its assignments');
  const admin = await database.db
    .selectFrom('app_user')
    .select('id')
    .where('role', '=', 'sysadmin')
    .where('org_id', '=', rootRow.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const adminCookie = `luoshi_session=${await createSession(database.db, admin.id, now, 12)}`;
  log(`  ${fmt(accounts.length, 0)} branch accounts with sessions, ${taskCount} tasks`);
  return { accounts, adminCookie, rootOrgId: rootRow.id, tasks, orgs: seeded.orgs };
}

// ---------------------------------------------------------------------------------------------------------------
// The server, as a real process.

type Server = { child: ChildProcess; port: number; stop(): Promise<void> };

/** Read only by this bench's own server (/api/metrics). */
const METRICS_TOKEN = 'surge-bench-metrics-token';

/** Waits until a process of the server reports its first deadline sweep (/api/metrics, luoshi_job_runs_total). */
async function firstSweepDone(port: number, deadline: number): Promise<void> {
  for (;;) {
    const text = await new Promise<string>((resolve) => {
      const req = http.get(
        `http://127.0.0.1:${port}/api/metrics`,
        // A connection of its own each time: the cluster hands connections to its processes in turn, and only the
        // one holding the jobs lease runs the sweep.
        { headers: { authorization: `Bearer ${METRICS_TOKEN}` }, agent: false },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            body += d;
          });
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', () => resolve(''));
    });
    if (/luoshi_job_runs_total\{job="sweep",outcome="(ok|failed)"\} [1-9]/.test(text)) return;
    if (Date.now() > deadline) throw new Error('the server did not finish its first deadline sweep in time');
    await sleep(500);
  }
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  const args = [
    // --cpu-prof DIR: each server process writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
    ...(flags['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(flags['cpu-prof'])] : []),
    path.join(root, 'bin/luoshi.js'),
    'serve',
    ...(workers > 1 ? ['--workers', String(workers)] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LUOSHI_DEMO: 'off',
      LUOSHI_LOG_LEVEL: 'warn',
      LUOSHI_AUDIT_KEY: TEST_AUDIT_KEY.toString('hex'),
      LUOSHI_METRICS_TOKEN: METRICS_TOKEN,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
    if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
    const up = await new Promise<boolean>((resolve) => {
      const req = http.get(`http://127.0.0.1:${port}/api/health`, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the server did not start in 120 s: ${stderr}`);
    }
    await sleep(200);
  }
  // The first worker answers; give the others time to load (from the sources through tsx when dist/ is stale).
  if (workers > 1) await sleep(8000);
  // A deadline evening meets a server that has been up for hours: the load starts once the jobs a server runs when it
  // starts (the deadline and 三会一课 sweeps, which hold PGlite's one connection for seconds) have run once.
  await firstSweepDone(port, Date.now() + 300_000).catch((e: unknown) => {
    child.kill('SIGTERM'); // not left running after the bench gives up
    throw e;
  });
  return {
    child,
    port,
    async stop() {
      if (child.exitCode !== null) throw new Error(`the server died during the run: ${stderr.slice(-4000)}`);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// CPU by process group, from /proc (clock ticks of 10 ms), sampled every second so that processes that come and go
// (PostgreSQL's backends across a restart) are counted.

type CpuGroups = { server: number; db: number; generator: number };

function procTable(): Map<number, { ppid: number; ticks: number }> {
  const table = new Map<number, { ppid: number; ticks: number }>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      /* gone meanwhile */
    }
  }
  return table;
}

function cpuSampler(serverPid: () => number | undefined, dbRoots: () => number[]) {
  const last = new Map<number, number>();
  const totals = { server: 0, db: 0 };
  const cpu0 = process.cpuUsage();
  const isUnder = (table: ReturnType<typeof procTable>, pid: number, roots: Set<number>): boolean => {
    for (let p = pid, i = 0; p > 1 && i < 20; i++) {
      if (roots.has(p)) return true;
      p = table.get(p)?.ppid ?? 0;
    }
    return false;
  };
  const sample = () => {
    const table = procTable();
    const server = new Set([serverPid()].filter((p): p is number => p !== undefined));
    const db = new Set(dbRoots());
    for (const [pid, { ticks }] of table) {
      const group = isUnder(table, pid, server) ? 'server' : isUnder(table, pid, db) ? 'db' : null;
      if (!group) continue;
      totals[group] += ticks - (last.get(pid) ?? 0);
      last.set(pid, ticks);
    }
  };
  sample();
  totals.server = 0;
  totals.db = 0;
  const timer = setInterval(sample, 1000);
  return {
    stop(): CpuGroups {
      clearInterval(timer);
      sample();
      const own = process.cpuUsage(cpu0);
      return { server: totals.server / 100, db: totals.db / 100, generator: (own.user + own.system) / 1e6 };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The load: open loop at the target rate, retries of 503 / dropped connections with the same key.

const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });

type Answer = { status: number; retryAfter: number | null; ms: number; body: string };

function request(port: number, method: string, url: string, headers: Record<string, string>, body?: Buffer) {
  return new Promise<Answer>((resolve) => {
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const ra = res.headers['retry-after'];
        resolve({
          status,
          retryAfter: ra === undefined ? null : Number(ra),
          ms: performance.now() - t0,
          body: status >= 300 ? Buffer.concat(chunks).toString('utf8').slice(0, 300) : '',
        });
      });
      res.on('error', () => resolve({ status: 0, retryAfter: null, ms: performance.now() - t0, body: 'reset' }));
    });
    req.on('error', (e) => resolve({ status: 0, retryAfter: null, ms: performance.now() - t0, body: e.message }));
    req.end(body);
  });
}

type PhaseResult = {
  rate: number;
  seconds: number;
  sent: number;
  skipped: number;
  acked: number;
  /** From the first send to the last answer. */
  elapsedMs: number;
  achieved: number;
  /** Every answer that was not 2xx, by status (0: no answer), including those retried afterwards. */
  non2xx: Record<string, number>;
  /** Submissions that never got a 2xx (after the retries), by their last status. */
  failed: Record<string, number>;
  retried: number;
  retryAfterMissing: number;
  latency: Pct;
  /** From the first attempt to the acknowledgement, over the retried ones too. */
  endToEnd: Pct;
  dashboard: Pct;
  dashboardNon2xx: number;
  firstErrors: string[];
};

let seq = 0;
const runId = Date.now().toString(36);
const acked = new Set<string>();

async function runPhase(
  port: number,
  prepared: Prepared,
  phaseRate: number,
  phaseSeconds: number,
  onSecond?: (s: number) => Promise<void> | void,
): Promise<PhaseResult> {
  const latency: number[] = [];
  const endToEnd: number[] = [];
  const non2xx: Record<string, number> = {};
  const failed: Record<string, number> = {};
  const firstErrors: string[] = [];
  let retried = 0;
  let retryAfterMissing = 0;
  let inFlight = 0;
  let sent = 0;
  let skipped = 0;
  let ackedHere = 0;
  const pending = new Set<Promise<void>>();

  const submit = async (n: number) => {
    const account = prepared.accounts[n % prepared.accounts.length]!;
    const assignmentId = account.assignments[Math.floor(n / prepared.accounts.length) % account.assignments.length]!;
    const key = `surge-${runId}-${n}`;
    const { payload, headers } = multipartBody({ text: `集中报送 ${key}`, entryDate: TODAY, figure: '1' });
    const t0 = performance.now();
    for (let attempt = 0; ; attempt++) {
      const a = await request(
        port,
        'POST',
        `/api/assignments/${assignmentId}/ledger`,
        { ...headers, cookie: account.cookie, 'idempotency-key': key, 'content-length': String(payload.length) },
        payload,
      );
      if (a.status >= 200 && a.status < 300) {
        acked.add(key);
        ackedHere++;
        latency.push(a.ms);
        endToEnd.push(performance.now() - t0);
        return;
      }
      non2xx[a.status] = (non2xx[a.status] ?? 0) + 1;
      if (firstErrors.length < 5) firstErrors.push(`${a.status} ${a.body}`);
      if ((a.status === 503 || a.status === 0) && attempt < 30) {
        if (a.status === 503 && a.retryAfter === null) retryAfterMissing++;
        retried++;
        await sleep(1000 * (a.retryAfter ?? 1));
        continue;
      }
      failed[a.status] = (failed[a.status] ?? 0) + 1;
      return;
    }
  };

  const dashMs: number[] = [];
  let dashboardNon2xx = 0;
  let stopped = false;
  const dashboardLoop = (async () => {
    while (!stopped) {
      const a = await request(port, 'GET', `/api/dashboard?orgId=${prepared.rootOrgId}`, {
        cookie: prepared.adminCookie,
      });
      if (a.status === 200) dashMs.push(a.ms);
      else dashboardNon2xx++;
      await sleep(Math.max(0, 200 - a.ms));
    }
  })();

  const t0 = performance.now();
  let second = 0;
  for (;;) {
    const elapsed = (performance.now() - t0) / 1000;
    if (elapsed >= phaseSeconds) break;
    // Every second passed is announced, also when the loop was held up for longer than a second.
    while (onSecond && second < Math.floor(elapsed)) void onSecond(++second);
    const due = Math.floor(phaseRate * elapsed);
    while (sent + skipped < due) {
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped += due - sent - skipped;
        break;
      }
      inFlight++;
      sent++;
      const p = submit(seq++).finally(() => {
        inFlight--;
        pending.delete(p);
      });
      pending.add(p);
    }
    await sleep(2);
  }
  // The answers still due (and their retries), for at most two minutes.
  await Promise.race([Promise.all([...pending]), sleep(120_000)]);
  const elapsedMs = performance.now() - t0;
  stopped = true;
  await dashboardLoop;
  return {
    rate: phaseRate,
    seconds: phaseSeconds,
    sent,
    skipped,
    acked: ackedHere,
    elapsedMs,
    achieved: ackedHere / (elapsedMs / 1000),
    non2xx,
    failed,
    retried,
    retryAfterMissing,
    latency: pct(latency),
    endToEnd: pct(endToEnd),
    dashboard: pct(dashMs),
    dashboardNon2xx,
    firstErrors,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The checks afterwards: each acknowledged submission exactly once, nothing doubled, no roll-up drift.

type Integrity = { present: number; ackedMissing: number; doubled: number; unackedPresent: number };

async function checkIntegrity(database: Database): Promise<Integrity> {
  const { rows } = await sql<{ key: string; n: number }>`
    select substring(text from ${'^集中报送 (surge-[a-z0-9]+-[0-9]+)$'}) as key, count(*)::int as n
      from ledger_entry where text like ${`集中报送 surge-${runId}-%`} group by 1`.execute(database.db);
  const present = new Map(rows.map((r) => [r.key, r.n]));
  let ackedMissing = 0;
  for (const k of acked) if (!present.has(k)) ackedMissing++;
  // The doubled ones, for the diagnosis: when each copy was written, and what the key's record says.
  for (const r of rows.filter((x) => x.n > 1).slice(0, 5)) {
    const copies = await sql<{ id: string; assignment_id: number; created_at: Date }>`
      select id, assignment_id, created_at from ledger_entry where text = ${`集中报送 ${r.key}`} order by id`.execute(
      database.db,
    );
    const keyRow = await sql<{ status: number | null; created_at: Date }>`
      select status, created_at from idempotency_key where key = ${r.key}`.execute(database.db);
    log(
      `  doubled ${r.key} (${acked.has(r.key) ? 'acknowledged' : 'not acknowledged'}): ${copies.rows
        .map((c) => `entry ${c.id} on ${c.assignment_id} at ${c.created_at.toISOString()}`)
        .join('; ')}; key ${JSON.stringify(keyRow.rows)}`,
    );
  }
  return {
    present: present.size,
    ackedMissing,
    doubled: rows.filter((r) => r.n > 1).length,
    unackedPresent: rows.filter((r) => !acked.has(r.key)).length,
  };
}

async function resetStatements(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('create extension if not exists pg_stat_statements');
  await c.query('select pg_stat_statements_reset()');
  await c.end();
}

async function topStatements(url: string, n = 8): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ calls: string; total: number; mean: number; query: string }>(
    `select calls, total_exec_time as total, mean_exec_time as mean, query from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time desc limit $1`,
    [n],
  );
  await c.end();
  return rows.map(
    (r) =>
      `| ${fmt(Number(r.calls), 0)} | ${fmt(r.total / 1000)} s | ${fmt(r.mean, 2)} ms | \`${r.query.replace(/\s+/g, ' ').replaceAll('|', '\\|').slice(0, 110)}\` |`,
  );
}

function verifyRollupsCli(env: NodeJS.ProcessEnv): { tasks: number; drift: number } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/luoshi.js'), 'rollups', 'verify', '--json'], {
    env: { ...process.env, ...env, LUOSHI_AUDIT_KEY: TEST_AUDIT_KEY.toString('hex') },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const json = r.stdout.slice(r.stdout.indexOf('{'));
  try {
    const parsed = JSON.parse(json) as { tasks: number; drift: unknown[] };
    return { tasks: parsed.tasks, drift: parsed.drift.length };
  } catch {
    throw new Error(`luoshi rollups verify: exit ${r.status}: ${r.stdout.slice(0, 500)} ${r.stderr.slice(0, 500)}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------

function describePhase(p: PhaseResult): string[] {
  const statusList = (m: Record<string, number>) =>
    Object.keys(m).length === 0
      ? '0'
      : Object.entries(m)
          .map(([s, n]) => `${n} × ${s === '0' ? 'no answer' : s}`)
          .join(', ');
  return [
    `| offered | ${fmt(p.rate, 0)}/s for ${p.seconds} s (${fmt(p.sent, 0)} sent; ${fmt(p.skipped, 0)} not sent because ${MAX_IN_FLIGHT} were in flight) |`,
    `| achieved (acknowledged ÷ time from the first send to the last answer) | **${fmt(p.achieved, 0)}/s** (${fmt(p.acked, 0)} acknowledged in ${fmt(p.elapsedMs / 1000)} s) |`,
    `| non-2xx answers (incl. retried ones) | ${statusList(p.non2xx)} |`,
    `| submissions never acknowledged | ${statusList(p.failed)} |`,
    `| retried with the same key (503 / dropped) | ${fmt(p.retried, 0)}${p.retryAfterMissing ? ` (${p.retryAfterMissing} 503 without Retry-After)` : ''} |`,
    `| submission latency p50 / p95 / p99 | ${fmt(p.latency.p50)} / ${fmt(p.latency.p95)} / ${fmt(p.latency.p99)} ms |`,
    `| first attempt to acknowledgement p99 | ${fmt(p.endToEnd.p99)} ms |`,
    `| root dashboard p50 / p95 (every ~200 ms) | ${fmt(p.dashboard.p50)} / ${fmt(p.dashboard.p95)} ms (${p.dashboard.n} reads${p.dashboardNon2xx ? `, ${p.dashboardNon2xx} non-200` : ''}) |`,
  ];
}

function replaceSubsection(markdown: string, heading: string, sub: string, body: string[], intro: string[]): string {
  const lines = markdown.split('\n');
  let start = lines.indexOf(heading);
  if (start < 0) {
    lines.push('', heading, '', ...intro);
    start = lines.indexOf(heading);
  }
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end < 0) end = lines.length;
  const section = lines.slice(start, end);
  // The intro is rewritten each time (it says how the figures are made).
  const firstSub = section.findIndex((l) => l.startsWith('### '));
  const subs = firstSub < 0 ? [] : section.slice(firstSub);
  const kept: string[][] = [];
  let current: string[] | null = null;
  for (const l of subs) {
    if (l.startsWith('### ')) {
      current = [l];
      kept.push(current);
    } else current?.push(l);
  }
  const mine = [sub, ...body, ''];
  const at = kept.findIndex((s) => s[0] === sub);
  if (at < 0) kept.push(mine);
  else kept[at] = mine;
  const rebuilt = [heading, '', ...intro, '', ...kept.flat()];
  while (rebuilt.at(-1) === '') rebuilt.pop();
  return [...lines.slice(0, start), ...rebuilt, '', ...lines.slice(end)].join('\n').replace(/\n{3,}/g, '\n\n');
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-surge-'));
  let cluster: PgCluster | null = null;
  let bouncer: PgBouncer | null = null;
  let server: Server | null = null;
  const restarts: { at: number; downMs: number }[] = [];
  try {
    let env: NodeJS.ProcessEnv;
    let directEnv: NodeJS.ProcessEnv;
    let open: () => Promise<Database>;
    let serverVersion: string;
    let adminDbUrl: string | null = null;
    if (engine === 'postgres') {
      cluster = await startPgCluster({ durable: true });
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('create database luoshi_surge');
      // Where the database's time goes: pg_stat_statements (loaded at start, hence the restart).
      await admin.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
      await admin.end();
      await cluster.pause();
      await cluster.start();
      const u = new URL(cluster.url);
      u.pathname = '/luoshi_surge';
      const direct = u.toString();
      open = () => openDatabase({ engine: 'postgres', url: direct });
      adminDbUrl = direct;
      directEnv = { DATABASE_URL: direct };
      if (viaBouncer) {
        bouncer = await startPgBouncer({ port: cluster.port, poolSize: 20 });
        env = { DATABASE_URL: bouncer.urlOf('luoshi_surge'), LUOSHI_PG_PREPARED: 'off' };
      } else env = directEnv;
      serverVersion = `${cluster.version}${bouncer ? ` behind ${bouncer.version} (pool_mode = transaction, default_pool_size = 20)` : ''}`;
    } else {
      const dataDir = path.join(tmp, 'data');
      open = () => openDatabase({ engine: 'pglite', dataDir, lockAs: 'bench:surge' });
      env = { LUOSHI_DATA_DIR: dataDir };
      directEnv = env;
      serverVersion = 'PGlite 0.5.16 (embedded, in the server process)';
    }
    env = { ...env, LUOSHI_FILES_DIR: path.join(tmp, 'files') };
    const setup = await open();
    const prepared = await prepare(setup);
    await setup.close();

    log(
      `starting luoshi serve${workers > 1 ? ` --workers ${workers}` : ''} (${engine}${viaBouncer ? ' via PgBouncer' : ''})…`,
    );
    if (adminDbUrl) await resetStatements(adminDbUrl);
    server = await startServer(env);
    const postmasterPid = () => {
      try {
        return [Number(fs.readFileSync(path.join(cluster!.dir, 'data/postmaster.pid'), 'utf8').split('\n')[0])];
      } catch {
        return [];
      }
    };
    const cpu = cpuSampler(
      () => server?.child.pid,
      () => [...(cluster ? postmasterPid() : []), ...(bouncer ? [bouncer.pid] : [])],
    );

    const phases: PhaseResult[] = [];
    let ceiling: number | null = null;
    if (engine === 'pglite') {
      // Rising rates until one fails (a non-2xx, or p99 over 500 ms).
      for (let r = 10; r <= Math.max(rate, 10); r *= 2) {
        log(`  ${r}/s for ${seconds} s…`);
        const p = await runPhase(server.port, prepared, r, seconds);
        phases.push(p);
        log(`    achieved ${fmt(p.achieved, 0)}/s, p99 ${fmt(p.latency.p99)} ms, non-2xx ${JSON.stringify(p.non2xx)}`);
        const ok = Object.keys(p.non2xx).length === 0 && p.skipped === 0 && p.latency.p99 <= 500;
        if (!ok) break;
        ceiling = r;
        await sleep(2000);
      }
    } else {
      log(
        `firing ${rate}/s for ${seconds} s${restartAt !== null ? `, PostgreSQL restarts at second ${restartAt}` : ''}…`,
      );
      const p = await runPhase(server.port, prepared, rate, seconds, async (s) => {
        if (s % 10 === 0) log(`  ${s} s: ${fmt(acked.size, 0)} acknowledged`);
        if (restartAt !== null && s === restartAt && cluster) {
          const t0 = performance.now();
          log('  restarting PostgreSQL (fast shutdown)…');
          await cluster.pause();
          await cluster.start();
          restarts.push({ at: s, downMs: performance.now() - t0 });
          log(`  PostgreSQL back after ${fmt(performance.now() - t0, 0)} ms`);
        }
      });
      phases.push(p);
    }
    const cpuUsed = cpu.stop();
    const wall = Math.round(phases.reduce((s, p) => s + p.elapsedMs, 0) / 1000);
    const dbTop = engine === 'postgres' ? await topStatements(adminDbUrl!) : [];
    await server.stop();
    server = null;

    const check = await open();
    const integrity = await checkIntegrity(check);
    await check.close();
    const verify = verifyRollupsCli(directEnv);

    // ----- Report
    const title =
      engine === 'pglite'
        ? '### PGlite (embedded): the ceiling'
        : `### PostgreSQL${viaBouncer ? ' through PgBouncer (transaction mode)' : ''}, ${workers} worker${workers > 1 ? 's' : ''}${restartAt !== null ? ', PostgreSQL restarted during the run' : ''}`;
    const body: string[] = [
      '',
      `- Run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; profile \`${profile}\` (${fmt(prepared.orgs, 0)} organisations), ${fmt(prepared.accounts.length, 0)} branch accounts, ${taskCount} tasks assigned to every branch; \`luoshi serve${workers > 1 ? ` --workers ${workers}` : ''}\`; ${serverVersion}`,
      `- Command: \`npm run bench:surge${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
      '',
    ];
    if (engine === 'pglite') {
      body.push('| rate offered | achieved | non-2xx | p50 / p95 / p99 | dashboard p95 |', '|---:|---:|---|---|---:|');
      for (const p of phases) {
        body.push(
          `| ${fmt(p.rate, 0)}/s | ${fmt(p.achieved, 0)}/s | ${
            Object.entries(p.non2xx)
              .map(([s, n]) => `${n}×${s}`)
              .join(', ') || '0'
          }${p.skipped ? `, ${fmt(p.skipped, 0)} not sent` : ''} | ${fmt(p.latency.p50)} / ${fmt(p.latency.p95)} / ${fmt(p.latency.p99)} ms | ${fmt(p.dashboard.p95)} ms |`,
        );
      }
      body.push(
        '',
        `**Ceiling: ${ceiling === null ? 'below 10/s' : `${fmt(ceiling, 0)} submissions/s`}** (the highest rate with 0 non-2xx and p99 ≤ 500 ms).`,
      );
    } else {
      body.push('| | |', '|---|---|', ...describePhase(phases[0]!));
      for (const r of restarts)
        body.push(`| PostgreSQL restart (fast shutdown + start) at second ${r.at} | down ${fmt(r.downMs, 0)} ms |`);
    }
    body.push(
      '',
      `- Afterwards, counted in SQL: ${fmt(acked.size, 0)} acknowledged, ${fmt(integrity.present, 0)} present; acknowledged but missing: **${integrity.ackedMissing}**; present more than once: **${integrity.doubled}**; present but not acknowledged (the answer was not received): ${integrity.unackedPresent}.`,
      `- \`luoshi rollups verify\`: ${verify.tasks} tasks, drift **${verify.drift}**.`,
      `- CPU over the ${wall} s of load (2 cores = ${wall * 2} core-seconds): server ${fmt(cpuUsed.server)} s${engine === 'postgres' ? `, PostgreSQL${viaBouncer ? ' and PgBouncer' : ''} ${fmt(cpuUsed.db)} s` : ' (the database included)'}, this load generator ${fmt(cpuUsed.generator)} s.`,
    );
    if (dbTop.length > 0) {
      body.push(
        '- Where PostgreSQL spent its time (pg_stat_statements, top statements by total execution time; commits',
        '  and their WAL flushes are not included):',
        '',
        '| calls | total | mean | statement |',
        '|---:|---:|---:|---|',
        ...dbTop,
      );
    }
    const firstErrors = phases.flatMap((p) => p.firstErrors).slice(0, 3);
    if (firstErrors.length > 0) log(`first non-2xx answers:\n  ${firstErrors.join('\n  ')}`);
    console.log([title, ...body].join('\n'));

    if (!flags['no-docs']) {
      const docs = path.join(root, 'docs/benchmarks.md');
      const intro = [
        'Written by `npm run bench:surge` (bench/surge.ts): ledger submissions (multipart, as the web sends them, each with',
        'its own Idempotency-Key) from distinct branch accounts on their assignments, fired at a target rate at',
        '`luoshi serve` running as a real process, while the root dashboard is read every ~200 ms. PostgreSQL runs on a',
        'throwaway cluster with **durable settings** (fsync, synchronous_commit and full_page_writes on). 503 answers',
        '(the database away) are retried after Retry-After with the same key. The load generator runs on the same',
        `machine (${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} cores, Node ${process.version}) and shares its cores with the`,
        'server and the database: the CPU line of each run says where the time went. The load starts once the server',
        'has run its first deadline sweep (with the 三会一课 sweep), as on a deadline evening the server has been up for',
        'hours (runs before 2026-12-07 22:00 UTC started it at once, the sweeps competing with the first seconds).',
      ];
      fs.writeFileSync(
        docs,
        replaceSubsection(fs.readFileSync(docs, 'utf8'), '## Deadline-day surge', title, body, intro),
      );
      log('docs/benchmarks.md updated');
    }
    const bad = integrity.ackedMissing > 0 || integrity.doubled > 0 || verify.drift > 0;
    if (bad) process.exitCode = 1;
  } finally {
    await server?.stop().catch((e) => log(String(e)));
    await bouncer?.stop();
    await cluster?.stop();
    agent.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
