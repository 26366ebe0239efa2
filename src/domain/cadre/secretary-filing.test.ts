import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  countOneShoulder,
  type FilingFacts,
  filingDueOn,
  filingStatus,
  missingChecks,
  oneShoulderRatio,
} from './secretary-filing.ts';

const rules = ruleSetOn('2026-12-01');
const sec = { personId: 7, startedOn: '2026-03-01' };

test('filingDueOn: the day of taking office plus the days allowed (30 by default, [S])', () => {
  assert.equal(rules.cadre.secretaryFilingDueDays.confidence, 'S');
  assert.equal(filingDueOn('2026-03-01', rules), '2026-03-31');
  assert.equal(filingDueOn('2028-02-01', rules), '2028-03-02'); // across a leap day
});

test('filingStatus: without a filing, due through the due day, missing the day after', () => {
  const f: FilingFacts = { secretary: sec, filing: null };
  assert.equal(filingStatus(f, '2026-03-30', rules), 'due');
  assert.equal(filingStatus(f, '2026-03-31', rules), 'due');
  assert.equal(filingStatus(f, '2026-04-01', rules), 'missing');
});

test('filingStatus: no secretary → nothing to file', () => {
  assert.equal(filingStatus({ secretary: null, filing: null }, '2026-04-01', rules), 'noSecretary');
});

test('filingStatus: pending, returned, filed through the term’s last day, expired the day after', () => {
  const filing = (decision: 'approved' | 'returned' | null) => ({ personId: 7, termEnd: '2031-02-28', decision });
  assert.equal(filingStatus({ secretary: sec, filing: filing(null) }, '2027-01-01', rules), 'pending');
  assert.equal(filingStatus({ secretary: sec, filing: filing('returned') }, '2027-01-01', rules), 'returned');
  assert.equal(filingStatus({ secretary: sec, filing: filing('approved') }, '2031-02-28', rules), 'filed');
  assert.equal(filingStatus({ secretary: sec, filing: filing('approved') }, '2031-03-01', rules), 'expired');
});

test('filingStatus: a filing approved for the former secretary is stale; an undecided one counts as none', () => {
  const other = (decision: 'approved' | null) => ({ personId: 8, termEnd: '2031-02-28', decision });
  assert.equal(filingStatus({ secretary: sec, filing: other('approved') }, '2026-03-02', rules), 'stale');
  assert.equal(filingStatus({ secretary: sec, filing: other(null) }, '2026-03-02', rules), 'due');
  assert.equal(filingStatus({ secretary: sec, filing: other(null) }, '2026-04-01', rules), 'missing');
});

test('missingChecks: every check of the rule must be ticked; spaces around are ignored; the order of the rule', () => {
  const all = rules.cadre.secretaryFilingChecks.value;
  assert.deepEqual(missingChecks([...all], rules), []);
  assert.deepEqual(
    missingChecks(
      all.slice(1).map((c) => ` ${c} `),
      rules,
    ),
    [all[0]],
  );
  assert.deepEqual(missingChecks([], rules), [...all]);
});

test('oneShoulderRatio: over villages with a secretary; none with one → null; exactly all → 1', () => {
  const rows = [
    { hasSecretary: true, post: 'director' },
    { hasSecretary: true, post: 'deputy_director' },
    { hasSecretary: true, post: null },
    { hasSecretary: false, post: null },
  ];
  const c = countOneShoulder(rows);
  assert.deepEqual(c, { villages: 4, withSecretary: 3, oneShoulder: 1 });
  assert.equal(oneShoulderRatio(c), 1 / 3);
  assert.equal(oneShoulderRatio({ villages: 2, withSecretary: 0, oneShoulder: 0 }), null);
  assert.equal(oneShoulderRatio({ villages: 2, withSecretary: 2, oneShoulder: 2 }), 1);
});
