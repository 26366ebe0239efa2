import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs } from '../../test/factories.ts';

/**
 * Approvers as roles on the tree through the API (发展党员工作细则; ../shared/domain-rules.md §2): the authority to
 * approve is granted and withdrawn from above, never to a village, community or temporary organisation; the
 * approving steps of a case are decided by the nearest base committee holding it (or one named), refused for one
 * without it or excluded, and an organisation outside the branch's line above is not found.
 */
describeOnEngines('member development: approvers as roles on the tree', (ctx) => {
  let app: App;
  let fx: Fixture;
  let admin: string;
  let district: string;
  let secretary: string;
  const clock = new Date('2025-06-16T02:00:00Z');

  const send = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { cookie } });
  const step = (cookie: string, caseId: number, kind: string, on: string, extra: object = {}) =>
    send(cookie, 'POST', `/api/development/cases/${caseId}/steps`, {
      kind,
      on,
      document: '会议记录',
      decider: '支部委员会',
      ...extra,
    });

  /** A candidate opened partway, walked up to the step before the pre-review. */
  async function candidateCase(cookie: string, orgRef: Parameters<typeof insertPerson>[1], name: string) {
    const person = await insertPerson(ctx.database, orgRef, { name, status: 'candidate', birthDate: '1998-04-01' });
    const res = await send(cookie, 'POST', '/api/development/cases/backfill', {
      personId: person,
      stage: 'candidate',
      activistOn: '2024-03-01',
      candidateOn: '2025-03-05',
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as number;
    const extra: Record<string, object> = {
      sponsors: { sponsors: ['张三', '李四'] },
      political_review: { passed: true },
      training: { trainingDays: 3 },
      public_notice: { noticeFrom: '2025-06-09', noticeTo: '2025-06-13' },
    };
    for (const kind of [
      'candidate_filed',
      'sponsors',
      'political_review',
      'training',
      'public_notice',
      'committee_review',
    ]) {
      const on = ['public_notice', 'committee_review'].includes(kind) ? '2025-06-16' : '2025-06-01';
      const r = await step(cookie, id, kind, on, extra[kind] ?? {});
      assert.equal(r.statusCode, 200, `${kind}: ${r.body}`);
    }
    return id;
  }

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => clock });
    admin = await loginAs(app, fx.users.admin.username);
    district = await loginAs(app, fx.users.aAdmin.username);
    secretary = await loginAs(app, fx.users.aSecretary.username);
  });
  after(() => app.close());

  test('the authority is granted and withdrawn from above, never by the organisation itself', async () => {
    const own = await send(district, 'PATCH', `/api/orgs/${fx.orgs.a.id}`, { approvalAuthority: true });
    assert.equal(own.statusCode, 403, own.body);
    assert.equal(own.json().error.key, 'err.org.authorityFromAbove');
    const granted = await send(admin, 'PATCH', `/api/orgs/${fx.orgs.a.id}`, { approvalAuthority: true });
    assert.equal(granted.statusCode, 200, granted.body);
    const withdrawn = await send(district, 'PATCH', `/api/orgs/${fx.orgs.a1.id}`, { approvalAuthority: false });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    const detail = (await send(district, 'GET', `/api/orgs/${fx.orgs.a1.id}`)).json();
    assert.equal(detail.approvalAuthority, false);
    assert.equal((await send(district, 'GET', `/api/orgs/${fx.orgs.a.id}`)).json().approvalAuthority, true);
  });

  test('a village, community or temporary organisation never holds it; nor a branch', async () => {
    const village = await send(district, 'POST', '/api/orgs', {
      parentId: fx.orgs.a1.id,
      name: '甲一新村党委',
      type: 'committee',
      field: 'rural',
      unitLevel: 'village',
      approvalAuthority: true,
    });
    assert.equal(village.statusCode, 422, village.body);
    assert.equal(village.json().error.key, 'err.development.approverGrantExcluded');
    assert.match(village.json().error.message, /村级党组织/);
    const made = await send(district, 'POST', '/api/orgs', {
      parentId: fx.orgs.a1.id,
      name: '甲一新村党委',
      type: 'committee',
      field: 'rural',
      unitLevel: 'village',
    });
    assert.equal(made.statusCode, 201, made.body);
    const later = await send(district, 'PATCH', `/api/orgs/${made.json().id}`, { approvalAuthority: true });
    assert.equal(later.json().error.key, 'err.development.approverGrantExcluded');
    const temporary = await send(admin, 'PATCH', `/api/orgs/${fx.orgs.a.id}`, { temporary: true });
    assert.equal(temporary.statusCode, 422, temporary.body);
    const branch = await send(district, 'PATCH', `/api/orgs/${fx.orgs.a1a.id}`, { approvalAuthority: true });
    assert.equal(branch.json().error.key, 'err.development.approverGrantType');
    const unchanged = (await send(admin, 'GET', `/api/orgs/${fx.orgs.a.id}`)).json();
    assert.equal(unchanged.temporary, false);
  });

  test('the approving steps go to the nearest committee holding the authority, or the one named', async () => {
    const id = await candidateCase(secretary, fx.orgs.a1a, '周审批');
    const detail = (await send(secretary, 'GET', `/api/development/cases/${id}`)).json();
    assert.deepEqual(
      detail.approvers.approving.map((o: { name: string }) => o.name),
      ['甲区委'],
    );
    assert.deepEqual(
      detail.approvers.above.map((o: { name: string }) => o.name),
      ['甲一镇党委', '甲区委', '示范市委'],
    );
    const noAuthority = await step(secretary, id, 'pre_review', '2025-06-16', {
      leavingOn: null,
      deciderOrgId: fx.orgs.a1.id,
    });
    assert.equal(noAuthority.statusCode, 422, noAuthority.body);
    assert.equal(noAuthority.json().error.key, 'err.development.approverNoAuthority');
    assert.match(noAuthority.json().error.message, /甲一镇党委/);
    const sideways = await step(secretary, id, 'pre_review', '2025-06-16', {
      leavingOn: null,
      deciderOrgId: fx.orgs.b.id,
    });
    assert.equal(sideways.statusCode, 404, sideways.body);
    assert.equal(sideways.json().error.details.field, 'body.deciderOrgId');
    assert.doesNotMatch(sideways.body, /乙区委/);
    const ok = await step(secretary, id, 'pre_review', '2025-06-16', { leavingOn: null });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().steps.at(-1).deciderOrg, { id: fx.orgs.a.id, name: '甲区委' });
    const filed = await step(secretary, id, 'form', '2025-06-16');
    assert.equal(filed.statusCode, 200, filed.body);
    assert.equal(filed.json().steps.at(-1).deciderOrg, null);
  });

  test('a village committee above a branch cannot approve; with nobody holding it the step is refused', async () => {
    const village = await send(district, 'POST', '/api/orgs', {
      parentId: fx.orgs.a1.id,
      name: '甲一东村党委',
      type: 'committee',
      field: 'rural',
      unitLevel: 'village',
    });
    assert.equal(village.statusCode, 201, village.body);
    const vb = await send(district, 'POST', '/api/orgs', {
      parentId: village.json().id,
      name: '甲一东村第一党支部',
      type: 'branch',
      field: 'rural',
    });
    assert.equal(vb.statusCode, 201, vb.body);
    const branch = { id: vb.json().id as number, path: vb.json().path as string, code: vb.json().code, name: '' };
    const id = await candidateCase(district, branch, '吴村民');
    const excluded = await step(district, id, 'pre_review', '2025-06-16', {
      leavingOn: null,
      deciderOrgId: village.json().id,
    });
    assert.equal(excluded.statusCode, 422, excluded.body);
    assert.equal(excluded.json().error.key, 'err.development.approverExcluded');
    assert.match(excluded.json().error.message, /村、社区党组织和临时党组织不能审批发展党员/);

    const off = await send(admin, 'PATCH', `/api/orgs/${fx.orgs.a.id}`, { approvalAuthority: false });
    assert.equal(off.statusCode, 200, off.body);
    const none = await step(district, id, 'pre_review', '2025-06-16', { leavingOn: null });
    assert.equal(none.statusCode, 422, none.body);
    assert.equal(none.json().error.key, 'err.development.noApprover');
    const back = await send(admin, 'PATCH', `/api/orgs/${fx.orgs.a1.id}`, { approvalAuthority: true });
    assert.equal(back.statusCode, 200, back.body);
    const town = await step(district, id, 'pre_review', '2025-06-16', { leavingOn: null });
    assert.equal(town.statusCode, 200, town.body);
    assert.equal(town.json().steps.at(-1).deciderOrg.name, '甲一镇党委');
  });
});
