import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  HeadingLevel,
  type IBorderOptions,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  RelativeVerticalPosition,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import {
  composeOfficialDoc,
  GBT9704,
  mmToTwips,
  OFFICIAL_FONTS,
  type OfficialDoc,
  type OfficialLine,
  type OfficialRecord,
  pageGeometry,
  ptToHalfPoints,
  ptToTwips,
  widthInChars,
} from '../../../domain/report/official-doc.ts';
import { AppError } from '../../errors.ts';
import { convertWithSoffice } from '../../files/soffice.ts';

/**
 * The official-document writer (公文): an OfficialDoc (src/domain/report/official-doc.ts) as a .docx laid out after
 * GB/T 9704-2012, and as a PDF of that same layout converted by LibreOffice headless. Chosen over Chromium and an
 * HTML page (or a PDF library) because one layout then serves both: the PDF people preview is the Word file they
 * print and edit, not a second rendering that drifts from it. The cost is a LibreOffice process per PDF, about two
 * seconds of CPU (docs/report.md). The .docx names the fonts Word and WPS users have (方正小标宋简体,
 * 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体); for the PDF, a fontconfig file given to LibreOffice alone stands Noto Serif /
 * Sans CJK SC in for them. Other areas may import only report.service.ts (the layer rules): re-export from there.
 */

const geo = pageGeometry();
const LINE = geo.linePitchTw;
const CHAR = geo.charPitchTw;
const chars = (n: number) => Math.round(n * CHAR);
const exact = (line: number) => ({ before: 0, after: 0, line, lineRule: LineRuleType.EXACT });
const mmToPt = (mm: number) => (mm / 25.4) * 72;

/**
 * Who lays the file out. Word and WPS keep 28 characters of 3 号 on a line through the section's character grid
 * (w:docGrid linesAndChars, charSpace −842). LibreOffice gives each glyph wider than a grid cell two cells (14 a
 * line), so the file it converts has no grid, its exact line spacing, and the same pitch as character spacing on
 * the 3 号 runs.
 */
type Target = 'word' | 'libreoffice';

type FontName = (typeof OFFICIAL_FONTS)[keyof typeof OFFICIAL_FONTS];
/** A Chinese font with Arabic numerals and Latin letters in Times New Roman, or one font throughout. */
const font = (eastAsia: FontName, latin: FontName = OFFICIAL_FONTS.latin) => ({
  ascii: latin,
  hAnsi: latin,
  cs: latin,
  eastAsia,
});

/**
 * The headings' styles: their own, with an outline level (Word's navigation pane lists them), not Word's built-in
 * Heading 1 and 2, which LibreOffice ties to its chapter numbering and whose indents that numbering overrides.
 */
const HEADING_STYLE = { heading1: 'OfficialHeading1', heading2: 'OfficialHeading2' } as const;

const eighthsOfPt = (mm: number) => Math.round(mmToPt(mm) * 8);

/** How the lines of an OfficialDoc other than tables become paragraphs for one target. */
function writer(target: Target) {
  /** A run of 3 号 text (body, headings, 发文字号, 署名…): on the 28-character pitch. */
  const bodyRun = (text: string) =>
    new TextRun({ text, ...(target === 'libreoffice' ? { characterSpacing: geo.charSpacingTw } : {}) });

  function paragraphOf(line: Exclude<OfficialLine, { role: 'table' }>, bottom?: IBorderOptions): Paragraph {
    const border = bottom ? { border: { bottom } } : {};
    switch (line.role) {
      case 'blank':
        return new Paragraph({});
      case 'issuerMark':
        // §7.2.4: 上边缘至版心上边缘 35 mm; red 小标宋, centred.
        return new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { ...exact(ptToTwips(line.pt * 1.25)), before: mmToTwips(GBT9704.issuerMark.topMm) },
          ...border,
          children: [
            new TextRun({
              text: line.text,
              font: font(OFFICIAL_FONTS.xiaobiaosong, OFFICIAL_FONTS.xiaobiaosong),
              size: ptToHalfPoints(line.pt),
              color: GBT9704.red,
            }),
          ],
        });
      case 'docNumber':
        return new Paragraph({ alignment: AlignmentType.CENTER, ...border, children: [bodyRun(line.text)] });
      case 'title':
        return new Paragraph({
          heading: HeadingLevel.TITLE,
          children: line.lines.map((l, i) => new TextRun({ text: l, ...(i > 0 ? { break: 1 } : {}) })),
        });
      case 'recipients':
        return new Paragraph({ children: [bodyRun(line.text)] });
      case 'heading1':
      case 'heading2':
        return new Paragraph({ style: HEADING_STYLE[line.role], children: [bodyRun(line.text)] });
      case 'paragraph':
        return new Paragraph({
          indent: { firstLine: chars(GBT9704.paragraphIndentChars) },
          children: [bodyRun(line.text)],
        });
      case 'attachment': {
        // "附件：" stands three characters left of where the names (or the numbers after the first) begin.
        const left = chars(GBT9704.paragraphIndentChars + 3);
        return new Paragraph({
          indent: line.first ? { left, hanging: chars(3) } : { left },
          children: [bodyRun(line.text)],
        });
      }
      case 'signature':
      case 'date':
        return new Paragraph({
          alignment: AlignmentType.RIGHT,
          indent: { right: chars(line.rightChars) },
          children: [bodyRun(line.text)],
        });
    }
  }
  return { paragraphOf };
}

