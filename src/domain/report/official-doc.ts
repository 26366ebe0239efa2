import { isIsoDate } from '../dates.ts';

/**
 * An official document (公文) as data, and the layout of GB/T 9704-2012《党政机关公文格式》 as numbers and pure
 * functions: which lines a document is made of, in which order, with which blank lines between them. The server's
 * writer (src/server/features/report/official-doc.ts) turns them into a .docx and a PDF; 通报 now, assessment notices
 * and other documents later. Clause numbers (§) are those of GB/T 9704-2012.
 */

/** A block of the body (正文). Headings are numbered by the layout ("一、", "（一）"): their text carries no number. */
export type OfficialBlock =
  | { kind: 'heading1' | 'heading2' | 'paragraph'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][] };

export type OfficialDoc = {
  /** 发文机关 as its 标志 reads (§7.2.4), e.g. '中共某某区委组织部' or '中共某某区委组织部文件'. */
  issuer: string;
  /** 发文字号 (§7.2.5), e.g. '某组通〔2026〕12号'. */
  docNumber?: string;
  /** 标题 (§7.3.1); a '\n' breaks it into lines (回行时要做到词意完整，排列对称). */
  title: string;
  /** 主送机关 (§7.3.2), e.g. '各镇党委、街道党工委'; the full-width colon after it is added when missing. */
  recipients?: string;
  body: OfficialBlock[];
  /** 附件名称 (§7.3.4), in order; numbered "1." "2." when there are several. */
  attachments?: string[];
  /** 发文机关署名 (§7.3.5). */
  signature: string;
  /** 成文日期, 'YYYY-MM-DD'; printed '2026年12月6日' (§7.3.5.1). */
  date: string;
  /** 抄送机关 (§7.4.2), e.g. '区委办公室，区纪委监委'; the closing 句号 is added when missing. */
  copyTo?: string;
  /** 印发机关和印发日期 (§7.4.3); date 'YYYY-MM-DD'. */
  printer?: { org: string; date: string };
};

/** 字号 → points, as Word and WPS name the sizes. */
export const ZIHAO_PT = {
  初号: 42,
  小初: 36,
  一号: 26,
  小一: 24,
  二号: 22,
  小二: 18,
  三号: 16,
  小三: 15,
  四号: 14,
  小四: 12,
  五号: 10.5,
} as const;

/**
 * The fonts by the names Word and WPS users have them under (the standard names the typefaces: 小标宋体, 仿宋体,
 * 黑体, 楷体, 宋体). Arabic numerals and Latin letters are set in Times New Roman beside 仿宋.
 */
export const OFFICIAL_FONTS = {
  xiaobiaosong: '方正小标宋简体',
  fangsong: '仿宋_GB2312',
  heiti: '黑体',
  kaiti: '楷体_GB2312',
  songti: '宋体',
  latin: 'Times New Roman',
} as const;

