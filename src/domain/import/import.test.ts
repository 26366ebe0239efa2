import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkDigitOf } from '../people/id-number.ts';
import type { CellValue, Grid, GridCell, MergeRange } from './grid.ts';
import { importGrids } from './importer.ts';
import { type ListSpec, normalizeHeader } from './list-spec.ts';
import { proposeMapping } from './mapping.ts';
import { findTable } from './table.ts';
import { readChoice, readDate, readDateOrMonth, readIdNumber, upgradeIdNumber15 } from './values.ts';

/** The spreadsheet importer on grids built by hand: every class of trouble, with the expected outcome. */

const TODAY = '2026-12-06';

type F = 'seq' | 'name' | 'gender' | 'birthDate' | 'idNumber' | 'status' | 'joinDate' | 'fullDate' | 'phone' | 'unit';
const SPEC: ListSpec<F> = {
  name: '党员花名册',
  keyField: 'name',
  fields: [
    { field: 'seq', header: '序号', kind: 'seq', required: false, aliases: [] },
    { field: 'name', header: '姓名', kind: 'personName', required: true, aliases: ['党员姓名'] },
    { field: 'gender', header: '性别', kind: 'choice', required: false, aliases: [] },
    { field: 'birthDate', header: '出生日期', kind: 'dateOrMonth', required: false, aliases: ['出生年月'] },
    { field: 'idNumber', header: '身份证号', kind: 'idNumber', required: false, aliases: ['公民身份号码'] },
    { field: 'status', header: '人员类别', kind: 'choice', required: true, aliases: ['党员类型'] },
    { field: 'joinDate', header: '入党日期', kind: 'date', required: false, aliases: ['入党时间'] },
    { field: 'fullDate', header: '转正日期', kind: 'date', required: false, aliases: ['转正时间'] },
    { field: 'phone', header: '联系电话', kind: 'phone', required: false, aliases: ['手机号码'] },
    { field: 'unit', header: '所在党组织', kind: 'text', required: false, aliases: [] },
  ],
};

function id(birth: string, seq = '123'): string {
  const first17 = `339901${birth.replaceAll('-', '')}${seq}`;
  return first17 + checkDigitOf(first17);
}

/** A grid from rows of plain values (null = empty), merges as A1-style ranges. */
function grid(rows: CellValue[][], merges: string[] = [], name = '花名册', hidden = false): Grid {
  const decode = (a: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a) as RegExpExecArray;
    let col = 0;
    for (const ch of m[1] as string) col = col * 26 + ch.charCodeAt(0) - 64;
    return { row: Number(m[2]), col };
  };
  const ranges: MergeRange[] = merges.map((r) => {
    const [a, b] = r.split(':') as [string, string];
    const tl = decode(a);
    const br = decode(b);
    return { top: tl.row, left: tl.col, bottom: br.row, right: br.col };
  });
  return {
    name,
    hidden,
    merges: ranges,
    rows: rows.map((row) => row.map((v): GridCell | null => (v === null ? null : { value: v }))),
  };
}

describe('finding the table', () => {
  test('the header below a title and form fields; the data ends at the signature block', () => {
    const g = grid(
      [
        ['中共某某村支部委员会党员花名册'],
        ['填报单位：某某村党支部', null, null, '填报日期：2026年11月30日'],
        ['序号', '姓名', '性别', '人员类别'],
        [1, '陈刚', '男', '正式党员'],
        [2, '林静', '女', '预备党员'],
        [],
        ['填表人：张三', null, '审核人：李四（盖章）'],
        ['2026年11月30日'],
      ],
      ['A1:D1'],
    );
    const t = findTable(g, SPEC);
    assert.deepEqual(
      t && { top: t.headerTop, bottom: t.headerBottom, data: [t.dataTop, t.dataBottom], sig: t.signatureRow },
      { top: 3, bottom: 3, data: [4, 6], sig: 7 },
    );
  });

  test('a two-row header: cells merged down, a group merged across with its columns below', () => {
    const g = grid(
      [
        ['党员基本情况'],
        ['序号', '姓名', '出生年月\n(格式:1980.01)', '党籍信息', null, null, '联系方式'],
        [null, null, null, '入党时间\n（YYYY-MM-DD）', '转正时间', '人员类别', '联系电话'],
        [1, '陈刚', '1979.09', '2005-07-01', '2006-07-01', '正式党员', '13800000001'],
      ],
      ['A1:G1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:F2'],
    );
    const t = findTable(g, SPEC);
    assert.ok(t);
    assert.deepEqual([t.headerTop, t.headerBottom, t.dataTop], [2, 3, 4]);
    assert.deepEqual(
      t.columns.map((c) => [c.col, normalizeHeader(c.header), c.group]),
      [
        [1, '序号', null],
        [2, '姓名', null],
        [3, '出生年月', null],
        [4, '入党时间', '党籍信息'],
        [5, '转正时间', '党籍信息'],
        [6, '人员类别', '党籍信息'],
        [7, '联系电话', null],
      ],
    );
  });

  test('no header among the first rows: no table', () => {
    assert.equal(
      findTable(
        grid([
          ['甲', '乙'],
          ['张三', '正式党员'],
        ]),
        SPEC,
      ),
      null,
    );
  });
});

