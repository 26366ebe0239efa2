import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { MAX_DEPLOYMENT_BODY_BYTES, MB } from '../../domain/files/limits.ts';
import { type App, buildApp } from '../app.ts';
import { describeOnEngines } from '../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../test/factories.ts';
import { registerErrorHandler } from './error-handler.ts';

/** A message for people: Chinese, with no English word in it (units such as MB and KB are two letters). */
function assertChinese(message: unknown): void {
  assert.equal(typeof message, 'string');
  assert.match(message as string, /[\u4e00-\u9fff]/, `not Chinese: ${message}`);
  assert.doesNotMatch(message as string, /[A-Za-z]{3,}/, `English in: ${message}`);
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describeOnEngines('clean errors: 4xx in Chinese, never a 500 for bad input', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-03-02T02:00:00Z') });
    town = await loginAs(app, fx.users.aAdmin.username);
  });
  after(() => app.close());

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: string | Buffer, contentType?: string) =>
    app.inject({
      method,
      url,
      headers: { cookie: town, ...(contentType ? { 'content-type': contentType } : {}) },
      ...(payload === undefined ? {} : { payload }),
    });

  test("Fastify's own errors answer in Chinese: malformed JSON, an empty JSON body, a wrong content type", async () => {
    for (const [payload, contentType, status] of [
      ['{"orgId": 1, "title": ', 'application/json', 400],
      ['', 'application/json', 400],
      ['<task><title>任务</title></task>', 'application/xml', 415],
    ] as const) {
      const res = await send('POST', '/api/tasks', payload, contentType);
      assert.equal(res.statusCode, status, `${contentType} ${payload}: ${res.body}`);
      assertChinese(res.json().error.message);
    }
  });

  test('an unknown route, a method it does not have and a malformed URL answer 4xx in Chinese', async () => {
    for (const [method, url, status] of [
      ['GET', '/api/no-such-thing', 404],
      ['PATCH', '/api/health', 404],
      ['GET', '/api/orgs/%E0%A4%A', 400],
    ] as const) {
      const res = await send(method, url);
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      assertChinese(res.json().error.message);
    }
  });

  test('a 413 names the limit that was exceeded: the JSON body, the body of a deployment', async () => {
    const big = JSON.stringify({ orgId: fx.orgs.a1.id, title: '任务', requirement: '要'.repeat(MB) }); // 3 MB
    const task = await send('POST', '/api/tasks', big, 'application/json');
    assert.equal(task.statusCode, 413, task.body.slice(0, 300));
    assert.equal(task.json().error.message, '请求内容超过 2 MB 的上限');
    const bigger = JSON.stringify({ orgId: fx.orgs.a1.id, text: '要'.repeat(MAX_DEPLOYMENT_BODY_BYTES / 3 + 10) });
    const deployment = await send('POST', '/api/deployments', bigger, 'application/json');
    assert.equal(deployment.statusCode, 413, deployment.body.slice(0, 300));
    assert.equal(deployment.json().error.message, '请求内容超过 2.8 MB 的上限');
  });

  test('a 413 names the limit that was exceeded: the size of one file, the number of files', async () => {
    const tooBig = multipartBody({}, [{ field: 'file', filename: '讲话.txt', data: Buffer.alloc(21 * MB, 0x41) }]);
    const res = await app.inject({
      method: 'POST',
      url: `/api/deployments/import?orgId=${fx.orgs.a1.id}`,
      headers: { cookie: town, ...tooBig.headers },
      payload: tooBig.payload,
    });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().error.message, '上传的文件过大：单个文件的上限为 20 MB');

    const eleven = multipartBody(
      { text: '进展', entryDate: '2026-03-01' },
      Array.from({ length: 11 }, (_, i) => ({ field: 'files', filename: `${i}.png`, data: PNG })),
    );
    const many = await app.inject({
      method: 'POST',
      url: '/api/assignments/1/ledger',
      headers: { cookie: town, ...eleven.headers },
      payload: eleven.payload,
    });
    assert.equal(many.statusCode, 413, many.body);
    assert.equal(many.json().error.message, '上传的文件过多：一次最多上传 10 个文件');
  });

  test('a file route called without a file form answers 415 in Chinese', async () => {
    const res = await send('POST', `/api/deployments/import?orgId=${fx.orgs.a1.id}`, '{}', 'application/json');
    assert.equal(res.statusCode, 415, res.body);
    assertChinese(res.json().error.message);
  });

  test('ids beyond int4 answer 400 in a path, a query and a body, never 500', async () => {
    for (const big of ['2147483648', '99999999999999999999']) {
      for (const [method, url, body] of [
        ['GET', `/api/orgs/${big}`, undefined],
        ['GET', `/api/tasks/${big}`, undefined],
        ['GET', `/api/deployments?orgId=${big}`, undefined],
        ['GET', `/api/tasks?orgId=${big}`, undefined],
        ['POST', '/api/deployments', `{"orgId": ${big}, "text": "一、加强党建。"}`],
        ['POST', '/api/tasks', `{"orgId": ${big}, "title": "任务"}`],
      ] as const) {
        const res = await send(method, url, body, body ? 'application/json' : undefined);
        assert.equal(res.statusCode, 400, `${method} ${url} ${body ?? ''}: ${res.body}`);
        assert.match(res.json().error.message, /[\u4e00-\u9fff]/);
      }
    }
  });

  test('dates PostgreSQL cannot store, or that make no sense here, answer 400 in Chinese', async () => {
    for (const date of ['0000-01-01', '2026-02-30', '9999-12-31', '1899-12-31', '2026-2-1']) {
      const body = JSON.stringify({ orgId: fx.orgs.a1.id, title: '任务', deadline: date });
      const res = await send('POST', '/api/tasks', body, 'application/json');
      assert.equal(res.statusCode, 400, `${date}: ${res.body}`);
      const message: string = res.json().error.message;
      assert.match(message, /日期/);
      assertChinese(message.replace(/^请求参数有误：请求内容 deadline：/, ''));
    }
    const ok = await send(
      'POST',
      '/api/tasks',
      JSON.stringify({ orgId: fx.orgs.a1.id, title: '任务', deadline: '2100-12-31' }),
      'application/json',
    );
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('validation messages name the part of the request in Chinese and say what is wrong without English', async () => {
    const res = await send('POST', '/api/tasks', JSON.stringify({ orgId: fx.orgs.a1.id }), 'application/json');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.message, '请求参数有误：请求内容 title：必须填写');
    assert.deepEqual(res.json().error.details.issues, [
      { field: 'body.title', message: '必须填写', key: 'val.required', params: {} },
    ]);
  });

  describe('database errors that bad input can cause become 400/409, as each engine reports them', () => {
    let bare: FastifyInstance;
    before(async () => {
      bare = Fastify();
      registerErrorHandler(bare);
      const queries: Record<string, () => Promise<unknown>> = {
        int4: () => sql`select ${'2147483648'}::int4`.execute(ctx.database.db),
        date: () => sql`select ${'0000-01-01'}::date`.execute(ctx.database.db),
        text: () => sql`select ${'abc'}::int`.execute(ctx.database.db),
        nul: () => sql`select ${'a\u0000b'}::jsonb`.execute(ctx.database.db),
        duplicate: () =>
          sql`insert into org_field (code, name) select code, name from org_field limit 1`.execute(ctx.database.db),
      };
      bare.get('/:what', async (req) => queries[(req.params as { what: string }).what]!());
      await bare.ready();
    });
    after(() => bare.close());

    for (const [what, status] of [
      ['int4', 400],
      ['date', 400],
      ['text', 400],
      ['nul', 400],
      ['duplicate', 409],
    ] as const) {
      test(`${what} → ${status}`, async () => {
        const res = await bare.inject({ method: 'GET', url: `/${what}` });
        assert.equal(res.statusCode, status, res.body);
        assertChinese(res.json().error.message);
      });
    }
  });
});
