import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPassword, PASSWORD_MIN_SCORE, passwordProblem } from './password-policy.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './roles.ts';

/** A string of `n` characters with no pattern the estimator could find (a fixed pseudo-random sequence). */
function randomLooking(n: number): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_!';
  let x = 20261123;
  let out = 'k7';
  while (out.length < n) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

test('the length bounds: 10 to 128 characters (each bound: below, at, above), with a Chinese reason', () => {
  assert.equal(PASSWORD_MIN_LENGTH, 10);
  const cases: [number, string | null][] = [
    [PASSWORD_MIN_LENGTH - 1, '密码至少需要10个字符'],
    [PASSWORD_MIN_LENGTH, null],
    [PASSWORD_MIN_LENGTH + 1, null],
    [PASSWORD_MAX_LENGTH - 1, null],
    [PASSWORD_MAX_LENGTH, null],
    [PASSWORD_MAX_LENGTH + 1, '密码不能超过128个字符'],
  ];
  for (const [length, problem] of cases) assert.equal(passwordProblem(randomLooking(length)), problem, `${length}`);
  const short = checkPassword(randomLooking(9));
  assert.equal(!short.ok && short.reason, 'too_short');
});

test('refuses a password without both letters and digits', () => {
  assert.equal(passwordProblem('only-letters-here'), '密码需同时包含字母和数字');
  assert.equal(passwordProblem('1234-5678-9012'), '密码需同时包含字母和数字');
});

test('refuses common and guessable passwords with the reason in Chinese', () => {
  const table: [password: string, reason: string][] = [
    ['password123', 'common'],
    ['P@ssw0rd2026', 'common'],
    ['qwertyuiop1', 'common'],
    ['aaaaaaaaa1', 'repeat'],
    ['abcdef12345', 'sequence'],
    ['woaini1314a', 'word'],
    ['Dangjian2026', 'word'],
    ['wangwei123', 'word'],
  ];
  for (const [password, reason] of table) {
    const verdict = checkPassword(password);
    assert.equal(verdict.ok, false, password);
    if (!verdict.ok) {
      assert.equal(verdict.reason, reason, password);
      assert.match(verdict.message, /容易被猜到/);
      assert.equal(verdict.code, 'PASSWORD_POLICY');
      assert.equal(verdict.rule.confidence, 'S');
    }
  }
  assert.match(passwordProblem('password123')!, /^密码太常见/);
});

test("refuses a password built on the account's own username or name, and on the platform's name", () => {
  const own = checkPassword('zhangsan2024', ['zhangsan', '张三']);
  assert.equal(!own.ok && own.reason, 'personal');
  const platform = checkPassword('Luoshi2026');
  assert.equal(!platform.ok && platform.reason, 'personal');
  assert.match(passwordProblem('zhangsan2024', ['zhangsan'])!, /用户名、姓名/);
});

test(`takes passwords the estimator scores ${PASSWORD_MIN_SCORE} or more, refuses one it scores less`, () => {
  assert.equal(PASSWORD_MIN_SCORE, 3);
  const two = checkPassword('Probe12345'); // a dictionary word and a digit run: 2
  assert.equal(two.ok, false);
  for (const password of ['kx93Lmq2Wz', 'Reset2026a', 'Hz-Branch-8841', 'Stone-River-42', 'Tq8mVz3kLp7w']) {
    const verdict = checkPassword(password, ['someone']);
    assert.ok(verdict.ok, password);
    assert.ok(verdict.ok && verdict.score >= PASSWORD_MIN_SCORE);
  }
  assert.equal(passwordProblem('Stone-River-42'), null);
});
