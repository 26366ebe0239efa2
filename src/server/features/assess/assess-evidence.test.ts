import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertUser, loginAs, multipartBody } from '../../test/factories.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7, 7]);

/**
 * Evidence files on an assessment entry (issue 12, 自评 with evidence): the assessed organisation attaches files to an
 * indicator during 自评, the indicator's scorer during 评分; a refused file stores nothing; the scorer's files are seen
 * by the assessed from 公示 on, as its scores are; another subtree sees nothing; the uploads are append-only.
 */
describeOnEngines('assessment: evidence files on an entry', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string;
  let branch: string;
  let other: string;
  let roundId = 0;
  const clock = new Date('2026-12-10T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
  const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const send = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const upload = (cookie: string, indicatorId: string, filename: string, data: Buffer) => {
    const body = multipartBody({ indicatorId }, [{ field: 'files', filename, data }]);
    return app.inject({
      method: 'POST',
      url: `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/files`,
      headers: { cookie, ...body.headers },
      payload: body.payload,
    });
  };
  const filesOf = async (cookie: string, id: string) =>
    (ok(await send(cookie, 'GET', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}`)).items.find(
      (i: { id: string }) => i.id === id,
    ).files ?? []) as { id: number; side: string; filename: string }[];
  const count = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from assess_evidence`.execute(ctx.database.db)).rows[0]!.n);

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => clock });
    town = await loginAs(
      app,
      (await insertUser(ctx.database, `ev-town-${fx.orgs.a1.id}`, 'secretary', fx.orgs.a1)).username,
    );
    branch = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
    const s = ok(await send(town, 'POST', '/api/assess/systems', { year: 2026, template: 'default' }), 201);
    ok(
      await send(town, 'PUT', `/api/assess/systems/${s.id}`, {
        name: '2026年度考核',
        total: 100,
        indicators: s.indicators,
      }),
    );
    ok(await send(town, 'POST', `/api/assess/systems/${s.id}/publish`));
    roundId = ok(
      await send(town, 'POST', `/api/assess/systems/${s.id}/rounds`, {
        orgIds: [fx.orgs.a1a.id],
        name: '2026年度考核',
        selfDue: '2026-12-20',
        scoreDue: '2027-01-10',
        cutoff: '2026-12-05',
        publicityFrom: '2027-01-11',
        publicityTo: '2027-01-17',
      }),
      201,
    ).id;
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'self_assessment' }));
  });
  after(() => app.close());

  test('自评: the branch attaches a photo to an indicator and reads it back; a wrong type or indicator stores nothing', async () => {
    const sheet = ok(await upload(branch, 'D-4', '阵地照片.png', PNG));
    const files = sheet.items.find((i: { id: string }) => i.id === 'D-4').files;
    assert.deepEqual(
      files.map((f: { side: string; filename: string }) => [f.side, f.filename]),
      [['self', '阵地照片.png']],
    );
    const file = await send(branch, 'GET', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/files/${files[0].id}`);
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, PNG);
    const before = await count();
    const exe = await upload(branch, 'D-4', 'x.exe', Buffer.from('MZ\x90\x00not an image'));
    assert.equal(exe.statusCode, 415, exe.body);
    const unknown = await upload(branch, 'D-99', '阵地照片.png', PNG);
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.equal(unknown.json().error.details.field, 'indicatorId');
    assert.equal(await count(), before, 'nothing written');
  });

  test('the town cannot attach during 自评; the sibling district sees and attaches nothing', async () => {
    const early = await upload(town, 'D-4', '检查记录.png', PNG);
    assert.equal(early.statusCode, 403, early.body);
    assert.equal((await upload(other, 'D-4', 'x.png', PNG)).statusCode, 404);
    const id = (await filesOf(branch, 'D-4'))[0]!.id;
    assert.equal(
      (await send(other, 'GET', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/files/${id}`)).statusCode,
      404,
    );
  });

  test('评分: the scorer attaches its evidence; the branch sees it from 公示 on, as its scores', async () => {
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'scoring' }));
    const late = await upload(branch, 'D-4', '补充.png', PNG);
    assert.equal(late.statusCode, 403, late.body);
    ok(await upload(town, 'D-4', '检查记录.png', PNG));
    assert.deepEqual(
      (await filesOf(town, 'D-4')).map((f) => f.side),
      ['self', 'score'],
    );
    assert.deepEqual(
      (await filesOf(branch, 'D-4')).map((f) => f.side),
      ['self'],
    );
    const scorerFile = (await filesOf(town, 'D-4'))[1]!.id;
    assert.equal(
      (await send(branch, 'GET', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/files/${scorerFile}`))
        .statusCode,
      404,
    );
    ok(
      await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/score`, {
        entries: [
          { indicatorId: 'D-1', items: [] },
          { indicatorId: 'D-2-2', grade: '好' },
          { indicatorId: 'D-4', grade: '好' },
          { indicatorId: 'D-6', grade: '好' },
          { indicatorId: 'D-7', items: [] },
          { indicatorId: 'D-8', veto: null },
        ],
      }),
    );
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'publicity' }));
    assert.deepEqual(
      (await filesOf(branch, 'D-4')).map((f) => f.side),
      ['self', 'score'],
    );
    await assert.rejects(sql`update assess_evidence set side = 'self'`.execute(ctx.database.db));
  });
});
