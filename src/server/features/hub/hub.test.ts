import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { TEST_AUDIT_KEY } from '../../auth/audit-key.ts';
import { systemScope } from '../../auth/scope.ts';
import { type Database, openDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { runCli } from '../../test/cli-harness.ts';
import { buildFixture, type Fixture } from '../../test/factories.ts';
import { type PgCluster, startPgCluster } from '../../test/pg-cluster.ts';
import { assignTask, fireEvent } from '../assignments/assignments.service.ts';
import { makeCtx } from '../context.ts';
import { createTask } from '../tasks/tasks.service.ts';
import { startHubPublishing } from './hub.service.ts';

/** Polls `check` until it holds, for at most `ms`; the last failure is the test's. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`not within ${ms / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Province = {
  name: string;
  region: string;
  cluster: PgCluster;
  database: Database;
  fx: Fixture;
  assignments: number[];
  env: NodeJS.ProcessEnv;
};

const KEY = TEST_AUDIT_KEY.toString('hex');
const SMALL = { shared_buffers: '32MB' };
const LOGICAL = { ...SMALL, wal_level: 'logical', max_replication_slots: 8, max_wal_senders: 8 };

/**
 * The country on three throwaway clusters: a hub and two provinces (each migrated, each with a small tree and a
 * task assigned to two branches). The provinces publish; the hub subscribes to each; writes flow within seconds.
 */
describe('the national hub on logical replication (three clusters)', () => {
  let hubCluster: PgCluster;
  let hub: Database;
  let hubEnv: NodeJS.ProcessEnv;
  const provinces: Province[] = [];
  const stops: (() => Promise<void>)[] = [];

  async function province(name: string, region: string, cluster: PgCluster): Promise<Province> {
    const database = await openDatabase({ engine: 'postgres', url: cluster.url });
    await migrate(database.db);
    const fx = await buildFixture(database);
    const sys = makeCtx(database.db, new Date(), systemScope(fx.orgs.root.path, fx.orgs.root.id), TEST_AUDIT_KEY);
    const task = await createTask(sys, { orgId: fx.orgs.root.id, title: '全国汇总演练', deadline: '2099-12-31' });
    const r = await assignTask(sys, task.id, { orgIds: [fx.orgs.a1a.id, fx.orgs.b1a.id] });
    const { rows } = await sql<{ id: number }>`
      select id from assignment where task_id = ${task.id} order by org_id`.execute(database.db);
    assert.equal(r.created, 2);
    return {
      name,
      region,
      cluster,
      database,
      fx,
      assignments: rows.map((x) => x.id),
      env: { DATABASE_URL: cluster.url, LUOSHI_AUDIT_KEY: KEY, LUOSHI_REGION: region },
    };
  }

  /** The hub's figure of one province's root organisation. */
  const hubRoot = async (p: Province) =>
    hub.db
      .selectFrom('hub_org_figure')
      .selectAll()
      .where('region', '=', p.region)
      .where('org_code', '=', p.fx.orgs.root.code)
      .executeTakeFirst();

  /** A write in a province: the receiving branch starts its assignment (the roll-ups change along its path). */
  const startWork = async (p: Province, index: number) => {
    const receiver = index === 0 ? p.fx.orgs.a1a : p.fx.orgs.b1a;
    const ctx = makeCtx(p.database.db, new Date(), systemScope(receiver.path, receiver.id), TEST_AUDIT_KEY);
    await fireEvent(ctx, p.assignments[index]!, { event: 'start' });
  };

  before(async () => {
    const [h, a, b] = await Promise.all([
      startPgCluster({ settings: SMALL }),
      startPgCluster({ settings: LOGICAL }),
      startPgCluster({ settings: LOGICAL }),
    ]);
    hubCluster = h;
    hub = await openDatabase({ engine: 'postgres', url: h.url });
    await migrate(hub.db);
    hubEnv = { DATABASE_URL: h.url, LUOSHI_AUDIT_KEY: KEY };
    provinces.push(await province('guangdong', '440000', a), await province('sichuan', '510000', b));
  });

  after(async () => {
    for (const stop of stops) await stop();
    for (const p of provinces) await p.database.close().catch(() => undefined);
    await hub?.close().catch(() => undefined);
    await Promise.all([hubCluster, ...provinces.map((p) => p.cluster)].map((c) => c?.stop()));
  });

  test('luoshi hub publish and publication: each province publishes its own region only', async () => {
    for (const p of provinces) {
      const pub = await runCli(['hub', 'publish', '--json'], p.env);
      assert.equal(pub.code, 0, pub.stderr);
      assert.equal(JSON.parse(pub.stdout).region, p.region);
      const first = await runCli(['hub', 'publication', '--json'], p.env);
      assert.equal(first.code, 0, first.stderr);
      const made = JSON.parse(first.stdout);
      assert.equal(made.action, 'created');
      assert.deepEqual(
        made.tables.map((t: { table: string; filter: string }) => [t.table, t.filter]),
        [
          ['hub_org_figure', `(region = '${p.region}'::text)`],
          ['hub_region', `(region = '${p.region}'::text)`],
        ],
      );
      const again = await runCli(['hub', 'publication', '--json'], p.env);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(JSON.parse(again.stdout).action, 'updated', 'idempotent');
    }
  });

  test('luoshi hub subscribe: the hub receives every province’s rows, keyed by region', async () => {
    for (const p of provinces) {
      const r = await runCli(['hub', 'subscribe', '--name', p.name, '--conninfo', p.cluster.url, '--json'], hubEnv);
      assert.equal(r.code, 0, r.stderr);
    }
    const twice = await runCli(
      ['hub', 'subscribe', '--name', 'guangdong', '--conninfo', provinces[0]!.cluster.url],
      hubEnv,
    );
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /已订阅省份“guangdong”/);
    await eventually('both provinces on the hub', async () => {
      const rows = await hub.db.selectFrom('hub_region').select('region').orderBy('region').execute();
      return rows.map((r) => r.region).join() === '440000,510000';
    });
    for (const p of provinces) {
      await eventually(`${p.name}'s figures on the hub`, async () => (await hubRoot(p))?.assigned === 2);
    }
    const status = await runCli(['hub', 'status', '--json'], hubEnv);
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout);
    assert.deepEqual(
      s.subscriptions.map((x: { name: string; enabled: boolean }) => [x.name, x.enabled]),
      [
        ['guangdong', true],
        ['sichuan', true],
      ],
    );
    assert.deepEqual(
      s.regions.map((x: { region: string }) => x.region),
      ['440000', '510000'],
    );
  });

  test('a write in a province appears on the hub within seconds (through the publishing job)', async () => {
    for (const p of provinces) {
      stops.push(
        startHubPublishing(p.database.db, {
          region: p.region,
          depth: 3,
          everyMs: 200,
          clock: () => new Date(),
          held: async () => true,
          onError: (e) => assert.fail(String(e)),
        }),
      );
    }
    const started = Date.now();
    await startWork(provinces[0]!, 0);
    await eventually(
      'the start in Guangdong on the hub',
      async () => (await hubRoot(provinces[0]!))?.in_progress === 1,
      10_000,
    );
    assert.ok(Date.now() - started < 10_000);
    assert.equal((await hubRoot(provinces[1]!))?.in_progress, 0, 'Sichuan unchanged');
  });

  test('a province that is down does not stop the others', async () => {
    const [gd, sc] = provinces as [Province, Province];
    await stops.pop()!(); // Sichuan's publishing job, before its database goes away
    await sc.cluster.pause();
    await startWork(gd, 1);
    await eventually('Guangdong still flows while Sichuan is down', async () => (await hubRoot(gd))?.in_progress === 2);
    const status = await runCli(['hub', 'status', '--json'], hubEnv);
    assert.equal(status.code, 0, status.stderr);
    const subs = JSON.parse(status.stdout).subscriptions as { name: string; running: boolean }[];
    assert.equal(subs.find((x) => x.name === 'guangdong')?.running, true);
    const regions = JSON.parse(status.stdout).regions as { region: string; ageSeconds: number }[];
    const gdAge = regions.find((r) => r.region === gd.region)!.ageSeconds;
    assert.ok(gdAge < 5, `Guangdong published ${gdAge} s ago`);
  });

  test('a province never holds another’s rows, and its publication’s row filter refuses them', async () => {
    const gd = provinces[0]!;
    const held = await gd.database.db.selectFrom('hub_org_figure').select('region').distinct().execute();
    assert.deepEqual(
      held.map((r) => r.region),
      [gd.region],
    );
    // A row of another region written into Guangdong's tables by mistake is not sent: the filter holds it back,
    // while Guangdong's own changes made after it do arrive.
    await sql`insert into hub_org_figure (region, org_code, parent_code, level, type, name, members, tasks, assigned,
      not_started, in_progress, submitted, done, done_on_time, overdue, lagging, changed_at)
      values ('510000', 'ROGUE', null, 1, 'committee', '冒充的行', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now())`.execute(
      gd.database.db,
    );
    const ctx = makeCtx(
      gd.database.db,
      new Date(),
      systemScope(gd.fx.orgs.a1a.path, gd.fx.orgs.a1a.id),
      TEST_AUDIT_KEY,
    );
    await fireEvent(ctx, gd.assignments[0]!, { event: 'submit' });
    await eventually('the submission in Guangdong on the hub', async () => (await hubRoot(gd))?.submitted === 1);
    const rogue = await hub.db
      .selectFrom('hub_org_figure')
      .select('org_code')
      .where('org_code', '=', 'ROGUE')
      .execute();
    assert.deepEqual(rogue, []);
  });

  test('luoshi hub unsubscribe drops the subscription and its slot; --force for a province that is down', async () => {
    const [gd, sc] = provinces as [Province, Province];
    const slots = async () =>
      (await sql<{ slot_name: string }>`select slot_name from pg_replication_slots`.execute(gd.database.db)).rows;
    assert.deepEqual(await slots(), [{ slot_name: 'luoshi_hub_guangdong' }]);
    const r = await runCli(['hub', 'unsubscribe', '--name', 'guangdong', '--json'], hubEnv);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { name: 'guangdong', slotDropped: true });
    assert.deepEqual(await slots(), []);

    const refused = await runCli(['hub', 'unsubscribe', '--name', sc.name], hubEnv);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /无法连接省份“sichuan”/);
    const forced = await runCli(['hub', 'unsubscribe', '--name', sc.name, '--force', '--json'], hubEnv);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(JSON.parse(forced.stdout).slotDropped, false);
    const left = await runCli(['hub', 'status', '--json'], hubEnv);
    assert.deepEqual(JSON.parse(left.stdout).subscriptions, []);
  });
});
