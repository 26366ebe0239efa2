/**
 * The frame of a document around its body: the title (over one to three lines, with a subtitle, in 《》, under
 * a 公文 header or a column's name), the salutation (同志们：, 各乡镇党委、县直各单位：), the opening paragraph
 * and the closing signature block with its date. Pure, total and linear in the paragraphs it reads.
 */
import { isSignatureLine, type Paragraph, type Span } from './noise.ts';
import { readMarker } from './numbering.ts';

/** The title as one string (its lines joined, a subtitle after a space), where it stands, and the number of
 *  paragraphs up to and including its last line: the body starts after them. */
export type Title = { text: string; span: Span; paragraphs: number };

/** Where the salutation, the opening paragraph(s) and the closing signature block stand in the cleaned text. */
export type Frame = { salutation: Span | null; opening: Span | null; closing: Span | null };

const MAX_TITLE_LINE = 80;
const MAX_CONTINUATION = 60;
/** Title lines end without punctuation: a line ending in ，：。 is prose or a salutation. */
const TRAILING = ' \t\u3000\n，,：:；;、。！？!?';
/** What a document's title ends with (a trailing （试行） or 》 set aside). */
const TITLE_END =
  /(?:讲话|发言|讲稿|报告|致辞|意见|通知|通报|方案|决定|办法|规定|细则|条例|规则|制度|纲要|要点|规划|计划|总结|党课|提纲|批复|请示|函|公告|公报|决议|倡议书|倡议|清单|措施|指引|指南|章程|汇报|纪要|主持词|讲评)$/;
/** A line that starts a title of its own: whatever stands above it is no part of it, unless it is the issuer. */
const TITLE_START = /^(?:关于|在.{1,40}(?:上|中)的|《)/;
/** An issuing body or a speaker above the rest of the title (中共某某县委 / 关于…的决定, 市委书记 / 在…上的讲话). */
const ISSUER =
  /(?:委员会|党委|党组|党工委|组织部|宣传部|办公室|办公厅|人民政府|政府|委|局|厅|部|中心|支部|总支|书记|部长|主任|县长|市长|区长|镇长|乡长|局长|主席|同志)$/;
