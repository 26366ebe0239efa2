import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type pg from 'pg';
import { type App, buildApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { buildFixture, type Fixture, loginAs } from '../test/factories.ts';
import { type PgCluster, startPgCluster } from '../test/pg-cluster.ts';
import { type Database, openDatabase } from './client.ts';
import { migrate } from './migrate.ts';

const SMALL = { shared_buffers: '32MB' };
const KEY = 'a'.repeat(64);

describe('DATABASE_READ_URL: configuration', () => {
  test('is parsed beside DATABASE_URL and refused without it', async () => {
    const c = await loadConfig({
      DATABASE_URL: 'postgres://luoshi@db/luoshi',
      DATABASE_READ_URL: 'postgres://luoshi@standby/luoshi',
      LUOSHI_AUDIT_KEY: KEY,
    });
    assert.equal(c.databaseReadUrl, 'postgres://luoshi@standby/luoshi');
    assert.equal((await loadConfig({})).databaseReadUrl, null);
    await assert.rejects(loadConfig({ DATABASE_READ_URL: 'postgres://luoshi@standby/luoshi' }), ConfigError);
    await assert.rejects(loadConfig({ DATABASE_URL: 'postgres://x/y', DATABASE_READ_URL: 'mysql://x' }), ConfigError);
  });

  test('the hub mode needs PostgreSQL and no region code; a province takes its region code and depth', async () => {
    await assert.rejects(loadConfig({ LUOSHI_MODE: 'hub' }), ConfigError);
    await assert.rejects(
      loadConfig({ LUOSHI_MODE: 'hub', DATABASE_URL: 'postgres://x/y', LUOSHI_AUDIT_KEY: KEY, LUOSHI_REGION: '44' }),
      ConfigError,
    );
    const hub = await loadConfig({ LUOSHI_MODE: 'hub', DATABASE_URL: 'postgres://x/y', LUOSHI_AUDIT_KEY: KEY });
    assert.deepEqual(hub.hub, { mode: 'hub', region: null, depth: 3, publishEverySeconds: 30 });
    const province = await loadConfig({
      LUOSHI_REGION: '440000',
      LUOSHI_HUB_DEPTH: '4',
      LUOSHI_HUB_PUBLISH_SECONDS: '10',
    });
    assert.deepEqual(province.hub, { mode: 'province', region: '440000', depth: 4, publishEverySeconds: 10 });
    await assert.rejects(loadConfig({ LUOSHI_REGION: "44'; drop" }), ConfigError);
  });
});

/**
 * A primary and a streaming-replication standby made from it (pg_basebackup -R): the dashboard's reads go to the
 * standby through the read pool, writes and everything else to the primary.
 */
describe('DATABASE_READ_URL: the dashboards read from a standby', () => {
  let primary: PgCluster;
  let standby: PgCluster;
  let database: Database;
  let app: App;
  let fx: Fixture;
  let readCheckouts = 0;

  before(async () => {
    primary = await startPgCluster({ settings: SMALL });
    const setup = await openDatabase({ engine: 'postgres', url: primary.url });
    await migrate(setup.db);
    fx = await buildFixture(setup);
    await setup.close();
    standby = await startPgCluster({ standbyOf: primary, settings: SMALL });
    database = await openDatabase({ engine: 'postgres', url: primary.url, readUrl: standby.url });
    database.readPool?.on('acquire', () => readCheckouts++);
    app = await buildApp({ database });
  });
  after(async () => {
    await app?.close();
    await database?.close();
    await standby?.stop();
    await primary?.stop();
  });

  test('the read pool is the standby, the primary pool is not', async () => {
    const recovery = async (db: Database['db']) =>
      (await sql<{ r: boolean }>`select pg_is_in_recovery() as r`.execute(db)).rows[0]!.r;
    assert.equal(await recovery(database.read), true);
    assert.equal(await recovery(database.db), false);
  });

  test('the dashboard is read through the standby; a write goes to the primary and reaches the dashboard', async () => {
    const cookie = await loginAs(app, fx.users.admin.username);
    const before = readCheckouts;
    const first = await app.inject({
      method: 'GET',
      url: `/api/dashboard?orgId=${fx.orgs.root.id}`,
      headers: { cookie },
    });
    assert.equal(first.statusCode, 200, first.body);
    assert.ok(readCheckouts > before, 'the dashboard checked out connections of the read pool');
    assert.equal(first.json().totals.assigned, 0);

    const atWrite = readCheckouts;
    const task = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { cookie },
      payload: { orgId: fx.orgs.root.id, title: '副本演练', deadline: '2099-12-31' },
    });
    assert.equal(task.statusCode, 201, task.body);
    const assigned = await app.inject({
      method: 'POST',
      url: `/api/tasks/${task.json().id}/assignments`,
      headers: { cookie },
      payload: { orgIds: [fx.orgs.a1a.id, fx.orgs.b1a.id] },
    });
    assert.ok(assigned.statusCode < 300, assigned.body);
    assert.equal(readCheckouts, atWrite, 'writes never touch the read pool');

    // The standby replays the write within a moment; poll with a deadline.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/dashboard?orgId=${fx.orgs.root.id}`,
        headers: { cookie },
      });
      if (res.json().totals.assigned === 2) break;
      assert.ok(Date.now() < deadline, 'the standby did not replay the write within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});

/**
 * Without a standby the dashboards read through a small pool of their own on the same server: with every
 * connection of the main pool taken (hundreds of submissions waiting under a deadline-day surge), the dashboard
 * still answers.
 */
describe('the dashboards read through a pool of their own', () => {
  let cluster: PgCluster;
  let database: Database;
  let app: App;
  let fx: Fixture;

  before(async () => {
    cluster = await startPgCluster({ settings: SMALL });
    const setup = await openDatabase({ engine: 'postgres', url: cluster.url });
    await migrate(setup.db);
    fx = await buildFixture(setup);
    await setup.close();
    database = await openDatabase({ engine: 'postgres', url: cluster.url, poolSize: 2 });
    app = await buildApp({ database });
  });
  after(async () => {
    await app?.close();
    await database?.close();
    await cluster?.stop();
  });

  test('the dashboard answers while every connection of the main pool is held', async () => {
    const cookie = await loginAs(app, fx.users.admin.username);
    const url = `/api/dashboard?orgId=${fx.orgs.root.id}`;
    // Once first, so that the session is known (its lookup is the main pool's).
    assert.equal((await app.inject({ method: 'GET', url, headers: { cookie } })).statusCode, 200);
    const pool = database.pool as pg.Pool;
    const held = await Promise.all([pool.connect(), pool.connect()]);
    assert.equal(pool.waitingCount, 0);
    try {
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<'stuck'>((r) => {
        timer = setTimeout(() => r('stuck'), 15_000);
      });
      const answer = await Promise.race([app.inject({ method: 'GET', url, headers: { cookie } }), stuck]);
      clearTimeout(timer);
      assert.notEqual(answer, 'stuck', 'the dashboard waited for the main pool');
      if (answer !== 'stuck') assert.equal(answer.statusCode, 200, answer.body);
      // A write does wait for the main pool: the pool really was full.
      assert.equal(pool.totalCount, 2);
      assert.equal(pool.idleCount, 0);
    } finally {
      for (const c of held) c.release();
    }
  });
});
