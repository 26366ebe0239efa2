import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CliTarget, makeCliTarget, runCli } from '../../server/test/cli-harness.ts';
import { ENGINES } from '../../server/test/engines.ts';
import { buildFixture } from '../../server/test/factories.ts';

for (const engine of ENGINES) {
  describe(`luoshi hub [${engine}]`, () => {
    let target: CliTarget;
    before(async () => {
      target = await makeCliTarget(engine);
      const database = await target.open();
      await buildFixture(database);
      await database.close();
    });
    after(() => target.cleanup());

    test('publish needs a region code (LUOSHI_REGION), then publishes the figures', async () => {
      const none = await runCli(['hub', 'publish'], target.env);
      assert.equal(none.code, 1);
      assert.match(none.stderr, /LUOSHI_REGION/);
      const r = await runCli(['hub', 'publish', '--json'], { ...target.env, LUOSHI_REGION: '440000' });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.region, '440000');
      assert.equal(out.orgs, 5);
      assert.equal(out.members, 5);
      const text = await runCli(['hub', 'publish'], { ...target.env, LUOSHI_REGION: '440000' });
      assert.match(text.stdout, /已发布区域 440000 的汇总数：组织 5 个（变化 0，删除 0），党员 5 名/);
    });

    test('publication says in Chinese what it needs (PostgreSQL; wal_level = logical)', async () => {
      const r = await runCli(['hub', 'publication'], { ...target.env, LUOSHI_REGION: '440000' });
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        engine === 'pglite' ? /需要 PostgreSQL（DATABASE_URL）/ : /wal_level = logical（当前为 replica）/,
      );
    });

    test('subscribe needs a valid name and a conninfo; unknown subcommands show the usage', async () => {
      const bad = await runCli(['hub', 'subscribe', '--name', 'Bad-Name', '--conninfo', 'postgres://x/y'], target.env);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, engine === 'pglite' ? /需要 PostgreSQL/ : /省份名称“Bad-Name”无效/);
      const missing = await runCli(['hub', 'subscribe', '--name', 'gd'], target.env);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /缺少 --conninfo/);
      const unknown = await runCli(['hub', 'nope'], target.env);
      assert.equal(unknown.code, 2);
    });

    test('status lists no subscription on a province that has none', async () => {
      const r = await runCli(['hub', 'status', '--json'], target.env);
      if (engine === 'pglite') {
        assert.equal(r.code, 1);
        return;
      }
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).subscriptions, []);
    });
  });
}
