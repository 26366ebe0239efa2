import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ItemTaskSettings, OutlineItem } from '../../../../contracts/deploy.ts';
import {
  buildTree,
  changeKind,
  countKinds,
  type DropPosition,
  deleteItem,
  descendantKeys,
  itemAtOffset,
  keysWithNextSibling,
  mergeWithNext,
  moveItem,
  newKey,
  nextSibling,
  type OutlineTreeNode,
  sentenceStarts,
  splitItem,
  updateItem,
} from './outline-ops.ts';

const BASE = '2026-03-02';

function item(key: string, parentKey: string | null = null, over: Partial<OutlineItem> = {}): OutlineItem {
  return {
    key,
    parentKey,
    numbering: '',
    heading: key,
    text: '',
    kind: 'section',
    spanStart: null,
    spanEnd: null,
    targets: [],
    deadlines: [],
    bodies: [],
    task: null,
    ...over,
  };
}

const settings = (over: Partial<ItemTaskSettings> = {}): ItemTaskSettings => ({
  progressMode: 'sum',
  targetValue: 9,
  targetUnit: '次',
  shareThreshold: null,
  deadline: '2026-09-30',
  leadOrgId: 7,
  ...over,
});

const keys = (items: readonly OutlineItem[]) => items.map((i) => i.key);
/** key:parentKey of each item, in list order (the pre-order the screen shows). */
const shape = (items: readonly OutlineItem[]) => items.map((i) => `${i.key}:${i.parentKey ?? '-'}`);
const byKey = (items: readonly OutlineItem[], key: string) => items.find((i) => i.key === key)!;

/**
 * a
 *   a1
 *     a1x
 *   a2
 * b
 *   b1
 * c
 */
const outline = (): OutlineItem[] => [
  item('a'),
  item('a1', 'a'),
  item('a1x', 'a1'),
  item('a2', 'a'),
  item('b'),
  item('b1', 'b'),
  item('c'),
];

// buildTree

test('buildTree nests items under their parents, siblings in list order, with their depth', () => {
  const tree = buildTree(outline());
  const walk = (nodes: OutlineTreeNode[]): string[] =>
    nodes.flatMap((n) => [`${n.item.key}@${n.depth}`, ...walk(n.children)]);
  assert.deepEqual(walk(tree), ['a@0', 'a1@1', 'a1x@2', 'a2@1', 'b@0', 'b1@1', 'c@0']);
  assert.deepEqual(buildTree([]), []);
});

test('buildTree: an item whose parent is missing, or which is its own parent, becomes a root', () => {
  const tree = buildTree([item('a'), item('x', 'gone'), item('s', 's')]);
  assert.deepEqual(
    tree.map((n) => [n.item.key, n.depth, n.children.length]),
    [
      ['a', 0, 0],
      ['x', 0, 0],
      ['s', 0, 0],
    ],
  );
});

test('buildTree: of two items with the same key only the first is kept', () => {
  const tree = buildTree([item('a', null, { heading: 'first' }), item('a', null, { heading: 'second' })]);
  assert.deepEqual(
    tree.map((n) => n.item.heading),
    ['first'],
  );
});

test('every edit returns a normalised list: children right after their parent, an orphan at the top level', () => {
  const out = deleteItem([item('a1', 'a'), item('b'), item('x', 'gone'), item('a'), item('c')], 'c');
  assert.deepEqual(shape(out), ['b:-', 'x:-', 'a:-', 'a1:a']);
});

test('an edit leaves the items it does not change as they were, item for item', () => {
  const items = outline();
  const out = deleteItem(items, 'c');
  for (const [i, it] of out.entries()) assert.equal(it, items[i]);
});

// descendantKeys / nextSibling

test('descendantKeys: children and grandchildren, not the item itself; none for a leaf or a missing key', () => {
  assert.deepEqual([...descendantKeys(outline(), 'a')].sort(), ['a1', 'a1x', 'a2']);
  assert.deepEqual([...descendantKeys(outline(), 'c')], []);
  assert.deepEqual([...descendantKeys(outline(), 'gone')], []);
});

test('nextSibling: the following item under the same parent (roots are siblings), null for the last one', () => {
  assert.equal(nextSibling(outline(), 'a1')?.key, 'a2');
  assert.equal(nextSibling(outline(), 'a')?.key, 'b');
  assert.equal(nextSibling(outline(), 'b1'), null);
  assert.equal(nextSibling(outline(), 'a2'), null);
  assert.equal(nextSibling(outline(), 'c'), null);
  assert.equal(nextSibling(outline(), 'gone'), null);
});

