import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Paragraph, Span } from './noise.ts';
import { type Outline, parseOutline } from './outline-parser.ts';
import { findTitle, isSalutation, signatureTail } from './title.ts';

/** The paragraphs of text written one per line, as removeNoise gives them. */
function paragraphsOf(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    out.push({ start, end: start + line.length });
    start += line.length + 1;
  }
  return out;
}

function titleOf(lines: string[]): string | null {
  const text = lines.join('\n');
  return findTitle(text, paragraphsOf(text))?.text ?? null;
}

function frameText(o: Outline): [string | null, string | null, string | null] {
  const at = (s: Span | null) => (s ? o.cleanedText.slice(...s) : null);
  return [at(o.frame.salutation), at(o.frame.opening), at(o.frame.closing)];
}

// A page of a county's website copied whole (Ctrl+A, Ctrl+C): its header, the article, its links and footer.
const ARTICLE = [
  '在全县基层党建工作推进会上的讲话',
  '同志们：',
  '今天召开全县基层党建工作推进会，主要任务是总结前一阶段工作，部署下一阶段任务。',
  '下面，我讲两点意见。',
  '一、提高政治站位，压实党建责任',
  '各级党组织书记要切实履行第一责任人职责，年底前完成述职评议。',
  '二、夯实基层基础，建强战斗堡垒',
  '要在12月底前完成10个软弱涣散村党组织整顿，县委组织部牵头，各乡镇党委配合。',
  '同志们，让我们凝心聚力、真抓实干，推动全县基层党建工作再上新台阶！',
  '中共××县委组织部',
  '2026年11月2日',
];
const HEADER: [string, string][] = [
  ['××县组织工作门户网站', '网站页眉页脚'],
  ['网站首页 | 机构概况 | 新闻中心 | 工作动态 | 通知公告 | 政策法规 | 党建工作 | 联系我们', '网站导航'],
  ['当前位置：首页 > 工作动态 > 正文', '网站导航'],
];
const BELOW_TITLE: [string, string][] = [
  ['来源：县委组织部　发布时间：2026-11-03 10:21　浏览次数：123', '来源/发布信息'],
  ['【字体：大 中 小】', '打印/关闭/分享'],
];
const FOOTER: [string, string][] = [
  ['【打印本页】【关闭窗口】', '打印/关闭/分享'],
  ['上一篇：关于开展2026年度党员冬训工作的通知', '上一篇/下一篇'],
  ['下一篇：全县召开巡察工作动员部署会', '上一篇/下一篇'],
  ['相关阅读', '相关文章列表'],
  ['· 县委召开常委会会议 2026-10-28', '相关文章列表'],
  ['· 全县组织工作会议召开 2026-10-21', '相关文章列表'],
  ['· 县委理论学习中心组开展专题学习 2026-10-15', '相关文章列表'],
  ['· 我县举办村党组织书记培训班 2026-10-09', '相关文章列表'],
  ['· 县委组织部召开党员教育工作座谈会 2026-09-30', '相关文章列表'],
  ['· 全县“两新”组织党建工作现场会召开 2026-09-22', '相关文章列表'],
  ['· 关于公布全县党员先锋岗名单的通知 2026-09-16', '相关文章列表'],
  ['· 县委组织部开展主题党日活动 2026-09-08', '相关文章列表'],
  ['网站地图 | 联系我们', '网站导航'],
  ['版权所有：中共××县委组织部　地址：××县人民路1号　邮编：000000', '版权/备案信息'],
  ['主办单位：中共××县委组织部', '版权/备案信息'],
  ['备案号：某ICP备12345678号-1', '版权/备案信息'],
  ['某公网安备 12345678901234号', '版权/备案信息'],
  ['网站标识码：1234567890　技术支持：某某网络科技有限公司', '版权/备案信息'],
];
const PAGE = [
  ...HEADER.map(([t]) => t),
  ARTICLE[0] ?? '',
  ...BELOW_TITLE.map(([t]) => t),
  ...ARTICLE.slice(1),
  ...FOOTER.map(([t]) => t),
].join('\r\n');

