import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findInlineSequence, parseCnNumeral, readMarker, toCnNumeral } from './numbering.ts';

function marker(line: string) {
  const m = readMarker(line, 0, line.length);
  return m && { family: m.family, numbering: m.numbering, ordinal: m.ordinal, rest: line.slice(m.textStart) };
}

test('reads every numbering family of official writing as written', () => {
  const cases: [string, string, string, number][] = [
    ['一、加强党的建设', 'cn-dun', '一、', 1],
    ['十二、其他', 'cn-dun', '十二、', 12],
    ['（三）强化责任', 'cn-paren', '（三）', 3],
    ['(四)强化责任', 'cn-paren', '(四)', 4],
    ['㈡强化责任', 'cn-paren', '㈡', 2],
    ['1.健全机制', 'arabic', '1.', 1],
    ['2、健全机制', 'arabic', '2、', 2],
    ['3．健全机制', 'arabic', '3．', 3],
    ['１０．健全机制', 'arabic', '１０．', 10],
    ['4）健全机制', 'arabic-rparen', '4）', 4],
    ['（1）细化任务', 'arabic-paren', '（1）', 1],
    ['(12)细化任务', 'arabic-paren', '(12)', 12],
    ['⑵细化任务', 'arabic-paren', '⑵', 2],
    ['③压实责任', 'circled', '③', 3],
    ['一是紧扣主题主线抓学习。', 'seq-shi', '一是', 1],
    ['三要坚持深入基层。', 'seq-yao', '三要', 3],
    ['第一，建强组织体系', 'di', '第一', 1],
    ['第二：把准政治导向', 'di', '第二', 2],
    ['第一部分 总体要求', 'part', '第一部分', 1],
    ['第三章 组织设置', 'chapter', '第三章', 3],
    ['第二节 党员发展', 'jie', '第二节', 2],
    ['第十二条 党支部应当', 'article', '第十二条', 12],
    ['首先，要提高认识', 'seq-shouxian', '首先', 1],
    ['最后，要抓好落实', 'seq-shouxian', '最后', 9],
    ['一方面，要建强党的基层组织', 'seq-fangmian', '一方面', 1],
    ['另一方面，要坚持党的群众路线', 'seq-fangmian', '另一方面', 2],
  ];
  for (const [line, family, numbering, ordinal] of cases) {
    const m = marker(line);
    assert.ok(m, line);
    assert.deepEqual([m.family, m.numbering, m.ordinal], [family, numbering, ordinal], line);
  }
  assert.equal(marker('第一，建强组织体系')?.rest, '建强组织体系');
});

test('words that only look like numbering are not markers', () => {
  for (const line of [
    '第一季度党建工作会议',
    '第一书记要驻村',
    '第一责任人责任',
    '第一时间做出回应',
    '2020年是收官之年',
    '1.5万元以上',
    '5G网络',
    '一、二季度',
    '一方百计',
    '最后一公里',
    '统一是关键',
    '（2020年4月15日）',
    '',
  ]) {
    assert.equal(marker(line), null, line);
  }
});

test('Chinese numerals read and write both ways', () => {
  assert.equal(parseCnNumeral('三十二'), 32);
  assert.equal(parseCnNumeral('十一'), 11);
  assert.equal(parseCnNumeral('一百零五'), 105);
  assert.equal(parseCnNumeral('二三'), null);
  assert.equal(toCnNumeral(10), '十');
  assert.equal(toCnNumeral(17), '十七');
  assert.equal(toCnNumeral(40), '四十');
});

function inline(text: string) {
  return (
    findInlineSequence(text, 0, text.length)?.map(
      (it) => `${it.marker.numbering}|${text.slice(it.marker.textStart, it.end)}`,
    ) ?? null
  );
}

test('finds 一是…二是… inside a paragraph, each item running to the next', () => {
  assert.deepEqual(inline('存在的问题：一是责任不到位。二是措施不精准。三是机制不完善。'), [
    '一是|责任不到位。',
    '二是|措施不精准。',
    '三是|机制不完善。',
  ]);
});

test('a sequence needs its second item: a lone 一是 or 统一是…二是 is no enumeration', () => {
  assert.equal(inline('思想统一是前提，行动一致是关键。'), null);
  assert.equal(inline('一是要加强学习。'), null);
  assert.equal(inline('思想统一是前提。二是要加强学习。'), null);
});

test('第一…第二 need a comma after them; 第一季度, 第一书记 and 第一责任人 are ordinary words', () => {
  assert.equal(inline('第一季度要完成，第二季度要巩固。'), null);
  assert.equal(inline('第一书记要驻村，第一责任人要到位。'), null);
  assert.deepEqual(inline('要做到三点：第一，学深悟透；第二，真抓实干。'), ['第一|学深悟透；', '第二|真抓实干。']);
});

test('首先…其次…最后 and 一方面…另一方面 are sequences; 最后一公里 is not an item', () => {
  assert.deepEqual(inline('首先，要提高认识。其次，要健全机制。最后，要打通“最后一公里”。'), [
    '首先|要提高认识。',
    '其次|要健全机制。',
    '最后|要打通“最后一公里”。',
  ]);
  assert.deepEqual(inline('一方面，要建强组织。另一方面，要联系群众。'), [
    '一方面|要建强组织。',
    '另一方面|要联系群众。',
  ]);
});

test('the earliest sequence wins when families are nested (一要 inside 一是 is left to the item)', () => {
  const items = inline('有两点：一是抓学习，一要读原著，二要悟原理。二是抓落实。');
  assert.deepEqual(items, ['一是|抓学习，一要读原著，二要悟原理。', '二是|抓落实。']);
});

test('an inline search never looks past the end of its range', () => {
  const text = '一是学习。二是落实。';
  assert.equal(findInlineSequence(text, 0, 5), null);
});
