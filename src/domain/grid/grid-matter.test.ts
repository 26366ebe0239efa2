import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GridCell } from '../import/grid.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  GRID_MATTER_EVENTS,
  GRID_MATTER_STATES,
  type GridMatterEvent,
  type GridMatterState,
  type GridSide,
  gridDaysOverdue,
  gridEscalation,
  gridEventsFor,
  gridMatterDeadline,
  gridMatterTransition,
  isGridMatterOverdue,
  isResolvedOnTime,
  rankGridRows,
} from './grid-matter.ts';
import { type GridMatterListField, readGridCategory, readGridMatterRow, readGridSource } from './grid-matter-list.ts';

const rules = ruleSetOn('2026-11-23').grid;
const categories = rules.categories.value;
const ratings = rules.ratings.value;
const ladder = rules.ladder.value;

describe('the steps of a grid matter (上报 → 交办 → 处置 → 反馈 → 问效)', () => {
  const ok = (state: GridMatterState, event: GridMatterEvent, sides: GridSide[], input = {}) =>
    gridMatterTransition(state, event, sides, input, ratings);

  test('every allowed step, by its side, with what it carries', () => {
    const cases: [GridMatterState, GridMatterEvent, GridSide, object, GridMatterState][] = [
      ['reported', 'assign', 'manager', { hasTarget: true }, 'assigned'],
      ['assigned', 'return', 'handler', { reason: '不属本单位职责' }, 'reported'],
      ['assigned', 'handle', 'handler', { note: '已清理' }, 'handled'],
      ['handled', 'feedback', 'handler', { note: '已电话告知' }, 'fed_back'],
      ['handled', 'feedback', 'manager', { note: '已电话告知' }, 'fed_back'],
      ['fed_back', 'rate', 'reporter', { rating: 'satisfied' }, 'closed'],
      ['fed_back', 'rate', 'manager', { rating: 'basic' }, 'closed'],
    ];
    for (const [from, event, side, input, to] of cases) {
      const r = ok(from, event, [side], input);
      assert.deepEqual(r, { ok: true, to, reopens: false }, `${from} ${event} by ${side}`);
    }
  });

  test('a poor rating reopens the matter (back to 待处置), and needs the reason', () => {
    assert.equal(ok('fed_back', 'rate', ['reporter'], { rating: 'unsatisfied' }).ok, false);
    const r = ok('fed_back', 'rate', ['reporter'], { rating: 'unsatisfied', reason: '垃圾又堆起来了' });
    assert.deepEqual(r, { ok: true, to: 'assigned', reopens: true });
    const refused = ok('fed_back', 'rate', ['reporter'], { rating: 'unsatisfied', reason: '  ' });
    assert.ok(!refused.ok && refused.code === 'REASON_REQUIRED' && refused.message.includes('不满意'));
  });

  test('a rating outside the rule set’s list is refused naming the list', () => {
    const r = ok('fed_back', 'rate', ['manager'], { rating: 'great' });
    assert.ok(!r.ok && r.code === 'RATING_REQUIRED' && r.message.includes('满意、基本满意、不满意'));
  });

  test('the wrong side is refused first, naming who may take the step', () => {
    const r = ok('reported', 'assign', ['reporter', 'handler'], { hasTarget: true });
    assert.ok(!r.ok && r.code === 'WRONG_SIDE' && r.message.includes('网格所属组织及上级'), JSON.stringify(r));
    const f = ok('handled', 'feedback', ['reporter'], { note: 'x' });
    assert.ok(!f.ok && f.message.includes('承办单位或网格所属组织及上级'));
  });

  test('each step is refused in every state it does not start from', () => {
    const from: Record<GridMatterEvent, GridMatterState> = {
      assign: 'reported',
      return: 'assigned',
      handle: 'assigned',
      feedback: 'handled',
      rate: 'fed_back',
    };
    const all: GridSide[] = ['reporter', 'manager', 'handler'];
    for (const e of GRID_MATTER_EVENTS) {
      for (const s of GRID_MATTER_STATES) {
        if (s === from[e]) continue;
        const r = ok(s, e, all, { hasTarget: true, note: 'x', reason: 'x', rating: 'satisfied' });
        assert.ok(!r.ok && r.code === 'TRANSITION_NOT_ALLOWED', `${e} in ${s}`);
      }
    }
  });

  test('what a step carries: a target, a reason, a note', () => {
    const target = ok('reported', 'assign', ['manager'], {});
    assert.ok(!target.ok && target.code === 'TARGET_REQUIRED');
    const reason = ok('assigned', 'return', ['handler'], {});
    assert.ok(!reason.ok && reason.code === 'REASON_REQUIRED');
    const note = ok('assigned', 'handle', ['handler'], { note: ' ' });
    assert.ok(!note.ok && note.code === 'NOTE_REQUIRED');
  });

  test('the buttons: the steps the caller’s sides may take in a state', () => {
    assert.deepEqual(gridEventsFor('reported', ['manager', 'handler']), ['assign']);
    assert.deepEqual(gridEventsFor('assigned', ['handler']), ['return', 'handle']);
    assert.deepEqual(gridEventsFor('handled', ['manager']), ['feedback']);
    assert.deepEqual(gridEventsFor('fed_back', ['reporter']), ['rate']);
    assert.deepEqual(gridEventsFor('fed_back', ['handler']), []);
    assert.deepEqual(gridEventsFor('closed', ['reporter', 'manager', 'handler']), []);
  });
});

