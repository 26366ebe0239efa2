import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import type { OfficialDoc } from '../../../domain/report/official-doc.ts';
import { renderOfficialDocx, renderOfficialPdf } from './official-doc.ts';

const run = promisify(execFile);
const OUTPUT = path.resolve(process.env.LUOSHI_TEST_OUTPUT ?? 'test-output');

/** A 通报 of two pages: 版头, a table, headings, an attachment, 署名, 成文日期 and 版记. */
const notice: OfficialDoc = {
  issuer: '中共青川市某某区委组织部',
  docNumber: '青区组通〔2026〕12号',
  title: '关于2026年第三季度党建工作\n任务落实情况的通报',
  recipients: '各镇党委、街道党工委，区直各党（工）委',
  body: [
    {
      kind: 'paragraph',
      text: '为推动各项党建任务落地见效，区委组织部对第三季度各单位任务落实情况进行了汇总分析。现将有关情况通报如下。',
    },
    { kind: 'heading1', text: '总体情况' },
    {
      kind: 'paragraph',
      text: '截至2026年9月30日，全区共部署党建工作任务128项，已完成96项，完成率75.0%，按期完成率68.8%。',
    },
    { kind: 'heading2', text: '完成较好的单位' },
    {
      kind: 'table',
      header: ['排名', '单位', '任务数', '完成率'],
      rows: [
        ['1', '青山镇党委', '24', '95.8%'],
        ['2', '河西街道党工委', '22', '90.9%'],
        ['3', '东湖镇党委', '20', '85.0%'],
      ],
    },
    { kind: 'heading1', text: '下一步工作要求' },
    {
      kind: 'paragraph',
      text: '各单位要对照通报指出的问题，逐项抓好整改落实，确保第四季度各项任务按期完成，台账记录规范完整。',
    },
  ],
  attachments: ['第三季度任务完成情况统计表'],
  signature: '中共青川市某某区委组织部',
  date: '2026-12-06',
  copyTo: '区委办公室，区纪委监委',
  printer: { org: '中共青川市某某区委组织部办公室', date: '2026-12-06' },
};

// --- reading the .docx: its parts (yauzl, as the importer reads uploads) and a small element tree (saxes)

async function zipEntries(data: Buffer): Promise<Map<string, string>> {
  const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  const out = new Map<string, string>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
    }
  } finally {
    zip.close();
  }
  return out;
}

type El = { name: string; attrs: Record<string, string>; children: El[]; text: string };

function parseXml(xml: string): El {
  const root: El = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const el: El = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [], text: '' };
    stack.at(-1)!.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (t) => {
    stack.at(-1)!.text += t;
  });
  parser.write(xml).close();
  return root;
}

/** Every element named `name` under `el`, depth first. */
function all(el: El, name: string): El[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}

function one(el: El, name: string): El {
  const found = all(el, name);
  assert.ok(found.length > 0, `no <${name}> in <${el.name}>`);
  return found[0]!;
}

/** A paragraph's text (its w:t), and an element's attribute by name. */
const textOf = (el: El) =>
  all(el, 'w:t')
    .map((t) => t.text)
    .join('');
const attr = (el: El, name: string) => el.attrs[name];

function styleById(styles: El, id: string): El {
  const s = all(styles, 'w:style').find((st) => attr(st, 'w:styleId') === id);
  assert.ok(s, `no style ${id}`);
  return s;
}