/** The layout's numbers, each with the clause of GB/T 9704-2012 it comes from. */
export const GBT9704 = {
  source: 'GB/T 9704-2012《党政机关公文格式》',
  /** §5.2.1: A4, 210 mm × 297 mm. */
  pageMm: { width: 210, height: 297 },
  /**
   * §5.2.2: 天头（上白边）37 mm ± 1 mm, 订口（左白边）28 mm ± 1 mm, 版心 156 mm × 225 mm; the right and bottom
   * margins are what is left: 26 mm and 35 mm.
   */
  marginMm: { top: 37, left: 28, right: 26, bottom: 35 },
  textMm: { width: 156, height: 225 },
  /** §5.2.4: 一般每面排 22 行，每行排 28 个字，并撑满版心. */
  linesPerPage: 22,
  charsPerLine: 28,
  /** §5.2.3: 如无特殊说明，公文格式各要素一般用 3 号仿宋体字. */
  bodyPt: ZIHAO_PT.三号,
  /** §7.2.4: 发文机关标志 上边缘至版心上边缘为 35 mm, 推荐使用小标宋体字, 红色. */
  issuerMark: {
    topMm: 35,
    /** The standard leaves the size to 醒目、美观、庄重; 初号 at most, smaller when the name is long (≤ 版心 wide). */
    maxPt: ZIHAO_PT.初号,
  },
  /** §7.2.5: 发文字号 编排在发文机关标志下空二行位置，居中排布. */
  docNumberBlankLines: 2,
  /** §7.2.7: 发文字号之下 4 mm 处居中印一条与版心等宽的红色分隔线 (its thickness is not fixed: 1.5 pt here). */
  separator: { belowMm: 4, widthPt: 1.5 },
  /** §7.2.4, §7.2.7: the 版头's red (发文机关标志, 分隔线). */
  red: 'FF0000',
  /** §7.3.1: 标题 一般用 2 号小标宋体字，编排于红色分隔线下空二行位置. */
  title: { pt: ZIHAO_PT.二号, blankLines: 2 },
  /** §7.3.2: 主送机关 编排于标题下空一行位置，居左顶格. */
  recipientsBlankLines: 1,
  /** §7.3.3: 每个自然段左空二字; 第一层 黑体 "一、", 第二层 楷体 "（一）", 第三层和第四层 仿宋 "1." "（1）". */
  paragraphIndentChars: 2,
  /** §7.3.4: 附件说明 正文下空一行左空二字编排. */
  attachmentsBlankLines: 1,
  /**
   * §7.3.5.2 (不加盖印章): 正文（或附件说明）下空一行右空二字编排发文机关署名，署名下一行编排成文日期，首字比署名首字
   * 右移二字; 成文日期长于署名时，署名右移，使成文日期右空二字.
   */
  signature: { blankLines: 1, rightChars: 2, dateShiftChars: 2 },
  /** §7.4: 版记 (抄送, 印发机关和印发日期) 一般用 4 号仿宋体字, 左右各空一字; 首末分隔线粗线 0.35 mm, 中间细线 0.25 mm. */
  record: { pt: ZIHAO_PT.四号, indentChars: 1, thickMm: 0.35, thinMm: 0.25 },
  /**
   * §7.5: 页码 一般用 4 号半角宋体阿拉伯数字，编排在版心下边缘之下，数字左右各放一条一字线；一字线上距版心下边缘
   * 7 mm；单页码居右空一字，双页码居左空一字.
   */
  pageNumber: { pt: ZIHAO_PT.四号, belowTextMm: 7, indentChars: 1, dash: '—' },
  /** Tables are not in the standard: 4 号, so that a ranking's columns fit 版心's 156 mm. */
  tablePt: ZIHAO_PT.四号,
} as const;

const TWIPS_PER_INCH = 1440;
const MM_PER_INCH = 25.4;

/** Millimetres → twips (1/20 pt), rounded: mmToTwips(210) = 11906, mmToTwips(297) = 16838 (Word's A4). */
export function mmToTwips(mm: number): number {
  return Math.round((mm * TWIPS_PER_INCH) / MM_PER_INCH);
}

/** Points → twips. */
export function ptToTwips(pt: number): number {
  return Math.round(pt * 20);
}

/** Points → half-points, Word's unit of font size (w:sz): 三号 16 pt = 32. */
export function ptToHalfPoints(pt: number): number {
  return Math.round(pt * 2);
}

export type PageGeometry = {
  widthTw: number;
  heightTw: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** 版心 in twips, from the rounded margins (so that the grid fills it exactly as Word computes it). */
  textWidthTw: number;
  textHeightTw: number;
  /** Line pitch that fits linesPerPage lines in 版心's height (w:docGrid w:linePitch; exact line spacing). */
  linePitchTw: number;
  /** Character pitch that fits charsPerLine characters in 版心's width, in twips (not rounded). */
  charPitchTw: number;
  /** w:docGrid w:charSpace for that pitch against the body size (4096ths of a point, rounded down). */
  charSpace: number;
  /**
   * The same pitch as a run's character spacing (w:spacing, twentieths of a point, rounded down): for a reader
   * without Word's character grid (LibreOffice squeezes nothing and gives a wider glyph two cells).
   */
  charSpacingTw: number;
  /** Footer distance from the page's bottom edge so that the page number's top is belowTextMm under 版心. */
  footerTw: number;
};

/**
 * The page of §5.2 in Word's units. The line pitch is rounded down so that 22 lines never overflow 225 mm
 * (579 twips, 28.95 pt); the character grid is rounded so that 28 characters of 3 号 fit 156 mm (-842: 28 × 16 pt
 * would be 158 mm, a little wider than 版心, so each character gives up about 0.2 pt).
 */
