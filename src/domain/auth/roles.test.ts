import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canGrantRole,
  isLocked,
  lockoutAfterFailure,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
} from './roles.ts';

test('the password policy: at least 8 and at most 128 characters, with letters and digits (each bound: below, at, above)', () => {
  const cases: [string, string | null][] = [
    [`a${'1'.repeat(PASSWORD_MIN_LENGTH - 2)}`, '密码至少需要8个字符'],
    [`a${'1'.repeat(PASSWORD_MIN_LENGTH - 1)}`, null],
    [`a${'1'.repeat(PASSWORD_MIN_LENGTH)}`, null],
    [`a${'1'.repeat(PASSWORD_MAX_LENGTH - 2)}`, null],
    [`a${'1'.repeat(PASSWORD_MAX_LENGTH - 1)}`, null],
    [`a${'1'.repeat(PASSWORD_MAX_LENGTH)}`, '密码不能超过128个字符'],
    ['abcdefgh', '密码需同时包含字母和数字'],
    ['12345678', '密码需同时包含字母和数字'],
    ['Secret123', null],
  ];
  for (const [password, problem] of cases) assert.equal(passwordProblem(password), problem, password);
});

test('five consecutive wrong passwords lock the account for 15 minutes; the fourth does not', () => {
  const now = new Date('2026-11-23T02:00:00Z');
  assert.deepEqual(lockoutAfterFailure(3, now), { failures: 4, lockedUntil: null });
  const fifth = lockoutAfterFailure(4, now);
  assert.deepEqual(fifth, { failures: 0, lockedUntil: new Date('2026-11-23T02:15:00Z') });
  assert.equal(isLocked(fifth.lockedUntil, new Date('2026-11-23T02:14:59Z')), true);
  assert.equal(isLocked(fifth.lockedUntil, new Date('2026-11-23T02:15:00Z')), false);
});

test('an administrator grants roles no higher than their own; a secretary grants none', () => {
  assert.equal(canGrantRole('orgadmin', 'secretary'), true);
  assert.equal(canGrantRole('orgadmin', 'orgadmin'), true);
  assert.equal(canGrantRole('orgadmin', 'sysadmin'), false);
  assert.equal(canGrantRole('secretary', 'member'), false);
});
