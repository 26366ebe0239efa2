import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWorkingDay, workingDaysBetween, workingDaysEnd } from './working-days.ts';

test('National Day 2026: holidays off, the make-up Saturday and Sunday are working days', () => {
  assert.equal(isWorkingDay('2026-10-01'), false);
  assert.equal(isWorkingDay('2026-10-07'), false);
  assert.equal(isWorkingDay('2026-10-08'), true);
  assert.equal(isWorkingDay('2026-10-10'), true, '调休上班 (Saturday)');
  assert.equal(isWorkingDay('2026-09-20'), true, '调休上班 (Sunday)');
  assert.equal(isWorkingDay('2026-10-11'), false);
});

test('five working days from 2026-09-30 end on 2026-10-10, across the holiday and a make-up day', () => {
  assert.equal(workingDaysBetween('2026-09-30', '2026-10-09'), 3);
  assert.equal(workingDaysBetween('2026-09-30', '2026-10-10'), 4);
  assert.equal(workingDaysEnd('2026-09-29', 5), '2026-10-10');
  assert.equal(workingDaysEnd('2026-09-30', 5), '2026-10-12');
  assert.equal(workingDaysBetween('2026-10-12', '2026-10-01'), 0);
});
