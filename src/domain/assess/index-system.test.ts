import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSystem, copySystem, type IndexSystem, type Indicator, walkIndicators } from './index-system.ts';

const auto = (id: string, name: string, max: number): Indicator => ({
  id,
  name,
  max,
  method: { kind: 'auto', measure: 'tasks.onTimeRate' },
});
const sys = (indicators: Indicator[], total = 100): IndexSystem => ({
  name: '测试体系',
  year: 2026,
  issuer: '组织部',
  total,
  indicators,
});

test('a sound tree of any depth passes', () => {
  const deep: Indicator = {
    id: 'a',
    name: '甲',
    max: 60,
    children: [
      {
        id: 'a1',
        name: '甲一',
        max: 30,
        children: [{ id: 'a11', name: '甲一一', max: 30, children: [auto('a111', '深', 30)] }],
      },
      auto('a2', '甲二', 30),
    ],
  };
  assert.deepEqual(checkSystem(sys([deep, auto('b', '乙', 40)])), []);
});

test('decimal weights sum within 0.001; beyond it the parent is named with the sum', () => {
  const parts = (xs: number[]) => xs.map((x, i) => auto(`c${i}`, `项${i}`, x));
  assert.deepEqual(checkSystem(sys([{ id: 'p', name: '父', max: 0.3, children: parts([0.1, 0.2]) }], 0.3)), []);
  const bad = checkSystem(sys([{ id: 'p', name: '父', max: 30, children: parts([10, 19.99]) }], 30));
  assert.equal(bad.length, 1);
  assert.equal(bad[0]!.code, 'sumMismatch');
  assert.deepEqual(bad[0]!.params, { path: '父', sum: 29.99, max: 30 });
  assert.match(bad[0]!.message, /“父”的下级指标分值合计 29.99 分，应等于其分值 30 分/);
  // The first level against the total.
  assert.deepEqual(
    checkSystem(sys([auto('x', 'x', 90)])).map((r) => [r.code, r.params.path]),
    [['sumMismatch', '测试体系']],
  );
});

test('a bonus indicator sits outside the share; a veto scores 0', () => {
  const s = sys([
    auto('a', '甲', 100),
    {
      id: 'b',
      name: '加分',
      max: 10,
      bonus: true,
      method: { kind: 'addDeduct', start: 'zero', perItemCap: 5, totalCap: 10 },
    },
    { id: 'v', name: '否决', max: 0, method: { kind: 'veto', condition: '政治不合格' } },
  ]);
  assert.deepEqual(checkSystem(s), []);
  const vetoWithPoints = sys(
    [auto('a', '甲', 100), { id: 'v', name: '否决', max: 5, method: { kind: 'veto', condition: 'x' } }],
    105,
  );
  assert.deepEqual(
    checkSystem(vetoWithPoints).map((r) => r.code),
    ['vetoMax'],
  );
});

test('every problem is named with the indicator path: ids, methods, maxima, grades, caps', () => {
  const s = sys([
    {
      id: 'a',
      name: '甲',
      max: 50,
      method: { kind: 'auto', measure: 'tasks.onTimeRate' },
      children: [
        { id: 'a1', name: '一', max: 25 } as Indicator,
        {
          id: 'a',
          name: '二',
          max: 25,
          method: { kind: 'graded', grades: [{ grade: '好', points: 30 }], evidenceFor: ['差'] },
        },
      ],
    },
    { id: ' ', name: '乙', max: 0, method: { kind: 'addDeduct', start: 'max', perItemCap: 0, totalCap: 5 } },
    { id: 'c', name: '丙', max: 50, method: { kind: 'graded', grades: [], evidenceFor: [] } },
  ]);
  assert.deepEqual(
    checkSystem(s).map((r) => [r.code, r.params.path]),
    [
      ['branchWithMethod', '甲'],
      ['leafNoMethod', '甲 › 一'],
      ['idDuplicate', '甲 › 二'],
      ['gradePoints', '甲 › 二'],
      ['evidenceGradeUnknown', '甲 › 二'],
      ['idEmpty', '乙'],
      ['maxInvalid', '乙'],
      ['capInvalid', '乙'],
      ['gradesEmpty', '丙'],
    ],
  );
});

test('copying a system for next year keeps the structure and resets ids by position, deterministically', () => {
  const s = sys([
    { id: 'x', name: '甲', max: 60, children: [auto('x1', '甲一', 20), auto('x2', '甲二', 40)] },
    auto('y', '乙', 40),
  ]);
  const c = copySystem(s, 2027);
  assert.equal(c.year, 2027);
  assert.deepEqual(
    walkIndicators(c).map((w) => [w.indicator.id, w.path, w.indicator.max]),
    [
      ['2027-1', '甲', 60],
      ['2027-1.1', '甲 › 甲一', 20],
      ['2027-1.2', '甲 › 甲二', 40],
      ['2027-2', '乙', 40],
    ],
  );
  assert.deepEqual(copySystem(s, 2027), c);
  assert.deepEqual(checkSystem(c), []);
  // An edit of the copy leaves last year's untouched.
  (c.indicators[0]!.children![0] as { name: string }).name = '改';
  assert.equal(s.indicators[0]!.children![0]!.name, '甲一');
});