test('keysWithNextSibling: exactly the items nextSibling finds a sibling for (one pass for the whole tree)', () => {
  const items = outline();
  const expected = items.filter((i) => nextSibling(items, i.key) !== null).map((i) => i.key);
  assert.deepEqual([...keysWithNextSibling(items)].sort(), expected.sort());
});

test('a flat outline at the item limit builds its tree and finds descendants item for item', () => {
  const items = [item('top'), ...Array.from({ length: 1999 }, (_, i) => item(`k${i}`, 'top'))];
  const tree = buildTree(items);
  assert.equal(tree.length, 1);
  assert.deepEqual(
    tree[0]!.children.map((n) => n.item.key),
    keys(items.slice(1)),
  );
  assert.equal(descendantKeys(items, 'top').size, 1999);
  assert.equal(keysWithNextSibling(items).size, 1998);
});

// newKey

test('newKey gives keys no item uses, different each time, within the 40 characters the server allows', () => {
  const items = outline();
  const seen = new Set(keys(items));
  for (let i = 0; i < 50; i++) {
    const k = newKey(items);
    assert.ok(!seen.has(k), k);
    assert.ok(k.length >= 1 && k.length <= 40, k);
    seen.add(k);
  }
});

// changeKind

test('changeKind to task proposes default settings read from the item, from the base date', () => {
  const items = [
    item('t', null, { targets: [{ value: 5, unit: '个', text: '5个' }], deadlines: [{ text: '年底前' }] }),
  ];
  const out = changeKind(items, 't', 'task', BASE);
  assert.equal(out[0]!.kind, 'task');
  assert.deepEqual(out[0]!.task, {
    progressMode: 'sum',
    targetValue: 5,
    targetUnit: '个',
    shareThreshold: null,
    deadline: '2026-12-31',
    leadOrgId: null,
  });
});

test('changeKind to task reads a percentage with a count target as a share reaching that count', () => {
  const targets = [
    { value: 80, unit: '%', text: '80%以上的行政村' },
    { value: 5, unit: '万元', text: '达到5万元以上' },
  ];
  const task = changeKind([item('t', null, { targets })], 't', 'task', BASE)[0]!.task;
  assert.deepEqual(task && [task.progressMode, task.targetValue, task.targetUnit, task.shareThreshold], [
    'share',
    80,
    '万元',
    5,
  ]);
});

test('changeKind to task keeps the settings an item already has', () => {
  const out = changeKind([item('t', null, { kind: 'problem', task: settings() })], 't', 'task', BASE);
  assert.deepEqual(out[0]!.task, settings());
});

test('changeKind to any other kind drops the task settings and leaves the other items alone', () => {
  const items = [
    item('t', null, { kind: 'task', task: settings() }),
    item('u', null, { kind: 'task', task: settings() }),
  ];
  for (const kind of ['section', 'problem', 'principle'] as const) {
    const out = changeKind(items, 't', kind, BASE);
    assert.equal(out[0]!.kind, kind);
    assert.equal(out[0]!.task, null);
    assert.equal(out[1], items[1]);
  }
  assert.deepEqual(changeKind(items, 'gone', 'section', BASE), items);
});

// updateItem

test('updateItem re-reads targets, deadlines and bodies when the heading or the text changes', () => {
  const items = [item('t', null, { heading: '旧', targets: [{ value: 1, unit: '个', text: '1个' }] })];
  const byText = updateItem(items, 't', { text: '年底前完成整顿10个' }, BASE)[0]!;
  assert.deepEqual(
    byText.targets.map((t) => t.value),
    [10],
  );
  assert.deepEqual(byText.deadlines, [{ text: '年底前' }]);
  const byHeading = updateItem(items, 't', { heading: '新' }, BASE)[0]!;
  assert.deepEqual(byHeading.targets, []);
});

test('updateItem reads heading and text together, or either alone', () => {
  const items = [item('t')];
  const both = updateItem(items, 't', { heading: '抓好建设', text: '年底前由县委组织部牵头创建星级支部5个' }, BASE)[0]!;
  assert.deepEqual(
    both.targets.map((t) => [t.value, t.unit]),
    [[5, '个']],
  );
  assert.deepEqual(both.deadlines, [{ text: '年底前' }]);
  assert.deepEqual(both.bodies, ['县委组织部']);
  const heading = updateItem(items, 't', { heading: '6月底前完成整顿10个', text: '' }, BASE)[0]!;
  assert.deepEqual(
    heading.targets.map((t) => t.value),
    [10],
  );
  const text = updateItem(items, 't', { heading: '', text: '6月底前完成整顿10个' }, BASE)[0]!;
  assert.deepEqual(text.deadlines, [{ text: '6月底前' }]);
  const none = updateItem(
    [item('t', null, { targets: [{ value: 1, unit: '个', text: '1个' }] })],
    't',
    { heading: '' },
    BASE,
  )[0]!;
  assert.deepEqual([none.targets, none.deadlines, none.bodies], [[], [], []]);
});

