import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type OutlineNodeJson, parseOutline, toOutlineJson } from './outline-parser.ts';
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
    ['1. 甲项工作。牵头单位：县委办；配合单位：县财政局、县审计局。', '2. 乙项工作。牵头单位：县政府办。'].join('\n'),
  );
});

test('text without a task table is left as it is: no tabs, or tabs without a content column', () => {
  for (const text of ['一、总体要求\n坚持党建引领。', '姓名\t电话\n张三\t138', '\t', '', '工作内容\t']) {
    assert.equal(rebuildTabTables(text), text);
  }
});

type Facts = [heading: string, lead: string[], cooperating: string[], persons: string[], deadlines: string[]];
const facts = (n: OutlineNodeJson): Facts => [
  n.heading,
  n.lead,
  n.cooperating,
  n.persons,
  n.deadlines.map((d) => d.text),
];
const rowsOf = (text: string): Facts[] => (toOutlineJson(parseOutline(text)).nodes[0]?.children ?? []).map(facts);
const HEADER = ['序号', '工作内容', '牵头单位', '配合单位', '责任人', '完成时限'];

test('(a) a task table flattened one cell per line, every column filled, becomes one task per row', () => {
  const text = [
    '一、重点任务',
    ...HEADER,
    '1',
    '开展软弱涣散村党组织整顿',
    '县委组织部',
    '县民政局、县农业农村局',
    '王某某',
    '2027年6月底前',
    '2',
    '推进村级集体经济发展',
    '县农业农村局',
    '县财政局',
    '李某某',
    '2027年12月底前',
  ].join('\n');
  assert.deepEqual(rowsOf(text), [
    ['开展软弱涣散村党组织整顿', ['县委组织部'], ['县民政局', '县农业农村局'], ['王某某'], ['2027年6月底前']],
    ['推进村级集体经济发展', ['县农业农村局'], ['县财政局'], ['李某某'], ['2027年12月底前']],
  ]);
});

test('(b) empty cells left out: cells go by what they look like, a deadline never into 配合单位', () => {
  const text = [
    '一、重点任务',
    ...HEADER,
    '1',
    '开展软弱涣散村党组织整顿',
    '县委组织部',
    '2027年6月底前',
    '2',
    '加强党员教育管理',
    '县委宣传部',
    '赵某某',
    '3',
    '建立基层党建联系点制度',
    '县委办',
    '县委组织部',
    '长期坚持',
  ].join('\n');
  assert.deepEqual(rowsOf(text), [
    ['开展软弱涣散村党组织整顿', ['县委组织部'], [], [], ['2027年6月底前']],
    ['加强党员教育管理', ['县委宣传部'], [], ['赵某某'], []],
    ['建立基层党建联系点制度', ['县委办'], ['县委组织部'], [], []],
  ]);
});

test('(c) row numbers of their own form (（1）, 一, 01) and a duplicate row number', () => {
  for (const nums of [
    ['（1）', '（2）', '（2）'],
    ['一', '二', '二'],
    ['01', '02', '02'],
  ]) {
    const text = [
      '一、重点任务',
      ...HEADER,
      nums[0],
      '开展整顿',
      '县委组织部',
      '年底前',
      nums[1],
      '推进集体经济发展',
      '县农业农村局',
      '2027年6月底前',
      nums[2],
      '加强党员教育',
      '县委宣传部',
      '2027年3月底前',
    ].join('\n');
    assert.deepEqual(
      rowsOf(text),
      [
        ['开展整顿', ['县委组织部'], [], [], ['年底前']],
        ['推进集体经济发展', ['县农业农村局'], [], [], ['2027年6月底前']],
        ['加强党员教育', ['县委宣传部'], [], [], ['2027年3月底前']],
      ],
      nums.join(),
    );
  }
});

