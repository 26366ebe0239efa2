/**
 * A task list pasted from Excel or a Word table copied as text arrives tab-separated, a row per line: 序号, 工作内容,
 * 牵头单位, 配合单位, 责任人, 完成时限 … in columns. Read as prose, its rows lose their columns. This pre-pass finds such
 * a table by its header cells (the names offices give these columns) and rewrites each row as one numbered item
 * that states its columns in words — “1. 开展整顿。牵头单位：县委组织部；配合单位：县民政局；完成时限：2026年12月底前。” —
 * which the outline parser then reads like any numbered item (its bodies' roles, persons and deadline included).
 * Pure and linear; text without such a table is returned as it is.
 */

type Column = 'seq' | 'content' | 'lead' | 'cooperating' | 'person' | 'deadline' | 'other';

const HEADER_NAMES: readonly [Column, RegExp][] = [
  ['seq', /^(序号|编号|序)$/],
  [
    'content',
    /^(工作内容|重点任务|工作任务|任务内容|具体任务|具体措施|工作措施|工作事项|主要任务|任务|内容|工作要点|目标任务)$/,
  ],
  ['lead', /^(牵头单位|牵头部门|责任单位|责任部门|负责单位|主责单位|牵头领导单位|牵头)$/],
  ['cooperating', /^(配合单位|配合部门|协同单位|协助单位|参与单位|配合)$/],
  ['person', /^(责任人|负责人|责任领导|分管领导|联系人)$/],
  ['deadline', /^(完成时限|完成时间|时间节点|时限要求|时间安排|完成期限|时限)$/],
];

const LABEL: Partial<Record<Column, string>> = {
  lead: '牵头单位',
  cooperating: '配合单位',
  person: '责任人',
  deadline: '完成时限',
};

function columnOf(cell: string): Column {
  const name = cell.normalize('NFKC').replace(/\s+/g, '');
  for (const [col, re] of HEADER_NAMES) if (re.test(name)) return col;
  return 'other';
}

/** The columns of a header line, when it names a task table (a content column and at least one other known one). */
function headerOf(cells: readonly string[]): Column[] | null {
  const cols = cells.map(columnOf);
  const known = new Set(cols.filter((c) => c !== 'other' && c !== 'seq'));
  return known.has('content') && known.size >= 2 ? cols : null;
}

function rowText(cells: readonly string[], cols: readonly Column[], n: number): string | null {
  const at = (c: Column) =>
    cells
      .filter((_, i) => cols[i] === c)
      .map((x) => x.trim())
      .filter((x) => x !== '')
      .join('；');
  const content = at('content').replace(/[。；;，,\s]+$/, '');
  if (content === '') return null;
  const seq = at('seq');
  const number = /^\d{1,3}$/.test(seq) ? seq : String(n);
  const facts = (['lead', 'cooperating', 'person', 'deadline'] as const)
    .map((c) => [LABEL[c], at(c)] as const)
    .filter(([, v]) => v !== '')
    .map(([label, v]) => `${label}：${v.replace(/\s+/g, '')}`);
  return `${number}. ${content}。${facts.length > 0 ? `${facts.join('；')}。` : ''}`;
}

export function rebuildTabTables(input: string): string {
  if (!input.includes('\t')) return input;
  const lines = input.split('\n');
  const out: string[] = [];
  let cols: Column[] | null = null;
  let n = 0;
  for (const line of lines) {
    const cells = line.replace(/\r$/, '').split('\t');
    if (cells.length >= 2) {
      const header = headerOf(cells);
      if (header) {
        cols = header;
        n = 0;
        continue;
      }
      if (cols) {
        const text = rowText(cells, cols, n + 1);
        if (text !== null) {
          n++;
          out.push(text);
          continue;
        }
      }
    } else if (line.trim() !== '') cols = null; // a blank line between rows (a Word table's) keeps the table
    out.push(line);
  }
  return out.join('\n');
}

/** Lines this long with numbered headings inside them lost their line breaks (a copied page, a PDF's text). */
const LONG_LINE = 300;
/**
 * A heading marker inside a line, after the end of a sentence or a space: 一、 （一） 第一条 第一章 — where a line
 * break was lost. The ordinal must follow a sentence end (。！？；) or white space, never a word.
 */
const LOST_BREAK =
  /(?<=[。！？；;!?]|[ \u3000]{1,})(?=(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|第[一二三四五六七八九十百]{1,4}[条章节部分]))/gu;

/**
 * Text that lost its line breaks (one long line, paragraphs joined by spaces) gets a break back before each heading
 * marker that stands after a sentence end or a space; lines of ordinary length are left as they are. Linear.
 */
export function resegment(input: string): string {
  if (input.length < LONG_LINE) return input;
  return input
    .split('\n')
    .map((line) => (line.length < LONG_LINE ? line : line.replace(LOST_BREAK, '\n').replace(/[ \u3000]+\n/g, '\n')))
    .join('\n');
}
