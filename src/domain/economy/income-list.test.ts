import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GridCell } from '../import/grid.ts';
import {
  headerInWan,
  type IncomeListField,
  readIncomeAmount,
  readIncomeRow,
  readQuarter,
  readYear,
  villageNameKey,
} from './income-list.ts';

const cell = (value: GridCell['value']): GridCell => ({ value });
const row = (values: Partial<Record<IncomeListField, GridCell['value']>>) =>
  new Map<IncomeListField, GridCell | null>(Object.entries(values).map(([k, v]) => [k as IncomeListField, cell(v)]));

test('readQuarter: empty and 全年 are the year; 1, 一季度, 第二季度, Q3, 4季度 are quarters; 五 is refused', () => {
  assert.deepEqual(
    ['', '全年', '年度', '1', '一季度', '第二季度', 'Q3', 'q3', '4季度'].map((s) => readQuarter(s)),
    [null, null, null, 1, 1, 2, 3, 3, 4].map((value) => ({ ok: true, value })),
  );
  assert.equal(readQuarter('五').ok, false);
  assert.equal(readQuarter('上半年').ok, false);
});

test('readYear: 2026, "2026年", "2026年度", a date; "26" refused', () => {
  assert.deepEqual(readYear(cell(2026)), { ok: true, value: 2026 });
  assert.deepEqual(readYear(cell('2026年')), { ok: true, value: 2026 });
  assert.deepEqual(readYear(cell('2026年度')), { ok: true, value: 2026 });
  assert.deepEqual(readYear(cell(new Date(Date.UTC(2025, 11, 31)))), { ok: true, value: 2025 });
  assert.equal(readYear(cell('26')).ok, false);
  assert.deepEqual(readYear(null), { ok: true, value: null });
});

test('readIncomeAmount: numbers and text in 元, 万元 by the column or the cell, a loss in brackets, fen only', () => {
  assert.deepEqual(readIncomeAmount(cell(12_345.6), false), { ok: true, value: 12_345.6 });
  assert.deepEqual(readIncomeAmount(cell('12,345.60元'), false), { ok: true, value: 12_345.6 });
  assert.deepEqual(readIncomeAmount(cell('¥800'), false), { ok: true, value: 800 });
  assert.deepEqual(readIncomeAmount(cell(5.2), true), { ok: true, value: 52_000 });
  assert.deepEqual(readIncomeAmount(cell('1.25万元'), false), { ok: true, value: 12_500 });
  assert.deepEqual(readIncomeAmount(cell('(1,000)'), false), { ok: true, value: -1000 });
  assert.deepEqual(readIncomeAmount(cell('-'), false), { ok: true, value: null });
  assert.deepEqual(readIncomeAmount(null, false), { ok: true, value: null });
  assert.equal(readIncomeAmount(cell('12.345'), false).ok, false);
  assert.equal(readIncomeAmount(cell('约五万'), false).ok, false);
  // 万元 to six decimals is whole fen; seven is not.
  assert.deepEqual(readIncomeAmount(cell(0.0001), true), { ok: true, value: 1 });
  assert.deepEqual(readIncomeAmount(cell(0.000001), true), { ok: true, value: 0.01 });
  assert.equal(readIncomeAmount(cell(0.0000001), true).ok, false);
});

test('headerInWan and villageNameKey', () => {
  assert.equal(headerInWan('经营收入（万元）'), true);
  assert.equal(headerInWan('经营收入(元)'), false);
  assert.equal(villageNameKey('甲一村党支部'), '甲一村');
  assert.equal(villageNameKey('甲一村村民委员会'), '甲一村');
  assert.equal(villageNameKey('甲一村股份经济合作社'), '甲一村');
  assert.equal(villageNameKey(' 甲一村 '), '甲一村');
  assert.equal(villageNameKey('党支部'), '党支部');
});

test('readIncomeRow: a complete row; empty amounts are 0; a quarter; a village by its code alone', () => {
  const r = readIncomeRow(
    row({ village: '甲一村', year: 2026, business: 30_000, subsidy: '5000', note: '年报' }),
    '2026-12-20',
    new Set(),
  );
  assert.ok(r.ok);
  assert.deepEqual(r.row, {
    village: '甲一村',
    code: '',
    town: '',
    year: 2026,
    quarter: null,
    amounts: { business: 30_000, contracting: 0, investment: 0, subsidy: 5000, other: 0 },
    note: '年报',
  });
  const q = readIncomeRow(
    row({ code: 'A1a', year: '2026年', quarter: '第一季度', business: 0 }),
    '2026-06-01',
    new Set(),
  );
  assert.ok(q.ok);
  assert.equal(q.row.quarter, 1);
  assert.equal(q.row.code, 'A1a');
  const wan = readIncomeRow(row({ village: '甲一村', year: 2026, business: 5 }), '2026-12-20', new Set(['business']));
  assert.ok(wan.ok);
  assert.equal(wan.row.amounts.business, 50_000);
});

test('readIncomeRow: every problem of a row at once, each on its column', () => {
  const r = readIncomeRow(
    row({ year: '明年', quarter: '上半年', business: 'abc', subsidy: -5 }),
    '2026-12-20',
    new Set(),
  );
  assert.ok(!r.ok);
  assert.deepEqual(
    r.issues.map((i) => [i.field, i.msg.key]),
    [
      ['village', 'err.economy.import.villageMissing'],
      ['year', 'err.economy.import.year'],
      ['quarter', 'err.economy.import.quarter'],
      ['business', 'err.economy.import.amount'],
    ],
  );
  const none = readIncomeRow(row({ village: '甲一村', year: 2026 }), '2026-12-20', new Set());
  assert.ok(!none.ok);
  assert.deepEqual(
    none.issues.map((i) => i.msg.key),
    ['err.economy.import.noAmount'],
  );
  const negative = readIncomeRow(row({ village: '甲一村', year: 2026, subsidy: -5 }), '2026-12-20', new Set());
  assert.ok(!negative.ok);
  assert.deepEqual(
    negative.issues.map((i) => [i.field, i.msg.key]),
    [['subsidy', 'err.economy.amountNegative']],
  );
  const future = readIncomeRow(row({ village: '甲一村', year: 2027, business: 1 }), '2026-12-20', new Set());
  assert.ok(!future.ok);
  assert.deepEqual(
    future.issues.map((i) => [i.field, i.msg.key]),
    [['year', 'err.economy.year']],
  );
});