test('a page copied whole from a government website: the article is kept, every piece of the page reported', () => {
  const o = parseOutline(PAGE);
  assert.equal(o.cleanedText, ARTICLE.join('\n'));
  assert.deepEqual(
    o.removed.map((r) => [r.text, r.reason]),
    [...HEADER, ...BELOW_TITLE, ...FOOTER],
  );
  for (const r of o.removed) assert.equal(PAGE.slice(...r.span), r.text);
  assert.equal(o.title, '在全县基层党建工作推进会上的讲话');
  assert.equal(o.date, '2026年11月2日');
  assert.deepEqual(
    o.nodes.map((n) => [n.numbering, n.heading]),
    [
      ['一、', '提高政治站位，压实党建责任'],
      ['二、', '夯实基层基础，建强战斗堡垒'],
    ],
  );
  assert.deepEqual(frameText(o), [
    '同志们：',
    '今天召开全县基层党建工作推进会，主要任务是总结前一阶段工作，部署下一阶段任务。\n下面，我讲两点意见。',
    '中共××县委组织部\n2026年11月2日',
  ]);
});

test('a title over two lines joins up; the salutation below it is no part of it', () => {
  const o = parseOutline(
    '关于进一步加强新时代\n基层党组织建设的实施意见\n各乡镇党委、县直各单位：\n为深入贯彻落实全会精神，结合我县实际，提出如下意见。\n一、总体要求\n坚持党的领导。',
  );
  assert.equal(o.title, '关于进一步加强新时代基层党组织建设的实施意见');
  assert.equal(o.cleanedText.slice(...(o.titleSpan ?? [0, 0])), '关于进一步加强新时代\n基层党组织建设的实施意见');
  assert.deepEqual(
    o.nodes.map((n) => n.numbering + n.heading),
    ['一、总体要求'],
  );
});

test('a title over three lines: the issuer, then 关于… continued until it ends like a title', () => {
  assert.equal(
    titleOf([
      '中共××县委组织部',
      '关于开展2027年度基层党组织书记',
      '抓基层党建工作述职评议考核的通知',
      '各乡镇党委：',
      '一、述职对象',
    ]),
    '中共××县委组织部关于开展2027年度基层党组织书记抓基层党建工作述职评议考核的通知',
  );
  // The speaker over 在…上的讲话 belongs to the title too.
  assert.equal(titleOf(['县委书记', '在全县组织工作会议上的讲话', '同志们：']), '县委书记在全县组织工作会议上的讲话');
});

test('a main title over two lines with its subtitle ——在…会议上的讲话; the speaker and date lines stay out', () => {
  const o = parseOutline(
    [
      '凝心聚力 担当作为',
      '奋力开创全县组织工作新局面',
      '——在全县组织工作会议上的讲话',
      '县委副书记 某某某',
      '（2026年11月2日）',
      '同志们：',
      '这次会议的主要任务是总结工作、部署任务。',
      '一、抓班子',
      '要建强班子。',
    ].join('\n'),
  );
  assert.equal(o.title, '凝心聚力 担当作为 奋力开创全县组织工作新局面 ——在全县组织工作会议上的讲话');
  assert.equal(o.date, '2026年11月2日');
  assert.deepEqual(frameText(o), ['同志们：', '这次会议的主要任务是总结工作、部署任务。', null]);
});

test('a title in 《》 below a column name: the column is noise, the title is read without its marks', () => {
  const o = parseOutline(
    '工作动态\n《在全县基层党建工作推进会上的讲话》\n同志们：\n今天召开会议，部署工作。\n一、抓班子',
  );
  assert.deepEqual(
    o.removed.map((r) => [r.text, r.reason]),
    [['工作动态', '网站导航']],
  );
  assert.equal(o.title, '在全县基层党建工作推进会上的讲话');
  assert.equal(o.cleanedText.slice(...(o.titleSpan ?? [0, 0])), '在全县基层党建工作推进会上的讲话');
  // A column the menu words do not know is passed over by the title (it is left in the text, unreported).
  assert.equal(
    titleOf(['组工信息', '《关于做好2027年元旦春节期间走访慰问工作的通知》', '各党支部：']),
    '关于做好2027年元旦春节期间走访慰问工作的通知',
  );
});

