import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, insertUser, loginAs, multipartBody } from '../../test/factories.ts';
import { PNG } from '../../test/route-probes.ts';
import { readMeasures } from '../assess/measures.service.ts';
import { makeCtx } from '../context.ts';
import { countVillageCases } from './village.service.ts';

/**
 * 四议两公开 through the API (issue 13): a village opens a case and records its six steps — the proposal merged with
 * the 两委 deliberation under 一肩挑 (the post recorded on the secretary's person record), the members' meeting short of
 * its quorum (flagged), a representatives' meeting short of its quorum (refused with the article, nothing written),
 * a correction, a late disclosure, the result; evidence files; the town reads every village's cases with the flags,
 * filters, counts per village and the .xlsx; the assembly's notice; another major matter without the assembly; and
 * no other subtree sees any of it.
 */
describeOnEngines('village decisions (四议两公开): open → six steps → flags → town list, counts, export', (ctx) => {
  let app: App;
  let fx: Fixture;
  let village: string; // a-sec: 甲一村党支部, a village-level organisation
  let town: string; // a secretary of 甲一镇党委
  let member: string; // a-member of the village
  let other: string; // b-admin: the sibling district
  let caseId = 0;
  const clock = new Date('2026-12-10T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
  const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const send = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const stepCount = async () =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from village_decision_step`.execute(ctx.database.db)).rows[0]!.n,
    );
  const step = (id: number, payload: object, cookie = village) =>
    send(cookie, 'POST', `/api/village-decisions/${id}/steps`, payload);

  before(async () => {
    fx = await buildFixture(ctx.database);
    await sql`update org set unit_level = 'village' where id = ${fx.orgs.a1a.id}`.execute(ctx.database.db);
    app = await buildApp({ database: ctx.database, now: () => clock });
    village = await loginAs(app, fx.users.aSecretary.username);
    town = await loginAs(
      app,
      (await insertUser(ctx.database, `v-town-${fx.orgs.a1.id}`, 'secretary', fx.orgs.a1)).username,
    );
    member = await loginAs(app, fx.users.aMember.username);
    other = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  test('a case is opened by a village- or community-level organisation, with a listed kind', async () => {
    const body = { orgId: fx.orgs.a1a.id, kind: 'landContract', matter: '二轮土地承包延包方案' };
    const notVillage = await send(town, 'POST', '/api/village-decisions', { ...body, orgId: fx.orgs.a1.id });
    assert.equal(notVillage.statusCode, 422, notVillage.body);
    assert.match(notVillage.json().error.message, /不是村（社区）级党组织/);
    const unknown = await send(village, 'POST', '/api/village-decisions', { ...body, kind: 'nope' });
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.equal(unknown.json().error.details.field, 'body.kind');
    assert.match(unknown.json().error.message, /土地承包经营方案/);
    assert.equal((await send(member, 'POST', '/api/village-decisions', body)).statusCode, 403);
    assert.equal((await send(other, 'POST', '/api/village-decisions', body)).statusCode, 404);
    const d = ok(await send(village, 'POST', '/api/village-decisions', body), 201);
    caseId = d.id;
    assert.deepEqual(
      [d.state, d.next, d.assemblyMatter, d.kindLabel.zh, d.openedOn, d.canRecord],
      ['open', 'proposal', true, '土地承包经营方案', '2026-12-10', true],
    );
    assert.deepEqual(d.required, ['proposal', 'deliberation', 'review', 'resolution', 'disclosure', 'result']);
    assert.deepEqual(d.village, { secretaryName: '李秀英', oneShoulder: false, members: 3, mergeAllowed: true });
  });

  test('一肩挑 is read from the village-committee post on the secretary’s person record', async () => {
    const p = ok(
      await send(village, 'PATCH', `/api/members/${fx.people.a1aSecretary}`, { villageCommitteePost: 'director' }),
    );
    assert.equal(p.villageCommitteePost, 'director');
    const bad = await send(village, 'PATCH', `/api/members/${fx.people.a1aSecretary}`, { villageCommitteePost: 'x' });
    assert.equal(bad.statusCode, 400, bad.body);
    const d = ok(await send(village, 'GET', `/api/village-decisions/${caseId}`));
    assert.equal(d.village.oneShoulder, true);
  });

  test('the proposal merged with the deliberation (一肩挑); the members’ meeting short of 2/3 is recorded and flagged', async () => {
    const merged = await step(caseId, {
      step: 'proposal',
      heldOn: '2026-09-01',
      mergeDeliberation: true,
      minutes: '村党支部提议并经两委联席会议商议',
    });
    const d = ok(merged);
    assert.deepEqual(
      d.steps.map((s: { step: string; merged: boolean; oneShoulder: boolean | null }) => [
        s.step,
        s.merged,
        s.oneShoulder,
      ]),
      [
        ['proposal', false, null],
        ['deliberation', true, true],
      ],
    );
    assert.equal(d.next, 'review');
    assert.deepEqual(d.flags, []);
    const future = await step(caseId, { step: 'review', heldOn: '2026-12-11', due: 30, present: 25, yes: 20 });
    assert.equal(future.statusCode, 400, future.body);
    const over = await step(caseId, { step: 'review', heldOn: '2026-09-10', due: 30, present: 31, yes: 20 });
    assert.equal(over.statusCode, 400, over.body);
    assert.deepEqual(
      over.json().error.details.issues.map((i: { field: string }) => i.field),
      ['body.present'],
    );
    const r = ok(await step(caseId, { step: 'review', heldOn: '2026-09-10', due: 30, present: 19, yes: 18 }));
    assert.deepEqual(
      r.flags.map((f: { flag: string }) => f.flag),
      ['reviewQuorum'],
    );
    assert.match(r.flags[0].message, /党员大会到会不足 2\/3：应到 30 人，实到 19 人/);
    assert.equal(r.flags[0].rule.tag, 'S');
    assert.equal(r.steps.at(-1).passed, true);
  });

  test('a representatives’ meeting short of 2/3 is refused with the article and nothing is written', async () => {
    const before = await stepCount();
    const short = await step(caseId, {
      step: 'resolution',
      heldOn: '2026-09-20',
      body: 'representatives',
      due: 30,
      present: 19,
      yes: 19,
    });
    assert.equal(short.statusCode, 422, short.body);
    const e = short.json().error;
    assert.match(e.message, /村民代表会议须有 2\/3 以上的组成人员参加方可召开：应到 30 人，实到 19 人/);
    assert.match(e.message, /村民委员会组织法（2018年修正）第二十六条〔C〕/);
    assert.equal(e.details.field, 'body.present');
    assert.equal(e.details.rule.article, '第二十六条');
    assert.equal(e.key, 'err.village.representativeQuorum');
    assert.equal(await stepCount(), before);
    const d = ok(
      await step(caseId, {
        step: 'resolution',
        heldOn: '2026-09-20',
        body: 'representatives',
        due: 30,
        present: 20,
        yes: 10,
        no: 10,
      }),
    );
    assert.equal(d.steps.at(-1).passed, false);
    assert.equal(d.state, 'rejected');
  });

  test('the last step is corrected by a new row with a reason; a step is not recorded twice', async () => {
    const twice = await step(caseId, {
      step: 'resolution',
      heldOn: '2026-09-20',
      body: 'representatives',
      due: 30,
      present: 20,
      yes: 16,
    });
    assert.equal(twice.statusCode, 409, twice.body);
    const noReason = await step(caseId, {
      step: 'resolution',
      heldOn: '2026-09-20',
      body: 'representatives',
      due: 30,
      present: 20,
      yes: 16,
      correction: true,
    });
    assert.equal(noReason.statusCode, 400, noReason.body);
    const notLast = await step(caseId, {
      step: 'review',
      heldOn: '2026-09-10',
      due: 30,
      present: 19,
      yes: 18,
      correction: true,
      reason: 'x',
    });
    assert.equal(notLast.statusCode, 422, notLast.body);
    const d = ok(
      await step(caseId, {
        step: 'resolution',
        heldOn: '2026-09-20',
        body: 'representatives',
        due: 30,
        present: 20,
        yes: 16,
        no: 4,
        correction: true,
        reason: '赞成票数录入有误，以会议记录为准',
      }),
    );
    assert.deepEqual(
      [d.state, d.decidedOn, d.steps.at(-1).corrections, d.steps.at(-1).passed],
      ['open', '2026-09-20', 1, true],
    );
    assert.equal(d.next, 'disclosure');
  });

  test('the disclosure after the period is late (flagged); the result closes the case; nothing follows', async () => {
    const d = ok(
      await step(caseId, { step: 'disclosure', heldOn: '2026-09-30', form: '村务公开栏', minutes: '决议内容公开' }),
    );
    assert.equal(d.late, true);
    assert.deepEqual(
      d.flags.map((f: { flag: string }) => f.flag),
      ['reviewQuorum', 'lateDisclosure'],
    );
    assert.match(d.flags[1].message, /应于 2026-09-27 前公开（7 日内），公开日期：2026-09-30/);
    const done = ok(await step(caseId, { step: 'result', heldOn: '2026-11-30', minutes: '延包合同签订完毕' }));
    assert.equal(done.state, 'done');
    const after = await step(caseId, { step: 'result', heldOn: '2026-12-01', correction: false });
    assert.equal(after.statusCode, 409, after.body);
  });

  test('evidence files on a step: listed with the step, downloaded in scope, never from another subtree', async () => {
    const d = ok(await send(village, 'GET', `/api/village-decisions/${caseId}`));
    const stepId = d.steps.find((s: { step: string }) => s.step === 'disclosure').id;
    const body = multipartBody({}, [{ field: 'files', filename: '公开栏.png', data: PNG }]);
    const res = await app.inject({
      method: 'POST',
      url: `/api/village-decisions/${caseId}/steps/${stepId}/files`,
      headers: { ...body.headers, cookie: village },
      payload: body.payload,
    });
    const withFile = ok(res);
    const files = withFile.steps.find((s: { step: string }) => s.step === 'disclosure').files;
    assert.deepEqual(
      files.map((f: { filename: string; mime: string }) => [f.filename, f.mime]),
      [['公开栏.png', 'image/png']],
    );
    const dl = await send(town, 'GET', `/api/village-decisions/${caseId}/files/${files[0].id}`);
    assert.equal(dl.statusCode, 200);
    assert.deepEqual(dl.rawPayload, PNG);
    assert.equal((await send(other, 'GET', `/api/village-decisions/${caseId}/files/${files[0].id}`)).statusCode, 404);
    assert.equal((await send(other, 'GET', `/api/village-decisions/${caseId}`)).statusCode, 404);
  });

  test('the assembly: 9 days’ notice is refused (第二十一条), 10 is enough; the quorum by households', async () => {
    const c = ok(
      await send(village, 'POST', '/api/village-decisions', {
        orgId: fx.orgs.a1a.id,
        kind: 'homestead',
        matter: '宅基地使用方案',
      }),
      201,
    );
    ok(await step(c.id, { step: 'proposal', heldOn: '2026-10-01' }));
    ok(await step(c.id, { step: 'deliberation', heldOn: '2026-10-02' }));
    ok(await step(c.id, { step: 'review', heldOn: '2026-10-05', due: 30, present: 28, yes: 27 }));
    const assembly = {
      step: 'resolution',
      heldOn: '2026-10-20',
      body: 'assembly',
      households: 300,
      present: 210,
      yes: 150,
    };
    const nine = await step(c.id, { ...assembly, noticeOn: '2026-10-11', householdsPresent: 200 });
    assert.equal(nine.statusCode, 422, nine.body);
    assert.match(nine.json().error.message, /提前 10 天通知村民：2026-10-11 通知、2026-10-20 召开.*第二十一条/);
    const noBase = await step(c.id, { ...assembly, households: undefined, noticeOn: '2026-10-10' });
    assert.equal(noBase.statusCode, 400, noBase.body);
    const short = await step(c.id, { ...assembly, noticeOn: '2026-10-10', householdsPresent: 199 });
    assert.equal(short.statusCode, 422, short.body);
    assert.match(short.json().error.message, /第二十二条/);
    const d = ok(await step(c.id, { ...assembly, noticeOn: '2026-10-10', householdsPresent: 200 }));
    assert.deepEqual([d.state, d.decidedOn, d.late], ['open', '2026-10-20', true]);
    // A 第二十四条 matter cannot skip its resolution; another major matter may.
    const land = ok(
      await send(village, 'POST', '/api/village-decisions', {
        orgId: fx.orgs.a1a.id,
        kind: 'collectiveIncome',
        matter: '集体收益分配',
      }),
      201,
    );
    ok(await step(land.id, { step: 'proposal', heldOn: '2026-11-01' }));
    const skip = ok(await step(land.id, { step: 'review', heldOn: '2026-11-05', due: 30, present: 25, yes: 20 }));
    assert.deepEqual(
      skip.flags.map((f: { flag: string }) => f.flag),
      ['skipped'],
    );
    const noResolution = await step(land.id, { step: 'disclosure', heldOn: '2026-11-06' });
    assert.equal(noResolution.statusCode, 422, noResolution.body);
    assert.match(noResolution.json().error.message, /第二十四条/);
    const road = ok(
      await send(village, 'POST', '/api/village-decisions', {
        orgId: fx.orgs.a1a.id,
        kind: 'otherMajor',
        matter: '村内道路命名',
      }),
      201,
    );
    ok(await step(road.id, { step: 'proposal', heldOn: '2026-12-01', mergeDeliberation: true }));
    ok(await step(road.id, { step: 'review', heldOn: '2026-12-03', due: 30, present: 25, yes: 20 }));
    const disclosed = ok(await step(road.id, { step: 'disclosure', heldOn: '2026-12-04' }));
    assert.deepEqual([disclosed.flags, disclosed.late, disclosed.decidedOn], [[], false, '2026-12-03']);
  });

  test('the town sees every village’s cases, filters the flagged and late ones, counts per village, exports .xlsx', async () => {
    const second = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `V2-${Date.now()}`,
      name: '甲一二村党支部',
      type: 'branch',
    });
    await sql`update org set unit_level = 'village' where id = ${second.id}`.execute(ctx.database.db);
    const townAdmin = await loginAs(app, fx.users.aAdmin.username);
    const c2 = ok(
      await send(townAdmin, 'POST', '/api/village-decisions', {
        orgId: second.id,
        kind: 'publicWorks',
        matter: '修建村道',
      }),
      201,
    );
    assert.equal(c2.village.secretaryName, null);
    const list = ok(await send(town, 'GET', `/api/village-decisions?orgId=${fx.orgs.a1.id}`));
    assert.equal(list.isVillage, false);
    assert.equal(list.canRecord, false);
    assert.equal(list.items.length, 5);
    assert.deepEqual(list.counts, { total: 5, open: 4, done: 1, rejected: 0, flagged: 3, late: 2 });
    assert.equal(list.disclosureDays, 7);
    assert.equal(list.kinds.at(-1).code, 'otherMajor');
    const first = list.items.find((x: { id: number }) => x.id === caseId);
    assert.deepEqual(first.stepDays, {
      proposal: '2026-09-01',
      deliberation: '2026-09-01',
      review: '2026-09-10',
      resolution: '2026-09-20',
      disclosure: '2026-09-30',
      result: '2026-11-30',
    });
    const late = ok(await send(town, 'GET', `/api/village-decisions?orgId=${fx.orgs.a1.id}&late=true`));
    assert.equal(late.items.length, 2);
    const flagged = ok(
      await send(town, 'GET', `/api/village-decisions?orgId=${fx.orgs.a1.id}&flagged=true&state=open`),
    );
    assert.deepEqual(flagged.items.map((x: { matter: string }) => x.matter).sort(), ['宅基地使用方案', '集体收益分配']);
    const counts = ok(await send(town, 'GET', `/api/village-decisions/counts?orgId=${fx.orgs.a1.id}&year=2026`));
    assert.deepEqual(
      counts.byOrg.map((o: { orgId: number; total: number; late: number }) => [o.orgId, o.total, o.late]),
      [
        [fx.orgs.a1a.id, 4, 2],
        [second.id, 1, 0],
      ],
    );
    assert.equal(
      ok(await send(town, 'GET', `/api/village-decisions/counts?orgId=${fx.orgs.a1.id}&year=2025`)).totals.total,
      0,
    );
    const mine = ok(await send(member, 'GET', `/api/village-decisions?orgId=${fx.orgs.a1a.id}`));
    assert.equal(mine.items.length, 4);
    assert.equal(mine.canRecord, false);
    assert.equal((await send(other, 'GET', `/api/village-decisions?orgId=${fx.orgs.a1.id}`)).statusCode, 404);
    // The service function supervision and assessment read (the whole tree's scope).
    const root = await ctx.database.db
      .selectFrom('org')
      .select(sql<string>`path::text`.as('path'))
      .where('id', '=', fx.orgs.root.id)
      .executeTakeFirstOrThrow();
    const all = await countVillageCases(
      ctx.database.db,
      {
        userId: 0,
        username: 'system',
        displayName: '系统',
        role: 'sysadmin',
        orgId: fx.orgs.root.id,
        orgPath: root.path,
        personId: null,
      },
      root.path,
      '2026-12-10',
    );
    assert.equal(all.totals.total, 5);

    const x = await send(town, 'GET', `/api/village-decisions/export?orgId=${fx.orgs.a1.id}&late=true`);
    assert.equal(x.statusCode, 200, x.body);
    assert.match(String(x.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.match(ws.getCell(1, 1).text, /甲一镇党委“四议两公开”事项台账/);
    assert.deepEqual((ws.getRow(2).values as unknown[]).slice(1), [
      '序号',
      '村（社区）',
      '事项',
      '类别',
      '党组织提议',
      '两委会议商议',
      '党员大会审议',
      '村民会议或村民代表会议决议',
      '决议公开',
      '实施结果公开',
      '状态',
      '标记',
    ]);
    const rows = [3, 4].map((n) => (ws.getRow(n).values as unknown[]).slice(1));
    const land = rows.find((r) => r[2] === '二轮土地承包延包方案')!;
    assert.deepEqual(land, [
      land[0],
      '甲一村党支部',
      '二轮土地承包延包方案',
      '土地承包经营方案',
      '2026-09-01',
      '2026-09-01',
      '2026-09-10',
      '2026-09-20',
      '2026-09-30',
      '2026-11-30',
      '已完成',
      '党员大会到会不足；决议公开逾期',
    ]);
  });
  test('the assessment reads 决议公开按时率 from the cases: due in the year by the cut-off, disclosed by the due day', async () => {
    const list = ok(await send(town, 'GET', `/api/village-decisions?orgId=${fx.orgs.a1a.id}`)).items as {
      disclosureDueOn: string | null;
      disclosedOn: string | null;
    }[];
    const expected = (cutoff: string) => {
      const due = list.filter(
        (c) => c.disclosureDueOn && c.disclosureDueOn >= '2026-01-01' && c.disclosureDueOn <= cutoff,
      );
      return [due.length, due.filter((c) => c.disclosedOn && c.disclosedOn <= c.disclosureDueOn!).length];
    };
    const read = async (cutoff: string) => {
      const m = await readMeasures(
        makeCtx(ctx.database.db, clock, fx.users.admin as never, Buffer.alloc(32)),
        ['village.disclosedOnTimeRate'],
        [fx.orgs.a1a.id, fx.orgs.b1a.id],
        2026,
        cutoff,
      );
      const v = m.get(fx.orgs.a1a.id)!.get('village.disclosedOnTimeRate')!;
      assert.equal(m.get(fx.orgs.b1a.id)!.get('village.disclosedOnTimeRate')!.rate, null, 'no case, nothing due');
      return [v.due, v.met] as [number, number];
    };
    const [due, met] = await read('2026-12-10');
    assert.ok(due >= 1 && met < due, `the late disclosure counts against it (${met}/${due})`);
    assert.deepEqual([due, met], expected('2026-12-10'));
    assert.deepEqual(await read('2026-06-30'), expected('2026-06-30'));
  });
});
