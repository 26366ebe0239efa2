import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPlan, markHeld, type PlanItem, plannedMonths, planProblems } from './plan.ts';

const monthsOf = (items: readonly PlanItem[], kind: PlanItem['kind']) =>
  items.filter((i) => i.kind === kind).map((i) => i.month);

describe('年度学习安排: the default plan of a year', () => {
  it('plans monthly kinds every month, quarterly ones mid-quarter, yearly ones in November', () => {
    const p = defaultPlan({ orgType: 'branch', hasCommittee: true, year: 2026 });
    const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    assert.deepEqual(monthsOf(p, 'committee_meeting'), all);
    assert.deepEqual(monthsOf(p, 'theme_day'), all);
    assert.deepEqual(monthsOf(p, 'general_meeting'), [2, 5, 8, 11]);
    assert.deepEqual(monthsOf(p, 'lecture'), [2, 5, 8, 11]);
    assert.deepEqual(monthsOf(p, 'life_meeting'), [11]);
    assert.deepEqual(monthsOf(p, 'appraisal'), [11]);
    assert.deepEqual(monthsOf(p, 'group_meeting'), []);
    assert.ok(p.every((i) => i.topic === ''));
    assert.equal(p.length, 12 + 12 + 4 + 4 + 1 + 1);
    // By month, then by kind.
    assert.deepEqual(
      p.slice(0, 3).map((i) => [i.month, i.kind]),
      [
        [1, 'committee_meeting'],
        [1, 'theme_day'],
        [2, 'general_meeting'],
      ],
    );
  });

  it('follows the kinds the organisation must hold', () => {
    assert.deepEqual(
      monthsOf(defaultPlan({ orgType: 'branch', hasCommittee: false, year: 2026 }), 'committee_meeting'),
      [],
    );
    const group = defaultPlan({ orgType: 'group', hasCommittee: false, year: 2026 });
    assert.deepEqual(new Set(group.map((i) => i.kind)), new Set(['group_meeting']));
    assert.equal(group.length, 12);
    const committee = defaultPlan({ orgType: 'committee', hasCommittee: false, year: 2026 });
    assert.deepEqual(
      committee.map((i) => [i.kind, i.month]),
      [['leadership_life_meeting', 11]],
    );
  });

  it('plans nothing outside the organisation’s life', () => {
    const p = defaultPlan({ orgType: 'branch', hasCommittee: true, year: 2026, activeFrom: '2026-06-15' });
    assert.deepEqual(monthsOf(p, 'committee_meeting'), [6, 7, 8, 9, 10, 11, 12]);
    assert.deepEqual(monthsOf(p, 'general_meeting'), [5, 8, 11]); // the second quarter still applies
    const gone = defaultPlan({ orgType: 'branch', hasCommittee: true, year: 2026, activeTo: '2026-03-31' });
    assert.deepEqual(monthsOf(gone, 'general_meeting'), [2]);
    assert.deepEqual(monthsOf(gone, 'life_meeting'), [11]); // the year's window started before it was dissolved
  });

  it('spreads several meetings of a window over it', () => {
    assert.deepEqual(plannedMonths(1, 1, 1), [1]);
    assert.deepEqual(plannedMonths(4, 3, 1), [5]);
    assert.deepEqual(plannedMonths(1, 6, 1), [5]);
    assert.deepEqual(plannedMonths(1, 12, 1), [11]);
    assert.deepEqual(plannedMonths(1, 12, 2), [5, 11]);
    assert.deepEqual(plannedMonths(1, 3, 2), [1, 2]);
    assert.deepEqual(plannedMonths(1, 3, 5), [1, 2, 3]); // one item a kind a month at most
    assert.deepEqual(plannedMonths(1, 3, 0), []);
  });
});

describe('年度学习安排: held items and problems', () => {
  it('marks an item held when a meeting of its kind was held in its month', () => {
    const items = [
      { kind: 'lecture' as const, month: 2, topic: '学习党章' },
      { kind: 'lecture' as const, month: 5, topic: '' },
    ];
    const marked = markHeld(items, 2026, [
      { id: 7, kind: 'lecture', heldOn: '2026-02-28' },
      { id: 8, kind: 'theme_day', heldOn: '2026-05-10' },
      { id: 9, kind: 'lecture', heldOn: '2025-05-10' },
    ]);
    assert.deepEqual(
      marked.map((m) => [m.month, m.held, m.meetingIds]),
      [
        [2, true, [7]],
        [5, false, []],
      ],
    );
    assert.equal(marked[0]!.topic, '学习党章');
  });

  it('finds months outside 1–12, kinds that do not apply and duplicates', () => {
    const kinds = ['general_meeting', 'lecture'] as const;
    assert.deepEqual(planProblems([{ kind: 'lecture', month: 3 }], kinds), []);
    assert.deepEqual(
      planProblems(
        [
          { kind: 'lecture', month: 13 },
          { kind: 'group_meeting', month: 3 },
          { kind: 'lecture', month: 3 },
          { kind: 'lecture', month: 3 },
          { kind: 'lecture', month: 0 },
        ],
        kinds,
      ),
      [
        { code: 'month', index: 0, month: 13 },
        { code: 'kind', index: 1, kind: 'group_meeting' },
        { code: 'duplicate', index: 3, kind: 'lecture', month: 3 },
        { code: 'month', index: 4, month: 0 },
      ],
    );
  });
});
