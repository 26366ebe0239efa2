import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultTaskSettings, type ItemFacts } from './task-settings.ts';

const target = (value: number, unit: string) => ({ value, unit, text: `${value}${unit}` });
const base = '2026-03-02';

test('defaultTaskSettings: no target and no deadline propose nothing to count', () => {
  assert.deepEqual(defaultTaskSettings({ targets: [], deadlines: [] }, base), {
    progressMode: 'none',
    targetValue: null,
    targetUnit: null,
    shareThreshold: null,
    deadline: null,
    leadOrgId: null,
  });
});

test('defaultTaskSettings: the first count target is summed', () => {
  const s = defaultTaskSettings({ targets: [target(5, '个'), target(3, '次')], deadlines: [] }, base);
  assert.deepEqual([s.progressMode, s.targetValue, s.targetUnit, s.shareThreshold], ['sum', 5, '个', null]);
});

test('defaultTaskSettings: the first deadline phrase that resolves is taken, read from the base date', () => {
  const item: ItemFacts = { targets: [], deadlines: [{ text: '尽快' }, { text: '6月底前' }, { text: '年底前' }] };
  assert.equal(defaultTaskSettings(item, base).deadline, '2026-06-30');
  assert.equal(defaultTaskSettings(item, '2026-07-01').deadline, '2027-06-30');
  assert.equal(defaultTaskSettings({ targets: [], deadlines: [{ text: '尽快' }] }, base).deadline, null);
});

const shareEdges: [number, 'share' | 'sum'][] = [
  [0, 'share'],
  [100, 'share'],
  [100.01, 'sum'],
];
for (const [percent, mode] of shareEdges) {
  test(`defaultTaskSettings: ${percent}% with a count target → ${mode}`, () => {
    const s = defaultTaskSettings({ targets: [target(percent, '%'), target(5, '万元')], deadlines: [] }, base);
    assert.equal(s.progressMode, mode);
    if (mode === 'share') {
      assert.deepEqual([s.targetValue, s.targetUnit, s.shareThreshold], [percent, '万元', 5]);
    } else {
      assert.deepEqual([s.targetValue, s.targetUnit, s.shareThreshold], [5, '万元', null]);
    }
  });
}

test('defaultTaskSettings: a percentage alone is not summed', () => {
  const s = defaultTaskSettings({ targets: [target(80, '%')], deadlines: [] }, base);
  assert.deepEqual([s.progressMode, s.targetValue, s.shareThreshold], ['none', null, null]);
});
