import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../../test/factories.ts';

/**
 * The meeting ledger import remembers the column mapping the user confirmed, as the roster's does: per organisation
 * and header shape, kept when an import with it is committed, applied to the next ledger of those columns (even ones
 * the importer cannot recognise by their names), marked 'remembered'; a mapping sent with the request wins.
 */
describeOnEngines('organisational life: the 会议台账 import remembers the mapping', (ctx) => {
  let app: App;
  let fx: Fixture;
  let secretary: string;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-04-02T02:00:00Z') });
    secretary = await loginAs(app, fx.users.aSecretary.username);
  });
  after(() => app.close());

  const HEADER = ['开会那天', '会议类型', '研究事项'];
  async function ledger(rows: (string | number)[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('台账').addRows([HEADER, ...rows]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const upload = (file: Buffer, commit: boolean, mapping?: Record<string, string | null>) => {
    const body = multipartBody(mapping ? { mapping: JSON.stringify(mapping) } : {}, [
      { field: 'file', filename: '会议台账.xlsx', data: file },
    ]);
    return app.inject({
      method: 'POST',
      url: `/api/meetings/import?orgId=${fx.orgs.a1a.id}&commit=${commit}`,
      headers: { ...body.headers, cookie: secretary },
      payload: body.payload,
    });
  };

  test('unknown columns: refused; with the mapping: imported and kept; the next ledger of those columns: remembered', async () => {
    const first = await ledger([['2026-01-08', '支委会', '研究年度工作']]);
    const unknown = await upload(first, false);
    assert.equal(unknown.statusCode, 422, unknown.body);
    assert.match(unknown.json().error.details.errors[0].message, /没有找到会议台账的表头/);

    const mapping = { 开会那天: 'date', 会议类型: 'kind', 研究事项: 'topic' };
    const given = await upload(first, true, mapping);
    assert.equal(given.statusCode, 200, given.body);
    assert.deepEqual([given.json().created, given.json().remembered], [1, false]);
    const kept = await ctx.database.db
      .selectFrom('import_mapping')
      .select(['list', 'mapping'])
      .where('org_id', '=', fx.orgs.a1a.id)
      .execute();
    assert.deepEqual(
      kept.map((k) => [k.list, k.mapping]),
      [['meetings', mapping]],
    );

    const next = await ledger([['2026-02-12', '党课', '学习党章']]);
    const again = await upload(next, true);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().remembered, true);
    assert.deepEqual(again.json().matchedBy, {
      开会那天: 'remembered',
      会议类型: 'remembered',
      研究事项: 'remembered',
    });
    assert.equal(again.json().created, 1);

    // A mapping sent with the request wins over the remembered one (here: the topic column ignored, so refused).
    const other = await upload(next, false, { 开会那天: 'date', 会议类型: 'kind', 研究事项: null });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.details.remembered, false);
  });
});
