import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import { expectedTermYears, termDueOn, termStatus } from './term.ts';
import type { OrgType } from './vocab.ts';

const RULES = ruleSetOn('2026-11-23');

test('termDueOn adds the term years to the start date', () => {
  const cases: [string, number, string][] = [
    ['2021-06-30', 3, '2024-06-30'],
    ['2021-06-30', 5, '2026-06-30'],
    ['2020-02-29', 3, '2023-02-28'],
    ['2020-02-29', 4, '2024-02-29'],
  ];
  for (const [start, years, due] of cases) assert.equal(termDueOn(start, years), due, `${start} + ${years}`);
});

test('expectedTermYears: base committee 5, branches 3, village and community 5, none for groups', () => {
  const cases: [OrgType, string | null, number | null][] = [
    ['committee', null, 5],
    ['committee', 'soe', 5],
    ['general_branch', null, 3],
    ['general_branch', 'organ', 3],
    ['branch', 'school', 3],
    ['joint_branch', 'private', 3],
    ['branch', 'rural', 5],
    ['general_branch', 'rural', 5],
    ['joint_branch', 'community', 5],
    ['committee', 'community', 5],
    ['branch', 'constructor', 3],
    ['group', 'rural', null],
    ['working_committee', null, null],
  ];
  for (const [type, field, years] of cases) {
    assert.equal(expectedTermYears(type, field, RULES)?.value ?? null, years, `${type}/${field}`);
  }
  assert.equal(expectedTermYears('branch', 'rural', RULES)?.source, '关于党的基层组织任期的意见');
});

test('termStatus: due soon from six months before the due date, overdue from the day after', () => {
  const due = '2027-05-20';
  const cases: [string, string][] = [
    ['2026-11-19', 'ok'],
    ['2026-11-20', 'due_soon'],
    ['2026-11-21', 'due_soon'],
    ['2027-05-19', 'due_soon'],
    ['2027-05-20', 'due_soon'],
    ['2027-05-21', 'overdue'],
    ['2030-01-01', 'overdue'],
  ];
  for (const [today, status] of cases) assert.equal(termStatus(due, today, RULES), status, today);
});

test('termStatus: the reminder window of a due date on 08-31 starts on the last day of February', () => {
  const cases: [string, string, string][] = [
    ['2024-08-31', '2024-02-28', 'ok'],
    ['2024-08-31', '2024-02-29', 'due_soon'],
    ['2025-08-31', '2025-02-27', 'ok'],
    ['2025-08-31', '2025-02-28', 'due_soon'],
  ];
  for (const [due, today, status] of cases) assert.equal(termStatus(due, today, RULES), status, `${due} on ${today}`);
});
