import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  arrangementIn,
  canPayMonth,
  type DuesArrangement,
  dueByMonths,
  duesStanding,
  duesStandingOn,
  goesToCentre,
  monthlyDues,
  monthsBetween,
  previousMonth,
  quarterEndOf,
  toFen,
} from './dues.ts';

const rules = ruleSetOn('2026-12-05').dues;
const amount = (category: 'salaried' | 'retired', monthlyIncome: number) => {
  const r = monthlyDues({ category, monthlyIncome }, rules);
  assert.ok(r.ok);
  return [r.amount, r.rate];
};

test('in work: every bracket edge (≤3000 0.5%, ≤5000 1%, ≤10000 1.5%, above 2%)', () => {
  assert.deepEqual(amount('salaried', 0), [0, 0.005]);
  assert.deepEqual(amount('salaried', 2999.99), [15, 0.005]);
  assert.deepEqual(amount('salaried', 3000), [15, 0.005]);
  assert.deepEqual(amount('salaried', 3000.01), [30, 0.01]);
  assert.deepEqual(amount('salaried', 5000), [50, 0.01]);
  assert.deepEqual(amount('salaried', 5000.01), [75, 0.015]);
  assert.deepEqual(amount('salaried', 10000), [150, 0.015]);
  assert.deepEqual(amount('salaried', 10000.01), [200, 0.02]);
  assert.deepEqual(amount('salaried', 23456.78), [469.14, 0.02]);
});

test('retired: ≤5000 0.5%, above 1%', () => {
  assert.deepEqual(amount('retired', 5000), [25, 0.005]);
  assert.deepEqual(amount('retired', 5000.01), [50, 0.01]);
  assert.deepEqual(amount('retired', 4321), [21.61, 0.005]);
});

test('fixed amounts: farmers 0.2–1 yuan, students and the unemployed 0.2, reduced with a reason', () => {
  assert.deepEqual(monthlyDues({ category: 'farmer', amount: 0.2 }, rules), {
    ok: true,
    amount: 0.2,
    rate: null,
    ruleId: 'dues.farmer',
  });
  assert.equal(monthlyDues({ category: 'farmer', amount: 1 }, rules).ok, true);
  assert.deepEqual(monthlyDues({ category: 'farmer', amount: 1.01 }, rules), {
    ok: false,
    code: 'farmerRange',
    params: { min: 0.2, max: 1 },
  });
  assert.equal(monthlyDues({ category: 'farmer', amount: 0.19 }, rules).ok, false);
  assert.deepEqual(monthlyDues({ category: 'minimal' }, rules), {
    ok: true,
    amount: 0.2,
    rate: null,
    ruleId: 'dues.minimal',
  });
  assert.equal(monthlyDues({ category: 'reduced', amount: 0, reason: ' ' }, rules).ok, false);
  assert.deepEqual(monthlyDues({ category: 'reduced', amount: 0, reason: '重病，经上级党委批准免交' }, rules), {
    ok: true,
    amount: 0,
    rate: null,
    ruleId: null,
  });
  assert.equal(monthlyDues({ category: 'salaried', monthlyIncome: -1 }, rules).ok, false);
});

test('rounding to the fen, half up', () => {
  assert.equal(toFen(1.005), 1.01);
  assert.equal(toFen(12.344), 12.34);
});

test('months: spans across the year end, the month before January', () => {
  assert.deepEqual(monthsBetween('2026-11', '2027-02'), ['2026-11', '2026-12', '2027-01', '2027-02']);
  assert.deepEqual(monthsBetween('2026-03', '2026-02'), []);
  assert.equal(previousMonth('2027-01'), '2026-12');
});

test('standing: this month is not owed yet; 5 unpaid months are not a lapse, 6 are (党章 Art.9)', () => {
  const paid = new Set(['2026-01', '2026-02']);
  // Due from January; on 2026-08 the months owed are Jan–Jul: Mar–Jul unpaid (5).
  const five = duesStanding('2026-01', '2026-08', paid, rules);
  assert.deepEqual(five.unpaid, ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07']);
  assert.equal(five.runToDate, 5);
  assert.equal(five.lapse, false);
  const six = duesStanding('2026-01', '2026-09', paid, rules);
  assert.equal(six.runToDate, 6);
  assert.equal(six.lapse, true);
  // A payment in the run breaks it.
  assert.equal(duesStanding('2026-01', '2026-09', new Set([...paid, '2026-06']), rules).runToDate, 2);
  // A probationary member owes from the month of the vote only.
  assert.deepEqual(duesStanding('2026-08', '2026-09', new Set(), rules).unpaid, ['2026-08']);
  assert.equal(duesStanding('2026-09', '2026-09', new Set(), rules).unpaid.length, 0);
});

test('paying back: at most 6 months before this month; this month and ahead are fine', () => {
  assert.equal(canPayMonth('2026-06', '2026-12', rules), true); // Jun–Nov: 6 months back
  assert.equal(canPayMonth('2026-05', '2026-12', rules), false);
  assert.equal(canPayMonth('2026-12', '2026-12', rules), true);
  assert.equal(canPayMonth('2027-01', '2026-12', rules), true);
});

test('a quarter ends in March, June, September, December', () => {
  assert.deepEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-09', '2026-10', '2026-12'].map(quarterEndOf), [
    '2026-03',
    '2026-03',
    '2026-03',
    '2026-06',
    '2026-09',
    '2026-12',
    '2026-12',
  ]);
});

