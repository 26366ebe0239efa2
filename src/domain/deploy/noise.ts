import { type CodeTable, codeTable, inTable, isJsSpace } from './chars.ts';
import { readMarker } from './numbering.ts';

export type Span = [start: number, end: number];

export type NoiseReason =
  | '广告/会员推广'
  | '转载声明'
  | '页码'
  | '网站页眉页脚'
  | '分隔线'
  | '网站导航'
  | '相关文章列表'
  | '打印/关闭/分享'
  | '上一篇/下一篇'
  | '版权/备案信息'
  | '来源/发布信息';

/** A piece of the input left out of the cleaned text, with why; `span` is in the input as given. */
export type RemovedText = { text: string; reason: NoiseReason; span: Span };

/** A kept line: its text is cleanedText.slice(start, end). */
export type Paragraph = { start: number; end: number };

export type CleanedText = { cleanedText: string; paragraphs: Paragraph[]; removed: RemovedText[] };

// Speeches copied from document-sharing sites arrive wrapped in the site's promotion; these words do not
// occur in short lines of a Party speech.
const AD_CUES = [
  '会员',
  'QQ群',
  'qq群',
  '微信群',
  '订阅',
  '倒卖',
  '仅供学习',
  '禁止外传',
  '扫码',
  '扫一扫',
  '公众号',
  '加微信',
  '微信号',
  '免费领取',
  '免费赠送',
  '资料下载',
  '下载地址',
  '付费',
  '立享',
  '打赏',
  '客服',
];
const REPRINT_CUES = ['转载', '注明出处', '版权归', '侵删', '联系删除', '本文来源', '文章来源', '原文链接', '免责声明'];
// A reprint notice glued to the end of the last paragraph is cut from the cue to the end of the line.
const TAIL_REPRINT_CUES = ['如若转载', '转载请注明', '本文转载自', '未经允许不得转载', '未经许可'];

/**
 * The words of a government or Party website's menus. Generic words that may title a document of their own
 * (通知, 公告, 讲话) are left out: a menu line is recognised by being made of these words and nothing else.
 */
const MENU_WORDS = new Set([
  '首页',
  '网站首页',
  '返回首页',
  '本站首页',
  '主页',
  '新闻中心',
  '新闻动态',
  '新闻资讯',
  '工作动态',
  '工作信息',
  '通知公告',
  '公告通知',
  '公示公告',
  '政策法规',
  '法规文件',
  '政策文件',
  '政策解读',
  '文件资料',
  '党建工作',
  '党建动态',
  '党建之窗',
  '联系我们',
  '关于我们',
  '机构概况',
  '机构设置',
  '机构职能',
  '单位概况',
  '领导之窗',
  '领导信息',
  '领导分工',
  '政务公开',
  '党务公开',
  '信息公开',
  '政府信息公开',
  '政务服务',
  '办事服务',
  '网上办事',
  '办事指南',
  '便民服务',
  '互动交流',
  '公众参与',
  '在线留言',
  '在线访谈',
  '留言板',
  '领导信箱',
  '书记信箱',
  '部长信箱',
  '民意征集',
  '专题专栏',
  '图片新闻',
  '视频新闻',
  '要闻',
  '时政要闻',
  '本地要闻',
  '要闻动态',
  '基层动态',
  '部门动态',
  '乡镇动态',
  '县区动态',
  '基层党建',
  '组织建设',
  '干部工作',
  '人才工作',
  '理论学习',
  '学习园地',
  '学习资料',
  '党风廉政',
  '下载中心',
  '资料下载',
  '网站地图',
  '站点地图',
  '无障碍',
  '无障碍浏览',
  '长者模式',
  '关怀版',
  'English',
  '英文版',
  '繁体',
  '简体',
  '繁體',
  '繁体版',
  '手机版',
  '登录',
  '注册',
  '用户登录',
  '搜索',
  '站内搜索',
  '高级搜索',
  '设为首页',
  '加入收藏',
  '更多',
  '正文',
  '隐私声明',
  '网站声明',
  '使用帮助',
  'RSS',
]);
const MENU_WORD_LENGTHS = [...new Set([...MENU_WORDS].map((w) => w.length))];
/** The characters of the menu words: a line with any other character that is no separator is no menu. */
const MENU_CHARS = codeTable([...MENU_WORDS].join(''));
const MENU_SEPARATORS = /[\s|｜/／·•・>＞»›<«\-_—┊◆■□▪●○【】[\]]+/u;
const MENU_SEPARATOR_CHARS = codeTable('|｜/／·•・>＞»›<«-_—┊◆■□▪●○【】[]');

