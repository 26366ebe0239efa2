import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSystem, walkIndicators } from './index-system.ts';
import { TEMPLATES, templateB } from './templates.ts';

test('every template passes checkSystem, is tagged [S] and names its source', () => {
  for (const t of TEMPLATES) {
    const s = t.make(2026);
    assert.deepEqual(checkSystem(s), [], t.id);
    assert.equal(s.tag, 'S', t.id);
    assert.ok((s.source ?? '').length > 0, t.id);
  }
});

test('template B carries 110 points: 100 shared out plus a 10-point bonus', () => {
  const s = templateB(2026);
  const top = s.indicators;
  assert.equal(top.length, 8);
  assert.equal(
    top.reduce((sum, i) => sum + i.max, 0),
    110,
  );
  assert.deepEqual(
    top.slice(0, 4).map((i) => i.max),
    [15, 10, 10, 10],
  );
});

test('each call is a fresh copy: editing one leaves the next untouched', () => {
  const a = TEMPLATES[2].make(2026);
  (a.indicators[0] as { name: string }).name = '改';
  assert.notEqual(TEMPLATES[2].make(2026).indicators[0]!.name, '改');
  assert.ok(walkIndicators(a).length > 8);
});