describe('proposing the mapping', () => {
  const cols = (headers: string[]) => headers.map((header, i) => ({ col: i + 1, header, group: null }));

  test('by template name, alias and a name that contains one; unknown columns map to nothing', () => {
    const { mapping, matchedBy } = proposeMapping(
      SPEC,
      cols(['党员姓名', '性 别', '公民身份号码', '本人手机号码', '工作单位及职务', '党员类型']),
      new Map(),
      TODAY,
    );
    assert.deepEqual([...mapping.values()], ['name', 'gender', 'idNumber', 'phone', null, 'status']);
    assert.deepEqual([...matchedBy.values()], ['alias', 'header', 'alias', 'contains', 'none', 'alias']);
  });

  test('an ID number column by its values, whatever its header; a phone column likewise', () => {
    const { mapping, matchedBy } = proposeMapping(
      SPEC,
      cols(['姓名', '证件号', '号码']),
      new Map<number, CellValue[]>([
        [2, [id('1979-09-19'), id('1985-01-02', '246'), '']],
        [3, ['13800000001', '13900000002']],
      ]),
      TODAY,
    );
    assert.deepEqual([...mapping.values()], ['name', 'idNumber', 'phone']);
    assert.equal(matchedBy.get(2), 'values');
  });

  test('a field named twice goes to the first column', () => {
    const { mapping } = proposeMapping(SPEC, cols(['姓名', '人员类别', '姓名']), new Map(), TODAY);
    assert.deepEqual([...mapping.values()], ['name', 'status', null]);
  });
});

