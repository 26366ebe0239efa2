import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MB } from '../../../domain/files/limits.ts';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../../test/factories.ts';
import { writeZip } from '../../test/zip-writer.ts';

const ROW = '<row><c t="inlineStr"><is><t>张海生</t></is></c></row>';

/** An .xlsx-shaped zip whose one sheet expands to `mb` MB (a few hundred KB on the wire). */
function xlsxBomb(mb: number, declaredSize?: number): Buffer {
  const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${ROW.repeat(
    Math.ceil((mb * MB) / ROW.length),
  )}</sheetData></worksheet>`;
  return writeZip([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet), ...(declaredSize ? { declaredSize } : {}) },
  ]);
}

/** A workbook the streaming reader places (workbook, relationships, one sheet) whose sheet expands to `mb` MB. */
function placedXlsx(mb: number, declaredSize?: number): Buffer {
  const rows: string[] = [];
  for (let r = 1, bytes = 0; bytes < mb * MB; r++) {
    rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>张海生</t></is></c></row>`);
    bytes += rows[rows.length - 1]!.length;
  }
  const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const ns = 'http://schemas.openxmlformats.org';
  return writeZip([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        `<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet), ...(declaredSize ? { declaredSize } : {}) },
  ]);
}

describeOnEngines('roster import: an .xlsx is held to the zip limits before ExcelJS reads it', (ctx) => {
  let app: App;
  let fx: Fixture;
  let aAdmin: string;
  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
    aAdmin = await loginAs(app, fx.users.aAdmin.username);
  });
  after(() => app.close());

  const people = async () =>
    (await ctx.database.db
      .selectFrom('person')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirst())!.n;
  const upload = (data: Buffer) => {
    const body = multipartBody({}, [{ field: 'file', filename: '花名册.xlsx', data }]);
    return app.inject({
      method: 'POST',
      url: `/api/members/import?orgId=${fx.orgs.a.id}&commit=true`,
      headers: { cookie: aAdmin, ...body.headers },
      payload: body.payload,
    });
  };

  test('a sheet expanding beyond 50 MB is refused with 413 in Chinese, nothing imported', async () => {
    const bomb = xlsxBomb(60);
    assert.ok(bomb.length < MB, `the bomb is ${bomb.length} bytes`);
    const before = await people();
    const res = await upload(bomb);
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().error.message, '花名册文件中的单个部件解压后超过 50 MB 的上限');
    assert.equal(await people(), before);
  });

  test('a sheet whose central directory understates its size is refused, nothing imported', async () => {
    const before = await people();
    const res = await upload(xlsxBomb(2, 1000));
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().error.code, 'IMPORT_INVALID');
    assert.match(res.json().error.details.errors[0].message, /不是 Excel 表格/);
    assert.equal(await people(), before);
  });

  test('a workbook the reader places, whose sheet understates its size, is refused as it is read', async () => {
    // The guard checks only the central directory before the streaming reader, which inflates the sheet itself and
    // fails it past its declared size. Told apart from the same workbook declared honestly: that one is read (and
    // has no table of members), this one is not a spreadsheet.
    const before = await people();
    const honest = await upload(placedXlsx(2));
    assert.equal(honest.statusCode, 422, honest.body);
    assert.doesNotMatch(honest.json().error.details.errors[0].message, /不是 Excel 表格/);
    const liar = await upload(placedXlsx(2, 1000));
    assert.equal(liar.statusCode, 422, liar.body);
    assert.equal(liar.json().error.code, 'IMPORT_INVALID');
    assert.match(liar.json().error.details.errors[0].message, /不是 Excel 表格/);
    assert.equal(await people(), before);
  });
});
