/**
 * The five seed speeches (real speeches of Party secretaries, kept beside the repository in ../shared/seeds)
 * against outlines written by hand from reading them: the top-level headings, how many items each has, and
 * for seeds 001 and 002 every quantitative target.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { type Outline, type OutlineNode, parseOutline } from './outline-parser.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const seedDir = path.resolve(repoRoot, '../shared/seeds');

function loadSeed(number: string): Outline {
  if (!fs.existsSync(seedDir)) {
    assert.fail(
      `The seed speeches are missing: expected them in ${seedDir} (the shared/seeds folder beside the repository).`,
    );
  }
  const file = fs.readdirSync(seedDir).find((f) => f.startsWith(`${number}_`) && f.endsWith('.txt'));
  if (!file) assert.fail(`Seed ${number} is missing from ${seedDir}.`);
  return parseOutline(fs.readFileSync(path.join(seedDir, file), 'utf8'));
}

/** [numbering, start of the heading, number of children] for each top-level node. */
type Top = [string, string, number];
function topLevel(o: Outline): Top[] {
  return o.nodes.map((n) => [n.numbering, n.heading, n.children.length]);
}
function assertTop(o: Outline, expected: Top[]): void {
  const actual = topLevel(o);
  assert.equal(
    actual.length,
    expected.length,
    `top-level nodes: ${actual.map((t) => t[0] + t[1].slice(0, 12)).join(' | ')}`,
  );
  expected.forEach(([numbering, headingStart, count], i) => {
    const [n, h, c] = actual[i] ?? ['', '', -1];
    assert.equal(n, numbering, `node ${i} numbering`);
    assert.ok(h.startsWith(headingStart), `node ${i}: "${h}" should start with "${headingStart}"`);
    assert.equal(c, count, `node ${i} (${numbering}${headingStart}) children`);
  });
}
/** Requirement sub-items repeat their parent's targets (the parent keeps its own list): counted once, on the parent. */
function allTargets(nodes: OutlineNode[]): [number, string][] {
  return nodes.flatMap((n) => [
    ...n.targets.map((t): [number, string] => [t.value, t.unit]),
    ...allTargets(n.children.filter((c) => c.placement !== 'requirement')),
  ]);
}
function headings(n: OutlineNode | undefined): string[] {
  return n?.children.map((c) => `${c.numbering}${c.heading}`) ?? [];
}

test('seed 000: a review and a problem list before 一、 to 四、', () => {
  const o = loadSeed('000');
  assert.equal(o.title, '在全市“不忘初心、牢记使命”主题教育总结暨组织工作会议上的讲话');
  assert.deepEqual(o.removed, []);
  assertTop(o, [
    ['', '过去一年，在省委的坚强领导', 5],
    ['', '在肯定成绩的同时，我们也要充分认识到存在的问题和不足', 5],
    ['一、', '以党的政治建设为统领，持续巩固深化', 5],
    ['二、', '以科学精准选贤任能为根本', 4],
    ['三、', '以增强政治功能和组织力为目标', 4],
    ['四、', '以绝对过硬作风为保障，奋力开创追赶超越新局面', 3],
  ]);
  assert.deepEqual(headings(o.nodes[0]), [
    '一是理论学习更加扎实深入',
    '二是思想政治更加清醒坚定',
    '三是干事创业更加担当有为',
    '四是为民服务更加优质高效',
    '五是清正廉洁更加自觉严格',
  ]);
  assert.deepEqual(
    o.nodes[0]?.children.map((c) => c.kind),
    Array(5).fill('principle'),
  );
  assert.deepEqual(
    o.nodes[1]?.children.map((c) => c.kind),
    Array(5).fill('problem'),
  );
  assert.deepEqual(headings(o.nodes[2]), [
    '一是紧扣主题主线抓学习',
    '二是聚焦问题整改建制度',
    '三是围绕中心工作抓落实',
    '四是立足群众需求补短板',
    '五是坚持从严治党树新风',
  ]);
  // 四、 puts its three items in one paragraph.
  assert.deepEqual(headings(o.nodes[5]), ['一是坚持实事求是', '二是发扬斗争精神', '三是勇于实干担当']);
  assert.deepEqual(
    o.nodes[5]?.children.map((c) => c.kind),
    ['task', 'task', 'task'],
  );
  // Its figures are placeholders (X个村, 调整干部X人), dates and codes (2019年, 5G, “8+3”): no targets.
  assert.deepEqual(allTargets(o.nodes), []);
  assert.deepEqual(
    o.nodes[3]?.children[1]?.deadlines.map((d) => d.text),
    ['明年'],
  );
});

