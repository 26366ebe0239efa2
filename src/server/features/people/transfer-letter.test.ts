import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, insertUser, loginAs } from '../../test/factories.ts';

/**
 * Transfers (组织关系转接), the letter and who is told: the introduction letter of an outgoing transfer as a .docx by
 * the official-document writer, opened and read (number, member, both organisations, validity, date); the receiving
 * organisation's accounts told when a transfer into it starts, the sending one's when it is accepted or returned,
 * each notification naming the transfer.
 */
describeOnEngines('people: transfer letters and notifications', (ctx) => {
  let app: App;
  let fx: Fixture;
  let branch: string;
  let receiving: string;
  let district: string;
  let zhou = 0;
  let wu = 0;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-09-10T02:00:00Z') });
    branch = await loginAs(app, fx.users.aSecretary.username);
    district = await loginAs(app, fx.users.bAdmin.username);
    const user = await insertUser(ctx.database, `b1a-sec-${fx.orgs.b1a.id}`, 'secretary', fx.orgs.b1a);
    receiving = await loginAs(app, user.username);
    zhou = await insertPerson(ctx.database, fx.orgs.a1a, {
      name: '周建军',
      gender: 'male',
      birthDate: '1986-03-15',
      joinDate: '2012-06-30',
    });
    wu = await insertPerson(ctx.database, fx.orgs.a1a, { name: '吴丽', gender: 'female', birthDate: '1992-08-01' });
    // Dues paid through July: the letter says so.
    assert.equal(
      (await post(branch, '/api/dues/bases', { personId: zhou, fromMonth: '2026-07', category: 'minimal' })).statusCode,
      200,
    );
    assert.equal(
      (await post(branch, '/api/dues/payments', { personId: zhou, months: ['2026-07'], paidOn: '2026-07-05' }))
        .statusCode,
      200,
    );
  });
  after(() => app.close());

  const post = (cookie: string, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: { cookie }, payload });
  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const inbox = async (cookie: string) =>
    (await get(cookie, '/api/notifications?limit=50')).json().items as {
      kind: string;
      title: string;
      body: string;
      transferId: number | null;
      titleMsg: { key: string } | null;
    }[];

  /** The text of a .docx: every w:t of word/document.xml, in order. */
  function docxText(data: Buffer): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'letter-'));
    try {
      const file = path.join(dir, 'letter.docx');
      fs.writeFileSync(file, data);
      const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('starting a transfer into a platform branch tells that branch, naming the transfer; the sender is not told', async () => {
    const res = await post(branch, '/api/transfers', {
      personId: zhou,
      kind: 'internal',
      toOrgCode: fx.orgs.b1a.code,
      reason: '工作调动',
      letterNo: '甲组转〔2026〕7号',
    });
    assert.equal(res.statusCode, 201, res.body);
    const t = res.json();
    const told = (await inbox(receiving)).filter((n) => n.kind === 'transfer');
    assert.equal(told.length, 1);
    assert.equal(told[0]!.transferId, t.id);
    assert.equal(told[0]!.title, '组织关系转入：周建军（由甲一村党支部转来），请办理接收');
    assert.equal(told[0]!.body, '说明：工作调动');
    assert.equal(told[0]!.titleMsg?.key, 'notice.transfer.incoming');
    assert.equal((await inbox(branch)).filter((n) => n.kind === 'transfer').length, 0);
    // The district above is another organisation: notifications go to the receiving branch's own accounts.
    assert.equal((await inbox(district)).filter((n) => n.kind === 'transfer').length, 0);

    const accepted = await post(receiving, `/api/transfers/${t.id}/events`, { event: 'accept', note: '已接收' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const back = (await inbox(branch)).filter((n) => n.kind === 'transfer');
    assert.deepEqual(
      back.map((n) => [n.title, n.body, n.transferId]),
      [['组织关系转接已接收：周建军已转入乙一村党支部', '说明：已接收', t.id]],
    );
  });

  test('a transfer returned tells the sending branch; one out of the platform tells no one', async () => {
    const res = await post(branch, '/api/transfers', {
      personId: wu,
      kind: 'internal',
      toOrgCode: fx.orgs.b1a.code,
      reason: '随迁',
    });
    assert.equal(res.statusCode, 201, res.body);
    const returned = await post(receiving, `/api/transfers/${res.json().id}/events`, { event: 'reject' });
    assert.equal(returned.statusCode, 200, returned.body);
    const back = (await inbox(branch)).filter((n) => n.kind === 'transfer' && n.transferId === res.json().id);
    assert.deepEqual(
      back.map((n) => n.title),
      ['组织关系转接被退回：吴丽（乙一村党支部退回）'],
    );
    const before = (await inbox(branch)).length;
    const out = await post(branch, '/api/transfers', {
      personId: wu,
      kind: 'out',
      outsideOrg: '浙江省杭州市某街道某社区党支部',
      letterNo: '甲组转〔2026〕9号',
      reason: '户籍迁出',
      crossProvince: true,
    });
    assert.equal(out.statusCode, 201, out.body);
    assert.equal((await inbox(branch)).length, before);
  });

  test('the introduction letter: a .docx with the number, member, organisations, validity and date', async () => {
    const list = (await get(branch, `/api/transfers?orgId=${fx.orgs.a1a.id}`)).json() as {
      id: number;
      kind: string;
      personName: string;
    }[];
    const internal = list.find((x) => x.personName === '周建军')!;
    const res = await get(branch, `/api/transfers/${internal.id}/letter?format=docx`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /wordprocessingml/);
    assert.match(String(res.headers['content-disposition']), /attachment/);
    const text = docxText(res.rawPayload);
    for (const part of [
      '甲组转〔2026〕7号',
      '中国共产党党员组织关系介绍信',
      '乙一村党支部：',
      '周建军同志（男，40岁，汉族），系中共正式党员',
      '由甲一村党支部转到乙一村党支部，请转接组织关系',
      '党费已交到2026年7月',
      '本介绍信有效期3个月，至2026年12月10日止',
      '2026年9月10日',
    ]) {
      assert.ok(text.includes(part), `the letter says “${part}”: ${text}`);
    }
    // The receiving side may print it too; across provinces the letter is valid six months.
    assert.equal((await get(receiving, `/api/transfers/${internal.id}/letter`)).statusCode, 200);
    const out = list.find((x) => x.kind === 'out')!;
    const far = docxText((await get(branch, `/api/transfers/${out.id}/letter?format=docx`)).rawPayload);
    assert.ok(far.includes('浙江省杭州市某街道某社区党支部：'), far);
    assert.ok(far.includes('本介绍信有效期6个月，至2027年3月10日止'), far);
    assert.ok(far.includes('党费交纳情况未登记'), far);
    // Outside both ends: not found.
    const stranger = await loginAs(app, fx.users.aMember.username);
    assert.ok([403, 404].includes((await get(stranger, `/api/transfers/${out.id}/letter`)).statusCode));
  });
});