test('updateItem keeps what was read when only the numbering changes', () => {
  const targets = [{ value: 1, unit: '个', text: '1个' }];
  const out = updateItem([item('t', null, { targets })], 't', { numbering: '（二）' }, BASE)[0]!;
  assert.equal(out.numbering, '（二）');
  assert.deepEqual(out.targets, targets);
});

test('updateItem: a task without settings gets the defaults, given ones are kept, other kinds have none', () => {
  const items = [item('t', null, { text: '创建星级支部5个', targets: [{ value: 5, unit: '个', text: '5个' }] })];
  assert.equal(updateItem(items, 't', { kind: 'task' }, BASE)[0]!.task?.targetValue, 5);
  assert.deepEqual(updateItem(items, 't', { kind: 'task', task: settings() }, BASE)[0]!.task, settings());
  assert.equal(updateItem(items, 't', { kind: 'problem', task: settings() }, BASE)[0]!.task, null);
});

// mergeWithNext

test('mergeWithNext: the first heading stays, the next heading and text join the text, spans unite', () => {
  const items = [
    item('a', null, { heading: '甲', text: '甲的正文  ', spanStart: 10, spanEnd: 20 }),
    item('b', null, { heading: '乙', text: '  乙的正文', spanStart: 20, spanEnd: 35 }),
    item('c'),
  ];
  const out = mergeWithNext(items, 'a');
  assert.deepEqual(keys(out), ['a', 'c']);
  const m = byKey(out, 'a');
  assert.equal(m.heading, '甲');
  assert.equal(m.text, '甲的正文\n乙\n乙的正文');
  assert.deepEqual([m.spanStart, m.spanEnd], [10, 35]);
});

test('mergeWithNext: empty texts add no line break; a missing span does not count', () => {
  const items = [item('a', null, { text: '' }), item('b', null, { heading: '', text: '乙', spanStart: 5, spanEnd: 9 })];
  const m = mergeWithNext(items, 'a')[0]!;
  assert.equal(m.text, '乙');
  assert.deepEqual([m.spanStart, m.spanEnd], [5, 9]);
  const none = mergeWithNext([item('a', null, { text: '甲' }), item('b', null, { heading: '', text: ' ' })], 'a')[0]!;
  assert.equal(none.text, '甲');
  assert.deepEqual([none.spanStart, none.spanEnd], [null, null]);
});

test('mergeWithNext unites targets, deadlines and bodies without repeating the same one', () => {
  const t5 = { value: 5, unit: '个', text: '5个' };
  const t8 = { value: 8, unit: '次', text: '8次' };
  const items = [
    item('a', null, { targets: [t5], deadlines: [{ text: '年底前' }], bodies: ['县委组织部'] }),
    item('b', null, {
      targets: [t5, t8],
      deadlines: [{ text: '年底前' }, { text: '6月底前' }],
      bodies: ['县委组织部', '乡镇党委'],
    }),
  ];
  const m = mergeWithNext(items, 'a')[0]!;
  assert.deepEqual(m.targets, [t5, t8]);
  assert.deepEqual(m.deadlines, [{ text: '年底前' }, { text: '6月底前' }]);
  assert.deepEqual(m.bodies, ['县委组织部', '乡镇党委']);
});

test("mergeWithNext: a task keeps its settings or takes the next one's; another kind has none", () => {
  const next = item('b', null, { kind: 'task', task: settings({ targetValue: 2 }) });
  const own = mergeWithNext([item('a', null, { kind: 'task', task: settings() }), next], 'a')[0]!;
  assert.equal(own.task?.targetValue, 9);
  const taken = mergeWithNext([item('a', null, { kind: 'task' }), next], 'a')[0]!;
  assert.equal(taken.task?.targetValue, 2);
  const section = mergeWithNext([item('a'), next], 'a')[0]!;
  assert.equal(section.task, null);
});

test("mergeWithNext: the next item's children follow the first item's own children", () => {
  const out = mergeWithNext(outline(), 'a');
  assert.deepEqual(shape(out), ['a:-', 'a1:a', 'a1x:a1', 'a2:a', 'b1:a', 'c:-']);
});

