import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../../test/factories.ts';

/**
 * Leaders' instructions (领导批示) through the API: given on a problem, a finding and a task by the district, each
 * followed up by the branch the target belongs to; every allowed and refused step by its side, refused steps writing
 * nothing; the other side told; the giver's list open and overdue first; overdue from the day after the reply day.
 */
describeOnEngines(
  'instructions: given on a problem, a finding and a task, followed up to a reply and closed',
  (ctx) => {
    let app: App;
    let fx: Fixture;
    let district: string; // a-admin: district A, the giving organisation
    let branch: string; // a-sec: branch a1a, which follows up
    let member: string; // a-member: a 党员 of the branch (reads only)
    let b: string; // b-admin: the sibling district
    let clock = new Date('2026-11-23T02:00:00Z');
    const target = { problem: 0, finding: 0, task: 0 };
    const given = { problem: 0, finding: 0, task: 0 };
    let supervision = 0;

    async function signIn() {
      district = await loginAs(app, fx.users.aAdmin.username);
      branch = await loginAs(app, fx.users.aSecretary.username);
      member = await loginAs(app, fx.users.aMember.username);
      b = await loginAs(app, fx.users.bAdmin.username);
    }

    before(async () => {
      fx = await buildFixture(ctx.database);
      app = await buildApp({ database: ctx.database, now: () => clock });
      await signIn();
      // biome-ignore lint/suspicious/noExplicitAny: the answers of the setup's calls, read for their ids
      const ok = (res: { statusCode: number; body: string; json: () => any }) => {
        assert.ok(res.statusCode < 300, res.body);
        return res.json();
      };
      target.problem = ok(await post(district, '/api/problems', { orgId: fx.orgs.a1a.id, title: '台账不全' })).id;
      const s = ok(
        await post(district, '/api/supervisions', {
          orgId: fx.orgs.a.id,
          kind: 'special',
          title: '组织生活专项督查',
          periodStart: '2026-11-01',
          periodEnd: '2026-11-30',
          orgIds: [fx.orgs.a1a.id],
        }),
      );
      const detail = ok(
        await post(district, `/api/supervisions/${s.id}/findings`, { orgId: fx.orgs.a1a.id, text: '会议记录不全' }),
      );
      target.finding = detail.findings[0].id;
      supervision = s.id;
      target.task = ok(await post(district, '/api/tasks', { orgId: fx.orgs.a1a.id, title: '阵地建设' })).id;
    });
    after(() => app.close());

    /** Moves the clock (sessions end after a while idle: everyone signs in again). */
    async function at(iso: string) {
      clock = new Date(iso);
      await signIn();
    }
    function post(cookie: string, url: string, payload: object) {
      return app.inject({ method: 'POST', url, headers: { cookie }, payload });
    }
    const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
    const follow = (cookie: string, id: number, payload: object) =>
      post(cookie, `/api/instructions/${id}/followups`, payload);
    const count = async (table: string) =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.database.db)).rows[0]!.n,
      );
    const snapshot = async () => ({
      followups: await count('instruction_followup'),
      instructions: JSON.stringify((await sql`select * from instruction order by id`.execute(ctx.database.db)).rows),
    });
    const inbox = async (cookie: string) =>
      (await get(cookie, '/api/notifications')).json().items as {
        kind: string;
        title: string;
        body: string;
        instructionId: number | null;
      }[];

    test('given on a problem: to its responsible organisation, by the leader named, with what it asks and by when', async () => {
      const res = await post(district, '/api/instructions', {
        problemId: target.problem,
        leaderName: '张书记',
        text: '请高度重视，逐项整改到位',
        asks: '查明原因，书面报告整改情况',
        replyDue: '2026-12-10',
      });
      assert.equal(res.statusCode, 201, res.body);
      const i = res.json();
      given.problem = i.id;
      assert.equal(i.targetKind, 'problem');
      assert.equal(i.targetId, target.problem);
      assert.equal(i.targetTitle, '台账不全');
      assert.equal(i.giverOrgId, fx.orgs.a.id);
      assert.equal(i.orgId, fx.orgs.a1a.id);
      assert.equal(i.leaderName, '张书记');
      assert.equal(i.givenOn, '2026-11-23');
      assert.equal(i.replyDue, '2026-12-10');
      assert.equal(i.state, 'open');
      assert.deepEqual(i.sides, { giver: true, follower: false });
      assert.deepEqual(i.allowed, []);
      const notice = (await inbox(branch)).find((n) => n.instructionId === i.id);
      assert.ok(notice);
      assert.equal(notice.kind, 'instruction');
      assert.equal(notice.title, '张书记对问题“台账不全”作出批示，请于 2026-12-10 前回复落实情况');
      assert.equal(notice.body, '请高度重视，逐项整改到位');
      const seen = (await get(branch, `/api/instructions/${i.id}`)).json();
      assert.deepEqual(seen.sides, { giver: false, follower: true });
      assert.deepEqual(seen.allowed, ['progress', 'reply']);
    });

    test('given on a finding (to its target) and on a task (to its own organisation); the leader defaults to the account', async () => {
      const f = await post(district, '/api/instructions', { findingId: target.finding, text: '立行立改' });
      assert.equal(f.statusCode, 201, f.body);
      assert.equal(f.json().targetKind, 'finding');
      assert.equal(f.json().targetTitle, '会议记录不全');
      assert.equal(f.json().orgId, fx.orgs.a1a.id);
      assert.equal(f.json().leaderName, (await get(district, '/api/auth/me')).json().displayName);
      given.finding = f.json().id;
      const t = await post(district, '/api/instructions', {
        taskId: target.task,
        text: '年底前建成',
        replyDue: '2026-12-01',
      });
      assert.equal(t.statusCode, 201, t.body);
      assert.equal(t.json().targetKind, 'task');
      assert.equal(t.json().orgId, fx.orgs.a1a.id);
      given.task = t.json().id;
      const audits = await sql<{
        n: number;
      }>`select count(*)::int as n from audit_log where action = 'instruction.give'`.execute(ctx.database.db);
      assert.equal(audits.rows[0]!.n, 3);
    });

    test('refused: out of scope, without the permission, two targets or none, a reply due before the instruction', async () => {
      const before = await snapshot();
      const cases: [string, object, number, RegExp][] = [
        [b, { problemId: target.problem, text: '批示' }, 404, /问题不存在或不在您的管理范围内/],
        [b, { findingId: target.finding, text: '批示' }, 404, /督查发现不存在或不在您的管理范围内/],
        [b, { taskId: target.task, text: '批示' }, 404, /任务不存在或不在您的管理范围内/],
        [member, { problemId: target.problem, text: '批示' }, 403, /./],
        [
          branch,
          { problemId: target.problem, orgId: fx.orgs.a.id, text: '批示' },
          404,
          /组织不存在或不在您的管理范围内/,
        ],
        [
          district,
          { problemId: target.problem, taskId: target.task, text: '批示' },
          422,
          /^一条批示只针对一个问题、督查发现或任务$/,
        ],
        [district, { text: '批示' }, 400, /请指定批示针对的问题、督查发现或任务/],
        [
          district,
          { problemId: target.problem, text: '批示', givenOn: '2026-11-20', replyDue: '2026-11-19' },
          400,
          /^回复时限（2026-11-19）不能早于批示日期（2026-11-20）$/,
        ],
      ];
      for (const [cookie, body, status, message] of cases) {
        const res = await post(cookie, '/api/instructions', body);
        assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
        assert.match(res.json().error.message, message);
      }
      assert.equal((await get(b, `/api/instructions/${given.problem}`)).statusCode, 404);
      assert.equal((await follow(b, given.problem, { kind: 'close' })).statusCode, 404);
      const list = (await get(b, '/api/instructions')).json();
      assert.equal(list.total, 0);
      assert.deepEqual(await snapshot(), before);
    });

    test('steps refused for the wrong side, the wrong state or a missing text change nothing', async () => {
      const before = await snapshot();
      const id = given.problem;
      const cases: [string, object, number, RegExp][] = [
        [district, { kind: 'progress', text: '已部署' }, 403, /^只有落实单位（甲一村党支部）可以执行此操作$/],
        [district, { kind: 'reply', text: '已整改' }, 403, /^只有落实单位（甲一村党支部）可以执行此操作$/],
        [member, { kind: 'progress', text: '已部署' }, 403, /./],
        [branch, { kind: 'close' }, 403, /^只有批示单位（甲区委）可以执行此操作$/],
        [branch, { kind: 'reopen', text: '不行' }, 403, /^只有批示单位（甲区委）可以执行此操作$/],
        [district, { kind: 'close' }, 422, /^批示落实中，不能“办结”$/],
        [district, { kind: 'reopen', text: '重办' }, 422, /^批示落实中，不能“退回”$/],
        [branch, { kind: 'reply' }, 422, /^“回复”须填写内容$/],
        [branch, { kind: 'progress', text: '   ' }, 422, /^“报告落实情况”须填写内容$/],
      ];
      for (const [cookie, body, status, message] of cases) {
        const res = await follow(cookie, id, body);
        assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
        assert.match(res.json().error.message, message);
      }
      assert.deepEqual(await snapshot(), before);
    });

    test('progress → reply → 退回 → reply → 办结, each by its side, the other side told, the timeline kept', async () => {
      const id = given.problem;
      let res = await follow(branch, id, { kind: 'progress', text: '已召开支委会研究整改' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().state, 'open');

      res = await follow(branch, id, { kind: 'reply', text: '台账已补齐' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().state, 'replied');
      assert.equal(res.json().repliedOn, '2026-11-23');
      assert.deepEqual(res.json().allowed, []);
      const replied = (await inbox(district)).find((n) => n.instructionId === id);
      assert.ok(replied, 'the giver hears of the reply');
      assert.equal(replied.title, '甲一村党支部回复了张书记对“台账不全”的批示落实情况');
      assert.equal(replied.body, '台账已补齐');
      assert.deepEqual((await get(district, `/api/instructions/${id}`)).json().allowed, ['close', 'reopen']);

      // Replied: the follow-up side can neither report nor reply again.
      for (const kind of ['progress', 'reply']) {
        const again = await follow(branch, id, { kind, text: '再报' });
        assert.equal(again.statusCode, 422, again.body);
        assert.match(again.json().error.message, /^批示已回复，不能“.+”$/);
      }
      assert.equal((await follow(district, id, { kind: 'reopen' })).statusCode, 422);

      res = await follow(district, id, { kind: 'reopen', text: '佐证材料不足' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().state, 'open');
      assert.equal(res.json().repliedOn, null);
      assert.ok((await inbox(branch)).some((n) => n.title === '张书记对“台账不全”的批示落实情况被退回，请继续落实'));

      assert.equal((await follow(branch, id, { kind: 'reply', text: '已补充佐证' })).statusCode, 200);
      res = await follow(district, id, { kind: 'close', text: '同意办结' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().state, 'closed');
      assert.equal(res.json().closedOn, '2026-11-23');
      assert.ok((await inbox(branch)).some((n) => n.title === '张书记对“台账不全”的批示已办结'));
      assert.deepEqual(
        res
          .json()
          .followups.map((f: { kind: string; side: string; fromState: string; toState: string }) => [
            f.kind,
            f.side,
            f.fromState,
            f.toState,
          ]),
        [
          ['progress', 'follower', 'open', 'open'],
          ['reply', 'follower', 'open', 'replied'],
          ['reopen', 'giver', 'replied', 'open'],
          ['reply', 'follower', 'open', 'replied'],
          ['close', 'giver', 'replied', 'closed'],
        ],
      );
      assert.deepEqual(res.json().allowed, []);

      // Closed: every step is refused, by either side.
      const before = await snapshot();
      for (const [cookie, kind] of [
        [branch, 'progress'],
        [branch, 'reply'],
        [district, 'close'],
        [district, 'reopen'],
      ] as const) {
        const r = await follow(cookie, id, { kind, text: '再办' });
        assert.equal(r.statusCode, 422, r.body);
        assert.match(r.json().error.message, /^批示已办结，不能“.+”$/);
      }
      assert.deepEqual(await snapshot(), before);
      const audits = await sql<{ action: string }>`select action from audit_log where action like 'instruction.%'
      and entity_id = ${String(id)} order by id`.execute(ctx.database.db);
      assert.deepEqual(
        audits.rows.map((r) => r.action),
        [
          'instruction.give',
          'instruction.progress',
          'instruction.reply',
          'instruction.reopen',
          'instruction.reply',
          'instruction.close',
        ],
      );
    });

    test('the follow-up is append-only', async () => {
      await assert.rejects(sql`update instruction_followup set text = 'x'`.execute(ctx.database.db), /append-only/);
      await assert.rejects(sql`delete from instruction_followup`.execute(ctx.database.db), /append-only/);
    });

    test('my instructions: the giver’s, open first and the earliest reply day first; a list by target', async () => {
      const mine = (await get(district, '/api/instructions?mine=true')).json();
      assert.equal(mine.total, 3);
      assert.deepEqual(
        mine.items.map((i: { id: number }) => i.id),
        [given.task, given.finding, given.problem],
        'open (due 12-01, then no reply day), then the closed one',
      );
      // The branch gave none; it follows up all three.
      assert.equal((await get(branch, '/api/instructions?mine=true')).json().total, 0);
      assert.equal((await get(branch, '/api/instructions')).json().total, 3);
      const byProblem = (await get(branch, `/api/instructions?problemId=${target.problem}`)).json();
      assert.deepEqual(
        byProblem.items.map((i: { id: number }) => i.id),
        [given.problem],
      );
      const byState = (await get(district, '/api/instructions?state=closed')).json();
      assert.deepEqual(
        byState.items.map((i: { id: number }) => i.id),
        [given.problem],
      );
      // Paged by cursor: the same order.
      const first = (await get(district, '/api/instructions?mine=true&pageSize=2')).json();
      const second = (
        await get(district, `/api/instructions?mine=true&pageSize=2&cursor=${encodeURIComponent(first.nextCursor)}`)
      ).json();
      assert.deepEqual(
        [...first.items, ...second.items].map((i: { id: number }) => i.id),
        [given.task, given.finding, given.problem],
      );
    });

    test('the detail of a problem, a supervision (each finding) and a task counts the instructions not closed', async () => {
      for (const cookie of [district, branch]) {
        assert.equal((await get(cookie, `/api/problems/${target.problem}`)).json().instructionCount, 0, 'closed');
        const s = (await get(cookie, `/api/supervisions/${supervision}`)).json();
        assert.deepEqual(
          s.findings.map((f: { id: number; instructionCount: number }) => [f.id, f.instructionCount]),
          [[target.finding, 1]],
        );
        assert.equal((await get(cookie, `/api/tasks/${target.task}`)).json().instructionCount, 1);
      }
    });

    test('overdue: open past the reply day (the day itself is not), listed by overdue=true', async () => {
      const dueOf = async () => {
        const res = (await get(district, `/api/instructions/${given.task}`)).json();
        const list = (await get(district, '/api/instructions?overdue=true')).json();
        return [res.daysOverdue, list.items.map((i: { id: number }) => i.id)];
      };
      await at('2026-11-30T02:00:00Z');
      assert.deepEqual(await dueOf(), [0, []]);
      await at('2026-12-01T02:00:00Z');
      assert.deepEqual(await dueOf(), [0, []]);
      await at('2026-12-02T02:00:00Z');
      assert.deepEqual(await dueOf(), [1, [given.task]]);
      // A reply ends it.
      assert.equal((await follow(branch, given.task, { kind: 'reply', text: '已建成' })).statusCode, 200);
      assert.deepEqual(await dueOf(), [0, []]);
    });
  },
);