test('(d) a weekly schedule: a date cell applies to every row after it until the next', () => {
  const text = [
    '一、本周工作安排',
    '日期',
    '星期',
    '时间',
    '活动内容',
    '地点',
    '参加人员',
    '责任单位',
    '12月7日',
    '星期一',
    '上午9:00',
    '召开县委常委会会议',
    '县委第一会议室',
    '县委常委',
    '县委办',
    '下午3:00',
    '调研基层党建工作',
    '县委组织部',
    '12月8日',
    '星期二',
    '上午9:00',
    '召开全县组织工作会议',
    '县委党校报告厅',
    '各乡镇党委书记',
    '县委组织部',
    '下午',
    '开展党风廉政建设专项督查',
    '县纪委监委',
  ].join('\n');
  assert.deepEqual(rowsOf(text), [
    ['召开县委常委会会议', ['县委办'], [], [], ['12月7日']],
    ['调研基层党建工作', ['县委组织部'], [], [], ['12月7日']],
    ['召开全县组织工作会议', ['县委组织部'], [], [], ['12月8日']],
    ['开展党风廉政建设专项督查', ['县纪委监委'], [], [], ['12月8日']],
  ]);
});

test('(e) a table without a 序号 column is cut into rows by what its cells look like', () => {
  const text = [
    '一、重点任务',
    '重点任务',
    '责任单位',
    '完成时间',
    '开展软弱涣散村党组织整顿',
    '县委组织部',
    '2027年6月底前',
    '推进村级集体经济发展',
    '县农业农村局',
    '加强党员教育管理',
    '县委宣传部',
    '年底前',
  ].join('\n');
  assert.deepEqual(rowsOf(text), [
    ['开展软弱涣散村党组织整顿', ['县委组织部'], [], [], ['2027年6月底前']],
    ['推进村级集体经济发展', ['县农业农村局'], [], [], []],
    ['加强党员教育管理', ['县委宣传部'], [], [], ['年底前']],
  ]);
});

test('(f) prose and a 二、 heading after the table stay prose', () => {
  const prose = '各单位要高度重视，认真抓好任务落实。';
  const text = [
    '一、重点任务',
    ...HEADER,
    '1',
    '开展整顿',
    '县委组织部',
    '年底前',
    prose,
    '二、工作要求',
    '各单位要加强组织领导。',
  ].join('\n');
  const rebuilt = rebuildTabTables(text).split('\n');
  assert.deepEqual(rebuilt, [
    '一、重点任务',
    '1. 开展整顿。牵头单位：县委组织部；完成时限：年底前。',
    prose,
    '二、工作要求',
    '各单位要加强组织领导。',
  ]);
  const nodes = toOutlineJson(parseOutline(text)).nodes;
  assert.deepEqual(
    nodes.map((n) => n.heading),
    ['重点任务', '工作要求'],
  );
  assert.deepEqual(facts(nodes[0]?.children[0] as OutlineNodeJson), ['开展整顿', ['县委组织部'], [], [], ['年底前']]);
  // Without 序号 too.
  const flat = ['一、重点任务', '工作内容', '牵头单位', '开展整顿', '县委组织部', prose, '二、工作要求'].join('\n');
  assert.deepEqual(rebuildTabTables(flat).split('\n'), [
    '一、重点任务',
    '1. 开展整顿。牵头单位：县委组织部。',
    prose,
    '二、工作要求',
  ]);
});

test('(g) prose with short lines that merely hold a word like 任务 is left as it is', () => {
  for (const text of [
    '一、主要任务\n任务\n要抓好各项任务落实。\n二、工作要求',
    '重点任务\n加强组织建设。\n责任\n压实责任。',
    '任务分工\n县委组织部\n年底前',
    '工作内容\n牵头单位',
  ]) {
    assert.equal(rebuildTabTables(text), text);
  }
});

test('the seed speeches hold no task table: they come back unchanged', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const dir = path.resolve(import.meta.dirname, '../../../../shared/seeds');
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.txt'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    assert.equal(rebuildTabTables(text), text, f);
  }
});
