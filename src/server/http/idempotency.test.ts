import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../app.ts';
import { TEST_AUDIT_KEY } from '../auth/audit-key.ts';
import { systemScope } from '../auth/scope.ts';
import { makeCtx } from '../features/context.ts';
import { createTask as createTaskService } from '../features/tasks/tasks.service.ts';
import { describeOnEngines } from '../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../test/factories.ts';
import { claimIdempotencyKey, releaseUnwrittenIdempotencyKey } from './idempotency.queries.ts';

/** Idempotency keys: a retried state-changing request returns the first answer and writes nothing twice. */
describeOnEngines('idempotency keys', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string;
  let secretary: string;
  let assignmentId: number;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
    district = await loginAs(app, fx.users.aAdmin.username);
    secretary = await loginAs(app, fx.users.aSecretary.username);
    const task = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { cookie: district },
      payload: { orgId: fx.orgs.a1.id, title: '幂等演练', deadline: '2026-12-31' },
    });
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

  test('the hooks sit on state-changing routes only: a GET never runs them', () => {
    // Each route's line, then its hook lines ('• (preHandler) [...]').
    const routes: string[] = [];
    for (const line of app.printRoutes({ includeHooks: true, commonPrefix: false }).split('\n')) {
      if (!line.includes('•') && /\((GET|HEAD|POST|PUT|PATCH|DELETE)[,)]/.test(line)) routes.push(line);
      else if (routes.length > 0) routes[routes.length - 1] += `\n${line}`;
    }
    const hooksOf = (line: string) => routes.find((r) => r.includes(line)) ?? '';
    assert.match(hooksOf('/api/tasks (POST)'), /idempotencyPreHandler[\s\S]*idempotencyOnSend/);
    for (const route of routes.filter((r) => /\((GET|HEAD)\)/.test(r) && !/\(POST|PUT|PATCH|DELETE\)/.test(r))) {
      assert.doesNotMatch(route, /idempotency/, route);
    }
  });

  const count = async (table: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(ctx.database.db)).rows[0]!.n;

  const createTask = (key: string, title = '只建一次的任务') =>
    app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { cookie: district, 'idempotency-key': key },
      payload: { orgId: fx.orgs.a1.id, title },
    });

  test('a retry after the answer was lost gets the first answer and creates nothing', async () => {
    const before = await count('task');
    const first = await createTask('web-6f1c2a9e-0001');
    assert.equal(first.statusCode, 201, first.body);
    const retry = await createTask('web-6f1c2a9e-0001');
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(retry.json().id, first.json().id);
    assert.equal(await count('task'), before + 1);
    // Another key is another request.
    const other = await createTask('web-6f1c2a9e-0002');
    assert.notEqual(other.json().id, first.json().id);
  });

  test('the same submission sent twice at once is recorded once; both get the same answer', async () => {
    const before = await count('ledger_entry');
    const send = () => {
      const body = multipartBody({ text: '召开支委会，部署专项工作', entryDate: '2026-11-23' }, []);
      return app.inject({
        method: 'POST',
        url: `/api/assignments/${assignmentId}/ledger`,
        payload: body.payload,
        headers: { ...body.headers, cookie: secretary, 'idempotency-key': 'ledger-2f9d-77aa-0001' },
      });
    };
    const [a, b] = await Promise.all([send(), send()]);
    assert.deepEqual([a.statusCode, b.statusCode], [201, 201], `${a.body} ${b.body}`);
    assert.deepEqual(a.json().ledger, b.json().ledger);
    assert.equal(await count('ledger_entry'), before + 1);
    const later = await send();
    assert.equal(later.statusCode, 201);
    assert.equal(later.headers['idempotent-replayed'], 'true');
    assert.equal(await count('ledger_entry'), before + 1);
  });

  test('a refused request is refused again; a key reused elsewhere or malformed is refused', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { cookie: district, 'idempotency-key': 'web-refused-0001' },
      payload: { orgId: fx.orgs.b1.id, title: '越权' },
    });
    assert.ok([403, 404].includes(bad.statusCode), bad.body);
    const again = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { cookie: district, 'idempotency-key': 'web-refused-0001' },
      payload: { orgId: fx.orgs.b1.id, title: '越权' },
    });
    assert.equal(again.statusCode, bad.statusCode, 'refused before any handler ran: refused again, nothing kept');

    const reused = await app.inject({
      method: 'PATCH',
      url: `/api/orgs/${fx.orgs.a1a.id}`,
      headers: { cookie: district, 'idempotency-key': 'web-6f1c2a9e-0001' },
      payload: { name: '改名' },
    });
    assert.equal(reused.statusCode, 422, reused.body);
    const malformed = await createTask('短');
    assert.equal(malformed.statusCode, 400, malformed.body);
    assert.match(malformed.json().error.message, /Idempotency-Key/);
  });

  /**
   * The first request's write, run as the handler runs it, under a claim made as the pre-handler makes it, with
   * no answer stored afterwards: what is left when the answer was lost after the commit (a 5xx raised after it, the
   * connection or the server gone before the answer was stored).
   */
  const writeUnanswered = async (key: string, token: string, claimedAt: Date, title: string) => {
    const userId = fx.users.aAdmin.id;
    assert.ok(
      await claimIdempotencyKey(ctx.database.db, {
        user_id: userId,
        key,
        method: 'POST',
        path: '/api/tasks',
        created_at: claimedAt,
        token,
      }),
    );
    const actor = { ...systemScope(fx.orgs.a.path, fx.orgs.a.id), userId, username: fx.users.aAdmin.username };
    const service = {
      ...makeCtx(ctx.database.db, new Date('2026-11-23T02:00:00Z'), actor, TEST_AUDIT_KEY),
      idempotency: { userId, key, token, marked: new WeakSet<object>() },
    };
    return createTaskService(service, { orgId: fx.orgs.a1.id, title });
  };

  test('a write that committed before its answer was lost is not run again by a retry', async () => {
    const before = await count('task');
    await writeUnanswered('lost-answer-0001', 'token-first', new Date('2026-11-23T01:59:59Z'), '答复丢失的任务');
    assert.equal(await count('task'), before + 1);
    // A 5xx after the commit releases only an unwritten key: this one stays.
    assert.equal(
      await releaseUnwrittenIdempotencyKey(ctx.database.db, fx.users.aAdmin.id, 'lost-answer-0001', 'token-first'),
      false,
    );
    const retry = await createTask('lost-answer-0001', '答复丢失的任务');
    assert.equal(retry.statusCode, 200, retry.body);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.json(), { written: true, messageKey: 'notice.idem.writtenEarlier' });
    assert.equal(await count('task'), before + 1, 'the retry wrote nothing');
  });

  test('a claim whose request never answered is taken over; the old write, if it comes, is fenced out', async () => {
    const before = await count('task');
    const userId = fx.users.aAdmin.id;
    // A claim from three minutes ago, nothing written under it: its request died with the server.
    assert.ok(
      await claimIdempotencyKey(ctx.database.db, {
        user_id: userId,
        key: 'orphan-claim-0001',
        method: 'POST',
        path: '/api/tasks',
        created_at: new Date('2026-11-23T01:57:00Z'),
        token: 'token-orphan',
      }),
    );
    const retry = await createTask('orphan-claim-0001', '接替的任务');
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(await count('task'), before + 1);
    // The old request's write arriving now fails its mark, and with it the whole write.
    await assert.rejects(
      () =>
        (async () => {
          const actor = { ...systemScope(fx.orgs.a.path, fx.orgs.a.id), userId, username: fx.users.aAdmin.username };
          const service = {
            ...makeCtx(ctx.database.db, new Date('2026-11-23T02:00:00Z'), actor, TEST_AUDIT_KEY),
            idempotency: { userId, key: 'orphan-claim-0001', token: 'token-orphan', marked: new WeakSet<object>() },
          };
          return createTaskService(service, { orgId: fx.orgs.a1.id, title: '接替的任务' });
        })(),
      (err: { msg?: { key: string } }) => err.msg?.key === 'err.idem.takenOver',
    );
    assert.equal(await count('task'), before + 1, 'the fenced write left nothing');
    const replay = await createTask('orphan-claim-0001', '接替的任务');
    assert.equal(replay.statusCode, 201);
    assert.equal(replay.json().id, retry.json().id);
  });

  test('a fresh claim still in progress is not taken over', async () => {
    const before = await count('task');
    assert.ok(
      await claimIdempotencyKey(ctx.database.db, {
        user_id: fx.users.aAdmin.id,
        key: 'busy-claim-0001',
        method: 'POST',
        path: '/api/tasks',
        created_at: new Date('2026-11-23T01:59:55Z'),
        token: 'token-busy',
      }),
    );
    const retry = await createTask('busy-claim-0001', '仍在处理的任务');
    assert.equal(retry.statusCode, 409, retry.body);
    assert.equal(await count('task'), before);
  });
});
