import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rosterCheckWaitSeconds } from './roster-limit.ts';

const NOW = new Date('2026-11-23T02:00:00Z');
const LIMIT = { max: 10, windowMinutes: 10 };
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

test('the 10th check within 10 minutes is allowed, the 11th waits until the oldest leaves the window', () => {
  const nine = Array.from({ length: 9 }, (_, i) => minutesAgo(9 - i));
  assert.equal(rosterCheckWaitSeconds(nine, NOW, LIMIT), null);
  const ten = [minutesAgo(9.5), ...nine];
  assert.equal(rosterCheckWaitSeconds(ten, NOW, LIMIT), 30);
  // Eleven (run while the limit was lower, or at once): two must leave the window.
  assert.equal(rosterCheckWaitSeconds([minutesAgo(1), ...ten], NOW, LIMIT), 60);
});

test('checks at the window edge: exactly 10 minutes ago no longer counts, a second less still does', () => {
  const recent = Array.from({ length: 9 }, () => minutesAgo(1));
  assert.equal(rosterCheckWaitSeconds([minutesAgo(10), ...recent], NOW, LIMIT), null);
  assert.equal(rosterCheckWaitSeconds([new Date(minutesAgo(10).getTime() + 1000), ...recent], NOW, LIMIT), 1);
});

test('the wait is whole seconds, at least one, and the order of the times does not matter', () => {
  const recent = Array.from({ length: 10 }, (_, i) => new Date(NOW.getTime() - i * 1500 - 100));
  assert.equal(rosterCheckWaitSeconds(recent, NOW, LIMIT), 587);
  assert.equal(rosterCheckWaitSeconds([...recent].reverse(), NOW, LIMIT), 587);
  assert.equal(rosterCheckWaitSeconds(recent, NOW, { max: 1, windowMinutes: 10 }), 600);
});
