import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { MemberStatus } from '../../../domain/people/vocab.ts';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, fakeIdNumber, insertPerson, loginAs } from '../../test/factories.ts';

const NOW = new Date('2026-11-23T02:00:00Z');

describeOnEngines('members API', (ctx) => {
  let app: App;
  let fx: Fixture;
  let aAdmin: string;
  let aSec: string;
  before(async () => {
    fx = await buildFixture(ctx.database);
    // A roll large enough to page, with a spread of ages, statuses and education.
    const statuses: MemberStatus[] = [
      'full',
      'full',
      'full',
      'probationary',
      'activist',
      'applicant',
      'transferred_out',
    ];
    for (let i = 0; i < 30; i++) {
      const status = statuses[i % statuses.length]!;
      await insertPerson(ctx.database, fx.orgs.a1a, {
        name: `测试${String.fromCharCode(0x4e00 + i * 7)}${i}`,
        status,
        birthDate: `${1950 + i * 2}-06-15`,
        gender: i % 3 === 0 ? 'female' : 'male',
        joinDate: status === 'full' || status === 'probationary' ? '2020-07-01' : null,
        fullDate: status === 'full' ? '2021-07-01' : null,
      });
    }
    app = await buildApp({ database: ctx.database, now: () => NOW });
    aAdmin = await loginAs(app, fx.users.aAdmin.username);
    aSec = await loginAs(app, fx.users.aSecretary.username);
  });
  after(() => app.close());

  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (cookie: string, method: 'POST' | 'PATCH', url: string, payload: object) =>
    app.inject({ method, url, headers: { cookie }, payload });

  test('lists the subtree roll page by page in roster (pinyin) order', async () => {
    const p1 = await get(aAdmin, '/api/members?pageSize=10&page=1');
    assert.equal(p1.statusCode, 200, p1.body);
    assert.equal(p1.json().total, 29); // the four transferred out are not on the roll
    assert.equal(p1.json().items.length, 10);
    const p3 = await get(aAdmin, '/api/members?pageSize=10&page=3');
    assert.equal(p3.json().items.length, 9);
    const ended = await get(aAdmin, '/api/members?status=transferred_out');
    assert.equal(ended.json().total, 4);
    const all = await get(aAdmin, '/api/members?pageSize=100');
    const names = all.json().items.map((m: { name: string }) => m.name);
    const pinyins = await ctx.database.db.selectFrom('person').select(['name', 'name_pinyin']).execute();
    const key = new Map(pinyins.map((p) => [p.name, p.name_pinyin]));
    const sorted = [...names].sort((x, y) => (key.get(x)! < key.get(y)! ? -1 : key.get(x)! > key.get(y)! ? 1 : 0));
    assert.deepEqual(names, sorted);
  });

  test('filters by status, age band, gender and keyword (name or pinyin initials)', async () => {
    const full = await get(aAdmin, '/api/members?status=full&pageSize=100');
    assert.ok(full.json().items.every((m: { status: string }) => m.status === 'full'));
    const pipeline = await get(aAdmin, '/api/members?status=activist,applicant&pageSize=100');
    assert.ok(pipeline.json().items.every((m: { status: string }) => ['activist', 'applicant'].includes(m.status)));
    assert.ok(pipeline.json().total > 0);
    const old = await get(aAdmin, '/api/members?ageBand=ge61&pageSize=100');
    assert.ok(old.json().total > 0);
    assert.ok(
      old.json().items.every((m: { age: number }) => m.age >= 61),
      JSON.stringify(old.json().items.map((m: { age: number }) => m.age)),
    );
    const women = await get(aAdmin, '/api/members?gender=female&pageSize=100');
    assert.ok(women.json().items.every((m: { gender: string }) => m.gender === 'female'));
    const byName = await get(aAdmin, `/api/members?q=${encodeURIComponent('海生')}`);
    assert.deepEqual(
      byName.json().items.map((m: { name: string }) => m.name),
      ['张海生'],
    );
    const byInitials = await get(aAdmin, '/api/members?q=zhs');
    assert.ok(byInitials.json().items.some((m: { name: string }) => m.name === '张海生'));
  });

  test("descendants=false lists only the organisation's own roll", async () => {
    const own = await get(aAdmin, `/api/members?orgId=${fx.orgs.a.id}&descendants=false`);
    assert.equal(own.json().total, 0);
    const subtree = await get(aAdmin, `/api/members?orgId=${fx.orgs.a.id}`);
    assert.equal(subtree.json().total, 29);
  });

  test('ID numbers are masked for a secretary and shown to the organisation administrator', async () => {
    const admin = await get(aAdmin, `/api/members/${fx.people.a1aFull}`);
    assert.match(admin.json().idNumber, /^\d{17}[\dX]$/);
    assert.equal(admin.json().idNumberMasked, false);
    const sec = await get(aSec, `/api/members/${fx.people.a1aFull}`);
    assert.match(sec.json().idNumber, /^\d{6}\*{8}[\dX*]{4}$/);
    assert.equal(sec.json().idNumberMasked, true);
    assert.deepEqual(sec.json().orgPathNames, ['甲一村党支部']);
  });

  test('creates a member after validating the record with the domain rules', async () => {
    const idNumber = fakeIdNumber('1990-04-05', 'female');
    const res = await send(aSec, 'POST', '/api/members', {
      orgId: fx.orgs.a1a.id,
      name: '周晓梅',
      gender: 'female',
      birthDate: '1990-04-05',
      idNumber,
      status: 'probationary',
      joinDate: '2026-06-01',
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().name, '周晓梅');
    const row = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    assert.equal(row.name_initials, 'zxm');
    assert.equal(row.region_id, fx.orgs.a.id);
    const auditRow = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'member.create')
      .where('entity_id', '=', String(row.id))
      .executeTakeFirstOrThrow();
    assert.match(String((auditRow.after as { id_number: string }).id_number), /\*/); // the audit log keeps the ID masked
  });

  test('refuses a bad ID check digit, a join before 18 and a duplicate ID, naming the fields, writing nothing', async () => {
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from person`.execute(ctx.database.db)).rows[0]!.n;
    const before = await count();
    const good = fakeIdNumber('2000-01-01', 'male');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r1 = await send(aSec, 'POST', '/api/members', {
      orgId: fx.orgs.a1a.id,
      name: '坏号码',
      idNumber: bad,
      status: 'applicant',
    });
    assert.equal(r1.statusCode, 400);
    assert.match(r1.json().error.message, /校验位错误/);
    assert.equal(r1.json().error.details.issues[0].field, 'idNumber');
    const r2 = await send(aSec, 'POST', '/api/members', {
      orgId: fx.orgs.a1a.id,
      name: '少年',
      birthDate: '2010-01-01',
      idNumber: fakeIdNumber('2010-01-01', 'male'),
      gender: 'male',
      status: 'probationary',
      joinDate: '2026-01-01',
    });
    assert.equal(r2.statusCode, 400);
    assert.match(r2.json().error.message, /未满18周岁/);
    const existing = await ctx.database.db
      .selectFrom('person')
      .select('id_number')
      .where('id', '=', fx.people.a1aFull)
      .executeTakeFirstOrThrow();
    const r3 = await send(aSec, 'POST', '/api/members', {
      orgId: fx.orgs.a1a.id,
      name: '重号',
      idNumber: existing.id_number,
      status: 'applicant',
    });
    assert.equal(r3.statusCode, 409);
    assert.match(r3.json().error.message, /已登记在“甲一村党支部”的张海生名下/);
    assert.equal(await count(), before);
  });

  test('updates a member, ignoring a masked ID number sent back by a form', async () => {
    const detail = (await get(aSec, `/api/members/${fx.people.a1aFull}`)).json();
    const res = await send(aSec, 'PATCH', `/api/members/${fx.people.a1aFull}`, {
      idNumber: detail.idNumber,
      phone: '13900001111',
      isFloating: true,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().isFloating, true);
    const row = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', fx.people.a1aFull)
      .executeTakeFirstOrThrow();
    assert.match(row.id_number!, /^\d{17}[\dX]$/);
    assert.equal(row.phone, '13900001111');
    assert.equal(res.json().phone, '139****1111'); // the secretary sees it masked
  });

  test('batched iteration for exports returns every row once, in list order, for every sort', async () => {
    const { iterateMembers, listMembers } = await import('./people.queries.ts');
    const scope = {
      userId: 0,
      username: 't',
      displayName: 't',
      role: 'sysadmin' as const,
      orgId: fx.orgs.root.id,
      orgPath: fx.orgs.root.path,
      personId: null,
    };
    const filter = { orgId: fx.orgs.root.id, orgPath: fx.orgs.root.path, descendants: true };
    for (const sort of ['name', 'birthDate', 'joinDate', 'org'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen: number[] = [];
        for await (const rows of iterateMembers(ctx.database.db, scope, filter, { sort, order }, '2026-11-23', 7))
          seen.push(...rows.map((r) => r.id));
        const all = await listMembers(
          ctx.database.db,
          scope,
          filter,
          { sort, order },
          { limit: 1000, offset: 0 },
          '2026-11-23',
        );
        assert.equal(new Set(seen).size, seen.length, `${sort} ${order}: duplicates`);
        assert.deepEqual(
          [...seen].sort((a, b) => a - b),
          all.rows.map((r) => r.id).sort((a, b) => a - b),
          `${sort} ${order}`,
        );
        if (sort === 'name')
          assert.deepEqual(
            seen,
            all.rows.map((r) => r.id),
            `${sort} ${order}: order`,
          );
      }
    }
  });

  test('a name with markup or control characters is refused by the API, naming the field; minority names are kept', async () => {
    const beforeCount = await ctx.database.db
      .selectFrom('person')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    for (const name of [
      '<script>alert(1)</script>',
      '张"三',
      "王'五",
      '李`四',
      '赵\u0000六',
      '周&吴',
      'x'.repeat(51),
    ]) {
      const res = await send(aAdmin, 'POST', '/api/members', { orgId: fx.orgs.a1a.id, name, status: 'applicant' });
      assert.equal(res.statusCode, 400, `${JSON.stringify(name)}: ${res.body}`);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.match(res.json().error.message, /name/);
      assert.match(res.json().error.message, /姓名/);
    }
    const patch = await send(aAdmin, 'PATCH', `/api/members/${fx.people.a1aFull}`, { name: '张海生<b>' });
    assert.equal(patch.statusCode, 400);
    assert.match(patch.json().error.message, /姓名不能含有“<”/);
    const after = await ctx.database.db
      .selectFrom('person')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, beforeCount.n);

    for (const [sent, stored] of [
      ['  阿依古丽·买买提 ', '阿依古丽·买买提'],
      ['次仁  多吉', '次仁 多吉'],
      ['阿'.repeat(50), '阿'.repeat(50)],
    ] as const) {
      const res = await send(aAdmin, 'POST', '/api/members', {
        orgId: fx.orgs.a1a.id,
        name: sent,
        status: 'applicant',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().name, stored);
    }
  });

  test('an empty update is refused', async () => {
    const res = await send(aSec, 'PATCH', `/api/members/${fx.people.a1aFull}`, {});
    assert.equal(res.statusCode, 400);
  });

  test('a secretary gets 出生年月 and the age by month, never the day; the administrator and the person get it all', async () => {
    const row = await ctx.database.db
      .selectFrom('person')
      .select(['id_number', 'birth_date'])
      .where('id', '=', fx.people.a1aFull)
      .executeTakeFirstOrThrow();
    const sec = (await get(aSec, `/api/members/${fx.people.a1aFull}`)).json();
    assert.equal(sec.birthDate, null);
    assert.equal(sec.birthYearMonth, '1980-05');
    assert.equal(sec.age, 46);
    assert.equal(sec.idNumber, `${row.id_number!.slice(0, 6)}********${row.id_number!.slice(14, 17)}*`);
    assert.equal(sec.idNumberMasked, true);
    const listed = (await get(aSec, '/api/members?pageSize=200')).json().items as { id: number; birthDate: string }[];
    assert.ok(listed.filter((m) => m.id !== fx.people.a1aSecretary).every((m) => m.birthDate === null));
    const admin = (await get(aAdmin, `/api/members/${fx.people.a1aFull}`)).json();
    assert.equal(admin.birthDate, row.birth_date);
    assert.equal(admin.birthYearMonth, '1980-05');
    assert.equal(admin.idNumber, row.id_number);
    const self = (await get(aSec, `/api/members/${fx.people.a1aSecretary}`)).json();
    assert.equal(self.birthDate, '1975-03-02');
    assert.equal(self.idNumberMasked, false);
  });

  test('for a reduced view, age bands and the birth-date sort count whole months (the day before, of and after)', async () => {
    // On 2026-11-23, born 1995-11-22/23 is 31 by the day; born 1995-11-24 is 30 by the day, 31 by the month.
    const ids: Record<string, number> = {};
    for (const day of ['22', '23', '24']) {
      ids[day] = await insertPerson(ctx.database, fx.orgs.a1g, { name: `月界${day}`, birthDate: `1995-11-${day}` });
    }
    const band = async (cookie: string) => {
      const items = (await get(cookie, `/api/members?orgId=${fx.orgs.a1g.id}&ageBand=31_35`)).json().items;
      return new Map(items.map((m: { id: number; age: number }) => [m.id, m.age]));
    };
    const bySec = await band(aSec);
    assert.deepEqual([bySec.get(ids['22']), bySec.get(ids['23']), bySec.get(ids['24'])], [31, 31, 31]);
    const byAdmin = await band(aAdmin);
    assert.deepEqual([byAdmin.get(ids['22']), byAdmin.get(ids['23']), byAdmin.has(ids['24'])], [31, 31, false]);
    // Sorted by birth date, a reduced view orders the month's people by id, not by their day.
    const order = async (cookie: string, dir: string) =>
      (await get(cookie, `/api/members?orgId=${fx.orgs.a1g.id}&sort=birthDate&order=${dir}`))
        .json()
        .items.map((m: { id: number }) => m.id);
    assert.deepEqual(await order(aSec, 'desc'), [ids['22'], ids['23'], ids['24']]);
    assert.deepEqual(await order(aAdmin, 'desc'), [ids['24'], ids['23'], ids['22']]);
  });

  test('a reduced view may fill in a missing ID number or birth date, but not replace one on record', async () => {
    const noId = await insertPerson(ctx.database, fx.orgs.a1a, { name: '待补录', status: 'applicant', withId: false });
    await ctx.database.db.updateTable('person').set({ birth_date: null }).where('id', '=', noId).execute();
    const filled = await send(aSec, 'PATCH', `/api/members/${noId}`, {
      birthDate: '1992-10-11',
      idNumber: fakeIdNumber('1992-10-11', 'male'),
      gender: 'male',
    });
    assert.equal(filled.statusCode, 200, filled.body);
    assert.equal(filled.json().birthDate, null, 'the answer is reduced too');
    assert.equal(filled.json().birthYearMonth, '1992-10');
    const before = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', noId)
      .executeTakeFirstOrThrow();
    for (const patch of [
      { birthDate: '1992-10-12' },
      { birthDate: '1992-10-11' },
      { idNumber: fakeIdNumber('1992-10-12', 'male') },
      { birthDate: null },
    ]) {
      const res = await send(aSec, 'PATCH', `/api/members/${noId}`, patch);
      assert.equal(res.statusCode, 403, `${JSON.stringify(patch)}: ${res.body}`);
      assert.equal(res.json().error.code, 'FORBIDDEN');
    }
    const after = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', noId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(after, before);
    const byAdmin = await send(aAdmin, 'PATCH', `/api/members/${noId}`, {
      birthDate: '1992-10-12',
      idNumber: fakeIdNumber('1992-10-12', 'male'),
    });
    assert.equal(byAdmin.statusCode, 200, byAdmin.body);
  });

  test('a number registered outside the scope is refused without saying so; the refusal is audited and counted', async () => {
    const inB = (
      await ctx.database.db
        .selectFrom('person')
        .select('id_number')
        .where('id', '=', fx.people.b1aFull)
        .executeTakeFirstOrThrow()
    ).id_number!;
    const audits = async () =>
      (
        await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'member.id_refused'`.execute(
          ctx.database.db,
        )
      ).rows[0]!.n;
    const before = await audits();
    const res = await send(aSec, 'POST', '/api/members', {
      orgId: fx.orgs.a1a.id,
      name: '外区号码',
      idNumber: inB,
      status: 'applicant',
    });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.message, '该身份证号码不能在此登记，请联系上级组织部门核实');
    assert.doesNotMatch(res.body, /赵建国|乙一村|已登记|已在系统/);
    assert.equal(await audits(), before + 1);
    const log = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'member.id_refused')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(log.actor_id, fx.users.aSecretary.id);
    assert.ok(!JSON.stringify(log).includes(inB));
  });
});