export function pageGeometry(layout = GBT9704): PageGeometry {
  const margin = {
    top: mmToTwips(layout.marginMm.top),
    right: mmToTwips(layout.marginMm.right),
    bottom: mmToTwips(layout.marginMm.bottom),
    left: mmToTwips(layout.marginMm.left),
  };
  const widthTw = mmToTwips(layout.pageMm.width);
  const heightTw = mmToTwips(layout.pageMm.height);
  const textWidthTw = widthTw - margin.left - margin.right;
  const textHeightTw = heightTw - margin.top - margin.bottom;
  const charPitchTw = textWidthTw / layout.charsPerLine;
  return {
    widthTw,
    heightTw,
    margin,
    textWidthTw,
    textHeightTw,
    linePitchTw: linePitchFor(textHeightTw, layout.linesPerPage),
    charPitchTw,
    charSpace: charSpaceFor(textWidthTw, layout.charsPerLine, layout.bodyPt),
    charSpacingTw: Math.floor((textWidthTw / 20 / layout.charsPerLine - layout.bodyPt) * 20),
    footerTw: margin.bottom - mmToTwips(layout.pageNumber.belowTextMm) - ptToTwips(layout.pageNumber.pt),
  };
}

/** The largest whole-twip pitch at which `lines` lines fit `heightTw`. */
export function linePitchFor(heightTw: number, lines: number): number {
  return Math.floor(heightTw / lines);
}

/**
 * w:charSpace: (pitch − font size) × 4096, pitch in points; rounded down so that Word's count of characters per line,
 * floor(width / pitch), reaches `chars` (rounded up it would give 27).
 */
export function charSpaceFor(widthTw: number, chars: number, fontPt: number): number {
  return Math.floor((widthTw / 20 / chars - fontPt) * 4096);
}

/** '2026-12-06' → '2026年12月6日': 年份标全称，月、日不编虚位 (§7.3.5.1). Throws a RangeError on a date that is not real. */
export function formatDocDate(iso: string): string {
  if (!isIsoDate(iso)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(iso)}`);
  return `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–99 in Chinese numerals as a heading's number reads: 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`heading numbers run from 1 to 99: ${n}`);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[n % 10]}`;
}

/** §7.3.3: the first level is numbered "一、", the second "（一）". */
export function headingLabel(level: 1 | 2, n: number): string {
  return level === 1 ? `${chineseNumeral(n)}、` : `（${chineseNumeral(n)}）`;
}

/**
 * A line's width in characters of the body grid: a half-width character (ASCII, as Arabic numerals are set: 半角)
 * counts half. widthInChars('2026年12月6日') = 6.5.
 */
export function widthInChars(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) <= 0x7e ? 0.5 : 1;
  return w;
}

/**
 * §7.3.5.2: the right indents (in characters) of 署名 and 成文日期: 署名 右空二字, 日期首字比署名首字右移二字; when
 * the date is the longer, the date is 右空二字 and the signature moves right (its right indent grows) to keep the
 * two-character shift.
 */
export function signatureIndents(
  signature: string,
  date: string,
  layout = GBT9704,
): {
  signatureRight: number;
  dateRight: number;
} {
  const { rightChars, dateShiftChars } = layout.signature;
  const s = widthInChars(signature);
  const d = widthInChars(date);
  const dateRight = rightChars + s - dateShiftChars - d;
  if (dateRight >= rightChars) return { signatureRight: rightChars, dateRight };
  return { signatureRight: rightChars + d + dateShiftChars - s, dateRight: rightChars };
}

/**
 * The 发文机关标志's size in points (§7.2.4 leaves it to 醒目、美观、庄重): maxPt, or smaller in half-points so that
 * the name fits 版心's width on one line.
 */
export function issuerMarkPt(issuer: string, layout = GBT9704): number {
  const widthPt = (layout.textMm.width / MM_PER_INCH) * 72;
  const chars = Math.max(1, widthInChars(issuer));
  return Math.min(layout.issuerMark.maxPt, Math.floor((widthPt / chars) * 2) / 2);
}

/** §7.3.2: 最后一个主送机关名称后标全角冒号. */
export function recipientsLine(recipients: string): string {
  const r = recipients.trim().replace(/[:：]$/, '');
  return `${r}：`;
}

