import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../../test/factories.ts';

/**
 * The receiver's side of an assignment (record the ledger, start, report done) belongs to the receiving
 * organisation's own accounts: the district above a branch follows the work but does not report it for the branch.
 */
describeOnEngines('assignments: only the receiving organisation records and reports', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string; // a-admin: the district administrator, the branch is in its subtree
  let branch: string; // a-sec: the branch's secretary
  let member: string; // a-member: a 党员 of the branch (no ledger permission)
  let assignmentId: number;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
    district = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    member = await loginAs(app, fx.users.aMember.username);
    const task = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { cookie: district },
      payload: { orgId: fx.orgs.a1.id, title: '规范“三会一课”记录', deadline: '2026-12-31' },
    });
    assert.equal(task.statusCode, 201, task.body);
    await app.inject({
      method: 'POST',
      url: `/api/tasks/${task.json().id}/assignments`,
      headers: { cookie: district },
      payload: { orgIds: [fx.orgs.a1a.id] },
    });
    const list = await app.inject({
      method: 'GET',
      url: `/api/assignments?taskId=${task.json().id}`,
      headers: { cookie: district },
    });
    assignmentId = list.json().items[0].id;
  });
  after(() => app.close());

  const detail = (cookie: string) =>
    app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}`, headers: { cookie } });
  const record = (cookie: string) => {
    const body = multipartBody({ text: '已召开支部委员会', entryDate: '2026-11-22' });
    return app.inject({
      method: 'POST',
      url: `/api/assignments/${assignmentId}/ledger`,
      headers: { cookie, ...body.headers },
      payload: body.payload,
    });
  };
  const fire = (cookie: string, event: string) =>
    app.inject({
      method: 'POST',
      url: `/api/assignments/${assignmentId}/events`,
      headers: { cookie },
      payload: { event },
    });

  test("the district sees a branch's assignment without the receiver's form or actions", async () => {
    const res = await detail(district);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().canRecord, false);
    assert.equal(res.json().canDecompose, false);
    assert.deepEqual(
      (res.json().allowedEvents as string[]).filter((e) => e === 'start' || e === 'submit'),
      [],
    );
  });

  test('the district may not record, start or report done in the branch’s place', async () => {
    const entry = await record(district);
    assert.equal(entry.statusCode, 403, entry.body);
    assert.equal(entry.json().error.code, 'FORBIDDEN');
    for (const event of ['start', 'submit']) {
      const res = await fire(district, event);
      assert.equal(res.statusCode, 403, `${event}: ${res.body}`);
    }
    const after = await detail(district);
    assert.equal(after.json().ledger.length, 0);
    assert.equal(after.json().state, 'not_started');
  });

  test('a 党员 of the branch reads it but does not record', async () => {
    const res = await detail(member);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().canRecord, false);
    assert.equal((await record(member)).statusCode, 403);
  });

  test("the branch's own secretary records and reports done", async () => {
    const res = await detail(branch);
    assert.equal(res.json().canRecord, true);
    assert.ok((res.json().allowedEvents as string[]).includes('start'));
    const entry = await record(branch);
    assert.equal(entry.statusCode, 201, entry.body);
    const submit = await fire(branch, 'submit');
    assert.equal(submit.statusCode, 200, submit.body);
    assert.equal(submit.json().state, 'submitted');
  });
});
