import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../app.ts';
import { buildFixture, type Fixture, loginAs } from '../test/factories.ts';
import { type PgCluster, startPgCluster } from '../test/pg-cluster.ts';
import { type Database, openDatabase } from './client.ts';
import { migrate } from './migrate.ts';

/**
 * PostgreSQL goes away under the server (a fast restart; a connection cut in the middle of a transaction): the
 * process stays up, answers 503 with Retry-After and a Chinese message at once, and recovers by itself when the
 * database is back. A cluster of its own: the shared test cluster must not restart under other tests.
 */
let cluster: PgCluster;
let database: Database;
let app: App;
let fx: Fixture;
let cookie: string;

before(async () => {
  cluster = await startPgCluster();
  database = await openDatabase({ engine: 'postgres', url: cluster.url });
  await migrate(database.db);
  fx = await buildFixture(database);
  app = await buildApp({ database, now: () => new Date('2026-11-23T02:00:00Z') });
  cookie = await loginAs(app, fx.users.aAdmin.username);
});
after(async () => {
  await app?.close();
  await database?.close().catch(() => undefined);
  await cluster?.stop();
});

const list = () => app.inject({ method: 'GET', url: `/api/orgs/${fx.orgs.a.id}/children`, headers: { cookie } });

test('a restart: 503 with Retry-After while the database is away, the same requests work again after', async () => {
  assert.equal((await list()).statusCode, 200);
  // A transaction holds a checked-out connection when the database goes away.
  const held = database.db
    .transaction()
    .execute(async (trx) => {
      await sql`select pg_sleep(3)`.execute(trx);
    })
    .then(
      () => 'committed',
      () => 'failed',
    );
  await new Promise((r) => setTimeout(r, 300));
  await cluster.pause();
  assert.equal(await held, 'failed', 'the cut transaction fails (and does not take the process down)');

  const away = await list();
  assert.equal(away.statusCode, 503, away.body);
  assert.equal(away.headers['retry-after'], '5');
  assert.equal(away.json().error.code, 'DATABASE_UNAVAILABLE');
  assert.match(away.json().error.message, /数据库暂时不可用/);
  const write = await app.inject({
    method: 'POST',
    url: '/api/tasks',
    headers: { cookie },
    payload: { orgId: fx.orgs.a1.id, title: '停机期间的任务' },
  });
  assert.equal(write.statusCode, 503, write.body);

  await cluster.start();
  let back = 0;
  for (let i = 0; i < 50 && back !== 200; i++) {
    back = (await list()).statusCode;
    if (back !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(back, 200, 'the server recovers by itself');
  const rows = await sql<{ n: number }>`select count(*)::int as n from task where title = '停机期间的任务'`.execute(
    database.db,
  );
  assert.equal(rows.rows[0]!.n, 0, 'the refused write left nothing');
});

test('a connection killed in the middle of a transaction: that request fails cleanly, the next ones work', async () => {
  const victim = database.db
    .transaction()
    .execute(async (trx) => {
      await sql`insert into org_field (code, name) values ('probe', '探针')`.execute(trx);
      await sql`select pg_sleep(3)`.execute(trx);
    })
    .then(
      () => 'committed',
      () => 'failed',
    );
  await new Promise((r) => setTimeout(r, 300));
  await sql`select pg_terminate_backend(pid) from pg_stat_activity
    where query like '%pg_sleep(3)%' and pid <> pg_backend_pid()`.execute(database.db);
  assert.equal(await victim, 'failed');
  assert.equal((await list()).statusCode, 200);
  const left = await sql<{ n: number }>`select count(*)::int as n from org_field where code = 'probe'`.execute(
    database.db,
  );
  assert.equal(left.rows[0]!.n, 0, 'the cut transaction wrote nothing');
});
