import {
  type CellValue,
  cellAt,
  cellText,
  columnLetter,
  type Grid,
  type GridCell,
  hasContent,
  widthOf,
} from '../import/grid.ts';
import { foldChoice, type ListField, type ListSpec, normalizeHeader } from '../import/list-spec.ts';
import { isSignatureLine } from '../import/table.ts';
import { type Msg, msg } from '../messages.ts';
import type { ReviewGrade } from './review.ts';

/**
 * The democratic poll of 述职评议 (民主测评) from a workbook (issue 12). The platform never collects a named vote
 * (../shared/DESIGN.md principle 4; issue 12: "the platform never collects a named vote"), so only two layouts are
 * read, and a column that names a voter (投票人, 姓名, 签名, 工号 …) is refused in either:
 * - a tally sheet (票数汇总表): one row per organisation (单位 name, 组织编码, or the 书记's name), 应到 and 实到 (应参加 /
 *   实参加) and one column per grade of the round with its count — read through the one spreadsheet importer with
 *   the list spec below (`tallySpec`);
 * - ballots (选票): one row per anonymous ballot, one column per organisation (its name), the grade's text in the
 *   cell (弃权 / 空白 or an empty cell: the ballot counts as taking part, with no grade for that organisation) —
 *   read here (`findBallotTable`, `readBallots`).
 * Pure: grids and the round's organisations and grades in; counts and problems (sheet, row, column) out.
 */

export type BallotOrg = { id: number; name: string; code: string; secretary: string | null };

/** How an organisation is told in a cell or a header: its name, its code, or its secretary's name. */
export function matchBallotOrg(text: string, orgs: readonly BallotOrg[]): BallotOrg | null {
  const key = normalizeHeader(text);
  if (key === '') return null;
  const fold = (s: string) => normalizeHeader(s);
  const byName = orgs.filter((o) => fold(o.name) === key);
  if (byName.length === 1) return byName[0]!;
  const byCode = orgs.filter((o) => o.code !== '' && fold(o.code).toUpperCase() === key.toUpperCase());
  if (byCode.length === 1) return byCode[0]!;
  const bySecretary = orgs.filter((o) => o.secretary !== null && fold(o.secretary) === key);
  return bySecretary.length === 1 ? bySecretary[0]! : null;
}

const VOTER = [
  /^(投票人|投票者|测评人|评议人|参评人|参评人员|填票人|评价人|打分人|投票人员|测评人员)(姓名|名字|签名|签字)?$/,
  /^(本人)?(姓名|名字|签名|签字|签名栏|亲笔签名)$/,
  /^(工号|职工号|员工号|员工编号|人员编号|党员编号|学号|身份证|身份证号|身份证号码|证件号|证件号码|手机|手机号|手机号码|联系电话|电话)$/,
];

/** Whether a column's header names the voter (a named vote, which the platform never collects). */
export function isVoterColumn(header: string): boolean {
  const key = normalizeHeader(header);
  return key !== '' && VOTER.some((r) => r.test(key));
}

/** The tally sheet's fields: 'g:<code>' is the count of a grade. */
export type TallyField = 'seq' | 'org' | 'code' | 'secretary' | 'shouldAttend' | 'tookPart' | `g:${string}`;

const field = (
  f: TallyField,
  header: string,
  kind: ListField['kind'],
  required: boolean,
  aliases: string[],
): ListField<TallyField> => ({ field: f, header, kind, required, aliases });