async function which(cmd: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${cmd}`]).then(
    () => true,
    () => false,
  );
}

describe('official documents (GB/T 9704-2012): the .docx', () => {
  let docx: Buffer;
  let docxMs: number;
  let parts: Map<string, string>;
  let document: El;
  let styles: El;
  let paragraphs: El[];
  before(async () => {
    const t0 = performance.now();
    docx = await renderOfficialDocx(notice);
    docxMs = Math.round(performance.now() - t0);
    parts = await zipEntries(docx);
    document = parseXml(parts.get('word/document.xml') ?? '');
    styles = parseXml(parts.get('word/styles.xml') ?? '');
    paragraphs = all(document, 'w:p');
  });
  const paragraphWith = (text: string) => {
    const p = paragraphs.find((x) => textOf(x).includes(text));
    assert.ok(p, `no paragraph with “${text}”`);
    return p;
  };

  test('is a Word package written in tens of milliseconds', (t) => {
    t.diagnostic(`.docx: ${docx.length} bytes in ${docxMs} ms`);
    assert.equal(docx.subarray(0, 2).toString('latin1'), 'PK');
    for (const part of ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/settings.xml'])
      assert.ok(parts.has(part), part);
  });

  test('page A4 (11906 × 16838 twips), margins 37/26/35/28 mm, a grid of 22 lines × 28 characters', () => {
    const sect = one(document, 'w:sectPr');
    const size = one(sect, 'w:pgSz');
    assert.equal(attr(size, 'w:w'), '11906');
    assert.equal(attr(size, 'w:h'), '16838');
    const mar = one(sect, 'w:pgMar');
    assert.deepEqual(
      ['w:top', 'w:right', 'w:bottom', 'w:left'].map((a) => attr(mar, a)),
      ['2098', '1474', '1984', '1587'],
    );
    const grid = one(sect, 'w:docGrid');
    assert.equal(attr(grid, 'w:type'), 'linesAndChars');
    assert.equal(attr(grid, 'w:linePitch'), '579');
    assert.equal(attr(grid, 'w:charSpace'), '-842');
  });

  test('body 仿宋_GB2312 三号 (32 half-points), Times New Roman for numerals, exact lines of 579 twips', () => {
    const defaults = one(styles, 'w:docDefaults');
    const fonts = one(defaults, 'w:rFonts');
    assert.equal(attr(fonts, 'w:eastAsia'), '仿宋_GB2312');
    assert.equal(attr(fonts, 'w:ascii'), 'Times New Roman');
    assert.equal(attr(one(defaults, 'w:sz'), 'w:val'), '32');
    const spacing = one(one(defaults, 'w:pPrDefault'), 'w:spacing');
    assert.equal(attr(spacing, 'w:line'), '579');
    assert.equal(attr(spacing, 'w:lineRule'), 'exact');
  });

  test('标题: the Title style in 方正小标宋简体 二号 (44 half-points), centred, on two lines', () => {
    const title = styleById(styles, 'Title');
    assert.equal(attr(one(title, 'w:rFonts'), 'w:eastAsia'), '方正小标宋简体');
    assert.equal(attr(one(title, 'w:sz'), 'w:val'), '44');
    assert.equal(attr(one(title, 'w:jc'), 'w:val'), 'center');
    const p = paragraphWith('任务落实情况的通报');
    assert.equal(attr(one(p, 'w:pStyle'), 'w:val'), 'Title');
    assert.equal(textOf(p), '关于2026年第三季度党建工作任务落实情况的通报');
    assert.equal(all(p, 'w:br').length, 1);
  });

  test('headings: 一级 黑体 "一、", 二级 楷体_GB2312 "（一）", with outline levels', () => {
    const h1 = styleById(styles, 'OfficialHeading1');
    assert.equal(attr(one(h1, 'w:rFonts'), 'w:eastAsia'), '黑体');
    assert.equal(attr(one(h1, 'w:outlineLvl'), 'w:val'), '0');
    assert.equal(attr(one(h1, 'w:sz'), 'w:val'), '32');
    const h2 = styleById(styles, 'OfficialHeading2');
    assert.equal(attr(one(h2, 'w:rFonts'), 'w:eastAsia'), '楷体_GB2312');
    assert.equal(attr(one(h2, 'w:outlineLvl'), 'w:val'), '1');
    assert.equal(attr(one(paragraphWith('一、总体情况'), 'w:pStyle'), 'w:val'), 'OfficialHeading1');
    assert.equal(attr(one(paragraphWith('二、下一步工作要求'), 'w:pStyle'), 'w:val'), 'OfficialHeading1');
    assert.equal(attr(one(paragraphWith('（一）完成较好的单位'), 'w:pStyle'), 'w:val'), 'OfficialHeading2');
  });

  test('版头: the issuer’s mark in red 方正小标宋简体, 发文字号 over the red separator line', () => {
    const mark = paragraphs[0]!;
    assert.equal(textOf(mark), notice.issuer);
    assert.equal(attr(one(mark, 'w:color'), 'w:val'), 'FF0000');
    assert.equal(attr(one(mark, 'w:rFonts'), 'w:eastAsia'), '方正小标宋简体');
    const number = paragraphWith('青区组通〔2026〕12号');
    const line = one(one(number, 'w:pBdr'), 'w:bottom');
    assert.equal(attr(line, 'w:val'), 'single');
    assert.equal(attr(line, 'w:color'), 'FF0000');
    assert.equal(attr(line, 'w:space'), '11'); // 4 mm under 发文字号
  });

  test('成文日期 in Arabic numerals, right-aligned under the 署名', () => {
    const date = paragraphWith('2026年12月6日');
    assert.equal(textOf(date), '2026年12月6日');
    assert.equal(attr(one(date, 'w:jc'), 'w:val'), 'right');
    const signature = paragraphs[paragraphs.indexOf(date) - 1]!;
    assert.equal(textOf(signature), notice.signature);
  });

  test('the table: bordered, a repeated header row in 黑体, every cell’s text', () => {
    const tables = all(document, 'w:tbl');
    const table = tables.find((tb) => textOf(tb).includes('青山镇党委'));
    assert.ok(table);
    const borders = one(table, 'w:tblBorders');
    for (const side of ['w:top', 'w:left', 'w:bottom', 'w:right', 'w:insideH', 'w:insideV'])
      assert.equal(attr(one(borders, side), 'w:val'), 'single', side);
    const rows = all(table, 'w:tr');
    assert.equal(rows.length, 4);
    assert.ok(all(rows[0]!, 'w:tblHeader').length === 1);
    assert.equal(attr(one(rows[0]!, 'w:rFonts'), 'w:eastAsia'), '黑体');
    assert.deepEqual(all(rows[2]!, 'w:tc').map(textOf), ['2', '河西街道党工委', '22', '90.9%']);
  });

  test('版记 floats at the foot of 版心: 抄送 with its 句号, 印发 with its date', () => {
    const record = all(document, 'w:tbl').find((tb) => textOf(tb).includes('抄送'));
    assert.ok(record);
    const float = one(record, 'w:tblpPr');
    assert.equal(attr(float, 'w:tblpYSpec'), 'bottom');
    assert.equal(attr(float, 'w:vertAnchor'), 'margin');
    assert.ok(textOf(record).includes('抄送：区委办公室，区纪委监委。'));
    assert.ok(textOf(record).includes('2026年12月6日印发'));
  });

  test('page numbers "— PAGE —" in 宋体 四号: odd pages right, even pages left', () => {
    assert.ok(all(parseXml(parts.get('word/settings.xml') ?? ''), 'w:evenAndOddHeaders').length === 1);
    const refs = all(one(document, 'w:sectPr'), 'w:footerReference');
    assert.deepEqual(refs.map((r) => attr(r, 'w:type')).sort(), ['default', 'even']);
    const rels = parseXml(parts.get('word/_rels/document.xml.rels') ?? '');
    const footerOf = (type: string) => {
      const id = attr(refs.find((r) => attr(r, 'w:type') === type)!, 'r:id');
      const target = attr(all(rels, 'Relationship').find((r) => attr(r, 'Id') === id)!, 'Target');
      return parseXml(parts.get(`word/${target}`) ?? '');
    };
    for (const [type, side] of [
      ['default', 'right'],
      ['even', 'left'],
    ] as const) {
      const footer = footerOf(type);
      assert.equal(attr(one(footer, 'w:jc'), 'w:val'), side, type);
      assert.match(
        all(footer, 'w:instrText')
          .map((i) => i.text)
          .join(''),
        /^\s*PAGE\s*$/,
      );
      assert.equal(all(footer, 'w:fldChar').length, 3); // begin, separate, end
      assert.equal(textOf(footer), '—  —'); // the dashes around the field
      assert.equal(attr(one(footer, 'w:rFonts'), 'w:eastAsia'), '宋体');
      assert.equal(attr(one(footer, 'w:sz'), 'w:val'), '28');
    }
  });
});

describe('official documents: the PDF (LibreOffice, Noto CJK standing in for the fonts)', () => {
  let pdf: Buffer;
  let pdfMs: number;
  let dir: string;
  let file: string;
  before(async () => {
    const t0 = performance.now();
    pdf = await renderOfficialPdf(notice);
    pdfMs = Math.round(performance.now() - t0);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'luoshi-official-pdf-'));
    file = path.join(dir, 'notice.pdf');
    await fs.writeFile(file, pdf);
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('is a PDF of two A4 pages', async (t) => {
    t.diagnostic(`PDF: ${pdf.length} bytes in ${pdfMs} ms`);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const info = (await run('pdfinfo', [file])).stdout;
    assert.match(info, /^Pages:\s+2$/m);
    assert.match(info, /^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$/m);
  });

  test('holds its text (the title, the date, the page numbers) and Noto CJK in place of the named fonts', async () => {
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    const flat = text.replace(/\s+/g, '');
    assert.ok(flat.includes('关于2026年第三季度党建工作任务落实情况的通报'), text);
    assert.ok(flat.includes('2026年12月6日'));
    assert.ok(flat.includes(notice.issuer));
    assert.ok(flat.includes('—1—') && flat.includes('—2—'), 'page numbers');
    const fonts = (await run('pdffonts', [file])).stdout;
    assert.match(fonts, /NotoSerifCJK/);
    assert.match(fonts, /NotoSansCJK/); // 黑体
  });

  test('page 1 as a PNG in the test output for a person to look at', async (t) => {
    await fs.mkdir(OUTPUT, { recursive: true });
    const base = path.join(OUTPUT, 'official-doc-page');
    await run('pdftoppm', ['-png', '-r', '80', file, base]);
    const pages = (await fs.readdir(OUTPUT)).filter((f) => f.startsWith('official-doc-page') && f.endsWith('.png'));
    assert.ok(pages.length >= 1, 'no PNG written');
    const png = await fs.readFile(path.join(OUTPUT, pages.sort()[0]!));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    t.diagnostic(`pages as PNG: ${pages.map((p) => path.join(OUTPUT, p)).join(', ')}`);
  });
});

test('pdfinfo, pdftotext, pdftoppm and pdffonts are installed (Debian poppler-utils; .ci/run installs it)', async () => {
  for (const cmd of ['pdfinfo', 'pdftotext', 'pdftoppm', 'pdffonts']) assert.ok(await which(cmd), cmd);
});
