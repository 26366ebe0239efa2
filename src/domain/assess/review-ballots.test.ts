import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CellValue, Grid } from '../import/grid.ts';
import { importGrids } from '../import/importer.ts';
import { zhOf } from '../messages.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import { reviewGradesOf } from './review.ts';
import {
  type BallotOrg,
  findBallotTable,
  findVoterHeader,
  isVoterColumn,
  matchBallotOrg,
  readBallots,
  readCount,
  readTallyRow,
  tallySpec,
} from './review-ballots.ts';

const grades = reviewGradesOf(null, ruleSetOn('2026-12-01'));
const ORGS: BallotOrg[] = [
  { id: 1, name: '甲一村党支部', code: 'A1A', secretary: '李秀英' },
  { id: 2, name: '甲一社区党支部', code: 'A1B', secretary: null },
];

function grid(rows: CellValue[][], name = 'Sheet1', merges: Grid['merges'] = []): Grid {
  return { name, hidden: false, merges, rows: rows.map((r) => r.map((v) => (v === null ? null : { value: v }))) };
}

test('an organisation is told by its name (brackets and spaces aside), its code or its secretary', () => {
  assert.equal(matchBallotOrg('甲一村党支部', ORGS)?.id, 1);
  assert.equal(matchBallotOrg(' 甲一村党支部（李秀英）', ORGS)?.id, 1);
  assert.equal(matchBallotOrg('a1b', ORGS)?.id, 2);
  assert.equal(matchBallotOrg('李秀英', ORGS)?.id, 1);
  assert.equal(matchBallotOrg('乙村党支部', ORGS), null);
  assert.equal(matchBallotOrg('', ORGS), null);
});

test('a column naming the voter is told from one naming the secretary reported on', () => {
  for (const h of [
    '投票人',
    '投票人姓名',
    '姓名',
    '签名',
    '本人签字',
    '工号',
    '身份证号码',
    '手机号',
    '测评人（签名）',
  ]) {
    assert.equal(isVoterColumn(h), true, h);
  }
  for (const h of ['书记', '书记姓名', '述职人', '单位', '序号', '票号', '好', '实到人数']) {
    assert.equal(isVoterColumn(h), false, h);
  }
});

test('a count: whole numbers with or without 票/人, empty is null; a fraction, a negative or text is refused', () => {
  assert.deepEqual(readCount({ value: 20 }), { ok: true, value: 20 });
  assert.deepEqual(readCount({ value: '２０票' }), { ok: true, value: 20 });
  assert.deepEqual(readCount({ value: '0' }), { ok: true, value: 0 });
  assert.deepEqual(readCount(null), { ok: true, value: null });
  for (const v of [2.5, -1, '十', '20%']) {
    const r = readCount({ value: v });
    assert.equal(r.ok, false, String(v));
    if (!r.ok) assert.match(zhOf(r.msg), /不是人数或票数/);
  }
});

test('a tally sheet is read by the one importer: a title row, a grouped header, a total line skipped', () => {
  const g = grid(
    [
      ['2026年度书记述职评议民主测评汇总表', null, null, null, null, null, null],
      ['单位', '应到人数', '实到人数', '测评结果（票）', null, null, null],
      [null, null, null, '好', '较好', '一般', '差'],
      ['甲一村党支部', 30, 28, 20, 6, 2, null],
      ['A1B', '25人', '25', 10, 10, 5, 0],
      ['合计', 55, 53, 30, 16, 7, 0],
    ],
    'Sheet1',
    [
      { top: 2, left: 4, bottom: 2, right: 7 },
      { top: 2, left: 1, bottom: 3, right: 1 },
      { top: 2, left: 2, bottom: 3, right: 2 },
      { top: 2, left: 3, bottom: 3, right: 3 },
    ],
  );
  const found = importGrids([g], tallySpec(grades), { today: '2026-12-10' });
  assert.deepEqual(found.errors, []);
  assert.equal(found.records.length, 2);
  assert.equal(found.skipped.length, 1);
  const rows = found.records.map((r) => readTallyRow(r.cells, grades));
  assert.deepEqual(rows[0], {
    ok: true,
    row: {
      org: '甲一村党支部',
      code: '',
      secretary: '',
      shouldAttend: 30,
      tookPart: 28,
      tallies: { good: 20, fairlyGood: 6, average: 2, poor: 0 },
    },
  });
  assert.equal(rows[1]?.ok && rows[1].row.org, 'A1B');
});

