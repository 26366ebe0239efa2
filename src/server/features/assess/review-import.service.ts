import { createHash } from 'node:crypto';
import type { ImportIssue } from '../../../contracts/people.ts';
import type { ReviewImportResult } from '../../../contracts/review.ts';
import type { AssessRefusal } from '../../../domain/assess/refusal.ts';
import { checkPoll, type PollInput, type ReviewGrade } from '../../../domain/assess/review.ts';
import {
  type BallotOrg,
  type BallotTable,
  findBallotTable,
  findVoterHeader,
  isVoterColumn,
  matchBallotOrg,
  readBallots,
  readTallyRow,
  type TallyField,
  tallySpec,
} from '../../../domain/assess/review-ballots.ts';
import { columnLetter, type Grid, hasContent } from '../../../domain/import/grid.ts';
import { importGrids } from '../../../domain/import/importer.ts';
import { normalizeHeader } from '../../../domain/import/list-spec.ts';
import { type Msg, msg, zhOf } from '../../../domain/messages.ts';
import { AppError } from '../../errors.ts';
import { annotateWorkbook, type ErrorMark } from '../../import/error-workbook.ts';
import { openWorkbook, type Workbook } from '../../import/workbook.ts';
import type { Ctx } from '../context.ts';
import { listEntries, lockEntry } from './review.queries.ts';
import { getManagedRound, recordEvent } from './review.service.ts';

/**
 * The democratic poll (民主测评) of a 述职评议 round imported from a workbook (issue 12; the layouts and their reading
 * are src/domain/assess/review-ballots.ts): a tally sheet, read through the one spreadsheet importer, or anonymous
 * ballots, counted here. A column naming the voter is refused: the platform never collects a named vote. Every
 * problem is named by sheet, row and column in Chinese, and nothing is written while there is one (all or nothing);
 * then each organisation whose counts differ from those it holds gets a new history event (source 'import', with the
 * file's name and sha256) and its latest counts, in one transaction. An organisation whose counts are the same is left
 * as it is: importing the same file again writes nothing.
 */

export type ReviewImportPhase = 'read' | 'validate' | 'write';
export type ReviewImportOptions = {
  commit: boolean;
  /** Ballots: how many should have taken part (else the count recorded before, else those who took part). */
  shouldAttend?: number | undefined;
  filename?: string;
  /** Tally sheet: header as written → field or null (the importer's column mapping). */
  mapping?: Readonly<Record<string, string | null>>;
  onProgress?: (done: number, total: number, phase: ReviewImportPhase) => void;
  /** Handed every problem found with the workbook as read (the error workbook). */
  onChecked?: (marks: readonly ErrorMark[], workbook: Workbook | null) => void;
};
export type ReviewImportOutcome = ReviewImportResult & { errorCount: number };

type Issue = { sheet: string | null; row: number | null; col: number | null; column: string | null; msg: Msg };
type Entry = Awaited<ReturnType<typeof listEntries>>[number];
type Planned = {
  entry: Entry;
  sheet: string | null;
  row: number | null;
  poll: PollInput & { tallies: Record<string, number> };
};

/** The grade whose Chinese name a refusal names (checkPoll names grades by zh), for its column. */
function refusalField(p: AssessRefusal, grades: readonly ReviewGrade[]): TallyField {
  if (p.code === 'reviewPollOver' || p.code === 'reviewPollCount') {
    const g = grades.find((x) => x.zh === p.params.grade);
    if (g) return `g:${g.code}`;
  }
  return 'tookPart';
}

function samePoll(entry: Entry, poll: Planned['poll'], grades: readonly ReviewGrade[]): boolean {
  if (entry.should_attend !== poll.shouldAttend || entry.took_part !== poll.tookPart) return false;
  const had = (entry.tallies ?? {}) as Record<string, number>;
  return grades.every((g) => (had[g.code] ?? 0) === (poll.tallies[g.code] ?? 0));
}

/**
 * Checks an uploaded poll workbook against the round and, when `commit` is set and nothing is wrong, records the
 * counts. Problems come back per sheet, row and column (committed: false) and nothing is written.
 */