test('mergeWithNext does nothing to the last sibling or a missing key', () => {
  const items = outline();
  for (const key of ['a2', 'c', 'gone']) assert.deepEqual(mergeWithNext(items, key), items);
});

// sentenceStarts

test('sentenceStarts: after 。！？； (closing quotes and spaces included) and line breaks, never at the ends', () => {
  assert.deepEqual(sentenceStarts('第一句。第二句！“第三句？”  第四句\n\n第五句；'), [4, 8, 16, 21]);
  assert.deepEqual(sentenceStarts('a; b? c! d'), [3, 6, 9]);
  assert.deepEqual(sentenceStarts('。。开头'), [2]);
});

test('sentenceStarts: none in an empty text, a text without a sentence end, or one ending at the only end', () => {
  assert.deepEqual(sentenceStarts(''), []);
  assert.deepEqual(sentenceStarts('没有句号'), []);
  assert.deepEqual(sentenceStarts('只有一句。'), []);
  assert.deepEqual(sentenceStarts('只有一句。 \n'), []);
});

// splitItem

const source = '一、甲\n第一句要做。第二句创建星级支部5个。\n二、乙';
const splittable = (): OutlineItem[] => [
  item('a', null, {
    heading: '甲',
    text: '第一句要做。第二句创建星级支部5个。',
    kind: 'task',
    task: settings(),
    spanStart: 0,
    spanEnd: 24,
  }),
  item('a1', 'a'),
  item('b'),
];

test('splitItem: the first part keeps heading, children and settings; the second follows its subtree', () => {
  const { items, newKey: key2 } = splitItem(splittable(), 'a', 6, source, BASE);
  assert.ok(key2);
  assert.deepEqual(shape(items), ['a:-', 'a1:a', `${key2}:-`, 'b:-']);
  const left = byKey(items, 'a');
  const right = byKey(items, key2);
  assert.equal(left.heading, '甲');
  assert.equal(left.text, '第一句要做。');
  assert.deepEqual(left.task, settings());
  assert.deepEqual(left.targets, []);
  assert.equal(right.heading, '');
  assert.equal(right.numbering, '');
  assert.equal(right.text, '第二句创建星级支部5个。');
  assert.equal(right.kind, 'task');
  assert.deepEqual(
    right.targets.map((t) => t.value),
    [5],
  );
  assert.equal(right.task?.targetValue, 5);
  assert.equal(right.task?.progressMode, 'sum');
});

test('splitItem: the spans are cut where the second part is found in the source', () => {
  const { items, newKey: key2 } = splitItem(splittable(), 'a', 6, source, BASE);
  const at = source.indexOf('第二句');
  assert.deepEqual([byKey(items, 'a').spanStart, byKey(items, 'a').spanEnd], [0, at]);
  assert.deepEqual([byKey(items, key2!).spanStart, byKey(items, key2!).spanEnd], [at, 24]);
});

test('splitItem: when the second part is not in the source span, the new item has no span', () => {
  const { items, newKey: key2 } = splitItem(splittable(), 'a', 6, '别的原文', BASE);
  assert.deepEqual([byKey(items, 'a').spanStart, byKey(items, 'a').spanEnd], [0, 24]);
  assert.deepEqual([byKey(items, key2!).spanStart, byKey(items, key2!).spanEnd], [null, null]);
  const outside = splitItem(splittable(), 'a', 6, source.slice(0, 3) + ' '.repeat(30) + source.slice(3), BASE);
  assert.equal(byKey(outside.items, outside.newKey!).spanStart, null);
});

test('splitItem: a section or problem is split into the same kind, without settings', () => {
  const items = [item('p', null, { kind: 'problem', text: '问题一。问题二。' })];
  const { items: out, newKey: key2 } = splitItem(items, 'p', 4, '', BASE);
  assert.equal(byKey(out, key2!).kind, 'problem');
  assert.equal(byKey(out, key2!).task, null);
});

test('splitItem does nothing at the very start or end, at trailing space, or for a missing key', () => {
  const items = splittable();
  const text = items[0]!.text;
  for (const pos of [0, text.length, text.length + 5]) {
    const r = splitItem(items, 'a', pos, source, BASE);
    assert.equal(r.newKey, null, `pos ${pos}`);
    assert.deepEqual(r.items, items);
  }
  const spaced = [item('s', null, { text: '正文。   ' })];
  assert.equal(splitItem(spaced, 's', 3, '', BASE).newKey, null);
  const blankFirst = [item('s', null, { text: '   正文' })];
  assert.equal(splitItem(blankFirst, 's', 3, '', BASE).newKey, null);
  assert.equal(splitItem(items, 'gone', 3, source, BASE).newKey, null);
});

