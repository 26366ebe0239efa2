import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMessage } from '../messages.ts';
import {
  assignmentFigure,
  assignmentProgress,
  type ChildRollupRow,
  dueMeasures,
  effectiveFigures,
  isThresholdReached,
  type LedgerFigureEntry,
  rankChildren,
  taskProgress,
} from './progress.ts';

const entry = (id: number, figure: number | null, correctsId: number | null, at: string): LedgerFigureEntry => ({
  id,
  figure,
  correctsId,
  at,
});

test('effectiveFigures: an entry without corrections counts as written', () => {
  const m = effectiveFigures([
    entry(1, 10, null, '2026-03-01T09:00:00+08:00'),
    entry(2, null, null, '2026-03-02T09:00:00+08:00'),
  ]);
  assert.deepEqual(
    [...m],
    [
      [1, 10],
      [2, null],
    ],
  );
});

test('effectiveFigures: a correction replaces the figure of the entry it corrects, a correction of a correction too', () => {
  const entries = [
    entry(1, 10, null, '2026-03-01T09:00:00+08:00'),
    entry(2, 5, null, '2026-03-02T09:00:00+08:00'),
    entry(3, 12, 1, '2026-03-03T09:00:00+08:00'),
    entry(4, 14, 3, '2026-03-04T09:00:00+08:00'),
  ];
  assert.deepEqual(
    [...effectiveFigures(entries)],
    [
      [1, 14],
      [2, 5],
    ],
  );
  assert.equal(assignmentFigure(entries), 19);
});

test('effectiveFigures: of two corrections of one entry the later wins, by time and then by id', () => {
  const entries = [
    entry(1, 10, null, '2026-03-01T09:00:00+08:00'),
    // written later in the list but earlier in time (another time zone)
    entry(3, 30, 1, '2026-03-02T01:00:00Z'),
    entry(2, 20, 1, '2026-03-02T10:00:00+08:00'),
  ];
  assert.equal(effectiveFigures(entries).get(1), 20);
  const sameTime = [
    entry(1, 10, null, '2026-03-01T09:00:00Z'),
    entry(5, 50, 1, '2026-03-02T09:00:00Z'),
    entry(4, 40, 1, '2026-03-02T09:00:00Z'),
  ];
  assert.equal(effectiveFigures(sameTime).get(1), 50);
});

test('effectiveFigures: a correction may remove a figure; dangling and circular corrections are ignored', () => {
  const entries = [
    entry(1, 10, null, '2026-03-01T09:00:00Z'),
    entry(2, null, 1, '2026-03-02T09:00:00Z'),
    entry(3, 99, 42, '2026-03-03T09:00:00Z'),
    entry(4, 7, 5, '2026-03-04T09:00:00Z'),
    entry(5, 8, 4, '2026-03-05T09:00:00Z'),
  ];
  assert.deepEqual([...effectiveFigures(entries)], [[1, null]]);
  assert.equal(assignmentFigure(entries), 0);
  assert.equal(assignmentFigure([]), 0);
});

test('assignmentProgress: sum against the receiver target, share against the threshold, capped at 1', () => {
  const cases: [Parameters<typeof assignmentProgress>[0], number, number | null, number | null, number | null][] = [
    ['sum', 30, 100, null, 0.3],
    ['sum', 100, 100, null, 1],
    ['sum', 130, 100, null, 1],
    ['sum', -5, 100, null, 0],
    ['sum', 30, null, null, null],
    ['sum', 30, 0, null, null],
    ['share', 3, null, 5, 0.6],
    ['share', 5, null, 5, 1],
    ['share', 8, 2, 5, 1],
    ['share', 3, 100, null, null],
    ['none', 3, 100, 5, null],
  ];
  for (const [mode, figure, target, threshold, expected] of cases) {
    assert.equal(
      assignmentProgress(mode, { figure, target, threshold }),
      expected,
      `${mode} ${figure}/${target}/${threshold}`,
    );
  }
});

test('isThresholdReached: the threshold itself counts', () => {
  assert.equal(isThresholdReached(4.99, 5), false);
  assert.equal(isThresholdReached(5, 5), true);
  assert.equal(isThresholdReached(5.01, 5), true);
});

/** The value and the Chinese label, and the label rendered in English from its key. */
const shown = (p: ReturnType<typeof taskProgress>) => ({ value: p.value, label: p.label });
const english = (p: ReturnType<typeof taskProgress>) => renderMessage(p.message, 'en');

test('taskProgress: sum mode, figures against the task target', () => {
  const t = { assigned: 10, done: 3, figureSum: 62, reached: 0, target: 100, unit: '个' };
  assert.deepEqual(shown(taskProgress('sum', t)), { value: 0.62, label: '完成 62/100 个' });
  assert.equal(english(taskProgress('sum', t)), 'Done 62/100 个');
  assert.deepEqual(shown(taskProgress('sum', { ...t, figureSum: 120 })), { value: 1, label: '完成 120/100 个' });
  assert.deepEqual(shown(taskProgress('sum', { ...t, figureSum: 12.345, unit: '万元' })), {
    value: 0.12345,
    label: '完成 12.35/100 万元',
  });
  assert.deepEqual(shown(taskProgress('sum', { ...t, target: null })), { value: null, label: '已报 62 个' });
  assert.equal(english(taskProgress('sum', { ...t, target: null })), '62 个 reported');
});

