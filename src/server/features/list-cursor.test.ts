import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../app.ts';
import { describeOnEngines } from '../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../test/factories.ts';

/**
 * Keyset paging of the lists (issue 8, "No request scans the whole tree"): every list answer carries `nextCursor`;
 * following it gives the same rows as the page numbers, in the same order, and rows written between two pages
 * neither repeat nor hide a row; a cursor altered, or carried to another list or sort, is refused with 400.
 */
type Page = { items: { id: number | string }[]; nextCursor: string | null; total: number };

describeOnEngines('keyset paging of the lists (cursor)', (ctx) => {
  let app: App;
  let fx: Fixture;
  let admin: string;

  const get = async (url: string): Promise<Page> => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: admin } });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json();
  };
  const post = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, payload, headers: { cookie: admin } });
    assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const join = (url: string, more: string) => `${url}${url.includes('?') ? '&' : '?'}${more}`;

  async function byOffset(url: string, pageSize: number): Promise<(number | string)[]> {
    const ids: (number | string)[] = [];
    for (let page = 1; ; page++) {
      const p = await get(join(url, `page=${page}&pageSize=${pageSize}`));
      ids.push(...p.items.map((i) => i.id));
      if (p.items.length < pageSize) return ids;
    }
  }

  async function byCursor(url: string, pageSize: number, between?: (page: number) => Promise<void>) {
    const ids: (number | string)[] = [];
    let cursor: string | null = null;
    for (let page = 1; ; page++) {
      const p: Page = await get(
        join(url, `pageSize=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      );
      ids.push(...p.items.map((i) => i.id));
      if (p.nextCursor === null) return ids;
      assert.equal(p.items.length, pageSize, 'a page before the end is full');
      cursor = p.nextCursor;
      await between?.(page);
    }
  }

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
    admin = await loginAs(app, fx.users.admin.username);
    // Namesakes (ties on the sort key) and people without a join date (the sentinel of the missing ones).
    for (const [i, name] of [
      '张伟',
      '张伟',
      '李娜',
      '王芳',
      '张伟',
      '刘洋',
      '陈静',
      '李娜',
      '杨帆',
      '赵磊',
    ].entries()) {
      await post('/api/members', {
        orgId: i % 2 === 0 ? fx.orgs.a1a.id : fx.orgs.b1a.id,
        name,
        status: i % 3 === 0 ? 'applicant' : 'full',
        ...(i % 3 === 0 ? {} : { joinDate: `20${10 + (i % 4)}-07-01`, birthDate: `19${80 + (i % 5)}-03-1${i % 3}` }),
        gender: i % 2 === 0 ? 'male' : 'female',
      });
    }
    const orgs = [fx.orgs.a.id, fx.orgs.a1.id, fx.orgs.a1a.id, fx.orgs.b.id, fx.orgs.b1.id, fx.orgs.b1a.id];
    for (let i = 0; i < 8; i++) {
      const task = await post('/api/tasks', {
        orgId: fx.orgs.root.id,
        title: `分页任务${i}`,
        ...(i % 2 === 0 ? { deadline: `2026-12-${10 + i}` } : {}),
      });
      if (i >= 4) continue;
      await post(`/api/tasks/${task.id}/assignments`, { orgIds: orgs });
      await post('/api/problems', { orgId: orgs[i]!, title: `分页问题${i}` });
    }
    for (let i = 0; i < 3; i++) await post('/api/problems', { orgId: fx.orgs.a1a.id, title: `又一问题${i}` });
    // Authentication events at the same instant and a microsecond apart (a Date would lose the difference).
    await sql`
      insert into auth_event (at, kind, outcome, username)
      select '2026-11-20 10:00:00.000001+08'::timestamptz + (g % 3) * interval '1 microsecond', 'login', 'bad_password', 'x' || g
      from generate_series(1, 11) g`.execute(ctx.database.db);
  });
  after(() => app.close());

  const LISTS = [
    '/api/members?orgId={root}',
    '/api/members?orgId={root}&sort=name&order=desc',
    '/api/members?orgId={root}&sort=birthDate',
    '/api/members?orgId={root}&sort=birthDate&order=desc',
    '/api/members?orgId={root}&sort=joinDate',
    '/api/members?orgId={root}&sort=joinDate&order=desc',
    '/api/members?orgId={root}&sort=org&order=desc',
    '/api/audit',
    '/api/auth/events',
    '/api/assignments?orgId={root}',
    '/api/assignments?orgId={root}&sort=assignedOn',
    '/api/assignments?orgId={root}&sort=org',
    '/api/problems?orgId={root}',
    '/api/tasks?orgId={root}',
  ];
  const urlOf = (u: string) => u.replace('{root}', String(fx.orgs.root.id));

  test('following nextCursor gives the rows of the page numbers, in order, for every list and sort', async () => {
    for (const list of LISTS) {
      const url = urlOf(list);
      const offset = await byOffset(url, 3);
      assert.ok(offset.length >= 7, `${list}: only ${offset.length} rows`);
      assert.equal(new Set(offset).size, offset.length, `${list}: the page numbers repeat a row`);
      assert.deepEqual(await byCursor(url, 3), offset, list);
      const last = await get(join(url, `page=1&pageSize=${offset.length}`));
      assert.equal(last.nextCursor, null, `${list}: a page that reaches the end has no next cursor`);
    }
  });

  test('rows written between two pages neither repeat a row nor hide one', async () => {
    // Newest first: the new rows come before the position reached, so the rest is what it was.
    const problems = urlOf('/api/problems?orgId={root}');
    const before = await byOffset(problems, 3);
    let n = 0;
    const seen = await byCursor(problems, 3, async () => {
      await post('/api/problems', { orgId: fx.orgs.a1a.id, title: `插入的问题${++n}` });
    });
    assert.deepEqual(seen, before);
    // By name: people who sort first come in while the list is read; the rest keeps its order, nothing twice.
    const members = urlOf('/api/members?orgId={root}');
    const roll = await byOffset(members, 4);
    const added: number[] = [];
    const read = await byCursor(members, 4, async (page) => {
      added.push(
        (await post('/api/members', { orgId: fx.orgs.a1a.id, name: `阿${'啊'.repeat(page)}`, status: 'applicant' })).id,
      );
    });
    assert.deepEqual(read, roll);
    // The page numbers, by contrast, show a row again after an insert before the position.
    const first = await get(join(problems, 'page=1&pageSize=4'));
    await post('/api/problems', { orgId: fx.orgs.a1a.id, title: '又插入的问题' });
    const second = await get(join(problems, 'page=2&pageSize=4'));
    assert.ok(second.items.some((i) => first.items.some((f) => f.id === i.id)));
    assert.ok(added.length >= 2);
  });

  test('a cursor altered, or taken to another list or sort, is refused with 400 and a Chinese message', async () => {
    const url = urlOf('/api/members?orgId={root}');
    const cursor = (await get(join(url, 'pageSize=2'))).nextCursor!;
    const [payload, tag] = cursor.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify(['a', 'a', 1])).toString('base64url');
    const flip = (s: string) => (s[0] === 'A' ? `B${s.slice(1)}` : `A${s.slice(1)}`);
    const bad = [
      `${flip(payload)}.${tag}`,
      `${payload}.${flip(tag)}`,
      `${forged}.${tag}`,
      payload,
      'not-a-cursor',
      `${cursor}.x`,
    ];
    const refusals = [
      ...bad.map((c) => join(url, `cursor=${encodeURIComponent(c)}`)),
      join(urlOf('/api/members?orgId={root}&sort=joinDate'), `cursor=${encodeURIComponent(cursor)}`),
      `/api/audit?cursor=${encodeURIComponent(cursor)}`,
      `/api/problems?cursor=${encodeURIComponent(cursor)}`,
    ];
    for (const u of refusals) {
      const res = await app.inject({ method: 'GET', url: u, headers: { cookie: admin } });
      assert.equal(res.statusCode, 400, `${u}: ${res.body}`);
      assert.equal(res.json().error.key, 'err.list.badCursor');
      assert.match(res.json().error.message, /分页游标无效/);
    }
  });
});
