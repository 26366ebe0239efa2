import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_WEIGHTS, type OrgOutcomes, rankOrgs } from './ranking.ts';

const org = (code: string, o: Partial<OrgOutcomes>): OrgOutcomes => ({
  orgId: Number(code),
  name: `组织${code}`,
  code,
  due: 0,
  done: 0,
  overdue: 0,
  problemsDue: 0,
  problemsClosedOnTime: 0,
  findings: 0,
  ...o,
});

test('scores are the weighted mean of the rates that apply', () => {
  const r = rankOrgs(
    [
      org('01', { due: 10, done: 10, overdue: 0, problemsDue: 2, problemsClosedOnTime: 2 }),
      org('02', { due: 10, done: 5, overdue: 5, problemsDue: 2, problemsClosedOnTime: 1, findings: 1 }),
    ],
    DEFAULT_WEIGHTS,
  );
  assert.deepEqual(
    r.ranked.map((o) => [o.code, o.score, o.rank]),
    [
      ['01', 100, 1],
      // 0.5×0.5 + 0.2×0.5 + 0.2×0.5 + 0.1×0.5 = 0.5
      ['02', 50, 2],
    ],
  );
});

test('work not yet due counts against nobody: nothing due → not ranked, never last', () => {
  const r = rankOrgs([org('01', { due: 4, done: 1, overdue: 3 }), org('02', {})], DEFAULT_WEIGHTS);
  assert.deepEqual(
    r.ranked.map((o) => o.code),
    ['01'],
  );
  assert.deepEqual(
    r.unranked.map((o) => o.code),
    ['02'],
  );
  // Findings alone do not rank anyone.
  assert.equal(rankOrgs([org('03', { findings: 5 })], DEFAULT_WEIGHTS).ranked.length, 0);
});

test('a measure with nothing due drops out and the other weights are renormalised', () => {
  const only = rankOrgs([org('01', { due: 4, done: 3, overdue: 1 })], {
    completion: 1,
    punctuality: 0,
    problemsOnTime: 1,
    findings: 0,
  });
  assert.equal(only.ranked[0]!.score, 75);
  assert.equal(only.ranked[0]!.rates.problemsOnTime, null);
});

test('ties: completion first, then fewer overdue, then the organisation code', () => {
  const w = { completion: 0, punctuality: 0, problemsOnTime: 1, findings: 0 };
  const r = rankOrgs(
    [
      org('03', { due: 2, done: 1, overdue: 1, problemsDue: 1, problemsClosedOnTime: 1 }),
      org('02', { due: 2, done: 2, overdue: 1, problemsDue: 1, problemsClosedOnTime: 1 }),
      org('05', { due: 2, done: 1, overdue: 0, problemsDue: 1, problemsClosedOnTime: 1 }),
      org('04', { due: 2, done: 1, overdue: 0, problemsDue: 1, problemsClosedOnTime: 1 }),
    ],
    w,
  );
  assert.deepEqual(
    r.ranked.map((o) => [o.code, o.score, o.rank]),
    [
      ['02', 100, 1],
      ['04', 100, 2],
      ['05', 100, 3],
      ['03', 100, 4],
    ],
  );
});

test('best and worst named: up to three each, at most a third of those ranked, nobody both', () => {
  const many = Array.from({ length: 10 }, (_, i) => org(String(i + 10), { due: 10, done: i + 1, overdue: 9 - i }));
  const r = rankOrgs(many, DEFAULT_WEIGHTS);
  assert.deepEqual(
    r.best.map((o) => o.code),
    ['19', '18', '17'],
  );
  assert.deepEqual(
    r.worst.map((o) => o.code),
    ['10', '11', '12'],
  );
  const two = rankOrgs(many.slice(0, 2), DEFAULT_WEIGHTS);
  assert.deepEqual([two.best.length, two.worst.length], [0, 0]);
  const three = rankOrgs(many.slice(0, 3), DEFAULT_WEIGHTS);
  assert.deepEqual([three.best.map((o) => o.code), three.worst.map((o) => o.code)], [['12'], ['10']]);
});