describe('reading cells', () => {
  const c = (value: CellValue, numFmt?: string): GridCell => (numFmt ? { value, numFmt } : { value });
  test('dates in every encoding real files hold', () => {
    const cases: [GridCell, string][] = [
      [c(new Date(Date.UTC(1980, 2, 1))), '1980-03-01'],
      [c('1980.3.1'), '1980-03-01'],
      [c('1980-03-01'), '1980-03-01'],
      [c('1980年3月1日'), '1980-03-01'],
      [c('1980/3/1'), '1980-03-01'],
      [c(19800301), '1980-03-01'],
      [c(20160801, 'yyyy-mm-dd'), '2016-08-01'],
      [c(29281, 'yyyy/m/d'), '1980-03-01'],
      [c(29281), '1980-03-01'],
      [c("'1980-03-01"), '1980-03-01'],
    ];
    for (const [cell, iso] of cases) assert.deepEqual(readDate(cell), { ok: true, value: iso }, JSON.stringify(cell));
  });

  test('a year and month alone: a month where allowed, flagged where a full date is needed', () => {
    const months: [GridCell, string][] = [
      [c('1980.3'), '1980-03'],
      [c(198003), '1980-03'],
      [c('1998-02'), '1998-02'],
      [c('1980年3月'), '1980-03'],
      [c(1980.12), '1980-12'],
    ];
    for (const [cell, ym] of months) {
      assert.deepEqual(readDateOrMonth(cell), { ok: true, value: { month: ym } }, JSON.stringify(cell));
      const full = readDate(cell);
      assert.ok(!full.ok && full.msg.key === 'err.imp.date.monthOnly', JSON.stringify(cell));
    }
    const ambiguous = readDateOrMonth(c(1980.1));
    assert.ok(!ambiguous.ok && ambiguous.msg.key === 'err.imp.date.monthAmbiguous');
  });

  test('dates that are not dates: the day after the last of the month, leap years, text', () => {
    assert.deepEqual(readDate(c('2024-02-29')), { ok: true, value: '2024-02-29' });
    for (const bad of ['2023-02-29', '1980-13-01', '去年七月', '1980.3.32']) {
      const r = readDate(c(bad));
      assert.ok(!r.ok && r.msg.key === 'err.imp.date.invalid', bad);
    }
    assert.deepEqual(readDate(null), { ok: true, value: null });
  });

  test('ID numbers: text as written, 15 digits upgraded, an 18-digit number refused', () => {
    const full = id('1979-09-19');
    assert.deepEqual(readIdNumber(c(` ${full.toLowerCase()} `)), { ok: true, value: full.toUpperCase() });
    assert.equal(upgradeIdNumber15('339901790919123'), id('1979-09-19'));
    assert.deepEqual(readIdNumber(c(339901790919123)), { ok: true, value: id('1979-09-19') });
    assert.deepEqual(readIdNumber(c('339901790919123')), { ok: true, value: id('1979-09-19') });
    for (const lost of [c(339901197909191000), c('3.39901E+17')]) {
      const r = readIdNumber(lost);
      assert.ok(!r.ok && r.msg.key === 'err.imp.id.storedAsNumber');
    }
  });

  test('choices with a dropdown code in front', () => {
    const values = new Map([
      ['男', 'male'],
      ['女', 'female'],
      ['正式党员', 'full'],
    ]);
    for (const text of ['男', '1-男', '01 男', '[1]男', '(1)男', '1.男', '１－男']) {
      assert.deepEqual(readChoice(text, values, ['男', '女']), { ok: true, value: 'male' }, text);
    }
    assert.deepEqual(readChoice('01-正式党员', values, []), { ok: true, value: 'full' });
    const r = readChoice('群众', values, ['男', '女']);
    assert.ok(!r.ok && r.msg.key === 'err.imp.choice.unknown');
  });
});

describe('rows that are not records', () => {
  test('notes, merged text, placeholders, a repeated header and 以下空白 are skipped and listed', () => {
    const g = grid(
      [
        ['序号', '姓名', '性别', '身份证号', '人员类别'],
        [1, '陈刚', '男', id('1979-09-19'), '正式党员'],
        ['以下为第二党小组'],
        ['备注：张某某已转出'],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder left in a file is the case tested
        [2, '${name}', null, '${idNumber}', null],
        ['序号', '姓名', '性别', '身份证号', '人员类别'],
        [3, '林静', '女', id('1985-01-02', '246'), '预备党员'],
        [4, '以下空白'],
        [5, null, null, id('1990-05-05', '358'), '正式党员'],
        [6, '王芳'],
        ['注：人员类别填写正式党员或预备党员'],
      ],
      ['A3:E3'],
    );
    const r = importGrids([g], SPEC, { today: TODAY });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.records.map((x) => x.row),
      [2, 7, 9, 10],
      'a row with an ID number but no name is a record (its one problem: the name); a lone name is a record',
    );
    assert.deepEqual(
      r.skipped.map((s) => [s.row, s.reason]),
      [
        [3, 'mergedText'],
        [4, 'note'],
        [5, 'placeholder'],
        [6, 'repeatedHeader'],
        [8, 'notARecord'],
        [11, 'note'],
      ],
    );
  });
});

