import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkDigitOf } from './id-number.ts';
import { changedFields, maskedCellMatches, type RosterValues } from './roster-match.ts';

const first17 = '33990119800506001';
const ID = first17 + checkDigitOf(first17);

const person: RosterValues = {
  name: '张海生',
  gender: 'male',
  ethnicity: '汉族',
  birthDate: '1980-05-06',
  education: 'bachelor',
  idNumber: ID,
  phone: '13800001111',
  orgId: 7,
  status: 'full',
  appliedOn: null,
  joinDate: '2010-07-01',
  fullDate: '2011-07-01',
  isFloating: false,
  isRetired: false,
};

describe('what a re-imported row changes', () => {
  test('the same values change nothing', () => {
    assert.deepEqual(changedFields(person, { ...person }), []);
  });

  test('each differing field is named once, in roster column order', () => {
    assert.deepEqual(changedFields(person, { ...person, isRetired: true, phone: null, name: '张海升' }), [
      'name',
      'phone',
      'isRetired',
    ]);
    assert.deepEqual(changedFields(person, { ...person, orgId: 8, appliedOn: '2009-03-01' }), ['orgId', 'appliedOn']);
  });

  test('a value cleared is a change; a value filled in is a change', () => {
    assert.deepEqual(changedFields(person, { ...person, ethnicity: null }), ['ethnicity']);
    assert.deepEqual(changedFields({ ...person, appliedOn: null }, { ...person, appliedOn: '2009-03-01' }), [
      'appliedOn',
    ]);
  });
});

describe('cells of a reduced export', () => {
  const cases: [Parameters<typeof maskedCellMatches>[0], string, string | null, boolean][] = [
    ['idNumber', `339901********${ID.slice(14, 17)}*`, ID, true],
    ['idNumber', `339901********${ID.slice(14, 17)}*`.toLowerCase(), ID, true],
    ['idNumber', '339901********999*', ID, false],
    ['idNumber', `339901********${ID.slice(14, 17)}*`, null, false],
    ['phone', '138****1111', '13800001111', true],
    ['phone', '138****1112', '13800001111', false],
    ['phone', '*****5678', '010-12345678', false],
    ['phone', '********5678', '010-12345678', true],
    ['birthDate', '1980-05', '1980-05-06', true],
    ['birthDate', '1980-06', '1980-05-06', false],
    ['birthDate', '1980-05', null, false],
  ];
  for (const [field, cell, registered, matches] of cases) {
    test(`${field} ${cell} ${matches ? 'stands for' : 'does not stand for'} ${registered}`, () => {
      assert.equal(maskedCellMatches(field, cell, registered), matches);
    });
  }
});