// deleteItem

test('deleteItem: the children move up into its place, in order', () => {
  const out = deleteItem(outline(), 'a');
  assert.deepEqual(shape(out), ['a1:-', 'a1x:a1', 'a2:-', 'b:-', 'b1:b', 'c:-']);
  assert.deepEqual(shape(deleteItem(outline(), 'a1')), ['a:-', 'a1x:a', 'a2:a', 'b:-', 'b1:b', 'c:-']);
});

test('deleteItem of a leaf removes only it; of a missing key nothing', () => {
  assert.deepEqual(keys(deleteItem(outline(), 'c')), ['a', 'a1', 'a1x', 'a2', 'b', 'b1']);
  assert.deepEqual(deleteItem(outline(), 'gone'), outline());
});

// moveItem

const moves: [string, string, string | null, DropPosition, string[]][] = [
  ['before a sibling', 'c', 'a', 'before', ['c:-', 'a:-', 'a1:a', 'a1x:a1', 'a2:a', 'b:-', 'b1:b']],
  ['after a target, past its subtree', 'c', 'a', 'after', ['a:-', 'a1:a', 'a1x:a1', 'a2:a', 'c:-', 'b:-', 'b1:b']],
  ['inside a target, as its last child', 'c', 'a', 'inside', ['a:-', 'a1:a', 'a1x:a1', 'a2:a', 'c:a', 'b:-', 'b1:b']],
  ['with its subtree', 'a1', 'b', 'inside', ['a:-', 'a2:a', 'b:-', 'b1:b', 'a1:b', 'a1x:a1', 'c:-']],
  ['into an ancestor', 'a1x', 'a', 'inside', ['a:-', 'a1:a', 'a2:a', 'a1x:a', 'b:-', 'b1:b', 'c:-']],
  ['a child up to the top level', 'a1x', 'b', 'before', ['a:-', 'a1:a', 'a2:a', 'a1x:-', 'b:-', 'b1:b', 'c:-']],
  ['to the end of the top level', 'a1', null, 'inside', ['a:-', 'a2:a', 'b:-', 'b1:b', 'c:-', 'a1:-', 'a1x:a1']],
];
for (const [name, drag, target, position, expected] of moves) {
  test(`moveItem ${name}`, () => {
    assert.deepEqual(shape(moveItem(outline(), drag, target, position)), expected);
  });
}

test('moveItem does nothing into its own subtree, onto itself, or with a missing item or target', () => {
  const items = outline();
  assert.deepEqual(moveItem(items, 'a', 'a1', 'inside'), items);
  assert.deepEqual(moveItem(items, 'a', 'a1x', 'before'), items);
  assert.deepEqual(moveItem(items, 'a', 'a', 'after'), items);
  assert.deepEqual(moveItem(items, 'gone', 'b', 'before'), items);
  assert.deepEqual(moveItem(items, 'c', 'gone', 'before'), items);
});

// countKinds / itemAtOffset

test('countKinds counts every kind, zero included', () => {
  assert.deepEqual(countKinds([]), { section: 0, task: 0, problem: 0, principle: 0 });
  const items = [item('a'), item('b', null, { kind: 'task' }), item('c', null, { kind: 'task' })];
  assert.deepEqual(countKinds(items), { section: 1, task: 2, problem: 0, principle: 0 });
});

test('itemAtOffset: the innermost item whose span holds the offset (start in, end out)', () => {
  const items = [
    item('a', null, { spanStart: 0, spanEnd: 100 }),
    item('a1', 'a', { spanStart: 10, spanEnd: 20 }),
    item('n', null, { spanStart: null, spanEnd: null }),
  ];
  const table: [number, string | null][] = [
    [0, 'a'],
    [9, 'a'],
    [10, 'a1'],
    [19, 'a1'],
    [20, 'a'],
    [99, 'a'],
    [100, null],
    [-1, null],
  ];
  for (const [offset, key] of table) assert.equal(itemAtOffset(items, offset)?.key ?? null, key, `offset ${offset}`);
});

test('itemAtOffset: of two spans of the same length the later item wins; none without spans', () => {
  const items = [item('x', null, { spanStart: 0, spanEnd: 5 }), item('y', null, { spanStart: 0, spanEnd: 5 })];
  assert.equal(itemAtOffset(items, 2)?.key, 'y');
  assert.equal(itemAtOffset([item('n')], 0), null);
});