export async function importReviewPoll(
  ctx: Ctx,
  id: number,
  file: Buffer,
  opts: ReviewImportOptions,
): Promise<ReviewImportOutcome> {
  const round = await getManagedRound(ctx, id);
  const grades = round.gradeList;
  const entries = await listEntries(ctx.db, id, ctx.today);
  const orgs: BallotOrg[] = entries.map((e) => ({
    id: e.org_id,
    name: e.org_name,
    code: e.org_code,
    secretary: e.secretary,
  }));
  const entryOf = new Map(entries.map((e) => [e.org_id, e]));
  const progress = opts.onProgress;
  const issues: Issue[] = [];
  const warnings: Msg[] = [];
  const fileIssue = (m: Msg) => issues.push({ sheet: null, row: null, col: null, column: null, msg: m });
  const result: ReviewImportOutcome = {
    committed: false,
    layout: null,
    sheets: [],
    total: 0,
    rows: [],
    created: 0,
    changed: 0,
    unchanged: 0,
    errors: [],
    warnings: [],
    skipped: [],
    errorCount: 0,
  };
  const finish = (workbook: Workbook | null): ReviewImportOutcome => {
    const order = new Map(result.sheets.map((s, i) => [s, i]));
    issues.sort(
      (a, b) =>
        (order.get(a.sheet ?? '') ?? -1) - (order.get(b.sheet ?? '') ?? -1) ||
        (a.row ?? 0) - (b.row ?? 0) ||
        (a.col ?? 0) - (b.col ?? 0),
    );
    const multi = result.sheets.length > 1;
    const errors: ImportIssue[] = issues.map((i) => ({
      ...(multi && i.sheet ? { sheet: i.sheet } : {}),
      row: i.row,
      column: i.column,
      message: zhOf(i.msg),
      msg: i.msg,
    }));
    opts.onChecked?.(
      issues.map((i) => ({ sheet: i.sheet, row: i.row, col: i.col, column: i.column, message: zhOf(i.msg) })),
      workbook,
    );
    return { ...result, errors, warnings: warnings.map(zhOf), errorCount: errors.length };
  };

  const opened = await openWorkbook(
    file,
    msg('err.zip.reviewPoll'),
    progress && ((done, total) => progress(done, total, 'read')),
  );
  if (!opened.ok) {
    fileIssue(opened.msg);
    return finish(null);
  }
  const grids = opened.workbook.grids;
  const planned: Planned[] = [];
  const spec = tallySpec(grades);
  const found = importGrids(grids, spec, { today: ctx.today, ...(opts.mapping ? { mapping: opts.mapping } : {}) });
  // A tally sheet's header names a grade and what the row is about (单位, 应到 …); a ballot's row of grades alone
  // (好, 较好) is no header.
  const mapped = Object.keys(found.fieldColumns);
  const isTally =
    mapped.some((f) => f.startsWith('g:')) &&
    mapped.some((f) => ['org', 'code', 'secretary', 'shouldAttend', 'tookPart'].includes(f));

  if (isTally) {
    result.layout = 'tally';
    result.sheets = found.sheets;
    result.total = found.records.length;
    result.skipped = found.skipped.map((s) => ({ sheet: s.sheet, row: s.row, reason: zhOf(s.msg), reasonMsg: s.msg }));
    warnings.push(...found.warnings);
    const colOf = (f: TallyField) => found.fieldColumns[f] ?? null;
    const headerOf = (f: TallyField) => {
      const col = colOf(f);
      return (
        found.columns.find((c) => c.col === col)?.header.replace(/\s+/g, '') ||
        spec.fields.find((x) => x.field === f)!.header
      );
    };
    const colOfHeader = (header: string | null) =>
      header === null
        ? null
        : (found.columns.find((c) => normalizeHeader(c.header) === normalizeHeader(header))?.col ?? null);
    for (const e of found.errors) {
      issues.push({ sheet: e.sheet, row: e.row, col: colOfHeader(e.column), column: e.column, msg: e.msg });
    }
    for (const [sheet, table] of found.tables) {
      for (const c of table.columns) {
        if (isVoterColumn(c.header)) {
          issues.push({
            sheet,
            row: table.headerBottom,
            col: c.col,
            column: c.header,
            msg: msg('err.review.import.voterColumn', { column: columnLetter(c.col), header: c.header }),
          });
        }
      }
    }
    const issue = (sheet: string, row: number, f: TallyField, m: Msg) =>
      issues.push({ sheet, row, col: colOf(f), column: headerOf(f), msg: m });
    const firstRow = new Map<number, number>();
    found.records.forEach((r, i) => {
      if ((i + 1) % 200 === 0) progress?.(i + 1, found.records.length, 'validate');
      const read = readTallyRow(r.cells, grades);
      if (!read.ok) {
        for (const x of read.issues) issue(r.sheet, r.row, x.field, x.msg);
        return;
      }
      const row = read.row;
      const [by, text]: [TallyField, string] =
        row.org !== '' ? ['org', row.org] : row.code !== '' ? ['code', row.code] : ['secretary', row.secretary];
      const org = matchBallotOrg(text, orgs);
      if (!org) {
        issue(r.sheet, r.row, by, msg('err.review.import.orgUnknown', { name: text, orgs: orgs.map((o) => o.name) }));
        return;
      }
      const entry = entryOf.get(org.id)!;
      if (
        row.secretary !== '' &&
        by !== 'secretary' &&
        normalizeHeader(row.secretary) !== normalizeHeader(org.secretary ?? '')
      ) {
        issue(
          r.sheet,
          r.row,
          'secretary',
          msg('err.review.import.secretaryMismatch', {
            name: row.secretary,
            org: org.name,
            current: org.secretary ?? '（未配备）',
          }),
        );
        return;
      }
      const first = firstRow.get(org.id);
      if (first !== undefined) {
        issue(r.sheet, r.row, by, msg('err.review.import.sameOrgAsRow', { row: first, org: org.name }));
        return;
      }
      firstRow.set(org.id, r.row);
      const poll = { shouldAttend: row.shouldAttend, tookPart: row.tookPart, tallies: row.tallies };
      const bad = checkPoll(poll, grades);
      for (const p of bad) issue(r.sheet, r.row, refusalField(p, grades), p.msg);
      if (bad.length === 0) planned.push({ entry, sheet: r.sheet, row: r.row, poll });
    });
    progress?.(found.records.length, found.records.length, 'validate');
  } else {
    const visible = grids.filter((g) => !g.hidden && g.rows.some((row) => row.some((c) => hasContent(c))));
    const tables = visible.map((g) => findBallotTable(g, orgs)).filter((t): t is BallotTable => t !== null);
    if (tables.length === 0) {
      const voter = visible.map((g) => ({ g, at: findVoterHeader(g) })).find((x) => x.at !== null);
      if (voter?.at) {
        result.sheets = [voter.g.name];
        issues.push({
          sheet: voter.g.name,
          row: voter.at.row,
          col: voter.at.col,
          column: voter.at.header,
          msg: msg('err.review.import.voterColumn', { column: columnLetter(voter.at.col), header: voter.at.header }),
        });
      } else fileIssue(msg('err.review.import.notRecognised', { grades: grades.map((g) => g.zh) }));
      return finish(opened.workbook);
    }
    result.layout = 'ballots';
    result.sheets = tables.map((t) => t.sheet);
    for (const g of visible) {
      if (!tables.some((t) => t.sheet === g.name)) warnings.push(msg('notice.imp.sheet.noTable', { sheet: g.name }));
    }
    const count = readBallots(grids, tables, grades, orgs);
    result.total = count.ballots;
    result.skipped = count.skipped.map((s) => ({ sheet: s.sheet, row: s.row, reason: zhOf(s.msg), reasonMsg: s.msg }));
    issues.push(...count.issues);
    if (count.ballots === 0 && count.issues.length === 0) fileIssue(msg('err.imp.file.noRows'));
    for (const [orgId, tallies] of count.tallies) {
      const entry = entryOf.get(orgId)!;
      const tookPart = count.tookPart.get(orgId) ?? 0;
      let shouldAttend = opts.shouldAttend;
      if (shouldAttend === undefined) {
        shouldAttend = entry.should_attend !== null && entry.should_attend >= tookPart ? entry.should_attend : tookPart;
        warnings.push(msg('notice.review.import.shouldAttendAssumed', { org: entry.org_name, shouldAttend }));
      } else if (shouldAttend < tookPart) {
        fileIssue(msg('err.review.import.ballotsOverShould', { org: entry.org_name, ballots: tookPart, shouldAttend }));
        continue;
      }
      const poll = { shouldAttend, tookPart, tallies };
      const bad = checkPoll(poll, grades);
      for (const p of bad) fileIssue(p.msg);
      if (bad.length === 0) planned.push({ entry, sheet: null, row: null, poll });
    }
  }

  const outcomeOf = (p: Planned) =>
    p.entry.poll_at === null
      ? ('new' as const)
      : samePoll(p.entry, p.poll, grades)
        ? ('unchanged' as const)
        : ('changed' as const);
  result.rows = planned.map((p) => ({
    orgId: p.entry.org_id,
    orgName: p.entry.org_name,
    ...(p.sheet !== null && result.sheets.length > 1 ? { sheet: p.sheet } : {}),
    row: p.row,
    shouldAttend: p.poll.shouldAttend,
    tookPart: p.poll.tookPart,
    tallies: p.poll.tallies,
    outcome: outcomeOf(p),
  }));
  result.created = result.rows.filter((r) => r.outcome === 'new').length;
  result.changed = result.rows.filter((r) => r.outcome === 'changed').length;
  result.unchanged = result.rows.filter((r) => r.outcome === 'unchanged').length;
  const checked = finish(opened.workbook);
  if (checked.errorCount > 0 || !opts.commit) return checked;

  const writes = planned.filter((p) => outcomeOf(p) !== 'unchanged');
  const source = {
    name: opts.filename ?? '',
    sha256: createHash('sha256').update(file).digest('hex'),
    layout: result.layout!,
  };
  await ctx.db.transaction().execute(async (trx) => {
    let done = 0;
    for (const p of writes) {
      const row = await lockEntry(trx, id, p.entry.org_id);
      if (!row) throw AppError.of('NOT_FOUND', 'err.review.orgNotInRound', { id, org: p.entry.org_id });
      await recordEvent(
        trx,
        ctx,
        row,
        {
          kind: 'poll',
          data: { ...p.poll, file: source },
          source: 'import',
          action: 'review.pollImport',
          audit: { ...p.poll, file: source },
        },
        {
          should_attend: p.poll.shouldAttend,
          took_part: p.poll.tookPart,
          tallies: JSON.stringify(p.poll.tallies),
          poll_by: ctx.actor.displayName,
          poll_at: ctx.now,
        },
      );
      progress?.(++done, writes.length, 'write');
    }
  });
  return { ...checked, committed: true };
}

