import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareIso, isIsoDate } from '../dates.ts';
import { RULESETS, type RuleValue, ruleSetOn } from './ruleset.ts';

function ruleValuesOf(node: unknown, path = ''): [string, RuleValue<unknown>][] {
  if (typeof node !== 'object' || node === null) return [];
  if ('confidence' in node && 'source' in node) return [[path, node as RuleValue<unknown>]];
  return Object.entries(node).flatMap(([k, v]) => ruleValuesOf(v, path ? `${path}.${k}` : k));
}

test('ruleSetOn picks the latest set in force on the date, falling back to the first', () => {
  const cases: [string, string][] = [
    ['2018-12-31', '2024.1'],
    ['2019-01-01', '2024.1'],
    ['2019-01-02', '2024.1'],
    ['2026-11-23', '2024.1'],
  ];
  for (const [date, version] of cases) assert.equal(ruleSetOn(date).version, version, date);
});

test('rule sets are listed oldest first with distinct versions', () => {
  for (let i = 1; i < RULESETS.length; i++) {
    assert.equal(compareIso(RULESETS[i - 1]!.effectiveFrom, RULESETS[i]!.effectiveFrom), -1);
  }
  assert.equal(new Set(RULESETS.map((s) => s.version)).size, RULESETS.length);
});

test('every rule value names its source document, a valid date and a confidence', () => {
  for (const set of RULESETS) {
    assert.ok(isIsoDate(set.effectiveFrom));
    const values = ruleValuesOf({ org: set.org, people: set.people });
    assert.ok(values.length >= 20, `${set.version}: only ${values.length} rule values found`);
    for (const [path, r] of values) {
      assert.ok(r.source.length > 0, path);
      assert.ok(isIsoDate(r.effectiveFrom), `${path}: ${r.effectiveFrom}`);
      assert.ok(r.confidence === 'C' || r.confidence === 'S', path);
      if (r.confidence === 'C') assert.ok(r.article, `${path}: a confirmed rule cites its article`);
    }
  }
});

test('rule set 2024.1 holds the numbers of 党章, 支部工作条例 and 选举条例', () => {
  const { org, people } = ruleSetOn('2024-06-01');
  assert.deepEqual(
    [org.minFullMembersForOrg.value, org.minFullMembersForOrg.confidence, org.minFullMembersForOrg.article],
    [3, 'C', '第三十条'],
  );
  assert.equal(org.branchMaxMembers.value, 50);
  assert.equal(org.jointBranchMaxUnits.value, 5);
  assert.equal(org.committeeRequiredFromFullMembers.value, 7);
  assert.deepEqual(
    [org.committeeSizeMin.value, org.committeeSizeUsualMax.value, org.committeeSizeMax.value],
    [3, 5, 7],
  );
  assert.deepEqual(org.generalBranchMembers.value, { min: 50, max: 100 });
  assert.equal(org.baseCommitteeMinMembers.value, 100);
  assert.deepEqual(
    [
      org.termYears.byType.committee.value,
      org.termYears.byType.general_branch.value,
      org.termYears.byType.branch.value,
    ],
    [5, 3, 3],
  );
  assert.deepEqual([org.termYears.byField.rural?.value, org.termYears.byField.community?.value], [5, 5]);
  assert.deepEqual([org.termYearsRange.value, org.termYearsRange.confidence], [{ min: 3, max: 5 }, 'C']);
  assert.equal(org.reElectionReminderMonths.value, 6);
  assert.deepEqual([org.reElectionMaxShiftYears.value, org.reElectionMaxShiftYears.confidence], [1, 'C']);
  assert.deepEqual(
    [people.minJoinAge.value, people.minJoinAge.confidence, people.minJoinAge.article],
    [18, 'C', '第一条'],
  );
  assert.deepEqual([people.probationYears.value, people.probationYears.article], [1, '第七条']);
});