const BREADCRUMB_LEAD = /^(?:当前位置|您现在的位置|您的位置|您当前的位置|当前页面|所在位置|现在位置)\s*[:：]/;
const BREADCRUMB_HOME = /(?:首页|主页)\s*(?:>|＞|»|›|→|\/|-)/;

/** Fields a website prints above or below an article: where it came from, when, who, how often read. */
const META_FIELD =
  /(?:信息来源|文章来源|稿件来源|新闻来源|来源|发布时间|发布日期|发表时间|发文时间|更新时间|录入时间|添加时间|作者|撰稿|编辑|责任编辑|责编|审核|审校|校对|摄影|通讯员|供稿)\s*[:：]/g;
const META_LEAD =
  /^[（(【[]?\s*(?:信息来源|文章来源|稿件来源|新闻来源|来源|发布时间|发布日期|发表时间|发文时间|更新时间|录入时间|添加时间|作者|撰稿|编辑|责任编辑|责编|审核|审校|校对|摄影|通讯员|供稿)\s*[:：]/;
const META_COUNT =
  /^[（(【[]?\s*(?:浏览次数|阅读次数|点击次数|访问次数|浏览量|阅读量|点击量|访问量|点击数|阅读数|浏览|阅读|点击)\s*[:：]?\s*\d/;
const META_ANYWHERE = /(?:发布时间|发布日期|浏览次数|阅读次数|点击次数|点击数|访问量|阅读量|浏览量|责任编辑)\s*[:：]/;
/** A time stamp: a date with hours and minutes, which no document states of itself. */
const DATE_TIME = /^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}(?::\d{2})?$/;

const PAGE_ACTION =
  /打印本页|打印此页|打印文章|打印该页|打印正文|关闭窗口|关闭本页|关闭此页|加入收藏|收藏本页|收藏此页|分享到|分享至|返回顶部|回到顶部|我要纠错|保存本页|[【[]\s*(?:打印|关闭|收藏|返回|字体|字号)|字号\s*[:：]|字体\s*[:：]|大\s+中\s+小|视力保护色/;
const PREV_NEXT = /^[【[]?\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[】\]]?\s*[:：]?\s*/;
const COPYRIGHT =
  /版权所有|copyright|©|icp备|icp证|网安备|网站标识码|网站识别码|建议使用.{0,20}浏览器|建议.{0,20}分辨率|分辨率.{0,6}\d{3,4}\s*[×xX*]\s*\d{3,4}|^党政机关$/i;
/** The characters COPYRIGHT's alternatives start with (case-insensitive only for ASCII): a line without one is none. */
const COPYRIGHT_FIRST = codeTable('版cC©iI网建分党');

function hasAny(line: string, table: CodeTable): boolean {
  for (let i = 0; i < line.length; i++) if (inTable(table, line.charCodeAt(i))) return true;
  return false;
}

/**
 * Lines of a site's footer that are content elsewhere (an event's plan names its 主办单位, a notice its address):
 * noise beside a copyright line, or below the article once the page's links have started.
 */
const FOOTER_FIELD =
  /^(?:地址|通讯地址|联系地址|单位地址|邮编|邮政编码|电话|联系电话|传真|电子邮箱|邮箱|e-?mail|联系方式|技术支持|技术支撑|主办单位|承办单位|协办单位|维护单位|运维单位|网站维护|主办|承办)\s*[:：]|^[^由，。]{2,24}(?:主办|承办)$/i;
const SIDEBAR_HEAD =
  /^(?:相关阅读|相关文章|相关新闻|相关链接|相关推荐|相关信息|相关专题|推荐阅读|推荐文章|热点新闻|热点文章|热点推荐|热门文章|热门新闻|热门推荐|最新文章|最新发布|最新更新|最新信息|延伸阅读|猜你喜欢|精彩推荐|阅读排行|点击排行|热文排行|往期回顾|往期推荐|更多阅读|更多文章|本栏目更多)/;
/** 相关阅读：某某县召开… — one listed title on the heading's line. */
const SIDEBAR_ITEM = new RegExp(`${SIDEBAR_HEAD.source}\\s*[:：]`);
const SIDEBAR_DECORATION = /[\s【】[\]<>《》:：»·•■□◆◇▶►▼→]|更多|more/gi;
const SITE_GREETING = /^(?:欢迎访问|欢迎光临)[^。，！]*$|^今天是.{0,16}星期[一二三四五六日天]/;
/** The name of a website over its pages (某某县人民政府门户网站, 某某党建网): noise in the page's header only. */
const SITE_TITLE = /(?:网站|门户网站|官网|官方网站|新闻网|党建网|信息网|政府网|之窗)$/;
const URL = /(?:https?:\/\/|www\.)[\x21-\x7e]*/gi;
const SENTENCE = /[。！？]/;

const SHORT_LINE = 60;
const NOTICE_LINE = 200;

/** Reasons that are a website's page around the article (not page numbers or rules a document has too). */
const PAGE_CHROME: ReadonlySet<NoiseReason> = new Set<NoiseReason>([
  '网站页眉页脚',
  '网站导航',
  '相关文章列表',
  '打印/关闭/分享',
  '上一篇/下一篇',
  '版权/备案信息',
  '来源/发布信息',
]);
/** Where the article of a page has ended: after these, what is left of the page is its footer. */
const PAGE_END: ReadonlySet<NoiseReason> = new Set<NoiseReason>([
  '网站导航',
  '相关文章列表',
  '打印/关闭/分享',
  '上一篇/下一篇',
  '版权/备案信息',
]);

const SIGNATURE_LINES = [
  /^[（(]?(\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日[）)]?$/,
  /^(抄送|印发|联系人|联系电话|主送|发送)[:：]/,
  /^[^。，；：！？,;:!?]{2,30}(委员会|党委|党组|组织部|宣传部|办公室|办公厅|人民政府|政府|党工委|总支部|支部|委|局|中心)(（[^）]{1,10}）)?$/,
];

/**
 * A line of a document's closing block: the issuing body, the date, 抄送/印发/联系人 lines. Never noise, even
 * among a page's footer lines.
 */
export function isSignatureLine(line: string): boolean {
  return line.length <= 40 && SIGNATURE_LINES.some((re) => re.test(line));
}

/**
 * Whether the line holds one of the cues. `first` is the table of their first characters: a line with none of them
 * (nearly every line) is read once, instead of once per cue.
 */
function includesAny(line: string, cues: readonly string[], first: CodeTable): boolean {
  if (!hasAny(line, first)) return false;
  for (const cue of cues) if (line.includes(cue)) return true;
  return false;
}
const REPRINT_FIRST = codeTable(REPRINT_CUES);
const AD_FIRST = codeTable(AD_CUES);

function isSpace(c: number): boolean {
  return (
    c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xa0 || c === 0xfeff || c === 0x200b || c === 0x0b || c === 0x0c
  );
}

const PAGE_NUMBER_PATTERNS = [
  /^[-—–－_·\s]*\d{1,4}[-—–－_·\s]*$/,
  /^第\s*[\d一二三四五六七八九十百]+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?$/,
  /^共\s*\d+\s*页\s*第\s*\d+\s*页$/,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/,
  /^page\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i,
];

/** The number of menu words `token` is made of, or 0 when anything else is in it. */
function segmentMenuWords(token: string): number {
  if (token.length > 40) return 0;
  const fewest: number[] = [0];
  for (let i = 0; i < token.length; i++) {
    const here = fewest[i];
    if (here === undefined) continue;
    for (const len of MENU_WORD_LENGTHS) {
      if (i + len > token.length || !MENU_WORDS.has(token.slice(i, i + len))) continue;
      const there = fewest[i + len];
      if (there === undefined || there > here + 1) fewest[i + len] = here + 1;
    }
  }
  return fewest[token.length] ?? 0;
}

/** How many menu words a line is made of (首页 | 新闻中心 | 工作动态), or 0 when it holds anything else. */
function countMenuWords(line: string): number {
  if (line.length > 120) return 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (!inTable(MENU_CHARS, c) && !inTable(MENU_SEPARATOR_CHARS, c) && !isJsSpace(c)) return 0;
  }
  let count = 0;
  for (const token of line.split(MENU_SEPARATORS)) {
    if (token === '') continue;
    const n = segmentMenuWords(token);
    if (n === 0) return 0;
    count += n;
  }
  return count;
}

function isBreadcrumb(line: string): boolean {
  return line.length <= NOTICE_LINE && (BREADCRUMB_LEAD.test(line) || BREADCRUMB_HOME.test(line));
}

/** The places a breadcrumb names (首页, 工作动态, 党建工作): a line repeating one of them is the column's name. */
function breadcrumbSegments(line: string): string[] {
  return line
    .replace(BREADCRUMB_LEAD, '')
    .split(/\s*(?:>|＞|»|›|→|\/)\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Made once: a pattern literal makes a new RegExp object each time it is evaluated, and this runs for every line. */
const FULL_STOP_OR_SEMICOLON = /[。；]/;

/** Source, time and hit-count fields: two or more of them, a time stamp or a count is the site's line. */
function isMetaLine(line: string): boolean {
  if (line.length > 100 || FULL_STOP_OR_SEMICOLON.test(line)) return false;
  if (META_COUNT.test(line) || META_ANYWHERE.test(line) || DATE_TIME.test(line)) return true;
  return META_LEAD.test(line) && (line.match(META_FIELD)?.length ?? 0) >= 2;
}

/**
 * One field alone (来源：某某县委组织部, 作者：某某): the site's beside its chrome or outside the article, but a
 * document may have such a line of its own (来源：巡察反馈 in a list of problems).
 */
function isLoneMetaField(line: string): boolean {
  return line.length <= 60 && !FULL_STOP_OR_SEMICOLON.test(line) && META_LEAD.test(line);
}

function isSidebarHead(line: string): boolean {
  if (line.length > 24) return false;
  const bare = line.replace(SIDEBAR_DECORATION, '');
  const m = SIDEBAR_HEAD.exec(bare);
  return m !== null && m[0].length === bare.length;
}

/** A line that is only a web address, or one with a label (网址：, 本文链接：). */
function isUrlLine(line: string): boolean {
  if (line.length > NOTICE_LINE || !/https?:\/\/|www\./i.test(line)) return false;
  const rest = line.replace(URL, '').replace(/\s+/g, '');
  return rest.length <= 16 && !/[。！？；]/.test(rest);
}

/** Why a whole (trimmed, non-empty) line is noise, or null when it is content, read without its neighbours. */
export function classifyLine(line: string): NoiseReason | null {
  if (line.length <= 24) for (const p of PAGE_NUMBER_PATTERNS) if (p.test(line)) return '页码';
  if (!/[\p{L}\p{N}]/u.test(line)) return '分隔线';
  if (line.length <= 160 && hasAny(line, COPYRIGHT_FIRST) && COPYRIGHT.test(line)) return '版权/备案信息';
  // Before the reprint cues: 文章来源：某某县委组织部 is the site's source field, not a notice.
  if (isMetaLine(line)) return '来源/发布信息';
  if (isLoneMetaField(line)) return null;
  if (line.length <= NOTICE_LINE && includesAny(line, REPRINT_CUES, REPRINT_FIRST)) return '转载声明';
  if (readMarker(line, 0, line.length) !== null) return null;
  if (line.length <= SHORT_LINE && includesAny(line, AD_CUES, AD_FIRST)) return '广告/会员推广';
  if (line.length <= 120 && PREV_NEXT.test(line)) return '上一篇/下一篇';
  if (line.length <= 60 && !/[。，,；]/.test(line) && PAGE_ACTION.test(line)) return '打印/关闭/分享';
  if (isBreadcrumb(line) || countMenuWords(line) >= 2) return '网站导航';
  if (isSidebarHead(line) || (line.length <= 120 && SIDEBAR_ITEM.test(line) && isListedTitle(line)))
    return '相关文章列表';
  if (isUrlLine(line)) return '网站页眉页脚';
  if (line.length <= SHORT_LINE && SITE_GREETING.test(line)) return '网站页眉页脚';
  return null;
}

/** A line that opens the document proper: a title, the salutation, a numbered heading or a paragraph. */
const TITLE_CUE = /讲话|发言|报告|致辞|意见|通知|方案|决定|纲要|总结|部署|会议|要点|规划|讲稿|党课|在.{1,40}上的/;
function isAnchor(line: string): boolean {
  if (line.length > 80) return true;
  if (line.startsWith('同志们')) return true;
  if (readMarker(line, 0, line.length) !== null) return true;
  return TITLE_CUE.test(line);
}

/** Prose: a paragraph, or the salutation that opens one. An article's title and a page's links are neither. */
function isProse(line: string): boolean {
  return line.length > 80 || SENTENCE.test(line) || (line.length <= 60 && /[:：]$/.test(line));
}

/** An article's title in a list of them, as a sidebar shows it (often with its date). */
function isListedTitle(line: string): boolean {
  return line.length <= 80 && !/[。；]/.test(line) && !/[：:，,]$/.test(line);
}

const LISTED_DATE =
  /(?:^[（(【[]?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[）)】\]]?(?:\s|$))|(?:(?:^|[\s（(【[])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[）)】\]]?$)|(?:[（(【[]\d{1,2}-\d{1,2}[）)】\]]$)/;

/** A title with its date, as lists of articles print them: 县委召开常委会会议 2026-10-28. */
function isDatedTitle(line: string): boolean {
  return isListedTitle(line) && LISTED_DATE.test(line);
}

type RawLine = { start: number; end: number; text: string };

function splitLines(input: string): RawLine[] {
  const lines: RawLine[] = [];
  let lineStart = 0;
  const n = input.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? input.charCodeAt(i) : 0x0a;
    if (c !== 0x0a && c !== 0x0d && c !== 0x2028 && c !== 0x2029) continue;
    let s = lineStart;
    let e = i;
    while (s < e && isSpace(input.charCodeAt(s))) s++;
    while (e > s && isSpace(input.charCodeAt(e - 1))) e--;
    if (e > s) lines.push({ start: s, end: e, text: input.slice(s, e) });
    if (c === 0x0d && input.charCodeAt(i + 1) === 0x0a) i++;
    lineStart = i + 1;
  }
  return lines;
}

type Reasons = (NoiseReason | null)[];

function isChrome(reason: NoiseReason | null | undefined): boolean {
  return reason !== null && reason !== undefined && PAGE_CHROME.has(reason);
}

/** The titles listed under 相关阅读 (热点新闻, 推荐阅读, …) up to the first line that is not one. */
function markSidebars(texts: readonly string[], reasons: Reasons): void {
  for (let i = 0; i < texts.length; i++) {
    if (reasons[i] !== '相关文章列表' || !isSidebarHead(texts[i] ?? '')) continue;
    let j = i + 1;
    for (; j < texts.length; j++) {
      if (reasons[j] === '相关文章列表') continue;
      const t = texts[j] ?? '';
      if (reasons[j] !== null || !isListedTitle(t)) break;
      // A list shown above the article stops at its title: the line before the salutation or first paragraph.
      const next = texts[j + 1];
      if (next !== undefined && reasons[j + 1] === null && isProse(next) && !isDatedTitle(t)) break;
      reasons[j] = '相关文章列表';
    }
    i = j - 1;
  }
}

/** 上一篇： with the title on the next line, as a copied page often has it. */
function markPrevNextTitles(texts: readonly string[], reasons: Reasons): void {
  for (let i = 0; i + 1 < texts.length; i++) {
    const t = texts[i] ?? '';
    if (reasons[i] !== '上一篇/下一篇' || t.replace(PREV_NEXT, '') !== '') continue;
    const next = texts[i + 1] ?? '';
    if (reasons[i + 1] === null && isListedTitle(next) && !isProse(next)) reasons[i + 1] = '上一篇/下一篇';
  }
}

/**
 * Three or more titles in a row, each with its date: a list of articles even without a heading. A schedule
 * (报名截止 2026-11-05) has short labels or a colon, and stays.
 */
function markDatedRuns(texts: readonly string[], reasons: Reasons): void {
  const dated = (t: string) => isDatedTitle(t) && !/[:：]/.test(t) && t.replace(LISTED_DATE, '').trim().length >= 8;
  let runStart = -1;
  for (let i = 0; i <= texts.length; i++) {
    const listed = i < texts.length && reasons[i] === null && dated(texts[i] ?? '');
    if (listed && runStart < 0) runStart = i;
    if (listed || runStart < 0) continue;
    if (i - runStart >= 3) for (let k = runStart; k < i; k++) reasons[k] = '相关文章列表';
    runStart = -1;
  }
}

/** The index of the first and the last line of the article's prose (paragraphs, headings, the salutation). */
function proseBounds(texts: readonly string[], reasons: Reasons): [number, number] {
  const isText = (i: number) => {
    const t = texts[i] ?? '';
    return reasons[i] === null && (isProse(t) || readMarker(t, 0, t.length) !== null);
  };
  let first = 0;
  while (first < texts.length && !isText(first)) first++;
  let last = texts.length - 1;
  while (last > first && !isText(last)) last--;
  return [first, last];
}

/** Runs of lines that pass `test`: each run is marked `reason` when `belongs(from, to)` says so. */
function markRuns(
  texts: readonly string[],
  reasons: Reasons,
  test: (t: string) => boolean,
  belongs: (from: number, to: number) => boolean,
  reason: NoiseReason,
): void {
  const candidate = texts.map((t, i) => reasons[i] === null && test(t));
  for (let i = 0; i < texts.length; i++) {
    if (!candidate[i]) continue;
    let j = i;
    while (j + 1 < texts.length && candidate[j + 1]) j++;
    if (belongs(i, j)) for (let k = i; k <= j; k++) reasons[k] = reason;
    i = j;
  }
}

/** 来源：… 作者：… alone on their lines: the site's above or below the article, or beside its other chrome. */
function markMetaFields(texts: readonly string[], reasons: Reasons): void {
  const [first, last] = proseBounds(texts, reasons);
  markRuns(
    texts,
    reasons,
    isLoneMetaField,
    (i, j) => j < first || i > last || isChrome(reasons[i - 1]) || isChrome(reasons[j + 1]),
    '来源/发布信息',
  );
}

/**
 * Lines that are one menu word each (工作动态): the menu or a column's name when several stand together, when
 * one opens the text or stands beside other chrome; a lone 党建工作 within the text stays.
 */
function markMenuWords(texts: readonly string[], reasons: Reasons): void {
  markRuns(
    texts,
    reasons,
    (t) => countMenuWords(t) === 1,
    (i, j) => j > i || i === 0 || isChrome(reasons[i - 1]) || isChrome(reasons[j + 1]),
    '网站导航',
  );
}

/** 地址：… 电话：… 主办单位：… beside a copyright line are the site's footer. */
function markFooterFields(texts: readonly string[], reasons: Reasons): void {
  markRuns(
    texts,
    reasons,
    (t) => t.length <= 100 && !SENTENCE.test(t) && FOOTER_FIELD.test(t),
    (i, j) => reasons[i - 1] === '版权/备案信息' || reasons[j + 1] === '版权/备案信息',
    '版权/备案信息',
  );
}

/**
 * A promotion block before the title goes whole: such blocks carry slogans (酷乐文行) that no single cue would
 * catch. It ends at the first line that opens the document (a title, the salutation, a heading).
 */
function sweepPromotionHeader(texts: readonly string[], reasons: Reasons): void {
  const anchor = texts.findIndex((t, i) => reasons[i] === null && isAnchor(t));
  const end = anchor < 0 ? 0 : anchor;
  if (!reasons.slice(0, end).includes('广告/会员推广')) return;
  for (let i = 0; i < end; i++) reasons[i] ??= '广告/会员推广';
}

/**
 * A page's header above the article: what stands before its last navigation line (menu, breadcrumb, site
 * name) is the site's, except a line that reads as a title; a line repeating a breadcrumb's place is the
 * column's name. The title and what follows it up to the first paragraph are kept.
 */
function sweepSiteHeader(texts: readonly string[], reasons: Reasons): void {
  const first = texts.findIndex((t, i) => reasons[i] === null && (isProse(t) || readMarker(t, 0, t.length) !== null));
  const end = first < 0 ? 0 : first;
  const places = new Set<string>();
  let last = -1;
  for (let i = 0; i < end; i++) {
    const t = texts[i] ?? '';
    if (reasons[i] === null && t.length <= 24 && SITE_TITLE.test(t) && !/[，。：；、]/.test(t)) {
      reasons[i] = '网站页眉页脚';
    }
    if (reasons[i] === '网站导航' && isBreadcrumb(t)) for (const s of breadcrumbSegments(t)) places.add(s);
    if (reasons[i] === '网站导航' || reasons[i] === '网站页眉页脚') last = i;
  }
  for (let i = 0; i < end; i++) {
    if (reasons[i] === null && places.has(texts[i] ?? '')) {
      reasons[i] = '网站导航';
      last = Math.max(last, i);
    }
  }
  for (let i = 0; i < last; i++)
    if (reasons[i] === null && !TITLE_CUE.test(texts[i] ?? '')) reasons[i] = '网站页眉页脚';
}

/**
 * A page's footer below the article: after the article's last paragraph, once the page's links, lists or
 * copyright have started, the lines left are the site's too. A signature or date right after the print and
 * share links is the article's and is kept; after a list of links or the copyright it is the site's.
 */
function sweepSiteFooter(texts: readonly string[], reasons: Reasons): void {
  let last = texts.length - 1;
  while (last >= 0) {
    const t = texts[last] ?? '';
    if (reasons[last] === null && (isProse(t) || readMarker(t, 0, t.length) !== null)) break;
    last--;
  }
  let ended = false;
  let linksOnly = true;
  for (let i = last + 1; i < texts.length; i++) {
    const r = reasons[i];
    if (r && PAGE_END.has(r)) {
      ended = true;
      if (r !== '打印/关闭/分享') linksOnly = false;
    } else if (ended && r === null) {
      const t = texts[i] ?? '';
      if (linksOnly && isSignatureLine(t)) continue;
      reasons[i] = t.length <= 100 && FOOTER_FIELD.test(t) ? '版权/备案信息' : '网站页眉页脚';
    }
  }
}

/** The reason of each line, read with its neighbours: lists, menus and a page's header and footer. */
function classifyLines(texts: readonly string[]): Reasons {
  const reasons: Reasons = texts.map(classifyLine);
  markSidebars(texts, reasons);
  markPrevNextTitles(texts, reasons);
  markDatedRuns(texts, reasons);
  markMenuWords(texts, reasons);
  markFooterFields(texts, reasons);
  markMetaFields(texts, reasons);
  sweepPromotionHeader(texts, reasons);
  sweepSiteHeader(texts, reasons);
  sweepSiteFooter(texts, reasons);
  return reasons;
}

/**
 * Removes website chrome (menus, breadcrumbs, lists of other articles, print and share links, previous/next
 * links, copyright and ICP lines, source and hit-count fields), promotion blocks, reprint notices and page
 * numbers, and reports each removal. The kept lines, trimmed, become the paragraphs of the cleaned text (one
 * per line, joined by "\n"). The title, the salutation and the signature are content and always kept.
 */
export function removeNoise(input: string): CleanedText {
  const lines = splitLines(input);
  const tails: (RemovedText | null)[] = lines.map((line) => {
    const cut = findTailNotice(line.text);
    if (cut <= 0) return null;
    const tail: RemovedText = { text: line.text.slice(cut), reason: '转载声明', span: [line.start + cut, line.end] };
    line.text = line.text.slice(0, cut).trimEnd();
    line.end = line.start + line.text.length;
    return tail;
  });
  const reasons = classifyLines(lines.map((l) => l.text));

  const removed: RemovedText[] = [];
  const paragraphs: Paragraph[] = [];
  const parts: string[] = [];
  let offset = 0;
  lines.forEach((line, i) => {
    const reason = reasons[i];
    const tail = tails[i];
    if (reason) removed.push({ text: line.text, reason, span: [line.start, line.end] });
    if (tail) removed.push(tail);
    if (reason) return;
    const text = line.text;
    if (offset > 0) offset += 1;
    paragraphs.push({ start: offset, end: offset + text.length });
    parts.push(text);
    offset += text.length;
  });
  return { cleanedText: parts.join('\n'), paragraphs, removed };
}

function findTailNotice(line: string): number {
  let cut = -1;
  for (const cue of TAIL_REPRINT_CUES) {
    const at = line.indexOf(cue);
    if (at > 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut > 0 && line.length - cut <= NOTICE_LINE ? cut : -1;
}
