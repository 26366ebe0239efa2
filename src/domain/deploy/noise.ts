import { readMarker } from './numbering.ts';

export type Span = [start: number, end: number];

export type NoiseReason = '广告/会员推广' | '转载声明' | '页码' | '网站页眉页脚' | '分隔线';

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
const WEB_CUES = [
  '首页',
  '上一篇',
  '下一篇',
  '相关文章',
  '相关推荐',
  '推荐阅读',
  '热门文章',
  '返回顶部',
  '版权所有',
  'Copyright',
  'copyright',
  '©',
  'ICP备',
  '网安备',
  '责任编辑',
  '阅读次数',
  '浏览次数',
  '阅读量',
  '点击量',
  '打印本页',
  '关闭窗口',
  '发布时间',
  '来源：',
  '作者：',
  '分享到',
  '当前位置',
  '您现在的位置',
  'http://',
  'https://',
  'www.',
];
// A reprint notice glued to the end of the last paragraph is cut from the cue to the end of the line.
const TAIL_REPRINT_CUES = ['如若转载', '转载请注明', '本文转载自', '未经允许不得转载', '未经许可'];

const SHORT_LINE = 60;
const NOTICE_LINE = 200;

function includesAny(line: string, cues: readonly string[]): boolean {
  for (const cue of cues) if (line.includes(cue)) return true;
  return false;
}

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

/** Why a whole (trimmed, non-empty) line is noise, or null when it is content. */
export function classifyLine(line: string): NoiseReason | null {
  if (line.length <= 24) for (const p of PAGE_NUMBER_PATTERNS) if (p.test(line)) return '页码';
  if (!/[\p{L}\p{N}]/u.test(line)) return '分隔线';
  const numbered = readMarker(line, 0, line.length) !== null;
  if (line.length <= NOTICE_LINE && includesAny(line, REPRINT_CUES)) return '转载声明';
  if (numbered) return null;
  if (line.length <= SHORT_LINE && includesAny(line, AD_CUES)) return '广告/会员推广';
  if (line.length <= NOTICE_LINE && /https?:\/\/|www\./.test(line)) return '网站页眉页脚';
  if (line.length <= SHORT_LINE && includesAny(line, WEB_CUES)) return '网站页眉页脚';
  return null;
}

/** A line that opens the document proper: a title, the salutation, a numbered heading or a paragraph. */
function isAnchor(line: string): boolean {
  if (line.length > 80) return true;
  if (line.startsWith('同志们')) return true;
  if (readMarker(line, 0, line.length) !== null) return true;
  return /讲话|发言|报告|致辞|意见|通知|方案|决定|纲要|总结|部署|会议|要点|规划|讲稿|党课|在.{1,40}上的/.test(line);
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

/**
 * Removes website chrome, promotion blocks, reprint notices and page numbers, and reports each removal.
 * The kept lines, trimmed, become the paragraphs of the cleaned text (one per line, joined by "\n").
 * Lines before the title go too when any of them is promotion or site chrome: such blocks carry slogans
 * (酷乐文行) that no single cue would catch.
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
  const reasons: (NoiseReason | null)[] = lines.map((l) => classifyLine(l.text));
  let anchor = lines.findIndex((l, i) => reasons[i] === null && isAnchor(l.text));
  if (anchor < 0) anchor = 0;
  const before = reasons.slice(0, anchor);
  const headerReason: NoiseReason | null = before.includes('广告/会员推广')
    ? '广告/会员推广'
    : before.includes('网站页眉页脚') || before.includes('转载声明')
      ? '网站页眉页脚'
      : null;
  if (headerReason) for (let i = 0; i < anchor; i++) reasons[i] ??= headerReason;

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