/**
 * The user's workbook with every problem marked where it stands (red cells with their problem as a comment, a sheet
 * 导入错误 listing them), checked as the import would check it. Refused when the file cannot be read at all (its one
 * problem is the answer) or has no problem.
 */
export async function reviewPollErrorWorkbook(
  ctx: Ctx,
  id: number,
  file: Buffer,
  opts: Pick<ReviewImportOptions, 'shouldAttend' | 'mapping'>,
): Promise<Buffer> {
  let marks: readonly ErrorMark[] = [];
  let workbook: Workbook | null = null;
  const result = await importReviewPoll(ctx, id, file, {
    ...opts,
    commit: false,
    onChecked: (m, w) => {
      marks = m;
      workbook = w;
    },
  });
  const read = workbook as Workbook | null;
  if (read === null) {
    const { errorCount, ...details } = result;
    throw AppError.of('IMPORT_INVALID', 'err.review.import.hasErrors', { n: errorCount }, details);
  }
  if (marks.length === 0) throw AppError.of('RULE_VIOLATION', 'err.roster.noErrorsToMark');
  const first = read.grids.find((g: Grid) => !g.hidden)?.name ?? read.grids[0]?.name ?? '';
  return annotateWorkbook(read.xlsx, result.sheets[0] ?? first, marks);
}