/** §7.3.4: "附件：名称", or "附件：1.名称" then "2.名称"… for several; 附件名称后不加标点符号. */
export function attachmentLines(attachments: readonly string[]): string[] {
  const names = attachments.map((a) => a.trim().replace(/[。，；、.,;]+$/, '')).filter((a) => a !== '');
  if (names.length === 1) return [`附件：${names[0]}`];
  return names.map((name, i) => `${i === 0 ? '附件：' : ''}${i + 1}.${name}`);
}

/** §7.4.2: "抄送：" and the names, 最后一个抄送机关名称后标句号. */
export function copyToLine(copyTo: string): string {
  const c = copyTo.trim().replace(/[。.，,；;：:]+$/, '');
  return `抄送：${c}。`;
}

/** What a line of the document is; the writer gives each its font, size, colour, alignment and indents. */
export type OfficialLine =
  | { role: 'issuerMark'; text: string; pt: number }
  | { role: 'docNumber' | 'recipients' | 'heading1' | 'heading2' | 'paragraph'; text: string }
  | { role: 'title'; lines: string[] }
  | { role: 'blank' }
  | { role: 'table'; header: string[]; rows: string[][] }
  /** The first attachment line begins with "附件："; the others align under what follows it. */
  | { role: 'attachment'; text: string; first: boolean }
  | { role: 'signature' | 'date'; text: string; rightChars: number };

/** 版记 (§7.4): at the foot of the last page, between its separator lines. */
export type OfficialRecord = { copyTo?: string; printerOrg?: string; printedOn?: string } | null;

/** The document's lines in the order and with the blank lines of §7.2–§7.3, and its 版记 (§7.4). */
export function composeOfficialDoc(
  doc: OfficialDoc,
  layout = GBT9704,
): { head: OfficialLine[]; body: OfficialLine[]; record: OfficialRecord } {
  const blanks = (n: number): OfficialLine[] => Array.from({ length: n }, () => ({ role: 'blank' }));
  const issuer = doc.issuer.trim();
  const head: OfficialLine[] = [{ role: 'issuerMark', text: issuer, pt: issuerMarkPt(issuer, layout) }];
  if (doc.docNumber?.trim()) {
    head.push(...blanks(layout.docNumberBlankLines), { role: 'docNumber', text: doc.docNumber.trim() });
  }

  const body: OfficialLine[] = [...blanks(layout.title.blankLines)];
  const titleLines = doc.title
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  body.push({ role: 'title', lines: titleLines });
  if (doc.recipients?.trim()) {
    body.push(...blanks(layout.recipientsBlankLines), { role: 'recipients', text: recipientsLine(doc.recipients) });
  } else {
    body.push(...blanks(1)); // no 主送机关 (a 通报 to be posted): the body one blank line under the title
  }
  let h1 = 0;
  let h2 = 0;
  for (const block of doc.body) {
    if (block.kind === 'table') body.push({ role: 'table', header: block.header, rows: block.rows });
    else if (block.kind === 'heading1') {
      h1 += 1;
      h2 = 0;
      body.push({ role: 'heading1', text: headingLabel(1, h1) + block.text.trim() });
    } else if (block.kind === 'heading2') {
      h2 += 1;
      body.push({ role: 'heading2', text: headingLabel(2, h2) + block.text.trim() });
    } else body.push({ role: 'paragraph', text: block.text.trim() });
  }
  const attachments = attachmentLines(doc.attachments ?? []);
  if (attachments.length > 0) {
    body.push(...blanks(layout.attachmentsBlankLines));
    attachments.forEach((text, i) => {
      body.push({ role: 'attachment', text, first: i === 0 });
    });
  }
  const date = formatDocDate(doc.date);
  const indents = signatureIndents(doc.signature.trim(), date, layout);
  body.push(
    ...blanks(layout.signature.blankLines),
    { role: 'signature', text: doc.signature.trim(), rightChars: indents.signatureRight },
    { role: 'date', text: date, rightChars: indents.dateRight },
  );

  const copyTo = doc.copyTo?.trim() ? copyToLine(doc.copyTo) : undefined;
  const record: OfficialRecord =
    copyTo || doc.printer
      ? {
          ...(copyTo ? { copyTo } : {}),
          ...(doc.printer
            ? { printerOrg: doc.printer.org.trim(), printedOn: `${formatDocDate(doc.printer.date)}印发` }
            : {}),
        }
      : null;
  return { head, body, record };
}
