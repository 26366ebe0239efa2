import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zhOf } from '../messages.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import { checkTalk, checkTalks, type TalkCoverageInput } from './talks.ts';
import type { PositionSpan } from './vocab.ts';

const SEC = { zh: '书记', en: 'Secretary' };
const ORG = { zh: '组织委员', en: 'Organisation' };
const committee = [
  { personId: 1, name: '李书记', title: SEC },
  { personId: 2, name: '王委员', title: ORG },
];
const members = [
  { personId: 1, name: '李书记' },
  { personId: 2, name: '王委员' },
  { personId: 3, name: '张三' },
  { personId: 4, name: '赵四' },
];
const input = (over: Partial<TalkCoverageInput> = {}): TalkCoverageInput => ({
  year: 2026,
  today: '2026-06-01',
  committee,
  members,
  talks: [],
  showNames: true,
  ...over,
});

describe('谈心谈话: every committee-member/member pairing at least once a year ([S])', () => {
  it('the rule is in the rule set, tagged S, yearly', () => {
    const r = ruleSetOn('2026-01-01').life.talks;
    assert.deepEqual([r.value, r.confidence], [{ count: 1, months: 12 }, 'S']);
  });

  it('counts unordered pairs: two committee members and two more members owe 5 pairings', () => {
    const c = checkTalks(input());
    // 1–2, 1–3, 1–4, 2–3, 2–4: the talk between the two committee members counts once.
    assert.deepEqual([c.due, c.done, c.rate], [5, 0, 0]);
    assert.deepEqual(
      c.byCommittee.map((b) => [b.personId, b.due, b.missing]),
      [
        [1, 3, 3],
        [2, 3, 3],
      ],
    );
  });

  it('one talk covers its pairing whichever side recorded it', () => {
    const c = checkTalks(input({ talks: [{ committeeId: 2, memberId: 1, heldOn: '2026-03-01' }] }));
    assert.deepEqual([c.due, c.done], [5, 1]);
    assert.deepEqual(
      c.byCommittee.map((b) => b.done),
      [1, 1],
    );
    assert.deepEqual(c.byCommittee[0]!.missingNames, ['张三', '赵四']);
  });

  it('only talks of the year count: 31 December counts, 1 January of the next year does not', () => {
    const c = checkTalks(
      input({
        talks: [
          { committeeId: 1, memberId: 3, heldOn: '2026-12-31' },
          { committeeId: 1, memberId: 4, heldOn: '2027-01-01' },
          { committeeId: 2, memberId: 3, heldOn: '2025-12-31' },
        ],
      }),
    );
    assert.equal(c.done, 1);
  });

  it('findings only once the year has ended: none on 31 December, one per committee member short on 1 January', () => {
    const talks = [
      { committeeId: 1, memberId: 2, heldOn: '2026-02-01' },
      { committeeId: 1, memberId: 3, heldOn: '2026-02-01' },
      { committeeId: 1, memberId: 4, heldOn: '2026-02-01' },
    ];
    assert.equal(checkTalks(input({ talks, today: '2026-12-31' })).findings.length, 0);
    const c = checkTalks(input({ talks, today: '2027-01-01' }));
    assert.equal(c.ended, true);
    assert.equal(c.findings.length, 1);
    const f = c.findings[0]!;
    assert.deepEqual(
      [f.ruleId, f.tag, f.code, f.params.missing, f.params.due],
      ['life.talks', 'S', 'talksMissing', 2, 3],
    );
    assert.equal(zhOf(f.msg), '2026年王委员应与 3 名党员谈心谈话，尚有 2 人未谈');
  });

  it('without the right to see the roster: counts only, committee members by their title', () => {
    const c = checkTalks(input({ today: '2027-01-01', showNames: false }));
    assert.deepEqual(
      c.byCommittee.map((b) => [b.name, b.missingNames, b.missing]),
      [
        [null, null, 3],
        [null, null, 3],
      ],
    );
    assert.equal(zhOf(c.findings[0]!.msg), '2026年书记应与 3 名党员谈心谈话，尚有 3 人未谈');
    assert.ok(!JSON.stringify(c).includes('张三'));
  });

  it('nothing owed without a committee: no rate', () => {
    const c = checkTalks(input({ committee: [] }));
    assert.deepEqual([c.due, c.done, c.rate, c.findings.length], [0, 0, null, 0]);
  });
});

describe('recording a talk', () => {
  const roster = new Set([1, 2, 3]);
  const names = { committee: '李书记', member: '张三', org: '第一支部' };
  const positions: PositionSpan[] = [{ personId: 1, startedOn: '2026-03-01', endedOn: '2026-06-30' }];
  const at = (heldOn: string, committeeId = 1, memberId = 3) =>
    checkTalk({ committeeId, memberId, heldOn }, '2026-07-15', roster, positions, names);

  it('the committee member must hold a position on the day: first and last day yes, the days outside no', () => {
    assert.equal(at('2026-03-01').ok, true);
    assert.equal(at('2026-06-30').ok, true);
    const before = at('2026-02-28');
    assert.equal(!before.ok && before.code, 'notCommittee');
    assert.equal(
      !before.ok && zhOf(before.msg),
      '李书记在 2026-02-28 未在第一支部担任支部委员，不能作为谈话的委员一方',
    );
    const after = at('2026-07-01');
    assert.equal(!after.ok && after.code, 'notCommittee');
  });

  it('refuses a day after today, the same person twice, someone off the roster', () => {
    const future = checkTalk(
      { committeeId: 1, memberId: 3, heldOn: '2026-07-16' },
      '2026-07-15',
      roster,
      positions,
      names,
    );
    assert.equal(!future.ok && future.code, 'future');
    assert.equal(
      checkTalk(
        { committeeId: 1, memberId: 3, heldOn: '2026-07-15' },
        '2026-07-15',
        roster,
        [{ personId: 1, startedOn: '2026-01-01', endedOn: null }],
        names,
      ).ok,
      true,
    );
    const self = at('2026-04-01', 1, 1);
    assert.equal(!self.ok && self.code, 'self');
    const off = at('2026-04-01', 1, 9);
    assert.equal(!off.ok && off.code, 'notOnRoster');
    assert.equal(!off.ok && zhOf(off.msg), '张三不在第一支部的党员名册中');
  });
});
