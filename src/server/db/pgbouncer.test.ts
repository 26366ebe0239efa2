import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { type App, buildApp } from '../app.ts';
import { sweepDeadlines } from '../features/assignments/sweep.service.ts';
import { clockAt } from '../features/context.ts';
import { foldRollups, verifyRollups } from '../features/rollups/rollups.service.ts';
import { jobLease } from '../jobs/lease.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../test/factories.ts';
import { type PgCluster, startPgCluster } from '../test/pg-cluster.ts';
import { type PgBouncer, startPgBouncer } from '../test/pgbouncer.ts';
import { type Database, openDatabase } from './client.ts';
import { migrate } from './migrate.ts';

/**
 * The app through PgBouncer in transaction mode (no session state in connections): migrations, login, a ledger
 * submission, the dashboard, concurrent submissions and the periodic jobs' lease. The bouncer has fewer server
 * connections (2) than the app's pool has clients (10), so consecutive transactions of one client land on different
 * server connections and anything left in a session (a SET, a session lock, a named prepared statement, a temp
 * table) shows. PostgreSQL only (PgBouncer fronts a server); a cluster of its own.
 */
const NOW = new Date('2026-11-23T02:00:00Z');
let cluster: PgCluster;
let bouncer: PgBouncer;
let database: Database;
let app: App;
let fx: Fixture;
let secretary: string;
let assignmentId: number;

before(async () => {
  cluster = await startPgCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('create database luoshi_bouncer');
  await admin.end();
  bouncer = await startPgBouncer({ port: cluster.port, poolSize: 2 });
  database = await openDatabase({
    engine: 'postgres',
    url: bouncer.urlOf('luoshi_bouncer'),
    poolSize: 10,
    prepare: false,
  });
});
after(async () => {
  await app?.close();
  await database?.close().catch(() => undefined);
  await bouncer?.stop();
  await cluster?.stop();
});

const submit = (key: string, text: string) => {
  const body = multipartBody({ text, entryDate: '2026-11-23', figure: '1' });
  return app.inject({
    method: 'POST',
    url: `/api/assignments/${assignmentId}/ledger`,
    payload: body.payload,
    headers: { ...body.headers, cookie: secretary, 'idempotency-key': key },
  });
};

const countEntries = async (like: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ledger_entry where text like ${like}`.execute(database.db))
    .rows[0]!.n;

test('migrations, login, a ledger submission and the dashboard work through the bouncer', async () => {
  const { applied } = await migrate(database.db);
  assert.ok(applied.length > 0);
  assert.equal((await migrate(database.db)).applied.length, 0, 'a second run applies nothing');
  fx = await buildFixture(database);
  app = await buildApp({ database, now: () => NOW, loginRatePerMinute: 1000 });
  const district = await loginAs(app, fx.users.aAdmin.username);
  secretary = await loginAs(app, fx.users.aSecretary.username);
  const task = await app.inject({
    method: 'POST',
    url: '/api/tasks',
    headers: { cookie: district },
    payload: {
      orgId: fx.orgs.a1.id,
      title: '经连接池的任务',
      deadline: '2026-12-31',
      progressMode: 'sum',
      targetValue: 100,
      targetUnit: '次',
    },
  });
  assert.equal(task.statusCode, 201, task.body);
  const assigned = await app.inject({
    method: 'POST',
    url: `/api/tasks/${task.json().id}/assignments`,
    headers: { cookie: district },
    payload: { orgIds: [fx.orgs.a1a.id] },
  });
  assert.equal(assigned.statusCode, 200, assigned.body);
  const list = await app.inject({
    method: 'GET',
    url: `/api/assignments?taskId=${task.json().id}`,
    headers: { cookie: district },
  });
  assignmentId = list.json().items[0].id;

  const res = await submit('bouncer-first-0001', '经 PgBouncer 报送的台账');
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().ledger.length, 1);

  const dash = await app.inject({
    method: 'GET',
    url: `/api/dashboard?orgId=${fx.orgs.a.id}`,
    headers: { cookie: district },
  });
  assert.equal(dash.statusCode, 200, dash.body);
  assert.match(dash.body, /经连接池的任务/);
  // The deadline sweep (a periodic job) through the bouncer too.
  await sweepDeadlines(database.db, clockAt(NOW));
});

test('concurrent submissions through the bouncer: each recorded once, duplicates replayed, 0 roll-up drift', async () => {
  const keys = Array.from({ length: 30 }, (_, i) => `bouncer-many-${String(i).padStart(4, '0')}`);
  // Every key sent twice at once: the second of each pair waits for the first and gets its answer.
  const answers = await Promise.all([...keys, ...keys].map((k) => submit(k, `并发报送 ${k}`)));
  assert.deepEqual(
    answers.filter((a) => a.statusCode !== 201).map((a) => `${a.statusCode} ${a.body}`),
    [],
  );
  assert.equal(await countEntries('并发报送 %'), keys.length);
  for (const k of keys) assert.equal(await countEntries(`并发报送 ${k}`), 1, k);
  await foldRollups(database.db);
  assert.deepEqual((await verifyRollups(database.db)).drift, []);
});

/** A process of its own that takes the lease through the bouncer and then waits to be killed. */
function leaseHolderProcess(url: string, key: number): Promise<{ kill(): Promise<void> }> {
  const code = `
    const { jobLease } = await import(${JSON.stringify(new URL('../jobs/lease.ts', import.meta.url).href)});
    const held = await jobLease(${JSON.stringify(url)}, ${key}).held();
    console.log(held ? 'held' : 'not held');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      if (String(d).includes('not held')) reject(new Error('the child did not get the lease'));
      else if (String(d).includes('held'))
        resolve({
          kill: async () => {
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGKILL');
            await exited;
          },
        });
    });
    child.once('exit', (c) => reject(new Error(`the lease holder exited (${c})`)));
  });
}

test('the jobs lease through the bouncer: one holder at a time; the next takes over when the holder goes', async () => {
  const url = bouncer.urlOf('luoshi_bouncer');
  const key = 77_002;
  const a = jobLease(url, key);
  const b = jobLease(url, key);
  assert.equal(await a.held(), true);
  for (let i = 0; i < 5; i++) assert.equal(await b.held(), false, 'a second process does not hold it too');
  // The app's own pool runs through the same two server connections meanwhile, and must not inherit the lock.
  await sweepDeadlines(database.db, clockAt(NOW));
  assert.equal(await b.held(), false);
  await a.release();
  // The bouncer hands the closed client's server connection back (and its lock with it) on its own time: the next
  // holder may need a few tries, as the sweep's next run would make.
  let next = false;
  for (let i = 0; i < 50 && !next; i++) {
    next = await b.held();
    if (!next) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(next, true, 'released: the next one takes it');
  await b.release();

  // The holder process dies (kill -9): its connection to the bouncer closes and the lock goes with it.
  const holder = await leaseHolderProcess(url, key);
  const c = jobLease(url, key);
  assert.equal(await c.held(), false);
  await holder.kill();
  let taken = false;
  for (let i = 0; i < 50 && !taken; i++) {
    taken = await c.held();
    if (!taken) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(taken, true, 'another process takes over after the holder died');
  await c.release();
});