const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };

/** A table of the body: 4 号, a 黑体 header row repeated on every page, thin borders, as wide as 版心. */
function tableOf(header: string[], rows: string[][]): Table {
  const n = Math.max(1, header.length, ...rows.map((r) => r.length));
  const width = Math.floor(geo.textWidthTw / n);
  const pad = (r: string[]) => Array.from({ length: n }, (_, i) => r[i] ?? '');
  const cell = (text: string, isHeader: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: exact(ptToTwips(GBT9704.tablePt * 1.5)),
          children: [
            new TextRun({
              text,
              size: ptToHalfPoints(GBT9704.tablePt),
              ...(isHeader ? { font: font(OFFICIAL_FONTS.heiti) } : {}),
            }),
          ],
        }),
      ],
    });
  return new Table({
    width: { size: width * n, type: WidthType.DXA },
    columnWidths: Array.from({ length: n }, () => width),
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: pad(header).map((t) => cell(t, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: pad(r).map((t) => cell(t, false)) })),
    ],
  });
}

/**
 * 版记 (§7.4) as a table floating at the foot of the last page's 版心 (末条分隔线与版心下边缘重合): a thick line over
 * 抄送, a thin one between it and 印发机关 / 印发日期, a thick one under them; 4 号, 左右各空一字. Placed from the page's
 * left edge rather than the margin: LibreOffice floats a table as wide as 版心 only when it is placed from the page.
 */
function recordOf(record: NonNullable<OfficialRecord>): Table {
  const { pt, indentChars, thickMm, thinMm } = GBT9704.record;
  const line = (mm: number): IBorderOptions => ({ style: BorderStyle.SINGLE, size: eighthsOfPt(mm), color: '000000' });
  const em = ptToTwips(pt) * indentChars;
  const width = geo.textWidthTw;
  // The date's column: its text, the one-character indent and one more for the cell's own margins.
  const dateWidth = Math.round((widthInChars(record.printedOn ?? '') + 2 * indentChars) * ptToTwips(pt));
  const para = (text: string, alignment: 'left' | 'right', indent: object) =>
    new Paragraph({
      alignment,
      indent,
      spacing: exact(ptToTwips(pt * 2)),
      children: [new TextRun({ text, size: ptToHalfPoints(pt) })],
    });
  const rows: TableRow[] = [];
  if (record.copyTo) {
    rows.push(
      new TableRow({
        children: [
          new TableCell({
            columnSpan: 2,
            width: { size: width, type: WidthType.DXA },
            // 回行时与冒号后的首字对齐: "抄送：" hangs three characters.
            children: [para(record.copyTo, 'left', { left: 4 * em, hanging: 3 * em, right: em })],
          }),
        ],
      }),
    );
  }
  if (record.printerOrg !== undefined || record.printedOn !== undefined) {
    rows.push(
      new TableRow({
        children: [
          new TableCell({
            width: { size: width - dateWidth, type: WidthType.DXA },
            children: [para(record.printerOrg ?? '', 'left', { left: em })],
          }),
          new TableCell({
            width: { size: dateWidth, type: WidthType.DXA },
            children: [para(record.printedOn ?? '', 'right', { right: em })],
          }),
        ],
      }),
    );
  }
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [width - dateWidth, dateWidth],
    layout: TableLayoutType.FIXED,
    margins: { left: 0, right: 0 },
    float: {
      horizontalAnchor: TableAnchorType.PAGE,
      absoluteHorizontalPosition: geo.margin.left,
      verticalAnchor: TableAnchorType.MARGIN,
      relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
    },
    borders: {
      top: line(thickMm),
      bottom: line(thickMm),
      left: none,
      right: none,
      insideHorizontal: line(thinMm),
      insideVertical: none,
    },
    rows,
  });
}

