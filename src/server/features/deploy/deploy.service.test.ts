import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOutline } from '../../../domain/deploy/outline-parser.ts';
import { defaultTaskSettings } from '../../../domain/deploy/task-settings.ts';
import { AppError } from '../../errors.ts';
import { assertValidOutline, flattenOutline, isoOfStatedDate } from './deploy.service.ts';

test('a full stated date becomes the meeting date; a month alone does not', () => {
  assert.equal(isoOfStatedDate('2020年4月15日'), '2020-04-15');
  assert.equal(isoOfStatedDate('（2020年 4 月 5 日）'), '2020-04-05');
  assert.equal(isoOfStatedDate('2020年4月'), null);
  assert.equal(isoOfStatedDate('2021年2月29日'), null);
  assert.equal(isoOfStatedDate(null), null);
});

test('the flattened outline keeps the tree as keys and parent keys, with default task settings', () => {
  const outline = parseOutline(
    '一、抓好建设\n（一）要在年底前创建星级支部5个。\n（二）要在6月底前完成整顿。\n二、加强保障\n要持续推进。',
  );
  const items = flattenOutline(outline.nodes, '2026-03-02');
  const top = items.filter((i) => i.parentKey === null);
  assert.deepEqual(
    top.map((i) => i.key),
    ['1', '2'],
  );
  const kids = items.filter((i) => i.parentKey === '1');
  assert.deepEqual(
    kids.map((i) => i.key),
    ['1.1', '1.2'],
  );
  const star = kids[0]!;
  assert.equal(star.kind, 'task');
  assert.deepEqual(star.task, {
    progressMode: 'sum',
    targetValue: 5,
    targetUnit: '个',
    shareThreshold: null,
    deadline: '2026-12-31',
    leadOrgId: null,
  });
  assert.equal(kids[1]!.task?.deadline, '2026-06-30');
  assertValidOutline(items);
});

test('"80%以上的行政村…达到5万元以上" starts as a share of receivers reaching 5万元, target 80%', () => {
  const s = defaultTaskSettings(
    {
      targets: [
        { value: 80, unit: '%', text: '80%以上的行政村' },
        { value: 5, unit: '万元', text: '达到5万元以上' },
      ],
      deadlines: [{ text: '年底前' }],
    },
    '2026-01-01',
  );
  assert.deepEqual(s, {
    progressMode: 'share',
    targetValue: 80,
    targetUnit: '万元',
    shareThreshold: 5,
    deadline: '2026-12-31',
    leadOrgId: null,
  });
});

test('a percentage target alone is not summed: the task starts without a quantitative mode', () => {
  const s = defaultTaskSettings({ targets: [{ value: 80, unit: '%', text: '80%以上' }], deadlines: [] }, '2026-01-01');
  assert.equal(s.progressMode, 'none');
  assert.equal(s.targetValue, null);
});

test('outline validation names the node: duplicate keys, a task with a target but no mode', () => {
  const base = {
    numbering: '',
    heading: '任务',
    text: '',
    kind: 'task' as const,
    spanStart: 0,
    spanEnd: 1,
    targets: [],
    deadlines: [],
    bodies: [],
    task: null,
  };
  assert.throws(
    () =>
      assertValidOutline([
        { ...base, key: 'a', parentKey: null },
        { ...base, key: 'a', parentKey: null },
      ]),
    (e: unknown) => e instanceof AppError && /重复/.test(e.message),
  );
  assert.throws(
    () =>
      assertValidOutline([
        {
          ...base,
          key: 'a',
          parentKey: null,
          task: {
            progressMode: 'none',
            targetValue: 3,
            targetUnit: '个',
            shareThreshold: null,
            deadline: null,
            leadOrgId: null,
          },
        },
      ]),
    (e: unknown) => e instanceof AppError && /没有量化方式/.test(e.message),
  );
});
