import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../app.ts';
import { describeOnEngines } from '../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../test/factories.ts';

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
});