describe('the importer over a workbook', () => {
  const header = ['序号', '姓名', '人员类别'];
  test('sheets with the same header import together; a hidden code sheet is ignored; others are named', () => {
    const r = importGrids(
      [
        grid([header, [1, '陈刚', '正式党员'], [2, '林静', '预备党员']], [], '第一党小组'),
        grid([header, [1, '黄伟', '正式党员']], [], '第二党小组'),
        grid(
          [
            ['代码', '名称'],
            ['1', '男'],
          ],
          [],
          '代码表',
          true,
        ),
        grid(
          [
            ['姓名', '人员类别', '性别'],
            ['李强', '正式党员', '男'],
          ],
          [],
          '其他',
        ),
        grid([['这一页是说明']], [], '说明'),
        grid([], [], 'Sheet3'),
      ],
      SPEC,
      { today: TODAY },
    );
    assert.deepEqual(r.sheets, ['第一党小组', '第二党小组']);
    assert.deepEqual(
      r.records.map((x) => `${x.sheet}:${x.row}`),
      ['第一党小组:2', '第一党小组:3', '第二党小组:2'],
    );
    assert.deepEqual(
      r.warnings.map((w) => w.key),
      ['notice.imp.sheet.otherShape', 'notice.imp.sheet.noTable', 'notice.imp.sheet.together'],
    );
    const picked = importGrids(
      [
        grid([header, [1, '陈刚', '正式党员']], [], '甲'),
        grid(
          [
            ['姓名', '人员类别'],
            ['李强', '正式党员'],
          ],
          [],
          '乙',
        ),
      ],
      SPEC,
      { today: TODAY, sheets: ['乙'] },
    );
    assert.deepEqual(picked.sheets, ['乙']);
    const unknown = importGrids([grid([header], [], '甲')], SPEC, { today: TODAY, sheets: ['丙'] });
    assert.equal(unknown.errors[0]?.msg.key, 'err.imp.sheet.unknown');
  });

  test('a user mapping replaces the proposal; a bad one is refused with what is wrong', () => {
    const g = grid([
      ['名字', '类别', '电话'],
      ['陈刚', '正式党员', '13800000001'],
    ]);
    const none = importGrids([g], SPEC, { today: TODAY });
    assert.equal(none.errors[0]?.msg.key, 'err.imp.file.noTable', 'without a mapping there is no header it knows');
    // Once the user says which column is the name, the header row is found by it.
    const named = importGrids([g], SPEC, { today: TODAY, mapping: { 名字: 'name', 类别: 'status' } });
    assert.deepEqual(named.errors, []);
    assert.deepEqual(named.mapping, { 名字: 'name', 类别: 'status', 电话: 'phone' }, 'the phone by its values');
    const withStatus = grid([
      ['名字', '人员类别', '手机号码'],
      ['陈刚', '正式党员', '13800000001'],
    ]);
    const proposed = importGrids([withStatus], SPEC, { today: TODAY });
    assert.deepEqual(proposed.mapping, { 名字: null, 人员类别: 'status', 手机号码: 'phone' });
    assert.deepEqual(
      proposed.errors.map((e) => e.msg.key),
      ['err.imp.col.missing'],
    );
    const mapped = importGrids([withStatus], SPEC, { today: TODAY, mapping: { 名字: 'name', 手机号码: null } });
    assert.deepEqual(mapped.errors, []);
    assert.deepEqual(mapped.mapping, { 名字: 'name', 人员类别: 'status', 手机号码: null });
    assert.deepEqual(mapped.matchedBy, { 名字: 'user', 人员类别: 'header', 手机号码: 'user' });
    assert.equal(mapped.records.length, 1);
    const bad = importGrids([withStatus], SPEC, {
      today: TODAY,
      mapping: { 名字: 'nickname', 不存在: 'name', 手机号码: 'status' },
    });
    assert.deepEqual(
      bad.errors.map((e) => e.msg.key),
      ['err.imp.map.unknownField', 'err.imp.map.unknownHeader', 'err.imp.col.duplicate', 'err.imp.col.missing'],
    );
  });

  test('a formula without a stored value is reported on its cell, never read as empty', () => {
    const g = grid([
      ['姓名', '人员类别', '出生日期'],
      ['陈刚', '正式党员', null],
    ]);
    (g.rows[1] as (GridCell | null)[])[2] = { value: null, formulaWithoutValue: 'DATE(1980,3,1)' };
    const r = importGrids([g], SPEC, { today: TODAY });
    assert.deepEqual(
      r.errors.map((e) => [e.row, e.column, e.msg.key]),
      [[2, '出生日期', 'err.imp.formulaWithoutValue']],
    );
  });
});
