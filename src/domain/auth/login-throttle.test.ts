import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  delayAfterFailures,
  LOGIN_THROTTLE,
  retryAfterSeconds,
  type ThrottleState,
  throttleAfterFailure,
} from './login-throttle.ts';

const now = new Date('2026-11-23T02:00:00Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

function afterFailures(n: number): ThrottleState {
  let state: ThrottleState | null = null;
  for (let i = 0; i < n; i++) state = throttleAfterFailure(state, at(i));
  return state!;
}

test('the 4th wrong password in a row is free, the 5th delays the next try by a minute, the 6th by two', () => {
  assert.equal(afterFailures(4).blockedUntil, null);
  assert.equal(afterFailures(4).failures, 4);
  assert.deepEqual(afterFailures(5).blockedUntil, at(4 + 60));
  assert.deepEqual(afterFailures(6).blockedUntil, at(5 + 120));
});

test('the delays double and stop growing at the cap (15 minutes)', () => {
  const table: [failures: number, seconds: number][] = [
    [1, 0],
    [4, 0],
    [5, 60],
    [6, 120],
    [7, 240],
    [8, 480],
    [9, 900],
    [10, 900],
    [1000, 900],
  ];
  for (const [failures, seconds] of table) assert.equal(delayAfterFailures(failures), seconds, `${failures}`);
  assert.equal(LOGIN_THROTTLE.maxDelaySeconds, 900);
});

test('a wrong password more than the window after the previous one starts the count afresh', () => {
  const five = afterFailures(5);
  const window = LOGIN_THROTTLE.windowSeconds;
  const within = throttleAfterFailure(five, new Date(five.lastFailedAt.getTime() + window * 1000));
  assert.equal(within.failures, 6);
  const beyond = throttleAfterFailure(five, new Date(five.lastFailedAt.getTime() + window * 1000 + 1));
  assert.equal(beyond.failures, 1);
  assert.equal(beyond.blockedUntil, null);
});

test('retry-after counts whole seconds up to the end of the delay, then nothing', () => {
  assert.equal(retryAfterSeconds(null, now), 0);
  assert.equal(retryAfterSeconds(at(60), now), 60);
  assert.equal(retryAfterSeconds(at(59.2), now), 60);
  assert.equal(retryAfterSeconds(at(60), at(60)), 0);
  assert.equal(retryAfterSeconds(at(60), at(61)), 0);
});
