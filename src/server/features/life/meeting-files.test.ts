import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../../test/factories.ts';
import { PNG } from '../../test/route-probes.ts';

/**
 * Evidence files on a meeting: optional (a meeting is recorded without any), held to the evidence types, stored in
 * the evidence store, listed with the meeting and downloaded by whoever sees the meeting, never by another subtree.
 */
describeOnEngines('organisational life: evidence files on a meeting', (ctx) => {
  let app: App;
  let fx: Fixture;
  let secretary: string;
  let member: string;
  let b: string;
  let meetingId = 0;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-04-02T02:00:00Z') });
    secretary = await loginAs(app, fx.users.aSecretary.username);
    member = await loginAs(app, fx.users.aMember.username);
    b = await loginAs(app, fx.users.bAdmin.username);
    const res = await app.inject({
      method: 'POST',
      url: '/api/meetings',
      headers: { cookie: secretary },
      payload: { orgId: fx.orgs.a1a.id, kind: 'lecture', heldOn: '2026-03-20', topic: '学习党章' },
    });
    assert.equal(res.statusCode, 201, res.body);
    meetingId = res.json().id;
    assert.deepEqual(res.json().files, []);
  });
  after(() => app.close());

  const send = (cookie: string, files: { filename: string; data: Buffer }[]) => {
    const body = multipartBody(
      {},
      files.map((f) => ({ field: 'files', ...f })),
    );
    return app.inject({
      method: 'POST',
      url: `/api/meetings/${meetingId}/files`,
      headers: { ...body.headers, cookie },
      payload: body.payload,
    });
  };

  test('the secretary attaches a photo of the sign-in sheet; it is listed and downloads as sent', async () => {
    const res = await send(secretary, [{ filename: '签到表.png', data: PNG }]);
    assert.equal(res.statusCode, 200, res.body);
    const files = res.json().files;
    assert.deepEqual(
      files.map((f: { filename: string; mime: string }) => [f.filename, f.mime]),
      [['签到表.png', 'image/png']],
    );
    const dl = await app.inject({
      method: 'GET',
      url: `/api/meetings/${meetingId}/files/${files[0].id}`,
      headers: { cookie: member },
    });
    assert.equal(dl.statusCode, 200);
    assert.deepEqual(dl.rawPayload, PNG);
    const audits = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'meeting.files')
      .execute();
    assert.equal(audits.length, 1);
  });

  test('refused: an unaccepted type, a 党员, another subtree (which cannot download either)', async () => {
    const exe = await send(secretary, [{ filename: 'a.exe', data: Buffer.from('MZ\x90\x00binary') }]);
    assert.equal(exe.statusCode, 415, exe.body);
    assert.equal((await send(member, [{ filename: '签到表.png', data: PNG }])).statusCode, 403);
    assert.equal((await send(b, [{ filename: '签到表.png', data: PNG }])).statusCode, 404);
    const fileId = (
      await ctx.database.db
        .selectFrom('evidence_file')
        .select('id')
        .where('meeting_id', '=', meetingId)
        .executeTakeFirstOrThrow()
    ).id;
    const dl = await app.inject({
      method: 'GET',
      url: `/api/meetings/${meetingId}/files/${fileId}`,
      headers: { cookie: b },
    });
    assert.equal(dl.statusCode, 404);
    const n = await ctx.database.db
      .selectFrom('evidence_file')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1);
  });
});
