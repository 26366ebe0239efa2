import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../../test/factories.ts';

/**
 * A problem from 交办 to 销号 and 回头看 through the API: each step by the side it belongs to, refused steps
 * refused in Chinese and writing nothing, the steps kept append-only with their authors, the other side told,
 * the escalation records kept by the issuing side, the list filtered by state and by overdue.
 */
describeOnEngines('rectify: a problem claimed, rectified, returned, closed and re-checked', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string; // a-admin: the district's organisation department, the issuing side
  let branch: string; // a-sec: the branch's secretary, the responsible organisation
  let member: string; // a-member: a 党员 of the branch (reads only)
  let clock = new Date('2026-11-23T02:00:00Z');
  let id = 0;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => clock });
    district = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    member = await loginAs(app, fx.users.aMember.username);
  });
  after(() => app.close());

  /** Moves the clock (sessions end after a while idle: everyone signs in again). */
  async function at(iso: string) {
    clock = new Date(iso);
    district = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
  }
  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const fire = (cookie: string, body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/problems/${id}/events`, headers: { cookie }, payload: body });
  const rows = async (table: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.database.db)).rows[0]!.n,
    );
  const snapshot = async () => ({
    events: await rows('problem_event'),
    measures: await rows('problem_measure'),
    problem: JSON.stringify((await sql`select * from problem where id = ${id}`.execute(ctx.database.db)).rows[0]),
  });

  test('a 巡察 finding assigned to a branch gets the two-month deadline and reaches the branch', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/problems',
      headers: { cookie: district },
      payload: {
        orgId: fx.orgs.a1a.id,
        title: '“三会一课”记录不规范',
        description: '巡察反馈：支部委员会会议记录缺少议题和决定事项',
        source: 'patrol',
        category: '组织生活',
        severity: 'serious',
        foundOn: '2026-11-20',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const p = res.json();
    id = p.id;
    assert.equal(p.issuerOrgId, fx.orgs.a.id);
    assert.equal(p.orgId, fx.orgs.a1a.id);
    assert.equal(p.state, 'open');
    assert.equal(p.deadline, '2027-01-20');
    assert.equal(p.daysOverdue, 0);
    assert.equal(p.escalation, null);
    const inbox = await get(branch, '/api/notifications');
    const notice = inbox
      .json()
      .items.find((n: { title: string }) => n.title === '问题““三会一课”记录不规范”已交办，请认领整改');
    assert.ok(notice, inbox.body);
    assert.equal(notice.kind, 'problem');
    assert.equal(notice.problemId, id, 'the notification names its problem (the web links to it)');
  });

  test('the issuing side must stand at or above the organisation it names', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/problems',
      headers: { cookie: district },
      payload: { orgId: fx.orgs.a.id, issuerOrgId: fx.orgs.a1a.id, title: '倒挂的交办' },
    });
    assert.equal(res.statusCode, 422, res.body);
    assert.match(res.json().error.message, /^交办单位“.+”须是“.+”本级或上级$/);
  });

  test('steps refused for the wrong side, the wrong state or a missing field change nothing', async () => {
    const before = await snapshot();
    const cases: [string, Record<string, unknown>, number, RegExp][] = [
      [district, { event: 'claim', person: '王某' }, 403, /^只有责任单位（.+）的账号可以执行此操作$/],
      [member, { event: 'claim', person: '王某' }, 403, /./],
      [branch, { event: 'claim' }, 422, /^认领须填写责任人$/],
      [branch, { event: 'submit', note: '已整改' }, 422, /^问题待认领，不能“申请销号”$/],
      [branch, { event: 'pass' }, 403, /^只有交办方（.+）可以执行此操作$/],
      [district, { event: 'pass' }, 422, /^问题待认领，不能“核查通过（销号）”$/],
    ];
    for (const [cookie, body, status, message] of cases) {
      const res = await fire(cookie, body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
      assert.match(res.json().error.message, message);
    }
    assert.deepEqual(await snapshot(), before);
  });

  test('认领 → 制定措施 → 申请销号 → 退回 → 申请销号 → 销号, each by its side, the other side told', async () => {
    let res = await fire(branch, { event: 'claim', person: '李秀英' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().state, 'claimed');
    assert.equal(res.json().responsiblePerson, '李秀英');
    assert.deepEqual(res.json().allowedEvents, ['plan']);

    const bad = await fire(branch, {
      event: 'plan',
      measures: [
        { text: '逐月检查会议记录', deadline: '2026-12-31' },
        { text: '组织支部书记培训', deadline: null },
      ],
    });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().error.message, '第 2 条整改措施缺少内容或完成时限');
    res = await fire(branch, {
      event: 'plan',
      measures: [
        { text: '逐月检查会议记录', deadline: '2026-12-31' },
        { text: '组织支部书记培训', deadline: '2027-01-10' },
      ],
    });
    assert.equal(res.json().state, 'rectifying');
    assert.equal(res.json().measures.length, 2);

    res = await fire(branch, { event: 'submit', note: '已补齐 2026 年会议记录，附检查表' });
    assert.equal(res.json().state, 'submitted');
    // The district sees the request to close; the branch cannot close it itself.
    assert.deepEqual((await get(district, `/api/problems/${id}`)).json().allowedEvents, ['pass', 'return']);
    const inbox = await get(district, '/api/notifications');
    assert.ok(
      inbox.json().items.some((n: { title: string }) => n.title.endsWith('申请销号，请核查')),
      inbox.body,
    );

    const noReason = await fire(district, { event: 'return' });
    assert.equal(noReason.statusCode, 422);
    assert.equal(noReason.json().error.message, '“退回整改”须填写理由');
    res = await fire(district, { event: 'return', reason: '缺少10月份支委会记录' });
    assert.equal(res.json().state, 'rectifying');
    const returned = await get(branch, '/api/notifications');
    assert.ok(
      returned.json().items.some((n: { title: string }) => n.title.endsWith('核查未通过，被退回整改')),
      returned.body,
    );

    res = await fire(branch, { event: 'progress', note: '已补记10月份支委会记录' });
    assert.equal(res.json().state, 'rectifying');
    res = await fire(branch, { event: 'submit', note: '全部记录已补齐' });
    await at('2026-12-06T02:00:00Z');
    res = await fire(district, { event: 'pass' });
    assert.equal(res.statusCode, 200, res.body);
    const closed = res.json();
    assert.equal(closed.state, 'closed');
    assert.equal(closed.closedOn, '2026-12-06');
    assert.equal(closed.recheckDue, '2027-03-06');
    assert.deepEqual(
      closed.events.map((e: { event: string; side: string; actorName: string }) => `${e.event}:${e.side}`),
      [
        'claim:responsible',
        'plan:responsible',
        'submit:responsible',
        'return:issuer',
        'progress:responsible',
        'submit:responsible',
        'pass:issuer',
      ],
    );
    assert.ok(closed.events.every((e: { actorName: string }) => e.actorName.length > 0));
    assert.equal(closed.events[3].reason, '缺少10月份支委会记录');
  });

  test('回头看 after closure: a re-check is recorded; a rebound reopens the rectification', async () => {
    let res = await fire(district, { event: 'recheck', note: '抽查11月记录，规范' });
    assert.equal(res.json().state, 'closed');
    assert.equal(res.json().recheckedOn, '2026-12-06');
    assert.equal(res.json().recheckDue, null);
    res = await fire(branch, { event: 'reopen', reason: '反弹' });
    assert.equal(res.statusCode, 403);
    res = await fire(district, { event: 'reopen', reason: '12月支委会记录再次缺项' });
    assert.equal(res.json().state, 'rectifying');
    assert.equal(res.json().closedOn, null);
    assert.deepEqual(res.json().allowedEvents, []);
    assert.deepEqual((await get(branch, `/api/problems/${id}`)).json().allowedEvents, ['plan', 'progress', 'submit']);
  });

  test('overdue from the day after the deadline; the ladder suggests 约谈, which the issuing side records', async () => {
    await at('2027-01-20T02:00:00Z');
    let p = (await get(district, `/api/problems/${id}`)).json();
    assert.equal(p.daysOverdue, 0);
    await at('2027-01-21T02:00:00Z');
    p = (await get(district, `/api/problems/${id}`)).json();
    assert.equal(p.daysOverdue, 1);
    assert.equal(p.escalation, 'remind');
    await at('2027-02-04T02:00:00Z');
    p = (await get(district, `/api/problems/${id}`)).json();
    assert.equal(p.daysOverdue, 15);
    assert.equal(p.escalation, 'talk');
    const overdue = await get(district, `/api/problems?orgId=${fx.orgs.a.id}&overdue=true`);
    assert.deepEqual(
      overdue.json().items.map((x: { id: number }) => x.id),
      [id],
    );
    const closedList = await get(district, `/api/problems?orgId=${fx.orgs.a.id}&state=closed`);
    assert.equal(closedList.json().total, 0);

    const talk = {
      kind: 'talk',
      heldOn: '2027-02-04',
      participants: '区委组织部副部长 约谈 支部书记李秀英',
      content: '指出整改逾期，要求限期完成',
      commitments: '2月底前完成全部整改',
    };
    const refused = await app.inject({
      method: 'POST',
      url: `/api/problems/${id}/actions`,
      headers: { cookie: branch },
      payload: talk,
    });
    assert.equal(refused.statusCode, 403);
    const res = await app.inject({
      method: 'POST',
      url: `/api/problems/${id}/actions`,
      headers: { cookie: district },
      payload: talk,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().actions.map((a: { kind: string; commitments: string }) => [a.kind, a.commitments]),
      [['talk', '2月底前完成全部整改']],
    );
    // Nothing closes or changes by itself: the platform recorded, people decided.
    assert.equal(res.json().state, 'rectifying');
  });

  test('the steps are append-only in the audit log too', async () => {
    const actions = await sql<{ action: string }>`
      select action from audit_log where entity = 'problem' and entity_id = ${String(id)} order by id`.execute(
      ctx.database.db,
    );
    assert.deepEqual(
      actions.rows.map((r) => r.action),
      [
        'problem.create',
        'problem.claim',
        'problem.plan',
        'problem.submit',
        'problem.return',
        'problem.progress',
        'problem.submit',
        'problem.pass',
        'problem.recheck',
        'problem.reopen',
        'problem.action.talk',
      ],
    );
  });
});