/** The tally sheet as the one spreadsheet importer reads it, with one count column per grade of the round. */
export function tallySpec(grades: readonly ReviewGrade[]): ListSpec<TallyField> {
  return {
    name: '民主测评票数汇总表',
    keyField: 'org',
    fields: [
      field('seq', '序号', 'seq', false, ['编号', '序']),
      field('org', '单位', 'text', false, [
        '单位名称',
        '组织',
        '组织名称',
        '党组织',
        '党组织名称',
        '被测评单位',
        '被测评组织',
        '述职单位',
        '测评对象',
      ]),
      field('code', '组织编码', 'text', false, ['编码', '单位编码', '组织代码', '党组织编码']),
      field('secretary', '书记', 'text', false, ['书记姓名', '党组织书记', '述职人', '述职书记', '被测评人']),
      field('shouldAttend', '应到人数', 'integer', true, [
        '应到',
        '应参加',
        '应参加人数',
        '应参评人数',
        '应参加测评人数',
        '应到会人数',
      ]),
      field('tookPart', '实到人数', 'integer', true, [
        '实到',
        '实参加',
        '实参加人数',
        '实参评人数',
        '实参加测评人数',
        '实际参加人数',
        '参评人数',
        '收回票数',
      ]),
      ...grades.map((g) =>
        field(`g:${g.code}`, g.zh, 'integer', false, [
          `${g.zh}票`,
          `${g.zh}票数`,
          `${g.zh}（票）`,
          `评为${g.zh}`,
          ...(g.code !== g.zh ? [g.code] : []),
        ]),
      ),
    ],
  };
}

/** A count as written: a whole number of 0 or more (20, 20票, 20人, ２０, 20.0); null when empty. */
export function readCount(cell: GridCell | null): { ok: true; value: number | null } | { ok: false; msg: Msg } {
  const v: CellValue = cell?.value ?? null;
  if (v === null || v === '') return { ok: true, value: null };
  if (typeof v === 'number') {
    return Number.isInteger(v) && v >= 0 && v <= 1_000_000
      ? { ok: true, value: v }
      : { ok: false, msg: msg('err.review.import.count', { text: String(v) }) };
  }
  const s = cellText(v)
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(人|名|票|张)$/, '');
  if (s === '') return { ok: true, value: null };
  if (!/^\d{1,7}$/.test(s)) return { ok: false, msg: msg('err.review.import.count', { text: cellText(v) }) };
  return { ok: true, value: Number(s) };
}

export type TallyRow = {
  org: string;
  code: string;
  secretary: string;
  shouldAttend: number;
  tookPart: number;
  /** Per grade code; an empty cell counts 0. */
  tallies: Record<string, number>;
};

/** One row of a tally sheet, or every problem of its cells (field and message). */
export function readTallyRow(
  cells: ReadonlyMap<TallyField, GridCell | null>,
  grades: readonly ReviewGrade[],
): { ok: true; row: TallyRow } | { ok: false; issues: { field: TallyField; msg: Msg }[] } {
  const issues: { field: TallyField; msg: Msg }[] = [];
  const text = (f: TallyField) => cellText(cells.get(f)?.value ?? null).trim();
  const org = text('org');
  const code = text('code');
  const secretary = text('secretary');
  if (org === '' && code === '' && secretary === '')
    issues.push({ field: 'org', msg: msg('err.review.import.orgMissing') });
  const count = (f: TallyField, what: string, required: boolean): number => {
    const r = readCount(cells.get(f) ?? null);
    if (!r.ok) issues.push({ field: f, msg: r.msg });
    else if (r.value === null && required)
      issues.push({ field: f, msg: msg('err.review.import.countMissing', { what }) });
    return r.ok ? (r.value ?? 0) : 0;
  };
  const shouldAttend = count('shouldAttend', '应到人数', true);
  const tookPart = count('tookPart', '实到人数', true);
  const tallies: Record<string, number> = {};
  for (const g of grades) tallies[g.code] = count(`g:${g.code}`, g.zh, false);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, row: { org, code, secretary, shouldAttend, tookPart, tallies } };
}

/** A column of a ballot sheet: an organisation's, one to leave (序号, 票号, 备注), a voter's (refused), or unknown. */
export type BallotColumn = { col: number; header: string } & (
  | { kind: 'org'; org: BallotOrg }
  | { kind: 'ignored' }
  | { kind: 'voter' }
  | { kind: 'unknown' }
);

