import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { TEST_AUDIT_KEY } from '../../auth/audit-key.ts';
import { systemScope } from '../../auth/scope.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, insertPerson, loginAs } from '../../test/factories.ts';
import { assignTask, fireEvent } from '../assignments/assignments.service.ts';
import { makeCtx } from '../context.ts';
import { createTask } from '../tasks/tasks.service.ts';
import { publishHub } from './hub.service.ts';

describeOnEngines('hub: what a province publishes, and the national view', (ctx) => {
  let fx: Fixture;
  let app: App;
  const now = new Date('2026-11-23T02:00:00Z');
  const settings = { region: '440000', depth: 3 };
  const figure = async (code: string) =>
    ctx.database.db
      .selectFrom('hub_org_figure')
      .selectAll()
      .where('region', '=', settings.region)
      .where('org_code', '=', code)
      .executeTakeFirst();

  before(async () => {
    fx = await buildFixture(ctx.database);
    const sys = makeCtx(ctx.database.db, now, systemScope(fx.orgs.root.path, fx.orgs.root.id), TEST_AUDIT_KEY);
    const task = await createTask(sys, { orgId: fx.orgs.root.id, title: '汇总演练', deadline: '2026-12-31' });
    await assignTask(sys, task.id, { orgIds: [fx.orgs.a1a.id, fx.orgs.b1a.id] });
    app = await buildApp({ database: ctx.database, now: () => now });
  });
  after(() => app.close());

  test('publishes every organisation down to the depth with its subtree’s figures and members', async () => {
    const r = await publishHub(ctx.database.db, settings, now);
    // root (1), 甲区/乙区 (2), 甲一镇/乙一镇 (3); the branches and the group lie below the depth.
    assert.equal(r.orgs, 5);
    assert.equal(r.upserted, 5);
    assert.equal(r.members, 5);
    const root = await figure(fx.orgs.root.code);
    assert.equal(root?.level, 1);
    assert.equal(root?.parent_code, null);
    assert.equal(root?.assigned, 2);
    assert.equal(root?.not_started, 2);
    assert.equal(root?.tasks, 1);
    const a1 = await figure(fx.orgs.a1.code);
    assert.equal(a1?.parent_code, fx.orgs.a.code);
    assert.equal(a1?.members, 3);
    assert.equal(a1?.assigned, 1);
    assert.equal(await figure(fx.orgs.a1a.code), undefined);
    const region = await ctx.database.db.selectFrom('hub_region').selectAll().executeTakeFirstOrThrow();
    assert.equal(region.region, settings.region);
    assert.equal(region.root_code, fx.orgs.root.code);
    assert.equal(region.members, 5);
  });

  test('a second publication rewrites nothing unchanged; a change rewrites only its path; a gone org is deleted', async () => {
    const later = new Date(now.getTime() + 30_000);
    const again = await publishHub(ctx.database.db, settings, later);
    assert.equal(again.upserted, 0);
    assert.equal(again.deleted, 0);
    const region = await ctx.database.db.selectFrom('hub_region').selectAll().executeTakeFirstOrThrow();
    assert.equal(region.published_at.getTime(), later.getTime(), 'the heartbeat moves on every publication');

    const receiver = makeCtx(ctx.database.db, now, systemScope(fx.orgs.a1a.path, fx.orgs.a1a.id), TEST_AUDIT_KEY);
    const { rows } = await sql<{ id: number }>`
      select id from assignment where org_id = ${fx.orgs.a1a.id}`.execute(ctx.database.db);
    await fireEvent(receiver, rows[0]!.id, { event: 'start' });
    const changed = await publishHub(ctx.database.db, settings, later);
    assert.equal(changed.upserted, 3, 'root, 甲区 and 甲一镇 changed; 乙区 and 乙一镇 did not');
    assert.equal((await figure(fx.orgs.root.code))?.in_progress, 1);

    await sql`update org set status = 'dissolved', dissolved_on = '2026-11-20' where id in (${fx.orgs.b1.id}, ${fx.orgs.b1a.id})`.execute(
      ctx.database.db,
    );
    const gone = await publishHub(ctx.database.db, settings, later);
    assert.equal(gone.deleted, 1);
    assert.equal(await figure(fx.orgs.b1.code), undefined);
    await sql`update org set status = 'active', dissolved_on = null where id in (${fx.orgs.b1.id}, ${fx.orgs.b1a.id})`.execute(
      ctx.database.db,
    );
    await publishHub(ctx.database.db, settings, later);
  });

  test('members are recounted only when asked (the job does it every ten minutes); the figures every time', async () => {
    await sql`update person set status = 'full', full_date = '2026-11-01' where id = ${fx.people.a1aProbationary}`.execute(
      ctx.database.db,
    );
    await sql`update person set status = 'transferred_out' where id = ${fx.people.b1aFull}`.execute(ctx.database.db);
    const kept = await publishHub(ctx.database.db, settings, now, { countMembers: false });
    assert.equal(kept.upserted, 0);
    assert.equal((await figure(fx.orgs.b1.code))?.members, 2);
    const counted = await publishHub(ctx.database.db, settings, now);
    assert.equal(counted.members, 4);
    assert.equal((await figure(fx.orgs.b1.code))?.members, 1);
    await sql`update person set status = 'full' where id = ${fx.people.b1aFull}`.execute(ctx.database.db);
    await publishHub(ctx.database.db, settings, now);
  });

  test('the national statistics, branches, this year’s 三会一课 and the latest star levels are published per subtree', async () => {
    const before = { a1: (await figure(fx.orgs.a1.code))!, root: (await figure(fx.orgs.root.code))! };
    // Today is 2026-11-23 in Asia/Shanghai: the age bands' edges fall on birthdays of that day.
    const branch = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `STAT-${ctx.engine}`,
      name: '统计支部',
      type: 'branch',
    });
    const person = (
      name: string,
      v: Parameters<typeof insertPerson>[2] extends infer T ? Omit<T & object, 'name'> : never,
    ) => insertPerson(ctx.database, branch, { name, ...v });
    const young = await person('统计甲', { gender: 'female', birthDate: '1996-11-24' }); // 29
    await person('统计乙', { birthDate: '1995-11-24', status: 'probationary', joinDate: '2026-01-01', fullDate: null }); // 30
    const old31 = await person('统计丙', { birthDate: '1995-11-23', joinDate: '2025-12-31' }); // 31 today
    await person('统计丁', { gender: 'female', birthDate: '1965-11-23' }); // 61 today
    await person('统计戊', { birthDate: '1965-11-24' }); // 60
    await person('统计己', { status: 'applicant' });
    await person('统计庚', { status: 'activist' });
    await person('统计辛', { status: 'candidate' });
    await person('统计壬', { status: 'transferred_out', gender: 'female' });
    await sql`update person set ethnicity = '回族' where id = ${young}`.execute(ctx.database.db);
    await sql`update person set education = 'junior_or_below', ethnicity = null where id = ${old31}`.execute(
      ctx.database.db,
    );
    // 三会一课 kept per organisation and year; star levels per organisation and year (2027 is not yet, 2024 older).
    await sql`insert into life_compliance (org_id, year, region_id, due, met, findings, pending, checked_on)
      values (${branch.id}, 2026, ${branch.id}, 12, 10, 0, 0, '2026-11-23'),
             (${branch.id}, 2025, ${branch.id}, 12, 12, 0, 0, '2025-12-31')`.execute(ctx.database.db);
    const { rows: sys } = await sql<{ id: number }>`
      insert into assess_system (org_id, region_id, year, name, total, indicators, actor_name, created_at, updated_at)
      values (${fx.orgs.root.id}, ${fx.orgs.root.id}, 2025, '统计考核', 100, '[]', '测试', now(), now())
      returning id`.execute(ctx.database.db);
    const { rows: round } = await sql<{ id: number }>`
      insert into assess_round (system_id, org_id, region_id, year, name, system, grading, self_due, score_due, cutoff,
        publicity_from, publicity_to, actor_name, created_at, updated_at)
      values (${sys[0]!.id}, ${fx.orgs.root.id}, ${fx.orgs.root.id}, 2025, '统计轮次', '{}', '{}', '2025-12-01',
        '2025-12-10', '2025-12-31', '2026-01-05', '2026-01-10', '测试', now(), now())
      returning id`.execute(ctx.database.db);
    const star = (orgId: number, year: number, level: number) =>
      sql`insert into assess_star (org_id, year, region_id, level, round_id, set_at)
        values (${orgId}, ${year}, ${orgId}, ${level}, ${round[0]!.id}, now())`.execute(ctx.database.db);
    await star(branch.id, 2025, 4);
    await star(fx.orgs.a1a.id, 2025, 5);
    await star(branch.id, 2024, 1);
    await star(fx.orgs.a1a.id, 2027, 1);

    // Between recounts the slow figures stay as last published (not zeroed); the recount brings them in.
    await publishHub(ctx.database.db, settings, now, { countMembers: false });
    const kept = (await figure(fx.orgs.a1.code))!;
    assert.deepEqual(
      [kept.members, kept.women, kept.branches, kept.life_due, kept.starred, kept.star_year],
      [
        before.a1.members,
        before.a1.women,
        before.a1.branches,
        before.a1.life_due,
        before.a1.starred,
        before.a1.star_year,
      ],
    );
    await publishHub(ctx.database.db, settings, now);
    const a1 = (await figure(fx.orgs.a1.code))!;
    const root = (await figure(fx.orgs.root.code))!;
    const delta = (f: typeof a1, b: typeof a1) => ({
      members: f.members - b.members,
      women: f.women - b.women,
      minorities: f.minorities - b.minorities,
      college: f.college - b.college,
      age_le30: f.age_le30 - b.age_le30,
      age_ge61: f.age_ge61 - b.age_ge61,
      applicants: f.applicants - b.applicants,
      activists: f.activists - b.activists,
      candidates: f.candidates - b.candidates,
      recruited: f.recruited - b.recruited,
      branches: f.branches - b.branches,
    });
    const expected = {
      members: 5, // the five full or probationary members; not the applicant, activist, candidate or the one gone
      women: 2,
      minorities: 1,
      college: 4, // insertPerson's 大学本科, but for 统计丙
      age_le30: 2, // 29 and 30; not 31 on the day
      age_ge61: 1, // 61 on the day; not 60
      applicants: 1,
      activists: 1,
      candidates: 1,
      recruited: 1, // joined 2026-01-01; not 2025-12-31
      branches: 1,
    };
    assert.deepEqual(delta(a1, before.a1), expected);
    assert.deepEqual(delta(root, before.root), expected);
    for (const [f, was] of [
      [a1, before.a1],
      [root, before.root],
    ] as const) {
      assert.deepEqual([f.life_year, f.life_due - was.life_due, f.life_met - was.life_met], [2026, 12, 10]);
      assert.deepEqual([f.star_year, f.starred, f.star1, f.star2, f.star3, f.star4, f.star5], [2025, 2, 0, 0, 0, 1, 1]);
    }
    // The 乙区 side holds none of them.
    const b = (await figure(fx.orgs.b.code))!;
    assert.deepEqual([b.star_year, b.starred, b.life_due], [2025, 0, 0]);

    const cookie = await loginAs(app, fx.users.admin.username);
    const res = await app.inject({ method: 'GET', url: '/api/hub/regions', headers: { cookie } });
    const figures = res.json().regions[0].figures;
    assert.equal(figures.women, root.women);
    assert.equal(figures.ageLe30, root.age_le30);
    assert.deepEqual(
      [figures.starYear, figures.star4, figures.lifeYear, figures.lifeMet],
      [2025, 1, 2026, root.life_met],
    );

    // Taken away again: the other tests count the fixture's members.
    await sql`delete from assess_star where round_id = ${round[0]!.id}`.execute(ctx.database.db);
    await sql`delete from assess_round where id = ${round[0]!.id}`.execute(ctx.database.db);
    await sql`delete from assess_system where id = ${sys[0]!.id}`.execute(ctx.database.db);
    await sql`delete from life_compliance where org_id = ${branch.id}`.execute(ctx.database.db);
    await sql`delete from person where org_id = ${branch.id}`.execute(ctx.database.db);
    await sql`update org set status = 'dissolved', dissolved_on = '2026-11-20' where id = ${branch.id}`.execute(
      ctx.database.db,
    );
    await publishHub(ctx.database.db, settings, now);
  });

  test('GET /api/hub/regions: every region with its totals and freshness', async () => {
    const cookie = await loginAs(app, fx.users.admin.username);
    const res = await app.inject({ method: 'GET', url: '/api/hub/regions', headers: { cookie } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.regions.length, 1);
    assert.equal(body.regions[0].region, settings.region);
    assert.equal(body.regions[0].figures.assigned, 2);
    assert.equal(body.regions[0].figures.members, 5);
    assert.equal(body.regions[0].ageSeconds, 0);
  });

  test('GET /api/hub/regions/:region/orgs drills down by the published levels', async () => {
    const cookie = await loginAs(app, fx.users.admin.username);
    const top = await app.inject({
      method: 'GET',
      url: `/api/hub/regions/${settings.region}/orgs`,
      headers: { cookie },
    });
    assert.equal(top.statusCode, 200, top.body);
    assert.deepEqual(
      top.json().orgs.map((o: { code: string }) => o.code),
      [fx.orgs.root.code],
    );
    const down = await app.inject({
      method: 'GET',
      url: `/api/hub/regions/${settings.region}/orgs?parent=${fx.orgs.root.code}`,
      headers: { cookie },
    });
    assert.equal(down.statusCode, 200, down.body);
    const orgs = down.json().orgs as { code: string; hasChildren: boolean; figures: { assigned: number } }[];
    assert.deepEqual(orgs.map((o) => o.code).sort(), [fx.orgs.a.code, fx.orgs.b.code].sort());
    assert.ok(orgs.every((o) => o.hasChildren && o.figures.assigned === 1));
    const unknown = await app.inject({ method: 'GET', url: '/api/hub/regions/999999/orgs', headers: { cookie } });
    assert.equal(unknown.statusCode, 404);
  });

  test('the national view is refused to accounts below the top organisation and to members', async () => {
    for (const user of [fx.users.aAdmin, fx.users.aSecretary, fx.users.aMember]) {
      const cookie = await loginAs(app, user.username);
      const res = await app.inject({ method: 'GET', url: '/api/hub/regions', headers: { cookie } });
      assert.equal(res.statusCode, 403, `${user.username}: ${res.body}`);
    }
  });
});
