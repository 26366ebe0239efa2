import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import { taskRulesOf } from '../tasks/task-rules.ts';
import {
  type BurdenCaps,
  type BurdenUse,
  burdenLevelOf,
  burdenOverruns,
  capWindow,
  monthOf,
  rankIssuers,
} from './burden.ts';

const caps: BurdenCaps = {
  grassroots: { assignment: { max: 3, per: 'month' }, supervision: { max: 2, per: 'year' } },
  committee: { assignment: { max: 5, per: 'month' }, supervision: { max: 4, per: 'year' } },
};
/** `n` this month and this year (caps per month and per year read the same figure here). */
const use = (orgId: number, n: number, fromIssuerThisYear = 0, type: BurdenUse['type'] = 'branch'): BurdenUse => ({
  orgId,
  type,
  thisMonth: n,
  thisYear: n,
  fromIssuerThisYear,
});

test('levels: 党支部, 联合党支部, 党总支, 党小组 are grassroots; 党委 and 党工委 are committees', () => {
  assert.equal(burdenLevelOf('branch'), 'grassroots');
  assert.equal(burdenLevelOf('joint_branch'), 'grassroots');
  assert.equal(burdenLevelOf('general_branch'), 'grassroots');
  assert.equal(burdenLevelOf('group'), 'grassroots');
  assert.equal(burdenLevelOf('committee'), 'committee');
  assert.equal(burdenLevelOf('working_committee'), 'committee');
});

test('cap edges: one below and at the cap pass; one more than the cap is over', () => {
  // cap 3 a month: 1 before → 2; 2 before → 3 (at the cap); 3 before → 4 (over)
  const r = burdenOverruns('assignment', [use(1, 1), use(2, 2), use(3, 3), use(4, 9)], caps, 1);
  assert.deepEqual(
    r.map((o) => [o.orgId, o.count, o.max, o.per, o.rule]),
    [
      [3, 4, 3, 'month', 'level'],
      [4, 10, 3, 'month', 'level'],
    ],
  );
});

test('each level has its own cap', () => {
  const r = burdenOverruns('assignment', [use(1, 4, 0, 'branch'), use(2, 4, 0, 'committee')], caps, 1);
  assert.deepEqual(
    r.map((o) => o.orgId),
    [1],
  );
});

test('a second supervision by the same issuer in a year is over; the level cap is reported first', () => {
  const r = burdenOverruns('supervision', [use(1, 0, 0), use(2, 1, 1), use(3, 2, 1)], caps, 1);
  assert.deepEqual(
    r.map((o) => [o.orgId, o.rule, o.count, o.max]),
    [
      [2, 'issuer', 2, 1],
      [3, 'level', 3, 2],
    ],
  );
  // the per-issuer rule does not apply to assignments
  assert.deepEqual(burdenOverruns('assignment', [use(1, 0, 5)], caps, 1), []);
});

test('a cap per month reads this month; a cap per year the whole calendar year', () => {
  const u: BurdenUse = { orgId: 1, type: 'branch', thisMonth: 0, thisYear: 2, fromIssuerThisYear: 0 };
  assert.deepEqual(burdenOverruns('assignment', [u], caps, 1), []);
  assert.equal(burdenOverruns('supervision', [u], caps, 1)[0]?.count, 3);
});

test('a cap of 0 makes every new demand over', () => {
  const zero: BurdenCaps = { ...caps, grassroots: { ...caps.grassroots, assignment: { max: 0, per: 'month' } } };
  assert.equal(burdenOverruns('assignment', [use(1, 0)], zero, 1).length, 1);
});

test('windows: this month, or this calendar year (leap day included)', () => {
  assert.equal(monthOf('2028-02-29'), '2028-02-01');
  assert.deepEqual(capWindow('2028-02-29', 'month'), { fromMonth: '2028-02-01', toMonth: '2028-02-01' });
  assert.deepEqual(capWindow('2026-12-31', 'year'), { fromMonth: '2026-01-01', toMonth: '2026-12-01' });
  assert.deepEqual(capWindow('2027-01-01', 'year'), { fromMonth: '2027-01-01', toMonth: '2027-12-01' });
});

test('issuers rank by demands, then organisations reached, then name; equal figures share a rank', () => {
  const r = rankIssuers([
    { orgId: 1, name: '乙', total: 5, orgsReached: 2 },
    { orgId: 2, name: '甲', total: 9, orgsReached: 1 },
    { orgId: 3, name: '丙', total: 5, orgsReached: 3 },
    { orgId: 4, name: '丁', total: 5, orgsReached: 2 },
  ]);
  assert.deepEqual(
    r.map((o) => [o.orgId, o.rank]),
    [
      [2, 1],
      [3, 2],
      [4, 3],
      [1, 3],
    ],
  );
});

test('the rule set carries the defaults with their sources; overrides replace one level and kind', () => {
  const set = ruleSetOn('2026-12-05');
  assert.equal(set.burden.supervisionsPerIssuerPerYear.value, 1);
  assert.equal(set.burden.supervisionsPerIssuerPerYear.confidence, 'S');
  assert.match(set.burden.supervisionsPerIssuerPerYear.source, /减负/);
  const rules = taskRulesOf(set, { burdenCaps: { grassroots: { assignment: { max: 7, per: 'year' } } } });
  assert.deepEqual(rules.burdenCaps.grassroots.assignment, { max: 7, per: 'year' });
  assert.deepEqual(rules.burdenCaps.grassroots.supervision, set.burden.caps.value.grassroots.supervision);
  assert.deepEqual(rules.burdenCaps.committee, set.burden.caps.value.committee);
});