test('seed 001: the promotion block is removed and reported; every target of 三是 is found', () => {
  const o = loadSeed('001');
  assert.equal(o.title, '在全市组工会议上的讲话');
  assert.deepEqual(
    o.removed.map((r) => [r.text.replace(/\s+/g, ' '), r.reason]),
    [
      ['仅供学习 禁止外传', '广告/会员推广'],
      ['酷乐文行', '广告/会员推广'],
      ['自建平台、实时分享', '广告/会员推广'],
      ['根据实际需求和形式任务不断迭代', '广告/会员推广'],
      ['现在订阅立享前3年的所有权益和资料', '广告/会员推广'],
      ['【打击倒卖活动】', '广告/会员推广'],
      ['举报倒卖会员资料的人，举报成功免费赠送一年会员材料！', '广告/会员推广'],
      ['会员群： 免费QQ群：', '广告/会员推广'],
    ],
  );
  assert.ok(!o.cleanedText.includes('会员'));
  assertTop(o, [
    ['一、', '盯准抓实下步部署的重大任务', 5],
    ['二、', '深刻把握推进落实的主要举措', 4],
    ['三、', '努力打造“两个绝对”的模范部门', 5],
  ]);
  assert.deepEqual(headings(o.nodes[1]), [
    '一是盯牢夯实责任',
    '二是彻底改进作风',
    '三是不断健全机制',
    '四是加强跟踪督查',
  ]);
  // 选聘选派100名联合党支部书记和100名党建指导员; 创建四星级党组织100个、五星级党组织15个.
  // (前3年 is in the removed promotion, not the speech.)
  assert.deepEqual(allTargets(o.nodes), [
    [100, '名'],
    [100, '名'],
    [100, '个'],
    [15, '个'],
  ]);
  const three = o.nodes[0]?.children[2];
  assert.equal(three?.heading, '着力全面夯实基层基础');
  assert.deepEqual(
    three?.targets.map((t) => t.text),
    [
      '选聘选派100名联合党支部书记和100名党建指导员',
      '选聘选派100名联合党支部书记和100名党建指导员',
      '创建四星级党组织100个',
      '五星级党组织15个',
    ],
  );
  for (const t of three?.targets ?? []) assert.equal(o.cleanedText.slice(...t.span), `${t.value}${t.unit}`);
  assert.deepEqual(
    o.nodes[0]?.children[0]?.meetings.map((m) => m.text),
    ['督查', '问责', '述职评议', '考核'],
  );
});