export type BallotTable = { sheet: string; headerRow: number; columns: BallotColumn[] };

const IGNORED_HEADER = /^(序号|编号|序|票号|选票编号|选票号|票序|备注|说明)$/;
const HEADER_SEARCH_ROWS = 30;

function headerCells(grid: Grid, row: number, width: number): { col: number; header: string }[] {
  const out: { col: number; header: string }[] = [];
  for (let c = 1; c <= width; c++) {
    const cell = cellAt(grid, row, c);
    if (hasContent(cell)) out.push({ col: c, header: cellText(cell?.value ?? null) });
  }
  return out;
}

/** The ballot table of a sheet: the row among the first ones whose cells name the most organisations of the round. */
export function findBallotTable(grid: Grid, orgs: readonly BallotOrg[]): BallotTable | null {
  const width = widthOf(grid);
  let best: { row: number; score: number } | null = null;
  for (let r = 1; r <= Math.min(grid.rows.length, HEADER_SEARCH_ROWS); r++) {
    const score = headerCells(grid, r, width).filter((h) => matchBallotOrg(h.header, orgs) !== null).length;
    if (score > 0 && (!best || score > best.score)) best = { row: r, score };
  }
  if (!best) return null;
  const columns: BallotColumn[] = headerCells(grid, best.row, width).map(({ col, header }) => {
    const org = matchBallotOrg(header, orgs);
    if (org) return { col, header, kind: 'org', org };
    if (isVoterColumn(header)) return { col, header, kind: 'voter' };
    if (IGNORED_HEADER.test(normalizeHeader(header))) return { col, header, kind: 'ignored' };
    return { col, header, kind: 'unknown' };
  });
  return { sheet: grid.name, headerRow: best.row, columns };
}

/** Whether any of the first rows of a sheet has a cell naming a voter: a named-vote sheet, refused as such. */
export function findVoterHeader(grid: Grid): { row: number; col: number; header: string } | null {
  const width = widthOf(grid);
  for (let r = 1; r <= Math.min(grid.rows.length, HEADER_SEARCH_ROWS); r++) {
    for (const h of headerCells(grid, r, width)) if (isVoterColumn(h.header)) return { row: r, ...h };
  }
  return null;
}

export type BallotIssue = { sheet: string; row: number | null; col: number | null; column: string | null; msg: Msg };

/** A blank vote on a ballot (the organisation left ungraded): took part, no grade. */
const BLANK = new Set(['弃权', '空白', '无效', '废票', '不评', '-', '—', '/', '无']);
const TOTAL_ROW = /^(合计|总计|小计|统计|以下空白)/;

export type BallotCount = {
  /** Ballots read (rows with anything in an organisation's column), over every table. */
  ballots: number;
  /** Per organisation id: the ballots of the tables that have its column (those who took part). */
  tookPart: Map<number, number>;
  /** Per organisation id: per grade code. */
  tallies: Map<number, Record<string, number>>;
  issues: BallotIssue[];
  /** Rows below the header that are not ballots (a total line, a signature or note, the header repeated). */
  skipped: { sheet: string; row: number; msg: Msg }[];
};

/**
 * Counts the ballots of the tables found: each row with anything in an organisation's column is one ballot; a cell
 * holds one grade of the round (by its Chinese name, its code or English name), 弃权 or nothing. A voter's column, a
 * column that is no organisation of the round, and one organisation in two columns are problems of the header.
 */