describe('the deadline by category, in working days from the day after 交办', () => {
  test('across National Day 2026: 3 working days from 9-30 end on the 调休 Saturday 10-10', () => {
    // 10-01…10-07 are off; 10-08, 10-09 and the make-up workday 10-10 (a Saturday) are the three.
    assert.equal(gridMatterDeadline('2026-09-30', 'environment', categories), '2026-10-10');
    // 安全隐患 (2 days): 10-08 and 10-09.
    assert.equal(gridMatterDeadline('2026-09-30', 'safety', categories), '2026-10-09');
    // Assigned on a holiday itself: counted from the day after, still the first working days after it.
    assert.equal(gridMatterDeadline('2026-10-03', 'safety', categories), '2026-10-09');
  });

  test('over a plain weekend, and by each category’s days', () => {
    // Friday 2026-11-20 + 2 working days: Monday 11-23, Tuesday 11-24.
    assert.equal(gridMatterDeadline('2026-11-20', 'safety', categories), '2026-11-24');
    assert.equal(gridMatterDeadline('2026-11-20', 'dispute', categories), '2026-11-27');
    assert.equal(gridMatterDeadline('2026-11-20', 'facility', categories), '2026-12-01');
    assert.equal(gridMatterDeadline('2026-11-20', 'nope', categories), null);
  });
});

describe('overdue and its escalation', () => {
  test('the deadline day is not overdue; the day after is', () => {
    assert.equal(isGridMatterOverdue('assigned', '2026-11-24', '2026-11-23'), false);
    assert.equal(isGridMatterOverdue('assigned', '2026-11-24', '2026-11-24'), false);
    assert.equal(isGridMatterOverdue('assigned', '2026-11-24', '2026-11-25'), true);
    assert.equal(gridDaysOverdue('assigned', '2026-11-24', '2026-11-25'), 1);
  });

  test('only a matter waiting to be handled is overdue (handled, fed back and closed ones are not)', () => {
    for (const s of ['reported', 'handled', 'fed_back', 'closed'] as const) {
      assert.equal(isGridMatterOverdue(s, '2026-11-01', '2026-11-25'), false, s);
    }
    assert.equal(isGridMatterOverdue('assigned', null, '2026-11-25'), false);
  });

  test('the ladder: 提醒 from 1 day overdue, 提级督办 from 3', () => {
    assert.equal(gridEscalation('assigned', '2026-11-24', '2026-11-24', ladder), null);
    assert.deepEqual(gridEscalation('assigned', '2026-11-24', '2026-11-25', ladder), {
      step: 'remind',
      daysOverdue: 1,
      from: 1,
    });
    assert.equal(gridEscalation('assigned', '2026-11-24', '2026-11-26', ladder)?.step, 'remind');
    assert.deepEqual(gridEscalation('assigned', '2026-11-24', '2026-11-27', ladder), {
      step: 'superior',
      daysOverdue: 3,
      from: 3,
    });
  });
});

