import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import { floatingFlags } from './floating.ts';

const rules = ruleSetOn('2026-12-05').transfer;

test('lost contact: six months after the last contact — the day before no, the day of yes', () => {
  const r = { leftOn: '2026-01-10', lastContactOn: '2026-03-31' };
  assert.equal(floatingFlags(r, '2026-09-29', rules).lostContact, false);
  assert.equal(floatingFlags(r, '2026-09-30', rules).lostContactOn, '2026-09-30');
  assert.equal(floatingFlags(r, '2026-09-30', rules).lostContact, true);
  assert.equal(floatingFlags(r, '2026-10-01', rules).lostContact, true);
});

test('never contacted: counted from leaving; a contact before leaving does not count', () => {
  assert.equal(floatingFlags({ leftOn: '2026-02-28', lastContactOn: null }, '2026-08-28', rules).lostContact, true);
  assert.equal(
    floatingFlags({ leftOn: '2026-02-28', lastContactOn: '2026-01-01' }, '2026-08-27', rules).lostContact,
    false,
  );
});

test('leap day: six months after 2024-02-29 is 2024-08-29', () => {
  const f = floatingFlags({ leftOn: '2024-02-29', lastContactOn: null }, '2024-08-28', rules);
  assert.equal(f.transferDueOn, '2024-08-29');
  assert.equal(f.awayLong, false);
  assert.equal(floatingFlags({ leftOn: '2024-02-29', lastContactOn: null }, '2024-08-29', rules).awayLong, true);
});

test('away long depends on leaving only; a recent contact keeps the member in touch', () => {
  const f = floatingFlags({ leftOn: '2026-01-15', lastContactOn: '2026-07-01' }, '2026-07-20', rules);
  assert.equal(f.awayLong, true);
  assert.equal(f.lostContact, false);
});