/** §7.5: "— 1 —", 4 号宋体, odd pages on the right and even pages on the left, one character in from 版心's edge. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const { pt, indentChars, dash } = GBT9704.pageNumber;
  const indent = ptToTwips(pt) * indentChars;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: indent } : { left: indent },
        spacing: exact(ptToTwips(pt)),
        children: [
          new TextRun({
            children: [`${dash} `, PageNumber.CURRENT, ` ${dash}`],
            font: font(OFFICIAL_FONTS.songti, OFFICIAL_FONTS.songti),
            size: ptToHalfPoints(pt),
          }),
        ],
      }),
    ],
  });
}

/** The document as Word's object model: the styles (仿宋 三号 on the 22-line grid), then one section. */
export function officialDocument(doc: OfficialDoc, target: Target = 'word'): Document {
  const { head, body, record } = composeOfficialDoc(doc);
  const { paragraphOf } = writer(target);
  // §7.2.7: the red separator under 发文字号 (under the mark when there is none), 4 mm below it, as wide as 版心.
  const separator: IBorderOptions = {
    style: BorderStyle.SINGLE,
    size: GBT9704.separator.widthPt * 8,
    color: GBT9704.red,
    space: Math.round(mmToPt(GBT9704.separator.belowMm)),
  };
  const children: (Paragraph | Table)[] = [
    ...head.map((l, i) =>
      paragraphOf(l as Exclude<OfficialLine, { role: 'table' }>, i === head.length - 1 ? separator : undefined),
    ),
    ...body.map((l) => (l.role === 'table' ? tableOf(l.header, l.rows) : paragraphOf(l))),
  ];
  // A floating table is anchored to the paragraph after it.
  if (record) children.push(recordOf(record), new Paragraph({}));

  const size = ptToHalfPoints(GBT9704.bodyPt);
  const headingStyle = (id: string, name: string, level: number, f: FontName) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: font(f), size },
    paragraph: {
      outlineLevel: level,
      indent: { firstLine: chars(GBT9704.paragraphIndentChars) },
      spacing: exact(LINE),
      keepNext: true,
    },
  });
  return new Document({
    creator: '落实 Luoshi',
    title: doc.title.replaceAll('\n', ''),
    evenAndOddHeaderAndFooters: true,
    styles: {
      // Normal by name as well as the document defaults: LibreOffice sizes its character grid from Normal.
      paragraphStyles: [
        {
          id: 'Normal',
          name: 'Normal',
          quickFormat: true,
          run: { font: font(OFFICIAL_FONTS.fangsong), size },
          paragraph: { spacing: exact(LINE) },
        },
        headingStyle(HEADING_STYLE.heading1, '一级标题', 0, OFFICIAL_FONTS.heiti),
        headingStyle(HEADING_STYLE.heading2, '二级标题', 1, OFFICIAL_FONTS.kaiti),
      ],
      default: {
        document: {
          run: { font: font(OFFICIAL_FONTS.fangsong), size, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: exact(LINE) },
        },
        title: {
          run: {
            font: font(OFFICIAL_FONTS.xiaobiaosong, OFFICIAL_FONTS.xiaobiaosong),
            size: ptToHalfPoints(GBT9704.title.pt),
            bold: false,
            color: '000000',
          },
          paragraph: { alignment: AlignmentType.CENTER, spacing: exact(LINE) },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: geo.widthTw, height: geo.heightTw },
            margin: { ...geo.margin, header: mmToTwips(15), footer: geo.footerTw, gutter: 0 },
          },
          // LibreOffice: no grid at all (the exact line spacing keeps 22 lines; its line grid gives a title line
          // taller than the pitch two lines).
          ...(target === 'word'
            ? { grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE, charSpace: geo.charSpace } }
            : {}),
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
}

/** The document as a .docx (GB/T 9704-2012 layout, fonts by name), for Word and WPS. */
export async function renderOfficialDocx(doc: OfficialDoc): Promise<Buffer> {
  return Packer.toBuffer(officialDocument(doc, 'word'));
}

/** How long LibreOffice may take to convert one document. */
const PDF_TIMEOUT_MS = 60_000;

/**
 * The PDF's stand-ins for the fonts the .docx names (none of them is free): Noto Serif CJK SC for 仿宋 and 宋体,
 * its bold for 方正小标宋 (a heavy Song), Noto Sans CJK SC for 黑体, AR PL UKai when installed (else Noto Serif) for
 * 楷体. Times New Roman falls to Liberation Serif by the system's own metric aliases.
 */
export const PDF_FONTS_CONF = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern">
    <test name="family"><string>${OFFICIAL_FONTS.xiaobiaosong}</string></test>
    <edit name="family" mode="assign" binding="strong"><string>Noto Serif CJK SC</string></edit>
    <edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>
  </match>
  <alias binding="strong"><family>${OFFICIAL_FONTS.fangsong}</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>${OFFICIAL_FONTS.songti}</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>${OFFICIAL_FONTS.heiti}</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="strong"><family>${OFFICIAL_FONTS.kaiti}</family><prefer><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></prefer></alias>
</fontconfig>
`;

/**
 * The document as a PDF: the same layout converted by LibreOffice headless, one conversion at a time. Throws
 * CONVERTER_UNAVAILABLE when this server has no LibreOffice, INTERNAL when the conversion fails.
 */
export async function renderOfficialPdf(doc: OfficialDoc): Promise<Buffer> {
  const docx = await Packer.toBuffer(officialDocument(doc, 'libreoffice'));
  const result = await convertWithSoffice(docx, {
    module: 'writer',
    inputName: 'document.docx',
    convertTo: 'pdf:writer_pdf_Export',
    outputExt: 'pdf',
    timeoutMs: PDF_TIMEOUT_MS,
    files: { 'fonts.conf': PDF_FONTS_CONF },
    env: { FONTCONFIG_FILE: '{dir}/fonts.conf' },
  });
  if (result.ok) return result.output;
  if (result.reason === 'missing') throw AppError.of('CONVERTER_UNAVAILABLE', 'err.report.pdfNoConverter');
  throw AppError.of('INTERNAL', 'err.report.pdfFailed', {}, { detail: result.detail });
}
