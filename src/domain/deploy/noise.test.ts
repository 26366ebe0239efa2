import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyLine, removeNoise } from './noise.ts';

test('page numbers in their usual forms are removed as 页码', () => {
  for (const line of ['- 3 -', '— 12 —', '7', '第2页', '第 2 页 共 5 页', '3/10', 'Page 4 of 9']) {
    assert.equal(classifyLine(line), '页码', line);
  }
});

test('site chrome, reprint notices and promotion lines are told apart', () => {
  assert.equal(classifyLine('版权所有 © 2020 某某范文网 京ICP备12345678号'), '网站页眉页脚');
  assert.equal(classifyLine('当前位置：首页 > 讲话稿 > 党建'), '网站页眉页脚');
  assert.equal(classifyLine('https://www.example.com/a/66036.html'), '网站页眉页脚');
  assert.equal(classifyLine('如若转载，请注明出处：https://www.example.com/1.html'), '转载声明');
  assert.equal(classifyLine('扫码关注公众号，免费领取更多资料'), '广告/会员推广');
  assert.equal(classifyLine('********'), '分隔线');
});

test('content lines stay, even short numbered ones that mention 会员', () => {
  assert.equal(classifyLine('三、发展工会会员'), null);
  assert.equal(classifyLine('同志们：'), null);
  assert.equal(classifyLine('在全市组工会议上的讲话'), null);
  assert.equal(classifyLine('一是着力加强思想政治建设。要严格执行党内法规，完善督查问责机制。'), null);
});

test('a promotion block before the title goes whole, slogans without a cue included', () => {
  const input = '仅供学习 禁止外传\n某某文行\n自建平台、实时分享\n\n\n在全市组工会议上的讲话\n同志们：\n一、抓好落实\n';
  const r = removeNoise(input);
  assert.deepEqual(
    r.removed.map((x) => [x.text, x.reason]),
    [
      ['仅供学习 禁止外传', '广告/会员推广'],
      ['某某文行', '广告/会员推广'],
      ['自建平台、实时分享', '广告/会员推广'],
    ],
  );
  assert.equal(r.cleanedText, '在全市组工会议上的讲话\n同志们：\n一、抓好落实');
  assert.equal(input.slice(...r.removed[1]!.span), '某某文行');
});

test('lines before the title stay when none of them is noise (a document header)', () => {
  const r = removeNoise('中共某某市委文件\n关于做好2020年党建工作的通知\n各区委：');
  assert.deepEqual(r.removed, []);
  assert.equal(r.paragraphs.length, 3);
});

test('a reprint notice glued to the last paragraph is cut off and reported', () => {
  const r = removeNoise('二是提高政治站位，守好意识形态阵地。如若转载，请注明出处：https://x.example/1.html');
  assert.equal(r.cleanedText, '二是提高政治站位，守好意识形态阵地。');
  assert.deepEqual(
    r.removed.map((x) => x.reason),
    ['转载声明'],
  );
});

test('paragraph offsets index the cleaned text; CR LF and full-width spaces are trimmed', () => {
  const r = removeNoise('\u3000\u3000标题\r\n\r\n  一、第一部分  \r\n- 2 -\r\n正文。');
  assert.equal(r.cleanedText, '标题\n一、第一部分\n正文。');
  assert.deepEqual(
    r.paragraphs.map((p) => r.cleanedText.slice(p.start, p.end)),
    ['标题', '一、第一部分', '正文。'],
  );
  assert.deepEqual(
    r.removed.map((x) => [x.text, x.reason]),
    [['- 2 -', '页码']],
  );
});