test('a title below a breadcrumb and a column name repeating it: both are noise, the title is kept', () => {
  const o = parseOutline(
    '当前位置：首页 > 组工动态\n组工动态\n扎实推进基层党建高质量发展\n来源：县委组织部\n同志们：\n今天召开会议。\n一、抓班子',
  );
  assert.deepEqual(
    o.removed.map((r) => [r.text, r.reason]),
    [
      ['当前位置：首页 > 组工动态', '网站导航'],
      ['组工动态', '网站导航'],
      ['来源：县委组织部', '来源/发布信息'],
    ],
  );
  assert.equal(o.title, '扎实推进基层党建高质量发展');
});

test('the red header of a 公文 (文件, 文号) is passed over to its title', () => {
  assert.equal(
    titleOf(['中共××县委文件', '×发〔2026〕12号', '关于加强基层党组织建设的决定', '各乡镇党委：']),
    '关于加强基层党组织建设的决定',
  );
});

test('the title is never a numbered heading, the salutation or a paragraph of prose', () => {
  assert.equal(titleOf(['一、总体要求', '坚持党的领导。']), null);
  assert.equal(titleOf(['同志们：', '今天召开会议。']), null);
  assert.equal(titleOf(['各乡镇党委、县直各单位：', '现将有关事项通知如下。']), null);
  assert.equal(titleOf(['今天召开全县会议，主要任务是总结工作。', '一、抓落实']), null);
  assert.equal(
    titleOf(['会议指出，要坚持以人民为中心的发展思想，持续深化拓展，推动各项工作落地见效，取得更大成绩', '一、']),
    null,
  );
  assert.equal(titleOf(['2026年11月2日', '一、抓落实']), null);
  // A one-line title is not continued by the first line of the body.
  assert.equal(titleOf(['在全县组织工作会议上的讲话', '县委书记 某某某', '同志们：']), '在全县组织工作会议上的讲话');
});

test('the salutation, the opening paragraph and the closing signature are kept and classed in frame', () => {
  const o = parseOutline(
    [
      '关于做好2027年党建工作的通知',
      '各乡镇党委、县直各单位：',
      '为深入贯彻落实全会精神，现将有关事项通知如下。',
      '一、加强组织建设',
      '年底前完成10个支部标准化建设。',
      '附件：1.任务分解表',
      '2.进度表',
      '中共××县委组织部',
      '2026年12月1日',
    ].join('\n'),
  );
  assert.equal(o.removed.length, 0);
  assert.deepEqual(frameText(o), [
    '各乡镇党委、县直各单位：',
    '为深入贯彻落实全会精神，现将有关事项通知如下。',
    '中共××县委组织部\n2026年12月1日',
  ]);
  // A speech with no signature: no closing; a text that opens with its first heading: no opening.
  const speech = parseOutline('讲话\n各位代表：\n一、抓落实\n要抓好落实。');
  assert.deepEqual(frameText(speech), ['各位代表：', null, null]);
});

test('salutations are told from lead-ins that end with a colon', () => {
  for (const s of [
    '同志们：',
    '同志们:',
    '各位代表：',
    '各乡镇党委、县直各单位：',
    '县直各单位党组织：',
    '各党支部：',
  ]) {
    assert.equal(isSalutation(s), true, s);
  }
  for (const s of ['各单位要做到：', '主要任务是：', '现将有关事项通知如下：', '一、各党支部：']) {
    assert.equal(isSalutation(s), false, s);
  }
});

test('the body ends before the 附件 lines and the signature block', () => {
  const text = '一、任务\n要抓落实。\n附件：1.任务分解表\n2.进度表\n中共××县委组织部\n2026年12月1日';
  assert.equal(signatureTail(text, paragraphsOf(text)), 2);
  const plain = '一、任务\n要抓落实。';
  assert.equal(signatureTail(plain, paragraphsOf(plain)), 2);
});