test('taskProgress: share mode, share of receivers at the threshold against the target share', () => {
  const t = { assigned: 20, done: 0, figureSum: 0, reached: 9, target: 80 };
  assert.deepEqual(shown(taskProgress('share', t)), { value: 45 / 80, label: '达标 45%（目标 80%）' });
  assert.equal(english(taskProgress('share', t)), '45% reached (target 80%)');
  assert.deepEqual(shown(taskProgress('share', { ...t, reached: 16 })), { value: 1, label: '达标 80%（目标 80%）' });
  assert.deepEqual(shown(taskProgress('share', { ...t, reached: 20 })), { value: 1, label: '达标 100%（目标 80%）' });
  // 79.96% is shown as 79.9%, never rounded up to the target.
  assert.equal(taskProgress('share', { ...t, assigned: 2499, reached: 1998 }).label, '达标 79.9%（目标 80%）');
  assert.deepEqual(shown(taskProgress('share', { ...t, assigned: 0 })), { value: null, label: '尚未下达' });
  assert.equal(english(taskProgress('share', { ...t, assigned: 0 })), 'Not assigned yet');
  assert.deepEqual(shown(taskProgress('share', { ...t, target: null })), { value: null, label: '达标 45%' });
});

test('taskProgress: without a quantitative target, done assignments over assigned', () => {
  const t = { assigned: 5, done: 3, figureSum: 0, reached: 0, target: null };
  assert.deepEqual(shown(taskProgress('none', t)), { value: 0.6, label: '完成 3/5 个单位' });
  assert.deepEqual(taskProgress('none', t).message, { key: 'progress.units', params: { done: 3, assigned: 5 } });
  assert.equal(english(taskProgress('none', t)), 'Done 3/5 organisations');
  assert.deepEqual(shown(taskProgress('none', { ...t, assigned: 0, done: 0 })), { value: null, label: '尚未下达' });
});

const row = (
  orgId: number,
  orgName: string,
  assigned: number,
  done: number,
  doneOnTime: number,
  overdue: number,
  due = assigned,
): ChildRollupRow => ({
  orgId,
  orgName,
  assigned,
  due,
  done,
  overdue,
  doneOnTime,
});

test('rankChildren: by completion rate, then on-time rate, then fewer overdue; ties share a rank (1, 1, 3)', () => {
  const ranked = rankChildren([
    row(1, '丙村', 10, 8, 8, 0),
    row(2, '甲村', 10, 10, 9, 0),
    row(3, '乙村', 5, 5, 5, 0),
    row(4, '丁村', 10, 8, 8, 2),
    row(5, '戊村', 0, 0, 0, 0),
    row(6, '己村', 20, 16, 16, 0),
    row(7, '庚村', 10, 8, 6, 0),
  ]);
  assert.deepEqual(
    ranked.map((r) => [r.orgName, r.rank]),
    [
      ['乙村', 1],
      ['甲村', 2],
      // 8/10 and 16/20 are equal rates: a shared rank, listed by name (pinyin: bing, ji)
      ['丙村', 3],
      ['己村', 3],
      ['丁村', 5],
      ['庚村', 6],
      ['戊村', null],
    ],
  );
  const first = ranked[0];
  assert.ok(first);
  assert.equal(first.rate, 1);
  assert.equal(first.onTimeRate, 1);
  const last = ranked.at(-1);
  assert.ok(last);
  assert.equal(last.rate, null);
});

test('rankChildren: equal keys share the rank and the next rank skips (1, 1, 3)', () => {
  const ranked = rankChildren([row(1, 'A', 4, 2, 2, 0), row(2, 'B', 4, 2, 2, 0), row(3, 'C', 4, 1, 1, 0)]);
  assert.deepEqual(
    ranked.map((r) => r.rank),
    [1, 1, 3],
  );
  assert.deepEqual(rankChildren([]), []);
});

test('rankChildren: work not yet due neither helps nor hurts; nothing due is unranked', () => {
  const before = rankChildren([row(1, '甲镇', 10, 5, 5, 0), row(2, '乙镇', 10, 6, 6, 0)]);
  // 甲镇 receives 30 more tasks due next year: its rate and rank stay as they were.
  const after = rankChildren([row(1, '甲镇', 40, 5, 5, 0, 10), row(2, '乙镇', 10, 6, 6, 0)]);
  assert.deepEqual(
    after.map((r) => [r.orgName, r.rank, r.rate]),
    before.map((r) => [r.orgName, r.rank, r.rate]),
  );
  const onlyFuture = rankChildren([row(1, '甲镇', 3, 0, 0, 0, 0), row(2, '乙镇', 2, 1, 1, 0, 1)]);
  assert.deepEqual(
    onlyFuture.map((r) => [r.orgName, r.rank, r.rate]),
    [
      ['乙镇', 1, 1],
      ['甲镇', null, null],
    ],
  );
});

test('dueMeasures: rates over due work; a new assignment not yet due changes no rate', () => {
  const now = dueMeasures({ assigned: 27, due: 27, done: 14, doneOnTime: 12 });
  const withNew = dueMeasures({ assigned: 127, due: 27, done: 14, doneOnTime: 12 });
  assert.equal(now.completionRate, 14 / 27);
  assert.equal(withNew.completionRate, now.completionRate);
  assert.equal(withNew.onTimeRate, now.onTimeRate);
  assert.equal(withNew.notYetDue, 100);
  assert.equal(now.notYetDue, 0);
  assert.deepEqual(dueMeasures({ assigned: 5, due: 0, done: 0, doneOnTime: 0 }), {
    notYetDue: 5,
    completionRate: null,
    onTimeRate: null,
  });
  assert.equal(dueMeasures({ assigned: 2, due: 2, done: 2, doneOnTime: 1 }).onTimeRate, 0.5);
});