/** ——在全市组织工作会议上的讲话, （在全县党建工作会议上的讲话）. */
const SUBTITLE = /^(?:[—－\-─―]{1,3}|[（(].{2,60}(?:讲话|发言|致辞|报告|党课)[）)]$)/;
/** The red header of a 公文 above its title: 中共某某市委文件, its number 某组发〔2026〕12号, secrecy and 签发人. */
const DOCUMENT_HEADER = [
  /^[^，。：:]{2,30}文件$/,
  /^[^，。]{0,20}[〔[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$/,
  /^(?:绝密|机密|秘密|特急|加急|平急|特提)(?:★.{0,10})?$/,
  /^签发人\s*[:：]/,
];
const DATE_LINE =
  /^[（(]?(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?[）)]?$/;
const ATTACHMENT = /^(附件|附)\s*\d*\s*[:：]|^附件$/;
/** A sentence announcing the body of a speech: 下面，我讲三点意见。 */
const ANNOUNCEMENT = /^(?:下面|以下|接下来|现在)[，,、]?.{0,30}(?:讲|谈|说|强调|提)/;

function lineAt(text: string, paragraphs: readonly Paragraph[], i: number): string {
  const p = paragraphs[i];
  return p ? text.slice(p.start, p.end).trim() : '';
}

function endsTitle(line: string): boolean {
  const bare = line.replace(/[》」”]+$/, '').replace(/[（(][^（）()]{1,20}[）)]$/, '');
  return TITLE_END.test(bare);
}

/** A line that can be (part of) a title: short, unnumbered, no salutation and no sentence of prose. */
function canBeTitleLine(line: string): boolean {
  if (line === '' || line.length > MAX_TITLE_LINE || line.startsWith('同志们')) return false;
  if (TRAILING.includes(line[line.length - 1] ?? ' ')) return false;
  if (/[。；;]/.test(line) || DATE_LINE.test(line)) return false;
  // Prose without a full stop: a long line of clauses.
  if (line.length > 40 && (line.match(/[，,]/g)?.length ?? 0) >= 2) return false;
  return readMarker(line, 0, line.length) === null;
}

/** A whole title in 《》 stands for the title inside them. */
function unquote(text: string, span: Span): { text: string; span: Span } {
  if (text.startsWith('《') && text.endsWith('》') && text.indexOf('》') === text.length - 1 && text.length > 2) {
    return { text: text.slice(1, -1), span: [span[0] + 1, span[1] - 1] };
  }
  return { text, span };
}

/**
 * The document's title: after a 公文's red header, under a column's name left by the page it was copied from,
 * over up to three lines (the second and third continuing the first until one ends like a title: …的意见) and
 * with its subtitle (——在…会议上的讲话). Never a numbered heading, the salutation or a paragraph of prose.
 */
export function findTitle(text: string, paragraphs: readonly Paragraph[]): Title | null {
  const line = (i: number) => lineAt(text, paragraphs, i);
  let first = 0;
  while (first < 4 && first + 1 < paragraphs.length && DOCUMENT_HEADER.some((re) => re.test(line(first)))) first++;
  if (!canBeTitleLine(line(first))) return null;
  // A short name over a line that is a title of its own is a column's name (组工动态 / 关于…的通知), unless it
  // names the issuer or the speaker.
  const head = line(first);
  const below = line(first + 1);
  if (
    head.length <= 8 &&
    !endsTitle(head) &&
    !TITLE_START.test(head) &&
    !ISSUER.test(head) &&
    canBeTitleLine(below) &&
    (TITLE_START.test(below) || endsTitle(below))
  ) {
    first++;
  }

  let last = first;
  if (!endsTitle(line(first))) {
    for (let k = first + 1; k <= first + 2 && k < paragraphs.length; k++) {
      const next = line(k);
      if (!canBeTitleLine(next) || next.length > MAX_CONTINUATION || SUBTITLE.test(next)) break;
      // A line that starts a title of its own continues only an issuer (中共某某县委 / 关于…).
      if (TITLE_START.test(next) && !(k === first + 1 && ISSUER.test(line(first)))) break;
      // It ends the title when it ends like one, or when the subtitle follows it.
      if (endsTitle(next) || SUBTITLE.test(line(k + 1))) {
        last = k;
        break;
      }
    }
  }
  // A title broken inside a phrase joins up; lines that are phrases of their own (凝心聚力 担当作为) keep a space.
  let joined = line(first);
  for (let i = first + 1; i <= last; i++) joined += `${/\s/.test(joined) ? ' ' : ''}${line(i)}`;
  const start = paragraphs[first]?.start ?? 0;
  let end = paragraphs[last]?.end ?? start;
  const main = unquote(joined, [start, end]);
  let titleText = main.text;
  let span = main.span;
  const subtitle = line(last + 1);
  if (last + 1 < paragraphs.length && subtitle.length <= MAX_TITLE_LINE && SUBTITLE.test(subtitle)) {
    end = paragraphs[last + 1]?.end ?? end;
    titleText = `${titleText} ${subtitle}`;
    span = [span[0], end];
    last++;
  }
  return { text: titleText, span, paragraphs: last + 1 };
}

/**
 * Where the closing signature block starts: the issuing organisation, the date and 抄送/印发 lines at the end.
 * Equal to paragraphs.length when the text has none.
 */
export function signatureStart(text: string, paragraphs: readonly Paragraph[]): number {
  let tail = paragraphs.length;
  while (tail > 0) {
    const l = lineAt(text, paragraphs, tail - 1);
    if (l !== '' && !isSignatureLine(l)) break;
    tail--;
  }
  return tail;
}

/**
 * Where the body ends: the signature block at the end (the issuing organisation, the date, 抄送/印发 lines) and the
 * 附件 lines with the attachment list after them are no part of the last item (their date is no deadline).
 */
export function signatureTail(text: string, paragraphs: readonly Paragraph[]): number {
  const tail = signatureStart(text, paragraphs);
  // 附件：… with its list (1.任务分解表) just before the signature: short lines only.
  for (let i = tail - 1; i >= 0 && i >= tail - 12; i--) {
    const l = lineAt(text, paragraphs, i);
    if (ATTACHMENT.test(l)) return i;
    if (l.length > 40) break;
  }
  return tail;
}

/** The salutation of a speech or the addressees of a notice: 同志们： 各位代表： 各乡镇党委、县直各单位： */
export function isSalutation(line: string): boolean {
  if (line.length > 60 || !/[:：]$/.test(line) || readMarker(line, 0, line.length) !== null) return false;
  const body = line.slice(0, -1);
  if (/[。！？；]/.test(body) || /要|应|须|做到|如下|以下|包括|主要/.test(body)) return false;
  return (
    /^(?:同志们|各位|尊敬的|亲爱的|各)/.test(body) ||
    /(?:同志们|同志|代表|委员|朋友们|同学们|来宾|党委|党组|党工委|支部|总支|单位|部门|委员会|组织|机关|政府|办公室|局)$/.test(
      body,
    )
  );
}

/**
 * The frame around the body: the salutation within the few lines after the title, the opening paragraph after
 * it (with a 下面，我讲…意见 that follows), and the closing signature block with its date.
 */
export function findFrame(text: string, paragraphs: readonly Paragraph[], titleParagraphs: number): Frame {
  const line = (i: number) => lineAt(text, paragraphs, i);
  const span = (from: number, to: number): Span => [paragraphs[from]?.start ?? 0, paragraphs[to]?.end ?? 0];
  const closingAt = Math.max(signatureStart(text, paragraphs), titleParagraphs);
  let salutationAt = -1;
  for (let i = titleParagraphs; i < Math.min(titleParagraphs + 4, closingAt); i++) {
    if (isSalutation(line(i))) {
      salutationAt = i;
      break;
    }
  }
  let o = salutationAt >= 0 ? salutationAt + 1 : titleParagraphs;
  while (o < closingAt && DATE_LINE.test(line(o).replace(/\s+/g, ''))) o++;
  let opening: Span | null = null;
  const first = line(o);
  if (o < closingAt && readMarker(first, 0, first.length) === null && !ATTACHMENT.test(first)) {
    const next = line(o + 1);
    const announced =
      o + 1 < closingAt && next.length <= 40 && ANNOUNCEMENT.test(next) && readMarker(next, 0, next.length) === null;
    opening = span(o, announced ? o + 1 : o);
  }
  return {
    salutation: salutationAt >= 0 ? span(salutationAt, salutationAt) : null,
    opening,
    closing: closingAt < paragraphs.length ? span(closingAt, paragraphs.length - 1) : null,
  };
}
