import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDaysIso } from '../dates.ts';
import { ageBandOf, ageByMonthOn, birthMonthRangeForBand, yearMonthOf } from './age.ts';
import { checkDigitOf, checkIdNumber } from './id-number.ts';
import { maskPhone, viewIdentifyingFacts } from './person-view.ts';
import { AGE_BANDS } from './vocab.ts';

const TODAY = '2026-11-23';
const idOf = (birth: string, seq = '123'): string => {
  const first17 = `339901${birth.replaceAll('-', '')}${seq}`;
  return first17 + checkDigitOf(first17);
};

/** Every valid ID number that agrees with a reduced view: what someone holding only the view could still believe. */
function candidatesOf(view: { idNumber: string | null; birthYearMonth: string | null }): string[] {
  const masked = view.idNumber!;
  const [y, m] = view.birthYearMonth!.split('-');
  const out: string[] = [];
  for (let day = 1; day <= 31; day++) {
    const first17 = `${masked.slice(0, 6)}${y}${m}${String(day).padStart(2, '0')}${masked.slice(14, 17)}`;
    const id = first17 + checkDigitOf(first17);
    if (checkIdNumber(id, TODAY).ok) out.push(id);
  }
  return out;
}

test('a full view shows the facts as stored, the age on the day', () => {
  const facts = { birthDate: '1980-05-24', idNumber: idOf('1980-05-24'), phone: '13900001111' };
  assert.deepEqual(viewIdentifyingFacts(facts, TODAY, true), {
    ...facts,
    birthYearMonth: '1980-05',
    age: 46,
    reduced: false,
  });
  assert.equal(viewIdentifyingFacts({ ...facts, birthDate: '1980-11-24' }, TODAY, true).age, 45);
});

test('a reduced view keeps year and month, hides the day, the birth digits and the check character', () => {
  const birthDate = '1980-05-06';
  const id = idOf(birthDate);
  const v = viewIdentifyingFacts({ birthDate, idNumber: id, phone: '13900001111' }, TODAY, false);
  assert.equal(v.birthDate, null);
  assert.equal(v.birthYearMonth, '1980-05');
  assert.equal(v.idNumber, '339901********123*');
  assert.equal(v.phone, '139****1111');
  assert.equal(v.reduced, true);
  const text = JSON.stringify(v);
  assert.ok(!text.includes('19800506') && !text.includes('1980-05-06'), text);
  assert.ok(!text.includes(id.slice(14)), 'not the sequence with its check character');
});

test('no reduced view narrows the ID number below every day of the birth month (table of months and sequences)', () => {
  const births = ['1980-05-06', '1999-02-28', '2000-02-29', '1975-12-31', '1990-07-01', '1985-01-15'];
  const sequences = ['001', '123', '998', '457'];
  for (const birthDate of births) {
    for (const seq of sequences) {
      const id = idOf(birthDate, seq);
      const v = viewIdentifyingFacts({ birthDate, idNumber: id, phone: null }, TODAY, false);
      const candidates = candidatesOf(v);
      assert.ok(candidates.includes(id), `${id} is among the candidates`);
      const daysInMonth = new Date(
        Date.UTC(Number(birthDate.slice(0, 4)), Number(birthDate.slice(5, 7)), 0),
      ).getUTCDate();
      assert.equal(candidates.length, daysInMonth, `${birthDate} ${seq}: ${candidates.length} candidates`);
    }
  }
});

test('the age in a reduced view is the same for every day of the birth month', () => {
  for (const day of ['01', '15', '23', '24', '30']) {
    const birthDate = `1980-11-${day}`;
    const v = viewIdentifyingFacts({ birthDate, idNumber: null, phone: null }, TODAY, false);
    assert.equal(v.age, 46, birthDate);
  }
});

test('ageByMonthOn turns a year older on the first of the birth month', () => {
  const cases: [string, string, number][] = [
    ['2000-06', '2018-05-31', 17],
    ['2000-06', '2018-06-01', 18],
    ['2000-06', '2018-06-30', 18],
    ['2000-12', '2001-11-30', 0],
    ['2000-12', '2001-12-01', 1],
    ['2000-01', '2000-01-01', 0],
  ];
  for (const [ym, on, age] of cases) assert.equal(ageByMonthOn(ym, on), age, `${ym} on ${on}`);
  assert.ok(Object.is(ageByMonthOn('2020-02', '2020-01-15'), 0));
  assert.throws(() => ageByMonthOn('2000-6', '2018-06-01'), RangeError);
  assert.throws(() => yearMonthOf('2023-02-29'), RangeError);
});

test('birthMonthRangeForBand: whole months, the edges in the band by month-age, the days just outside not', () => {
  for (const today of ['2026-11-23', '2024-02-29', '2024-03-01', '2023-12-31', '2024-01-01']) {
    for (const band of AGE_BANDS) {
      const { from, to } = birthMonthRangeForBand(band, today);
      const label = `${band} on ${today}`;
      const bandOf = (d: string) => ageBandOf(ageByMonthOn(yearMonthOf(d), today));
      if (from !== null) {
        assert.equal(from.slice(8), '01', `${label}: from ${from} starts a month`);
        assert.equal(bandOf(from), band, `${label}: from ${from}`);
        assert.notEqual(bandOf(addDaysIso(from, -1)), band, `${label}: day before ${from}`);
      }
      if (to !== null) {
        assert.equal(addDaysIso(to, 1).slice(8), '01', `${label}: to ${to} ends a month`);
        assert.equal(bandOf(to), band, `${label}: to ${to}`);
        assert.notEqual(bandOf(addDaysIso(to, 1)), band, `${label}: day after ${to}`);
      }
    }
  }
});

test('maskPhone: mobiles keep 3 + 4 digits, other numbers their last 4 characters', () => {
  const cases: [string, string][] = [
    ['13900001111', '139****1111'],
    ['01012345678', '010****5678'],
    ['010-12345678', '********5678'],
    ['+8613900001111', '**********1111'],
    ['1234', '****'],
    ['', ''],
  ];
  for (const [phone, masked] of cases) assert.equal(maskPhone(phone), masked, phone);
});