describe('on time, and the ranking on it', () => {
  test('resolved on the deadline day is on time; the day after is not; unresolved is not', () => {
    assert.equal(isResolvedOnTime('2026-11-24', '2026-11-24'), true);
    assert.equal(isResolvedOnTime('2026-11-25', '2026-11-24'), false);
    assert.equal(isResolvedOnTime(null, '2026-11-24'), false);
  });

  const row = (name: string, due: number, onTime: number, reported = 100) => ({
    name,
    reported,
    due,
    onTime,
    closed: onTime,
    overdue: 0,
    reopened: 0,
  });

  test('ranks on resolved on time over due, never on the number reported; equal rates share a rank', () => {
    const ranked = rankGridRows([
      row('第三网格', 10, 9, 1000),
      row('第一网格', 4, 4, 4),
      row('第二网格', 8, 8, 8),
      row('第五网格', 3, 2, 3),
      row('第四网格', 0, 0, 50),
    ]);
    assert.deepEqual(
      ranked.map((r) => [r.name, r.rank, r.rate]),
      [
        ['第二网格', 1, 1],
        ['第一网格', 1, 1],
        ['第三网格', 3, 0.9],
        ['第五网格', 4, 2 / 3],
        ['第四网格', null, null],
      ],
    );
  });
});

describe('the grid matter list (import)', () => {
  const cells = (v: Partial<Record<GridMatterListField, string | number | null>>) =>
    new Map<GridMatterListField, GridCell | null>(
      Object.entries(v).map(([k, value]) => [k as GridMatterListField, { value: value ?? null }]),
    );

  test('reads a row: the category by name, the date in any usual form, the source from a resident’s name', () => {
    const r = readGridMatterRow(
      cells({
        grid: ' 第一网格 ',
        category: '环境卫生',
        text: '3 号楼前垃圾堆放',
        reportedOn: '2026.11.20',
        residentName: '王大妈',
        residentPhone: '138-0000-0000',
      }),
      '2026-11-23',
      categories,
    );
    assert.deepEqual(r, {
      ok: true,
      row: {
        org: '',
        grid: '第一网格',
        category: 'environment',
        text: '3 号楼前垃圾堆放',
        location: '',
        reportedOn: '2026-11-20',
        source: 'resident',
        residentName: '王大妈',
        residentPhone: '13800000000',
      },
    });
  });

  test('names every problem of a row: category, date in the future, source, phone', () => {
    const r = readGridMatterRow(
      cells({
        grid: '第一网格',
        category: '吵架',
        text: '噪音',
        reportedOn: '2026-11-24',
        source: '路人',
        residentPhone: '12ab',
      }),
      '2026-11-23',
      categories,
    );
    assert.ok(!r.ok);
    assert.deepEqual(
      r.issues.map((i) => i.field),
      ['category', 'reportedOn', 'source', 'residentPhone'],
    );
  });

  test('categories and sources as offices write them', () => {
    assert.equal(readGridCategory('安全隐患（燃气）', categories), 'safety');
    assert.equal(readGridCategory('dispute', categories), 'dispute');
    assert.equal(readGridCategory('', categories), null);
    assert.equal(readGridSource('群众来访'), 'resident');
    assert.equal(readGridSource(''), 'empty');
    assert.equal(readGridSource('路人'), null);
  });
});