export function readBallots(
  grids: readonly Grid[],
  tables: readonly BallotTable[],
  grades: readonly ReviewGrade[],
  orgs: readonly BallotOrg[],
): BallotCount {
  const issues: BallotIssue[] = [];
  const skipped: BallotCount['skipped'] = [];
  const tallies = new Map<number, Record<string, number>>();
  const tookPart = new Map<number, number>();
  const gradeOf = new Map<string, string>();
  for (const g of grades) for (const t of [g.zh, g.code, g.en]) if (t) gradeOf.set(foldChoice(t), g.code);
  const gradeNames = grades.map((g) => g.zh).join('、');
  let ballots = 0;
  for (const t of tables) {
    const grid = grids.find((g) => g.name === t.sheet);
    if (!grid) continue;
    const header = (c: BallotColumn) => ({ sheet: t.sheet, row: t.headerRow, col: c.col, column: c.header });
    const seen = new Map<number, BallotColumn>();
    const orgCols: (BallotColumn & { kind: 'org' })[] = [];
    for (const c of t.columns) {
      if (c.kind === 'voter') {
        issues.push({
          ...header(c),
          msg: msg('err.review.import.voterColumn', { column: columnLetter(c.col), header: c.header }),
        });
      } else if (c.kind === 'unknown') {
        issues.push({
          ...header(c),
          msg: msg('err.review.import.columnNotOrg', { header: c.header, orgs: orgs.map((o) => o.name) }),
        });
      } else if (c.kind === 'org') {
        const first = seen.get(c.org.id);
        if (first) {
          issues.push({
            ...header(c),
            msg: msg('err.review.import.sameOrgAsColumn', { column: columnLetter(first.col), org: c.org.name }),
          });
          continue;
        }
        seen.set(c.org.id, c);
        orgCols.push(c);
        if (!tallies.has(c.org.id)) tallies.set(c.org.id, Object.fromEntries(grades.map((g) => [g.code, 0])));
        if (!tookPart.has(c.org.id)) tookPart.set(c.org.id, 0);
      }
    }
    const width = Math.max(widthOf(grid), ...t.columns.map((c) => c.col));
    for (let r = t.headerRow + 1; r <= grid.rows.length; r++) {
      const texts = headerCells(grid, r, width).map((h) => h.header);
      if (texts.length === 0) continue;
      const skip = (m: Msg) => skipped.push({ sheet: t.sheet, row: r, msg: m });
      if (TOTAL_ROW.test(normalizeHeader(texts[0] ?? ''))) {
        skip(msg('label.review.import.totalRow'));
        continue;
      }
      if (isSignatureLine(texts, texts.join(' '))) {
        skip(msg('label.imp.skip.signature'));
        continue;
      }
      const filled = orgCols.filter((c) => hasContent(cellAt(grid, r, c.col)));
      if (filled.length === 0) {
        // Only 序号, a note or the like: a pre-numbered row never used, not a ballot.
        skip(msg('label.imp.skip.note'));
        continue;
      }
      const named = filled.filter((c) => matchBallotOrg(cellText(cellAt(grid, r, c.col)?.value ?? null), orgs));
      if (named.length >= 2) {
        skip(msg('label.imp.skip.repeatedHeader'));
        continue;
      }
      ballots++;
      for (const c of orgCols) tookPart.set(c.org.id, (tookPart.get(c.org.id) ?? 0) + 1);
      for (const c of filled) {
        const cell = cellAt(grid, r, c.col);
        if (cell?.formulaWithoutValue !== undefined) {
          issues.push({
            sheet: t.sheet,
            row: r,
            col: c.col,
            column: c.header,
            msg: msg('err.imp.formulaWithoutValue', { formula: cell.formulaWithoutValue }),
          });
          continue;
        }
        const text = cellText(cell?.value ?? null);
        const folded = foldChoice(text);
        if (BLANK.has(folded)) continue;
        const code = gradeOf.get(folded);
        if (code === undefined) {
          issues.push({
            sheet: t.sheet,
            row: r,
            col: c.col,
            column: c.header,
            msg: msg('err.review.import.gradeText', { text, grades: gradeNames }),
          });
          continue;
        }
        const counts = tallies.get(c.org.id)!;
        counts[code] = (counts[code] ?? 0) + 1;
      }
    }
  }
  return { ballots, tookPart, tallies, issues, skipped };
}
