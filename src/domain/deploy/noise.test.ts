import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyLine, removeNoise } from './noise.ts';

test('page numbers in their usual forms are removed as 页码', () => {
  for (const line of ['- 3 -', '— 12 —', '7', '第2页', '第 2 页 共 5 页', '3/10', 'Page 4 of 9']) {
    assert.equal(classifyLine(line), '页码', line);
  }
});

test('site chrome, reprint notices and promotion lines are told apart', () => {
  assert.equal(classifyLine('版权所有 © 2020 某某范文网 京ICP备12345678号'), '版权/备案信息');
  assert.equal(classifyLine('当前位置：首页 > 讲话稿 > 党建'), '网站导航');
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

test("each kind of a website's chrome has its reason", () => {
  const cases: [string, string][] = [
    ['网站首页 | 新闻中心 | 工作动态 | 通知公告 | 政策法规 | 党建工作 | 联系我们', '网站导航'],
    ['首页新闻中心工作动态通知公告', '网站导航'],
    ['您现在的位置：网站首页 >> 通知公告', '网站导航'],
    ['相关阅读', '相关文章列表'],
    ['【热点新闻】 更多>>', '相关文章列表'],
    ['推荐阅读：全县组织工作会议召开', '相关文章列表'],
    ['【打印本页】【关闭窗口】', '打印/关闭/分享'],
    ['分享到：微信 微博', '打印/关闭/分享'],
    ['字号：大 中 小', '打印/关闭/分享'],
    ['【返回顶部】', '打印/关闭/分享'],
    ['上一篇：关于开展2026年度党员冬训工作的通知', '上一篇/下一篇'],
    ['下一篇：没有了', '上一篇/下一篇'],
    ['Copyright © 2026 某某县人民政府 All Rights Reserved', '版权/备案信息'],
    ['某ICP备12345678号-1', '版权/备案信息'],
    ['某公网安备 12345678901234号', '版权/备案信息'],
    ['网站标识码：1234567890', '版权/备案信息'],
    ['建议使用1920×1080分辨率浏览本站', '版权/备案信息'],
    ['来源：县委组织部 发布时间：2026-11-03 10:21 浏览次数：123', '来源/发布信息'],
    ['发布日期：2026-11-03', '来源/发布信息'],
    ['作者：某某 编辑：某某某', '来源/发布信息'],
    ['阅读次数：4567', '来源/发布信息'],
    ['2026-11-03 10:21:05', '来源/发布信息'],
    ['（责任编辑：某某）', '来源/发布信息'],
    ['文章来源：县委组织部 作者：某某', '来源/发布信息'],
    ['https://www.example.gov.cn/art/2026/11/3/art_1.html', '网站页眉页脚'],
    ['今天是2026年11月3日 星期二', '网站页眉页脚'],
  ];
  for (const [line, reason] of cases) assert.equal(classifyLine(line), reason, line);
});

test('short content lines that look like chrome are kept', () => {
  const lines = [
    '联系我们要做到随叫随到，服务群众不打折扣。',
    '三、加强网站建设',
    '（二）做好网站首页改版',
    '要在首页开设专栏，年底前完成改版。',
    '附件：1.任务分解表',
    '2026年11月2日',
    '中共××县委组织部',
    '资金来源：由县财政统筹解决。',
    '请登录www.example.gov.cn下载报名表。',
    '要把好经验分享到每一个支部，让先进典型可学可比。',
    '相关信息要在月底前报送县委组织部。',
    '今天是全县党员冬训的第一天。',
    '上篇：坚定理想信念',
    '本次培训由县委组织部、县委党校联合主办',
    '主办单位：县委组织部',
  ];
  for (const line of lines) assert.equal(classifyLine(line), null, line);
  const text = lines.join('\n');
  const r = removeNoise(text);
  assert.deepEqual(r.removed, []);
  assert.equal(r.cleanedText, text);
});

test('a lone menu word is noise at the top or beside chrome, and content within the text', () => {
  const top = removeNoise('通知公告\n关于做好冬训工作的通知\n各党支部：\n一、时间安排\n党建工作\n要抓好党建工作。');
  assert.deepEqual(
    top.removed.map((x) => [x.text, x.reason]),
    [['通知公告', '网站导航']],
  );
  assert.ok(top.cleanedText.includes('\n党建工作\n'));
  const menu = removeNoise('首页\n新闻中心\n工作动态\n在全县组织工作会议上的讲话\n同志们：\n今天召开会议。');
  assert.deepEqual(
    menu.removed.map((x) => x.reason),
    ['网站导航', '网站导航', '网站导航'],
  );
});

test("a source field alone is the site's above or below the article, and content inside it", () => {
  const r = removeNoise(
    [
      '作者：某某',
      '关于巡察反馈问题整改情况的报告',
      '县委：',
      '现将整改情况报告如下。',
      '一、反馈问题',
      '来源：县委第三巡察组',
      '（一）理论学习不深入。已建立学习制度。',
      '（来源：县委组织部）',
    ].join('\n'),
  );
  assert.deepEqual(
    r.removed.map((x) => [x.text, x.reason]),
    [
      ['作者：某某', '来源/发布信息'],
      ['（来源：县委组织部）', '来源/发布信息'],
    ],
  );
  assert.ok(r.cleanedText.includes('来源：县委第三巡察组'));
});

test('titles listed with their dates are a list of articles, with or without a heading; a schedule is not', () => {
  const listed = removeNoise(
    '同志们，让我们团结奋斗！\n县委召开常委会会议 2026-10-28\n全县组织工作会议召开 2026-10-21\n我县举办村党组织书记培训班 2026-10-09',
  );
  assert.deepEqual(
    listed.removed.map((x) => x.reason),
    ['相关文章列表', '相关文章列表', '相关文章列表'],
  );
  const schedule = '报名截止 2026-11-05\n材料报送 2026-11-10\n集中培训 2026-11-20';
  assert.equal(removeNoise(schedule).cleanedText, schedule);
});

test("a list shown above the article stops at the article's title", () => {
  const r = removeNoise(
    '热点新闻\n县委召开常委会会议\n全县组织工作会议召开\n扎实推进基层党建高质量发展\n同志们：\n今天召开会议。',
  );
  assert.deepEqual(
    r.removed.map((x) => [x.text, x.reason]),
    [
      ['热点新闻', '相关文章列表'],
      ['县委召开常委会会议', '相关文章列表'],
      ['全县组织工作会议召开', '相关文章列表'],
    ],
  );
  assert.equal(r.cleanedText, '扎实推进基层党建高质量发展\n同志们：\n今天召开会议。');
});

test("below the article: 上一篇： with its title on the next line, the footer's fields, a signature kept", () => {
  const r = removeNoise(
    [
      '一、时间安排',
      '12月底前完成。',
      '分享到：',
      '中共××县委组织部',
      '2026年11月2日',
      '上一篇：',
      '县委召开常委会会议',
      '下一篇：没有了',
      '××县人民政府',
      '地址：××县人民路1号',
      '联系电话：0000-1234567',
      '版权所有 © 2026',
    ].join('\n'),
  );
  assert.equal(r.cleanedText, '一、时间安排\n12月底前完成。\n中共××县委组织部\n2026年11月2日');
  assert.deepEqual(
    r.removed.map((x) => [x.text, x.reason]),
    [
      ['分享到：', '打印/关闭/分享'],
      ['上一篇：', '上一篇/下一篇'],
      ['县委召开常委会会议', '上一篇/下一篇'],
      ['下一篇：没有了', '上一篇/下一篇'],
      ['××县人民政府', '网站页眉页脚'],
      ['地址：××县人民路1号', '版权/备案信息'],
      ['联系电话：0000-1234567', '版权/备案信息'],
      ['版权所有 © 2026', '版权/备案信息'],
    ],
  );
});
