import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rebuildTabTables } from './tables.ts';

test('a task table pasted tab-separated is rewritten row by row; its header line goes', () => {
  const text = [
    '一、任务',
    '序号\t重点任务\t责任单位\t完成时间',
    '1\t建强支部\t县委组织部\t年底前',
    '\t\t\t',
    '说明',
  ].join('\n');
  assert.equal(
    rebuildTabTables(text),
    ['一、任务', '1. 建强支部。牵头单位：县委组织部；完成时限：年底前。', '\t\t\t', '说明'].join('\n'),
  );
});

test('rows without a number are numbered in order; several cells of one kind are joined', () => {
  const text = ['工作内容\t牵头\t配合\t配合', '甲项工作\t县委办\t县财政局\t县审计局', '乙项工作\t县政府办\t\t'].join(
    '\n',
  );
  assert.equal(
    rebuildTabTables(text),
    ['1. 甲项工作。牵头单位：县委办；配合单位：县财政局；县审计局。', '2. 乙项工作。牵头单位：县政府办。'].join('\n'),
  );
});

test('text without a task table is left as it is: no tabs, or tabs without a content column', () => {
  for (const text of ['一、总体要求\n坚持党建引领。', '姓名\t电话\n张三\t138', '\t', '', '工作内容\t']) {
    assert.equal(rebuildTabTables(text), text);
  }
});
