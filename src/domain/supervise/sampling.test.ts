import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawSample, sampleSize } from './sampling.ts';

test('sample size: the share rounded up, at least the minimum, at most all', () => {
  const rule = { share: 0.1, min: 3 };
  assert.equal(sampleSize(0, rule), 0);
  assert.equal(sampleSize(1, rule), 1);
  assert.equal(sampleSize(2, rule), 2);
  assert.equal(sampleSize(3, rule), 3);
  assert.equal(sampleSize(29, rule), 3);
  assert.equal(sampleSize(30, rule), 3); // exactly 10%: 3, not 4
  assert.equal(sampleSize(31, rule), 4);
  assert.equal(sampleSize(25, rule), 3);
  assert.equal(sampleSize(296, rule), 30);
  assert.equal(sampleSize(10, { share: 1, min: 0 }), 10);
  assert.equal(sampleSize(10, { share: 0, min: 0 }), 0);
  assert.equal(sampleSize(10, { share: 0.5, min: 20 }), 10);
});

test('the same seed gives the same sample; another seed another one; the sample respects the minimum', () => {
  const candidates = Array.from({ length: 200 }, (_, i) => 1000 + i * 7);
  const rule = { share: 0.1, min: 3 };
  const a = drawSample(candidates, rule, 20261206);
  assert.deepEqual(drawSample(candidates, rule, 20261206), a);
  assert.equal(a.length, 20);
  assert.equal(new Set(a).size, 20);
  assert.ok(a.every((id) => candidates.includes(id)));
  assert.deepEqual(
    a,
    [...a].sort((x, y) => x - y),
  );
  assert.notDeepEqual(drawSample(candidates, rule, 20261207), a);
  assert.equal(drawSample(candidates.slice(0, 5), rule, 1).length, 3);
  assert.deepEqual(drawSample([], rule, 1), []);
  // Pinned: a draw recorded today draws the same organisations in any later version.
  assert.deepEqual(drawSample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { share: 0.3, min: 1 }, 42), [1, 4, 8]);
});

test('every candidate is drawn about equally often over many seeds (no position is favoured)', () => {
  const candidates = Array.from({ length: 20 }, (_, i) => i + 1);
  const counts = new Map<number, number>(candidates.map((c) => [c, 0]));
  const runs = 20_000;
  for (let seed = 0; seed < runs; seed++) {
    for (const id of drawSample(candidates, { share: 0.25, min: 1 }, seed)) counts.set(id, counts.get(id)! + 1);
  }
  // Each is drawn with probability 5/20: 5,000 of 20,000 expected; ±6% holds for a fair shuffle.
  for (const [id, n] of counts) assert.ok(Math.abs(n - 5000) < 300, `candidate ${id} drawn ${n} times`);
});
