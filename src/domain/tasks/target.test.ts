import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTaskTarget, type TargetProblem, type TargetSettings } from './target.ts';

const cases: [string, TargetSettings, TargetProblem | null][] = [
  ['no mode and no target', { progressMode: 'none', targetValue: null, shareThreshold: null }, null],
  ['an absent mode counts as none', {}, null],
  ['no mode with a target of 0', { progressMode: 'none', targetValue: 0 }, 'targetNotAllowed'],
  ['no mode with a target', { progressMode: 'none', targetValue: 5 }, 'targetNotAllowed'],
  ['an absent mode with a target', { targetValue: 5 }, 'targetNotAllowed'],
  ['sum without a target', { progressMode: 'sum', targetValue: null }, 'targetMissing'],
  ['sum with an absent target', { progressMode: 'sum' }, 'targetMissing'],
  ['sum with a target of 0', { progressMode: 'sum', targetValue: 0 }, null],
  ['sum above 100', { progressMode: 'sum', targetValue: 150 }, null],
  ['share without a target', { progressMode: 'share', targetValue: null, shareThreshold: 5 }, 'targetMissing'],
  ['share without a threshold', { progressMode: 'share', targetValue: 80, shareThreshold: null }, 'thresholdMissing'],
  ['share with an absent threshold', { progressMode: 'share', targetValue: 80 }, 'thresholdMissing'],
  ['share with a threshold of 0', { progressMode: 'share', targetValue: 80, shareThreshold: 0 }, null],
  ['share of 0%', { progressMode: 'share', targetValue: 0, shareThreshold: 5 }, null],
  ['share of exactly 100%', { progressMode: 'share', targetValue: 100, shareThreshold: 5 }, null],
  ['share of 100.01%', { progressMode: 'share', targetValue: 100.01, shareThreshold: 5 }, 'shareOver100'],
  [
    'share above 100% and no threshold',
    { progressMode: 'share', targetValue: 150, shareThreshold: null },
    'thresholdMissing',
  ],
];

for (const [name, settings, expected] of cases) {
  test(`checkTaskTarget: ${name} → ${expected ?? 'consistent'}`, () => {
    assert.equal(checkTaskTarget(settings), expected);
  });
}
