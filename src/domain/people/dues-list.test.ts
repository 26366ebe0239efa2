import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAmount, readDuesMonth, readIdGiven } from './dues-list.ts';

const cell = (value: string | number | Date | null, numFmt?: string) => ({ value, ...(numFmt ? { numFmt } : {}) });
const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : 'error');

test('the month of a dues ledger row: text, a date, a serial, 202603; 2026.1 refused as ambiguous', () => {
  assert.deepEqual(
    [
      cell('2026年3月'),
      cell('2026-03'),
      cell('2026.3'),
      cell('2026/03/15'),
      cell(new Date(Date.UTC(2026, 11, 31))),
      cell(46113),
      cell(202603),
      cell(2026.3),
      cell(2026.12),
      cell(null),
    ].map((c) => value(readDuesMonth(c))),
    ['2026-03', '2026-03', '2026-03', '2026-03', '2026-12', '2026-04', '2026-03', '2026-03', '2026-12', null],
  );
  assert.equal(readDuesMonth(cell(2026.1)).ok, false);
  assert.equal(readDuesMonth(cell('2026年13月')).ok, false);
});

test('amounts to the fen: 12.5, "12.50元", "¥0.2"; 12.345 and text refused', () => {
  assert.deepEqual(
    [cell(12.5), cell('12.50元'), cell('¥0.2'), cell(0), cell(0.1 + 0.2)].map((c) => value(readAmount(c))),
    [12.5, 12.5, 0.2, 0, 0.3],
  );
  assert.equal(readAmount(cell(12.345)).ok, false);
  assert.equal(readAmount(cell('十元')).ok, false);
  assert.equal(readAmount(cell(-1)).ok, false);
});

test('the ID: 18 characters, the last four (a number 123 is 0123), 15 upgraded; a number Excel cut refused', () => {
  assert.deepEqual(value(readIdGiven(cell('33990119800506001X'))), { full: '33990119800506001X' });
  assert.deepEqual(value(readIdGiven(cell('001x'))), { last4: '001X' });
  assert.deepEqual(value(readIdGiven(cell(123))), { last4: '0123' });
  assert.equal((value(readIdGiven(cell('339901800506001'))) as { full: string }).full.length, 18);
  assert.equal(readIdGiven(cell(339901198005060000)).ok, false);
  assert.equal(readIdGiven(cell('12345')).ok, false);
  assert.equal(value(readIdGiven(cell(null))), null);
});
