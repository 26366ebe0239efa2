import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  extractBodies,
  extractDeadlines,
  extractMeetings,
  extractTargets,
  hasActionCue,
  passageContext,
} from './extract.ts';

const targets = (s: string) => extractTargets(s, 0, s.length).map((t) => [t.value, t.unit, t.text, t.qualifier]);
const deadlines = (s: string) => extractDeadlines(s, 0, s.length).map((d) => d.text);
const bodies = (s: string) => extractBodies(s, 0, s.length).map((b) => b.text);

test('a figure with a unit is a target, with its clause and qualifier', () => {
  assert.deepEqual(targets('创建四星级党组织100个、五星级党组织15个，强化作用发挥'), [
    [100, '个', '创建四星级党组织100个', null],
    [15, '个', '五星级党组织15个', null],
  ]);
  assert.deepEqual(targets('有集体经济收入的行政村80%以上要达到5万元以上'), [
    [80, '%', '有集体经济收入的行政村80%以上要达到5万元以上', '以上'],
    [5, '万元', '有集体经济收入的行政村80%以上要达到5万元以上', '以上'],
  ]);
  assert.deepEqual(targets('投入1.5亿元，培训１２０余人次，覆盖率达到百分之八十'), [
    [1.5, '亿元', '投入1.5亿元', null],
    [120, '人次', '培训１２０余人次', null],
    [80, '%', '覆盖率达到百分之八十', null],
  ]);
});

test('the label of a slogan (“两个80%”) is not a target; its parts are', () => {
  const s = '要达到“两个80%”，即“80%以上的行政村有稳定集体经济收入”';
  assert.deepEqual(
    extractTargets(s, 0, s.length).map((t) => [t.value, t.unit, t.text]),
    [[80, '%', '80%以上的行政村有稳定集体经济收入']],
  );
});

test('years, durations, ages and codes are not targets', () => {
  assert.deepEqual(
    targets('2019年全市主题教育，3个月内完成，8小时以外，35岁以下，5G网络，“8+3”专项整治，5部门联合'),
    [],
  );
});

test('Chinese-numeral counts are left alone (四个意识, 三会一课, 一批典型)', () => {
  assert.deepEqual(targets('增强“四个意识”，落实“三会一课”，树立一批典型，建设三个中心'), []);
});

test('deadlines as written: 年底前, 6月底前, 第一季度, 5月份、6月份, 今年, 限期', () => {
  assert.deepEqual(deadlines('今年年底前完成，6月底前报送，第一季度启动'), ['今年年底前', '6月底前', '第一季度']);
  assert.deepEqual(deadlines('5月份、6月份，区里将组织一次集中拉练检查'), ['5月份', '6月份']);
  assert.deepEqual(deadlines('于2020年4月15日前上报，上半年见效，限期整改，立即纠正，10个工作日内办结'), [
    '2020年4月15日前',
    '上半年',
    '限期',
    '立即',
    '10个工作日内',
  ]);
  assert.deepEqual(deadlines('认真谋划明年乡镇领导班子换届工作，三年内见效'), ['明年', '三年内']);
  assert.deepEqual(deadlines('4月是生机勃发的时节，去年中央巡视反馈'), []);
});

test('named responsible bodies, with level prefixes and 书记 suffixes', () => {
  assert.deepEqual(bodies('区委办公室要抓好具体谋划，党委（党组）书记要承担起第一责任人责任'), [
    '区委办公室',
    '党委（党组）书记',
  ]);
  assert.deepEqual(bodies('宣传部门首先要把旗帜举起，组织部门要加强培训，纪检监察机关要强化监督'), [
    '宣传部门',
    '组织部门',
    '纪检监察机关',
  ]);
  assert.deepEqual(bodies('区纪委要建立台账，市委组织部牵头，各乡镇（街道）党（工）委负责'), [
    '区纪委',
    '市委组织部',
    '各乡镇（街道）党（工）委',
  ]);
});

test('shorthand lists of bodies are expanded (纪委、组织、宣传部门)', () => {
  assert.deepEqual(bodies('纪委、组织、宣传部门要敢于动真碰硬'), ['纪委', '组织部门', '宣传部门']);
  assert.deepEqual(bodies('纪检监察、组织、宣传、统战、政法等党的工作部门'), [
    '纪检监察部门',
    '组织部门',
    '宣传部门',
    '统战部门',
    '政法部门',
  ]);
});

test('people and places are not bodies: 组织部长, 老干部局长, 全市各级党组织 is not a 市 body', () => {
  assert.deepEqual(bodies('召开全市组织部长暨老干部局长会议'), []);
  assert.deepEqual(bodies('全市各级党组织和广大党员'), ['各级党组织']);
});

test('meeting and supervision cues are found, the longest first', () => {
  const s = '纳入述职评议，严格约谈问责，定期督查并通报';
  assert.deepEqual(
    extractMeetings(s, 0, s.length).map((m) => m.text),
    ['述职评议', '约谈', '问责', '督查', '通报'],
  );
});

test('要 as a modal asks for action; 重要, 主要, 需要, 要求 do not', () => {
  assert.equal(hasActionCue('这是重要的、主要的要求'), false);
  assert.equal(hasActionCue('各级党组织要加强领导'), true);
  assert.equal(hasActionCue('必须不折不扣完成'), true);
  assert.equal(hasActionCue('理论学习更加扎实深入'), false);
});

test('a lead-in opens a problem list or a review; 补短板 is a task', () => {
  assert.equal(passageContext('我们也要充分认识到存在的问题和不足'), 'problem');
  assert.equal(passageContext('全市党建工作仍存在不少突出问题，与党的建设高质量还有不小差距'), 'problem');
  assert.equal(passageContext('过去一年，全市各级党组织聚焦主题'), 'review');
  assert.equal(passageContext('立足群众需求补短板'), null);
  assert.equal(passageContext('增强政治领导力，必须旗帜鲜明讲政治'), null);
});

test('spans index the text they were read from, inside the range given', () => {
  const s = '前文。创建党组织100个。后文';
  const [t] = extractTargets(s, 3, 13);
  assert.ok(t);
  assert.equal(s.slice(...t.span), '100个');
  assert.equal(s.slice(...t.textSpan), '创建党组织100个');
});
