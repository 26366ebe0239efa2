import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  attachmentLines,
  charSpaceFor,
  chineseNumeral,
  composeOfficialDoc,
  copyToLine,
  formatDocDate,
  GBT9704,
  headingLabel,
  issuerMarkPt,
  linePitchFor,
  mmToTwips,
  type OfficialDoc,
  pageGeometry,
  ptToHalfPoints,
  recipientsLine,
  signatureIndents,
  widthInChars,
} from './official-doc.ts';

describe('GB/T 9704-2012 page (§5.2) in Word units', () => {
  test('mmToTwips gives Word’s A4 (11906 × 16838) and rounds to the nearest twip', () => {
    assert.equal(mmToTwips(210), 11906);
    assert.equal(mmToTwips(297), 16838);
    assert.equal(mmToTwips(0), 0);
    assert.equal(mmToTwips(25.4), 1440);
    assert.equal(mmToTwips(37), 2098); // 2097.6
    assert.equal(mmToTwips(28), 1587); // 1587.4
  });

  test('the margins leave 版心 156 mm × 225 mm (right 26 mm, bottom 35 mm)', () => {
    const g = pageGeometry();
    assert.deepEqual(g.margin, { top: 2098, right: 1474, bottom: 1984, left: 1587 });
    assert.equal(g.textWidthTw, 8845);
    assert.equal(g.textHeightTw, 12756);
    assert.ok(Math.abs(g.textWidthTw - mmToTwips(156)) <= 1);
    assert.ok(Math.abs(g.textHeightTw - mmToTwips(225)) <= 1);
  });

  test('the line pitch fits exactly 22 lines in 225 mm: 22 fit, a 23rd does not', () => {
    const g = pageGeometry();
    assert.equal(g.linePitchTw, 579); // 28.95 pt
    assert.ok(22 * g.linePitchTw <= g.textHeightTw);
    assert.ok(23 * g.linePitchTw > g.textHeightTw);
    // at the edge: a height of exactly n pitches, and one twip less
    assert.equal(linePitchFor(22 * 579, 22), 579);
    assert.equal(linePitchFor(22 * 579 - 1, 22), 578);
  });

  test('the character grid gives 28 characters of 三号 a line: Word’s floor(width / pitch) is 28, not 27 or 29', () => {
    const g = pageGeometry();
    assert.equal(g.charSpace, -842);
    const pitchPt = GBT9704.bodyPt + g.charSpace / 4096;
    assert.equal(Math.floor(g.textWidthTw / 20 / pitchPt), 28);
    // one 4096th wider and Word fits only 27
    assert.equal(Math.floor(g.textWidthTw / 20 / (GBT9704.bodyPt + (g.charSpace + 1) / 4096)), 27);
    // with no squeezing, 28 × 16 pt (158 mm) is wider than 版心
    assert.ok(28 * 16 * 20 > g.textWidthTw);
    assert.equal(charSpaceFor(28 * 320, 28, 16), 0);
  });

  test('the same pitch as character spacing fits 28 characters and not 29', () => {
    const g = pageGeometry();
    const pitchTw = GBT9704.bodyPt * 20 + g.charSpacingTw;
    assert.ok(28 * pitchTw <= g.textWidthTw);
    assert.ok(29 * pitchTw > g.textWidthTw);
  });

  test('the page number’s top sits 7 mm under 版心 (§7.5)', () => {
    const g = pageGeometry();
    assert.equal(g.footerTw + mmToTwips(7) + 14 * 20, g.margin.bottom);
  });

  test('sizes in half-points: 二号 44, 三号 32, 四号 28', () => {
    assert.equal(ptToHalfPoints(GBT9704.title.pt), 44);
    assert.equal(ptToHalfPoints(GBT9704.bodyPt), 32);
    assert.equal(ptToHalfPoints(GBT9704.pageNumber.pt), 28);
  });
});

describe('成文日期 (§7.3.5.1): Arabic numerals, the year in full, no leading zeros', () => {
  test('formats the edges of the calendar', () => {
    const cases: [string, string][] = [
      ['2026-12-06', '2026年12月6日'],
      ['2026-01-01', '2026年1月1日'],
      ['2026-12-31', '2026年12月31日'],
      ['2026-10-10', '2026年10月10日'],
      ['2028-02-29', '2028年2月29日'],
    ];
    for (const [iso, text] of cases) assert.equal(formatDocDate(iso), text, iso);
  });

  test('refuses a date that is not real', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-12-6', '2026年12月6日', ''])
      assert.throws(() => formatDocDate(bad), RangeError, bad);
  });
});

describe('heading numbers (§7.3.3)', () => {
  test('Chinese numerals from 1 to 99', () => {
    const cases: [number, string][] = [
      [1, '一'],
      [9, '九'],
      [10, '十'],
      [11, '十一'],
      [19, '十九'],
      [20, '二十'],
      [21, '二十一'],
      [99, '九十九'],
    ];
    for (const [n, text] of cases) assert.equal(chineseNumeral(n), text, String(n));
    for (const bad of [0, 100, 1.5, -1]) assert.throws(() => chineseNumeral(bad), RangeError, String(bad));
  });

  test('first level "一、", second "（一）"', () => {
    assert.equal(headingLabel(1, 1), '一、');
    assert.equal(headingLabel(1, 12), '十二、');
    assert.equal(headingLabel(2, 3), '（三）');
  });
});