test('a tally row: 应到 and 实到 are required, each count read, every problem named by its field', () => {
  const cells = new Map([
    ['org', { value: '' }],
    ['shouldAttend', null],
    ['tookPart', { value: '二十' }],
    ['g:good', { value: 3 }],
  ] as const);
  const r = readTallyRow(new Map(cells), grades);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.deepEqual(
      r.issues.map((i) => [i.field, zhOf(i.msg)]),
      [
        ['org', '请填写单位名称、组织编码或书记姓名'],
        ['shouldAttend', '请填写应到人数'],
        ['tookPart', '“二十”不是人数或票数：请填写不小于 0 的整数'],
      ],
    );
  }
});

test('ballots: one row per ballot, one column per organisation; 弃权 and empty cells count as taking part', () => {
  const g = grid([
    ['民主测评票', null, null],
    ['票号', '甲一村党支部', '甲一社区党支部（书记空缺）'],
    [1, '好', '较好'],
    [2, '较好', '弃权'],
    [3, '好', null],
    [4, null, null],
    ['计票人：王五', null, null],
  ]);
  const t = findBallotTable(g, ORGS);
  assert.equal(t?.headerRow, 2);
  assert.deepEqual(
    t?.columns.map((c) => c.kind),
    ['ignored', 'org', 'org'],
  );
  const count = readBallots([g], [t!], grades, ORGS);
  assert.deepEqual(count.issues, []);
  assert.equal(count.ballots, 3);
  assert.deepEqual(count.tallies.get(1), { good: 2, fairlyGood: 1, average: 0, poor: 0 });
  assert.deepEqual(count.tallies.get(2), { good: 0, fairlyGood: 1, average: 0, poor: 0 });
  assert.equal(count.tookPart.get(2), 3);
  assert.deepEqual(
    count.skipped.map((s) => s.row),
    [6, 7],
  );
});

test('ballots: a voter’s column, a column of no organisation of the round, a cell that is no grade, each named', () => {
  const g = grid([
    ['投票人', '甲一村党支部', '乙村党支部', '甲一村党支部'],
    ['张三', '很好', '好', '好'],
  ]);
  const t = findBallotTable(g, ORGS)!;
  const count = readBallots([g], [t], grades, ORGS);
  assert.deepEqual(
    count.issues.map((i) => [i.row, i.col, zhOf(i.msg)]),
    [
      [1, 1, '第A列“投票人”记录的是投票人：本平台不收集记名投票，请删除该列后再导入（民主测评只按等次统计票数）'],
      [
        1,
        3,
        '列“乙村党支部”不是本次述职评议的组织（本次述职评议：甲一村党支部、甲一社区党支部）；序号、票号、备注列可以保留',
      ],
      [1, 4, '与第B列是同一组织“甲一村党支部”'],
      [2, 2, '“很好”不是测评等次（可填：好、较好、一般、差；弃权可填“弃权”或留空）'],
    ],
  );
});

test('a sheet of named votes without any organisation column is found by its voter header', () => {
  const g = grid([
    ['序号', '姓名', '评价'],
    [1, '张三', '好'],
  ]);
  assert.equal(findBallotTable(g, ORGS), null);
  assert.deepEqual(findVoterHeader(g), { row: 1, col: 2, header: '姓名' });
  assert.equal(findVoterHeader(grid([['单位', '好']])), null);
});
