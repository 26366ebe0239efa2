import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isMessageKey, renderMessage } from '../../domain/messages.ts';
import { type App, buildApp } from '../app.ts';
import { describeOnEngines } from '../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../test/factories.ts';

const HAN = /[\u4e00-\u9fff]/;

/**
 * An error body names its message by key of the shared table: the key is known, its params render to exactly the
 * Chinese `message` (the stable contract the CLI and API clients read), and to English text without Chinese in it
 * (apart from data the params carry, such as a task's title). Returns the English text.
 */
function assertKeyed(body: { error: { code: string; message: string; key?: unknown; params?: unknown } }): string {
  const { message, key, params } = body.error;
  assert.ok(isMessageKey(key), `no known key in ${JSON.stringify(body)}`);
  assert.equal(typeof params, 'object');
  const m = { key, params: params as Record<string, unknown> };
  assert.equal(renderMessage(m, 'zh'), message);
  const en = renderMessage(m, 'en');
  assert.notEqual(en, message);
  return en;
}

describeOnEngines('error bodies carry a message key and params beside the Chinese message', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string;
  let branch: string;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
    district = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
  });
  after(() => app.close());

  const call = (cookie: string | null, method: 'GET' | 'POST', url: string, payload?: object | string) =>
    app.inject({
      method,
      url,
      headers: cookie ? { cookie, ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}) } : {},
      ...(payload === undefined ? {} : { payload }),
    });

  test('a service refusal: a task that is not there, with its id as a parameter', async () => {
    const res = await call(district, 'GET', '/api/tasks/999999');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.key, 'err.task.notFound');
    assert.deepEqual(res.json().error.params, { id: 999999 });
    assert.equal(assertKeyed(res.json()), 'Task not found or outside your scope (ID 999999)');
  });

  test('schema validation: every issue keyed, the field named, in both languages', async () => {
    const res = await call(district, 'POST', '/api/tasks', { orgId: fx.orgs.a1.id, title: '' });
    assert.equal(res.statusCode, 400, res.body);
    const en = assertKeyed(res.json());
    assert.match(res.json().error.message, /^请求参数有误：请求内容 title：/);
    assert.match(en, /^Invalid request: body title: /);
    assert.doesNotMatch(en, HAN);
    const issue = res.json().error.details.issues[0];
    assert.equal(issue.field, 'body.title');
    assert.ok(isMessageKey(issue.key));
    assert.equal(renderMessage(issue, 'zh'), issue.message);
    const missing = await call(district, 'POST', '/api/tasks', { title: '任务' });
    assert.match(assertKeyed(missing.json()), /body orgId: is required/);
  });

  test('the HTTP layer: an unknown route, malformed JSON, not signed in', async () => {
    const unknown = await call(district, 'GET', '/api/no-such-thing');
    assert.equal(unknown.statusCode, 404);
    assert.doesNotMatch(assertKeyed(unknown.json()), HAN);
    const malformed = await call(district, 'POST', '/api/tasks', '{"title": ');
    assert.equal(malformed.statusCode, 400);
    assert.doesNotMatch(assertKeyed(malformed.json()), HAN);
    const anonymous = await call(null, 'GET', '/api/tasks');
    assert.equal(anonymous.statusCode, 401);
    assert.equal(assertKeyed(anonymous.json()), 'Please sign in first');
  });

  test('a rule of the domain: a refused transition names the event and the state in the language asked', async () => {
    const task = await call(district, 'POST', '/api/tasks', { orgId: fx.orgs.a1.id, title: '整理党员档案' });
    await call(district, 'POST', `/api/tasks/${task.json().id}/assignments`, { orgIds: [fx.orgs.a1a.id] });
    const list = await call(district, 'GET', `/api/assignments?taskId=${task.json().id}`);
    const id = list.json().items[0].id;
    const early = await call(branch, 'POST', `/api/assignments/${id}/events`, { event: 'submit' });
    assert.equal(early.statusCode, 422, early.body);
    assert.equal(assertKeyed(early.json()), 'The work has not started: record progress first, then report it done');
    const notYours = await call(branch, 'POST', `/api/assignments/${id}/events`, { event: 'accept' });
    assert.equal(notYours.statusCode, 403);
    assert.equal(assertKeyed(notYours.json()), 'Only the assigning organisation “甲一镇党委” can do this');
    const bad = multipartBody({ text: '进展', entryDate: '2026-11-22' }, [
      { field: 'files', filename: 'a.exe', data: Buffer.from('MZ') },
    ]);
    const file = await app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/ledger`,
      headers: { cookie: branch, ...bad.headers },
      payload: bad.payload,
    });
    assert.equal(file.statusCode, 415);
    assert.match(assertKeyed(file.json()), /^The type of the file “a\.exe” is not supported; accepted: images/);
  });

  test('notifications carry their title and body by key; the progress label of a roll-up too', async () => {
    const notices = await call(branch, 'GET', '/api/notifications');
    const assigned = notices.json().items.find((n: { kind: string }) => n.kind === 'assigned');
    assert.equal(assigned.titleMsg.key, 'notice.assigned.title');
    assert.equal(renderMessage(assigned.titleMsg, 'zh'), assigned.title);
    assert.equal(renderMessage(assigned.titleMsg, 'en'), 'New task: 整理党员档案');
    assert.equal(renderMessage(assigned.bodyMsg, 'zh'), assigned.body);
    const tasks = await call(district, 'GET', `/api/tasks?orgId=${fx.orgs.a1.id}`);
    const rollup = tasks.json().items.find((x: { title: string }) => x.title === '整理党员档案').rollup;
    assert.equal(rollup.progressLabel, '完成 0/1 个单位');
    assert.equal(renderMessage(rollup.progressMsg, 'en'), 'Done 0/1 organisations');
  });
});