test('seed 002: four problems, 一要/（一）/一方面 at three levels, and the “两个80%”', () => {
  const o = loadSeed('002');
  assert.equal(o.title, '市委书记在第一季度党建工作会议上的讲话');
  assertTop(o, [
    ['', '从平时调研了解的情况来看，全市党建工作仍存在不少突出问题', 4],
    ['一、', '提升站位，切实增强管党治党的使命担当', 3],
    ['二、', '突出重点，着力推动党的建设高质量', 4],
    ['三、', '狠抓落实，确保高质量党建各项任务落到实处', 3],
  ]);
  assert.deepEqual(headings(o.nodes[0]), [
    '一是责任落实还不到位',
    '二是措施方法还不精准',
    '三是长效机制还不完善',
    '四是工作推进还不扎实不平衡',
  ]);
  assert.deepEqual(
    o.nodes[0]?.children.map((c) => c.kind),
    ['problem', 'problem', 'problem', 'problem'],
  );
  assert.deepEqual(
    o.nodes[2]?.children.map((c) => [c.numbering, c.children.length]),
    [
      ['（一）', 3],
      ['（二）', 3],
      ['（三）', 2],
      ['（四）', 3],
    ],
  );
  assert.deepEqual(headings(o.nodes[2]?.children[2]), ['一方面要建强党的基层组织', '另一方面要坚持党的群众路线']);
  assert.deepEqual(
    o.nodes[3]?.children.map((c) => [c.numbering, c.children.length]),
    [
      ['（一）', 3],
      ['（二）', 3],
      ['（三）', 4],
    ],
  );
  // 今年村级集体经济要达到“两个80%”，即“80%以上的行政村有稳定集体经济收入，有集体经济收入的行政村
  // 80%以上要达到5万元以上”: two 80% targets and the 5万元 threshold; the label “两个80%” is not a third.
  assert.deepEqual(allTargets(o.nodes), [
    [80, '%'],
    [80, '%'],
    [5, '万元'],
  ]);
  const transform = o.nodes[3]?.children[2]?.children[2];
  assert.equal(transform?.heading, '善转化');
  assert.deepEqual(
    transform?.targets.map((t) => [t.text, t.qualifier]),
    [
      ['80%以上的行政村有稳定集体经济收入', '以上'],
      ['有集体经济收入的行政村80%以上要达到5万元以上', '以上'],
      ['有集体经济收入的行政村80%以上要达到5万元以上', '以上'],
    ],
  );
  assert.deepEqual(
    transform?.deadlines.map((d) => d.text),
    ['今年'],
  );
  assert.deepEqual(o.nodes[2]?.children[1]?.children[0]?.bodies, [
    '各级党组织',
    '宣传部门',
    '组织部门',
    '纪检监察机关',
  ]);
});

test('seed 003: 一、（一）… with inline 一是 inside （二）（三）, and 一是…七是 under 三、', () => {
  const o = loadSeed('003');
  assert.equal(o.title, '在全区部署不忘初心、牢记使命常态化制度化试点工作大会上的讲话');
  assertTop(o, [
    ['一、', '推进不忘初心、牢记使命常态化制度化', 3],
    ['二、', '扎实开展党风廉政建设宣传教育月活动', 4],
    ['三、', '以统筹疫情防控和经济社会发展工作成效检验活动成果', 7],
  ]);
  assert.deepEqual(
    o.nodes[0]?.children.map((c) => [c.numbering, c.children.length]),
    [
      ['（一）', 0],
      ['（二）', 3],
      ['（三）', 3],
    ],
  );
  assert.deepEqual(headings(o.nodes[0]?.children[2]), ['一是健全责任体系', '二是加强分类指导', '三是严格督查考核']);
  assert.deepEqual(o.nodes[0]?.children[2]?.children[0]?.bodies, ['各级党组织', '党委（党组）书记', '区委办公室']);
  assert.deepEqual(
    o.nodes[2]?.children[0]?.deadlines.map((d) => d.text),
    ['5月份', '6月份'],
  );
  assert.deepEqual(o.nodes[1]?.children[3]?.bodies, ['区纪委', '各地各单位']);
  assert.deepEqual(allTargets(o.nodes), []);
});

test('seed 004: 一、 → 第一， → 一是, and the reprint notice that cuts the text short', () => {
  const o = loadSeed('004');
  assert.equal(o.title, '区委书记在区委重点工作推进会议上的讲话');
  assert.deepEqual(
    o.removed.map((r) => [r.text, r.reason]),
    [['如若转载,请注明出处:https://www.qiantuxiezuo.com/66036.html', '转载声明']],
  );
  assertTop(o, [
    ['一、', '立足新时代新任务新要求,认真抓好中央决策部署', 3],
    ['二、', '明确重点任务,主动担当作为', 2],
  ]);
  assert.deepEqual(headings(o.nodes[0]), [
    '一是必须旗帜鲜明讲政治',
    '二是必须持之以恒改进工作作风',
    '三是必须压紧压实管党治党政治责任',
  ]);
  assert.deepEqual(
    o.nodes[1]?.children.map((c) => [c.numbering, c.heading.slice(0, 6), c.children.length]),
    [
      ['第一', '建强组织体系', 3],
      ['第二', '把准政治导向', 2],
    ],
  );
  assert.equal(o.nodes[1]?.children[1]?.children[1]?.heading, '提高政治站位,守好意识形');
  assert.deepEqual(allTargets(o.nodes), []);
});
