import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zhOf } from '../messages.ts';
import {
  applyOverrides,
  checkOverride,
  type LocalRuleValue,
  localRules,
  overridesInForce,
  type RuleOverride,
  shapeProblem,
} from './overrides.ts';
import { ruleSetOn } from './ruleset.ts';

const base = (o: Partial<RuleOverride>): RuleOverride => ({
  id: 1,
  orgId: 10,
  orgName: '某市委',
  depth: 1,
  ruleId: 'development.publicNoticeWorkingDays',
  value: 7,
  effectiveFrom: '2027-01-01',
  document: '某市发展党员工作实施细则',
  reason: '本市规定公示7个工作日',
  ...o,
});

describe('local rules (地方规定) over the [S] defaults', () => {
  it('only rules tagged S may be adjusted; a confirmed rule is refused with its source', () => {
    assert.deepEqual(checkOverride('development.publicNoticeWorkingDays', 7, '2026-12-07', '2026-12-07'), {
      ok: true,
    });
    const c = checkOverride('development.activistMinYears', 2, '2026-12-07', '2026-12-07');
    assert.equal(c.ok, false);
    if (!c.ok) {
      assert.equal(c.code, 'confirmed');
      assert.match(zhOf(c.msg), /发展党员工作细则/);
    }
    const u = checkOverride('development.noSuchRule', 1, '2026-12-07', '2026-12-07');
    assert.equal(u.ok ? '' : u.code, 'unknown');
  });

  it('takes effect today or later, never before (the day before refused, the day of accepted)', () => {
    assert.equal(checkOverride('life.lecture', { count: 1, months: 6 }, '2026-12-06', '2026-12-07').ok, false);
    assert.equal(checkOverride('life.lecture', { count: 1, months: 6 }, '2026-12-07', '2026-12-07').ok, true);
    assert.equal(checkOverride('life.lecture', { count: 1, months: 6 }, '2026-12-08', '2026-12-07').ok, true);
  });

  it('the value must have the default’s shape', () => {
    assert.equal(shapeProblem({ count: 1, months: 3 }, { count: 1, months: 6 }), null);
    assert.deepEqual(shapeProblem({ count: 1, months: 3 }, { count: 1 }), { path: 'months', expected: 'present' });
    assert.deepEqual(shapeProblem({ count: 1, months: 3 }, { count: 1, months: 3, x: 1 }), {
      path: 'x',
      expected: 'absent',
    });
    assert.deepEqual(shapeProblem(5, 5.5), { path: '值', expected: 'integer' });
    assert.deepEqual(shapeProblem(5, -1), { path: '值', expected: 'nonNegative' });
    assert.deepEqual(shapeProblem(0.2, 0.25), null);
    assert.deepEqual(shapeProblem([{ upTo: 3000, rate: 0.005 }], []), { path: '值', expected: 'list' });
    const brackets = [
      { upTo: 3000, rate: 0.005 },
      { upTo: null, rate: 0.02 },
    ];
    assert.deepEqual(
      shapeProblem(brackets, [
        { upTo: 4000, rate: 0.005 },
        { upTo: null, rate: 0.02 },
      ]),
      null,
    );
    assert.deepEqual(shapeProblem(brackets, [{ upTo: '4000', rate: 0.005 }]), { path: '[0].upTo', expected: 'number' });
    const bad = checkOverride('life.lecture', { count: '一' }, '2026-12-07', '2026-12-07');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(zhOf(bad.msg), /life\.lecture.*count 应为一个数/);
  });

  it('in force from its day on: the day before the default, the day of the local value', () => {
    const rules = localRules([base({})]);
    assert.equal(rules('2026-12-31').development.publicNoticeWorkingDays.value, 5);
    const on = rules('2027-01-01').development.publicNoticeWorkingDays as LocalRuleValue;
    assert.equal(on.value, 7);
    assert.equal(on.confidence, 'S');
    assert.equal(on.source, '某市发展党员工作实施细则');
    assert.equal(on.local?.orgName, '某市委');
    assert.equal(rules('2027-01-02').development.publicNoticeWorkingDays.value, 7);
  });

  it('the nearest locality wins; a later row replaces an earlier one; null returns to the default', () => {
    const city = base({ id: 1, depth: 1, value: 7 });
    const county = base({ id: 2, depth: 2, orgId: 11, orgName: '某县委', value: 6, effectiveFrom: '2027-03-01' });
    const back = base({ id: 3, depth: 2, orgId: 11, orgName: '某县委', value: null, effectiveFrom: '2027-06-01' });
    const all = [city, county, back];
    assert.equal(overridesInForce(all, '2027-02-28').get('development.publicNoticeWorkingDays')?.id, 1);
    assert.equal(overridesInForce(all, '2027-03-01').get('development.publicNoticeWorkingDays')?.id, 2);
    assert.equal(
      applyOverrides(ruleSetOn('2027-03-01'), all, '2027-03-01').development.publicNoticeWorkingDays.value,
      6,
    );
    // The county went back to the platform's default; the city's rule is not what applies below the county then.
    assert.equal(
      applyOverrides(ruleSetOn('2027-06-01'), all, '2027-06-01').development.publicNoticeWorkingDays.value,
      5,
    );
  });

  it('leaves the platform set untouched and ignores a confirmed rule slipped in', () => {
    const set = ruleSetOn('2027-01-01');
    const sneaky = base({ ruleId: 'development.activistMinYears', value: 2 });
    const out = applyOverrides(set, [base({}), sneaky], '2027-01-01');
    assert.equal(out.development.activistMinYears.value, 1);
    assert.equal(set.development.publicNoticeWorkingDays.value, 5);
    assert.equal(localRules([])('2027-01-01'), ruleSetOn('2027-01-01'));
  });
});