describe('署名 and 成文日期 (§7.3.5.2)', () => {
  test('widths count half-width characters as half', () => {
    assert.equal(widthInChars('2026年12月6日'), 6.5);
    assert.equal(widthInChars('中共某某区委组织部'), 9);
    assert.equal(widthInChars(''), 0);
  });

  test('a signature longer than the date: signature 右空二字, the date starts two characters to its right', () => {
    const date = '2026年12月6日';
    const r = signatureIndents('中共某某区委组织部', date);
    assert.equal(r.signatureRight, 2);
    // start of each, counted from the right edge: the date's is two characters less
    assert.equal(r.signatureRight + 9 - (r.dateRight + 6.5), 2);
  });

  test('a date longer than the signature: the date 右空二字, the signature moves right', () => {
    const r = signatureIndents('组织部', '2026年12月16日');
    assert.equal(r.dateRight, 2);
    assert.equal(r.signatureRight + 3 - (r.dateRight + 7), 2);
  });

  test('at the edge (signature exactly two characters longer than the date): both rules agree', () => {
    const r = signatureIndents('一二三四五六七八九', '一二三四五六七'); // 9 and 7
    assert.deepEqual(r, { signatureRight: 2, dateRight: 2 });
  });
});

describe('the other elements', () => {
  test('发文机关标志: 初号 when it fits, smaller (half-points) to fit 版心 on one line', () => {
    assert.equal(issuerMarkPt('中共某某区委组织部'), 42);
    const long = '中共青川市某某区委员会组织部办公室'; // 17 characters
    const pt = issuerMarkPt(long);
    assert.ok(pt < 42);
    assert.ok(pt * 17 <= (156 / 25.4) * 72);
    assert.equal(pt * 2, Math.floor(pt * 2));
  });

  test('主送机关 ends with one full-width colon', () => {
    assert.equal(recipientsLine('各镇党委、街道党工委'), '各镇党委、街道党工委：');
    assert.equal(recipientsLine('各镇党委、街道党工委：'), '各镇党委、街道党工委：');
    assert.equal(recipientsLine('各镇党委:'), '各镇党委：');
  });

  test('附件说明: one without a number, several numbered, no closing punctuation', () => {
    assert.deepEqual(attachmentLines([]), []);
    assert.deepEqual(attachmentLines(['统计表。']), ['附件：统计表']);
    assert.deepEqual(attachmentLines(['统计表', '清单；']), ['附件：1.统计表', '2.清单']);
  });

  test('抄送 ends with 句号', () => {
    assert.equal(copyToLine('区委办公室，区纪委监委'), '抄送：区委办公室，区纪委监委。');
    assert.equal(copyToLine('区委办公室。'), '抄送：区委办公室。');
  });
});

describe('composeOfficialDoc: the elements in the order and spacing of §7', () => {
  const doc: OfficialDoc = {
    issuer: '中共某某区委组织部',
    docNumber: '某组通〔2026〕12号',
    title: '关于第三季度党建工作\n任务落实情况的通报',
    recipients: '各镇党委、街道党工委',
    body: [
      { kind: 'paragraph', text: '现将有关情况通报如下。' },
      { kind: 'heading1', text: '总体情况' },
      { kind: 'heading2', text: '完成较好的单位' },
      { kind: 'table', header: ['排名', '单位'], rows: [['1', '青山镇党委']] },
      { kind: 'heading2', text: '存在的问题' },
      { kind: 'heading1', text: '下一步要求' },
      { kind: 'heading2', text: '抓好整改' },
    ],
    attachments: ['统计表'],
    signature: '中共某某区委组织部',
    date: '2026-12-06',
    copyTo: '区委办公室',
    printer: { org: '中共某某区委组织部办公室', date: '2026-12-07' },
  };

  test('版头: the mark, two blank lines, 发文字号', () => {
    const { head } = composeOfficialDoc(doc);
    assert.deepEqual(
      head.map((l) => l.role),
      ['issuerMark', 'blank', 'blank', 'docNumber'],
    );
  });

  test('without 发文字号 the 版头 is the mark alone (the separator goes under it)', () => {
    const { head } = composeOfficialDoc({ ...doc, docNumber: '  ' });
    assert.deepEqual(
      head.map((l) => l.role),
      ['issuerMark'],
    );
  });

  test('the body numbers its headings, the second level anew under each first', () => {
    const { body } = composeOfficialDoc(doc);
    const headings = body.flatMap((l) => (l.role === 'heading1' || l.role === 'heading2' ? [l.text] : []));
    assert.deepEqual(headings, [
      '一、总体情况',
      '（一）完成较好的单位',
      '（二）存在的问题',
      '二、下一步要求',
      '（一）抓好整改',
    ]);
  });

  test('title two blank lines under the separator, 主送 one under the title, 署名 and 日期 last', () => {
    const { body } = composeOfficialDoc(doc);
    const roles = body.map((l) => l.role);
    assert.deepEqual(roles.slice(0, 5), ['blank', 'blank', 'title', 'blank', 'recipients']);
    assert.deepEqual(roles.slice(-5), ['blank', 'attachment', 'blank', 'signature', 'date']);
    const title = body.find((l) => l.role === 'title');
    assert.deepEqual(title, { role: 'title', lines: ['关于第三季度党建工作', '任务落实情况的通报'] });
    const date = body.at(-1);
    assert.deepEqual(date && 'text' in date ? date.text : null, '2026年12月6日');
  });

  test('版记: 抄送 with its 句号, 印发日期 followed by 印发; none when neither is given', () => {
    assert.deepEqual(composeOfficialDoc(doc).record, {
      copyTo: '抄送：区委办公室。',
      printerOrg: '中共某某区委组织部办公室',
      printedOn: '2026年12月7日印发',
    });
    const { copyTo: _c, printer: _p, ...bare } = doc;
    assert.equal(composeOfficialDoc(bare).record, null);
  });
});
