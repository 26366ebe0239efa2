/**
 * The parser is total: 2,000 generated inputs (random CJK, punctuation and numbering markers, truncations
 * of the seed speeches at random offsets, the empty string, lone surrogates) parse without throwing, and
 * every span lies inside the cleaned text and inside its parent's span.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { type Outline, type OutlineNode, parseOutline, type Span, toOutlineJson } from './outline-parser.ts';

const seedDir = path.resolve(import.meta.dirname, '../../../../shared/seeds');

/** mulberry32: a seeded generator, so that a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '一、',
  '二、',
  '十一、',
  '（一）',
  '(二)',
  '1.',
  '2、',
  '3．',
  '（1）',
  '(2)',
  '①',
  '②',
  '一是',
  '二是',
  '三是',
  '一要',
  '二要',
  '第一，',
  '第二，',
  '首先，',
  '其次，',
  '最后，',
  '一方面，',
  '另一方面，',
  '统一是',
  '第一季度',
  '同志们，',
  '同志们：',
  '存在的问题和不足：',
  '过去一年，',
  '如若转载，请注明出处：https://x.example/1.html',
  '会员群：',
  '- 3 -',
  '80%以上',
  '“两个80%”',
  '100个',
  '5万元',
  '百分之',
  '年底前',
  '6月底前',
  '组织部门',
  '党委（党组）书记',
  '纪委、组织、宣传部门',
  '述职',
  '“',
  '”',
  '\n',
  '\r\n',
  '\n\n',
  '\u3000',
  '\ud800',
  '\udc00',
  '\ufeff',
];
const PUNCT = '。，、；：！？（）()“”《》…—.,;:!? ';

function generate(rnd: () => number, seeds: string[]): string {
  const kind = Math.floor(rnd() * 4);
  if (kind === 0 && seeds.length > 0) {
    const seed = seeds[Math.floor(rnd() * seeds.length)] ?? '';
    const a = Math.floor(rnd() * seed.length);
    const b = a + Math.floor(rnd() * (seed.length - a + 1));
    return rnd() < 0.5 ? seed.slice(0, b) : seed.slice(a, b);
  }
  const parts: string[] = [];
  const n = Math.floor(rnd() * 200);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.35) parts.push(PIECES[Math.floor(rnd() * PIECES.length)] ?? '');
    else if (r < 0.75) parts.push(String.fromCharCode(0x4e00 + Math.floor(rnd() * 0x5200)));
    else if (r < 0.9) parts.push(PUNCT[Math.floor(rnd() * PUNCT.length)] ?? '');
    else if (r < 0.95) parts.push(String(Math.floor(rnd() * 10000)));
    else parts.push(String.fromCharCode(Math.floor(rnd() * 0x10000)));
  }
  const text = parts.join('');
  return kind === 3 ? text.slice(0, Math.floor(rnd() * (text.length + 1))) : text;
}

function assertSpanIn(span: Span, outer: Span, what: string): void {
  assert.ok(Number.isInteger(span[0]) && Number.isInteger(span[1]), `${what}: integer offsets`);
  assert.ok(outer[0] <= span[0] && span[0] <= span[1] && span[1] <= outer[1], `${what} [${span}] outside [${outer}]`);
}

function checkOutline(o: Outline, input: string): void {
  const whole: Span = [0, o.cleanedText.length];
  const visit = (n: OutlineNode, parent: Span) => {
    assertSpanIn(n.span, whole, 'node span');
    assertSpanIn(n.span, parent, 'child span');
    assertSpanIn(n.headingSpan, whole, 'heading span');
    for (const t of n.targets) assertSpanIn(t.span, whole, 'target span');
    for (const d of n.deadlines) assertSpanIn(d.span, whole, 'deadline span');
    for (const b of n.bodyMentions) assertSpanIn(b.span, whole, 'body span');
    for (const m of n.meetings) assertSpanIn(m.span, whole, 'meeting span');
    for (const s of n.textSpans) assertSpanIn(s, n.span, 'text span');
    for (const r of n.requirements) assertSpanIn(r.span, n.span, 'requirement span');
    for (const c of n.children) visit(c, n.span);
  };
  for (const n of o.nodes) visit(n, whole);
  for (const r of o.removed) assertSpanIn(r.span, [0, input.length], 'removed span');
  JSON.stringify(toOutlineJson(o));
}

test('2,000 random, truncated and malformed inputs parse without throwing and keep every span in bounds', () => {
  const seeds = fs.existsSync(seedDir)
    ? fs
        .readdirSync(seedDir)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => fs.readFileSync(path.join(seedDir, f), 'utf8'))
    : [];
  const rnd = random(20200415);
  const inputs = ['', '\ud800', '\udc00\ud800', '一是', '二是统一是', '（', '1.', '\n\n\n', ...seeds];
  while (inputs.length < 2000) inputs.push(generate(rnd, seeds));
  for (const [i, input] of inputs.entries()) {
    let o: Outline;
    try {
      o = parseOutline(input);
    } catch (e) {
      assert.fail(`input #${i} threw ${(e as Error).stack}\n${JSON.stringify(input.slice(0, 300))}`);
    }
    checkOutline(o, input);
  }
});

// A quadratic rescan or a backtracking pattern on 100k–200k characters runs for minutes, so the runner's timeout
// catches it without a clock in the assertion (speed itself is measured in npm run bench).
test('adversarial repetitions stay linear (no backtracking, no quadratic rescans)', { timeout: 60_000 }, () => {
  const cases = [
    '，一是'.repeat(50_000),
    '一是二是'.repeat(30_000),
    `${'第一，'.repeat(40_000)}`,
    `一、${'要'.repeat(200_000)}`,
    '2020年'.repeat(40_000),
    '（一）\n'.repeat(30_000),
    `${'各级党委（党组'.repeat(20_000)}`,
    `${'1'.repeat(100_000)}个`,
    // 一X without its 二X, bodies in one long clause, a long run of spaces in a line: each read once.
    '，一抓'.repeat(100_000),
    `一、加强\n${'县委组织部、'.repeat(30_000)}配合。`,
    `开始${' '.repeat(200_000)}一、加强`,
    `开始${'\u3000'.repeat(200_000)}（一）加强`,
  ];
  for (const text of cases) {
    const o = parseOutline(text);
    checkOutline(o, text);
  }
});

// Arguments spread into a call (push(...items)) overflow the stack past about a hundred thousand: a paragraph with that
// many figures, deadlines or bodies, or a table after that many lines, must still parse.
test('huge lists of figures, deadlines and bodies, and a table after 300,000 lines, parse without overflow', () => {
  const cases = [
    `一、加强${'1个，'.repeat(200_000)}`,
    `一、加强${'年底前，'.repeat(200_000)}`,
    `一、加强${'县委组织部，'.repeat(150_000)}`,
    `${'x\n'.repeat(300_000)}序号\n工作内容\n牵头单位\n1\n推进工作\n县委办`,
  ];
  for (const text of cases) checkOutline(parseOutline(text), text);
});