describe('a quarterly payer (经支部同意按季度交纳) is not in arrears before the quarter ends', () => {
  const quarterly: DuesArrangement[] = [{ fromMonth: '2026-01', kind: 'quarterly' }];
  const none = new Set<string>();
  const cases: [string, string, number, string | null][] = [
    // day, what, months in arrears, owed through
    ['2026-03-31', 'the last day of the first quarter: January–March not yet owed', 0, null],
    ['2026-04-01', 'the first day after it: January–March owed', 3, '2026-03'],
    ['2026-06-30', 'the last day of the second quarter: still three', 3, '2026-03'],
    ['2026-07-01', 'the first day of the third: six', 6, '2026-06'],
    ['2026-12-31', 'the last day of the year: nine (the fourth quarter still open)', 9, '2026-09'],
    ['2027-01-01', 'the first day of the next year: twelve', 12, '2026-12'],
  ];
  for (const [day, what, n, through] of cases) {
    test(`${day}: ${what}`, () => {
      const s = duesStandingOn('2026-01', day, none, rules, quarterly);
      assert.equal(s.unpaid.length, n);
      assert.equal(s.owedThrough, through);
    });
  }

  test('a monthly payer on the same days owes every month before this one', () => {
    assert.equal(duesStandingOn('2026-01', '2026-03-31', none, rules).unpaid.length, 2);
    assert.equal(duesStandingOn('2026-01', '2026-12-31', none, rules).unpaid.length, 11);
    assert.equal(
      duesStandingOn('2026-01', '2026-12-31', none, rules, [{ fromMonth: '2026-01', kind: 'proxy' }]).unpaid.length,
      11,
    );
  });

  test('the lapse flag (6 months) waits for the quarter too: 30 June not flagged, 1 July flagged', () => {
    assert.deepEqual(
      [
        duesStandingOn('2026-01', '2026-06-30', none, rules, quarterly).lapse,
        duesStandingOn('2026-01', '2026-07-01', none, rules, quarterly).lapse,
      ],
      [false, true],
    );
    // A monthly payer on 30 June has five months owed (January–May): not yet.
    assert.equal(duesStandingOn('2026-01', '2026-06-30', none, rules).lapse, false);
    // Across the year end: quarterly from October, nothing paid since July.
    const paid = new Set(monthsBetween('2026-01', '2026-06'));
    const fromQ4: DuesArrangement[] = [{ fromMonth: '2026-10', kind: 'quarterly' }];
    const dec31 = duesStandingOn('2026-01', '2026-12-31', paid, rules, fromQ4);
    assert.deepEqual([dec31.runToDate, dec31.lapse], [3, false]);
    const jan1 = duesStandingOn('2026-01', '2027-01-01', paid, rules, fromQ4);
    assert.deepEqual([jan1.runToDate, jan1.lapse], [6, true]);
  });

  test('back on monthly payment mid-quarter: the earlier months of the quarter are owed with the first monthly one', () => {
    const back: DuesArrangement[] = [
      { fromMonth: '2026-01', kind: 'quarterly' },
      { fromMonth: '2026-02', kind: 'monthly' },
    ];
    assert.deepEqual(dueByMonths(['2026-01', '2026-02', '2026-03'], back), ['2026-02', '2026-02', '2026-03']);
    assert.equal(arrangementIn('2025-12', back), 'monthly');
    assert.equal(arrangementIn('2026-01', back), 'quarterly');
    assert.deepEqual(duesStandingOn('2026-01', '2026-03-01', none, rules, back).unpaid, ['2026-01', '2026-02']);
  });
});

test('an extra payment of 1000 yuan or more goes to the centre: 999.99 no, 1000 yes, 1000.01 yes', () => {
  assert.equal(rules.extraToCentre.value, 1000);
  assert.deepEqual(
    [999.99, 1000, 1000.01].map((a) => goesToCentre(a, rules)),
    [false, true, true],
  );
});
