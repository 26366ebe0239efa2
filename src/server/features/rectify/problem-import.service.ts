import type { Insertable } from 'kysely';
import type { z } from 'zod';
import type { ImportIssue } from '../../../contracts/people.ts';
import type { ProblemImportResult, ProblemImportRow, problemExportQuery } from '../../../contracts/tasks.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { todayIn } from '../../../domain/dates.ts';
import { type Msg, msg, zhOf } from '../../../domain/messages.ts';
import {
  composeProblemDescription,
  matchOrgByName,
  PROBLEM_DESCRIPTION_MAX,
  PROBLEM_LIST_HEADER,
  type ProblemListField,
  problemCellText,
  readProblemDescription,
  splitProblemText,
  splitResponsibleUnits,
} from '../../../domain/rectify/problem-list.ts';
import {
  daysOverdue,
  defaultProblemDeadline,
  PROBLEM_SOURCE_LABELS,
  PROBLEM_STATE_LABELS,
  type ProblemSource,
} from '../../../domain/rectify/problem-state.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import type { ProblemTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { annotateWorkbook, type ErrorMark } from '../../import/error-workbook.ts';
import { findImportMapping, saveImportMapping } from '../../import/import-mapping.queries.ts';
import { dropUpload, type KeptUpload, keepUpload, takeUpload } from '../../import/uploads.ts';
import type { Workbook } from '../../import/workbook.ts';
import { audit, type Ctx } from '../context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { findOrgsByNameForImport, getOrg, matchOrgNamesForImport, type NamedOrg } from '../org/org.service.ts';
import { recordProblemDemands } from '../supervise/burden.service.ts';
import {
  openProblemListWorkbook,
  type ProblemExportRow,
  type ProblemRecord,
  type ProblemSheet,
  readProblemList,
  writeProblemListExport,
} from './problem-list-xlsx.ts';
import { insertProblems, listProblemsByOrgAndTitle, listProblemsForExport } from './rectify.queries.ts';

/**
 * Importing a problem list (整改清单) into an organisation's subtree, through the one spreadsheet importer the roster
 * uses: the organisation that imports is the issuing side (交办方) of every problem, each row's 责任单位 is resolved
 * inside its subtree, and the import is all or nothing. Each problem is registered as 交办 (state open, 待认领):
 * claiming a problem and setting its measures are the responsible organisation's own steps (problem-state.ts), which
 * an import by the issuing side does not take in its place. The list's measures, the other units its 责任单位 names
 * and its 备注 are kept in the description (problem-list.ts, composeProblemDescription), where the responsible
 * organisation reads them when it sets its measures; the list's 责任人 is kept as the problem's responsible person
 * until 认领 names one. A row naming a problem the list already holds (same text, same organisation: a list exported
 * and imported again) is left as it is. Also the export of the list in the same columns.
 */

export type ProblemImportPhase = 'read' | 'validate' | 'insert';
export type ProblemImportOptions = {
  commit: boolean;
  /** The 问题来源 of rows that name none (default 其他). */
  source?: ProblemSource | undefined;
  sheets?: readonly string[];
  mapping?: Readonly<Record<string, string | null>>;
  /** Keep the workbook as read for the caller's next check or commit (the web wizard): the result names it. */
  keepUpload?: boolean;
  onProgress?: (done: number, total: number, phase: ProblemImportPhase) => void;
  /** Handed every problem found (not only the first ISSUE_LIMIT) with the list as read. */
  onChecked?: (issues: readonly ImportIssue[], sheet: ProblemSheet) => void;
};
/** The uploaded file, or an upload kept by an earlier check (uploads.ts). */
export type ProblemListSource = Buffer | { uploadId: string };
export type ProblemImportOutcome = ProblemImportResult & { errorCount: number };

/** The list's name in kept uploads and remembered mappings (server/import). */
const PROBLEM_LIST = 'problems';
const ISSUE_LIMIT = 500;
const ROW_LIMIT = 1000;
const LOOKUP_BATCH = 200;
const INSERT_BATCH = 500;
/** How many organisations an ambiguous 责任单位 names in its message. */
const AMBIGUOUS_SHOWN = 5;
/** How many titles a notification lists. */
const NOTICE_TITLES = 5;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Resolved = { org: NamedOrg } | { problem: Msg };

/** Each distinct 责任单位 (its lead unit): one organisation of the target's subtree, or why not. */
async function resolveUnits(
  ctx: Ctx,
  target: { path: string; name: string },
  leads: readonly string[],
): Promise<Map<string, Resolved>> {
  const out = new Map<string, Resolved>();
  for (const [lead, hit] of await matchOrgNamesForImport(ctx, target.path, leads)) {
    if (hit.kind === 'none') {
      out.set(lead, { problem: msg('err.problem.import.orgNotFound', { target: target.name, name: lead }) });
    } else if (hit.kind === 'many') {
      out.set(lead, {
        problem: msg('err.problem.import.orgAmbiguous', {
          name: lead,
          target: target.name,
          n: hit.orgs.length,
          orgs: [
            ...hit.orgs.slice(0, AMBIGUOUS_SHOWN).map((o) => `${o.name}（${o.code}）`),
            ...(hit.orgs.length > AMBIGUOUS_SHOWN ? ['……'] : []),
          ],
        }),
      });
    } else if (hit.org.status !== 'active') {
      out.set(lead, { problem: msg('err.problem.import.orgDissolved', { org: hit.org.name }) });
    } else out.set(lead, { org: hit.org });
  }
  return out;
}

/** The list as read, from the file or from the workbook an earlier check kept (as the roster's import). */
async function readSource(
  ctx: Ctx,
  targetId: number,
  source: ProblemListSource,
  opts: ProblemImportOptions,
): Promise<{ sheet: ProblemSheet; kept: KeptUpload | null }> {
  const who = { db: ctx.db, userId: ctx.actor.userId, now: ctx.now };
  let file: Buffer | Workbook = Buffer.isBuffer(source) ? source : await takeUpload(who, PROBLEM_LIST, source.uploadId);
  let kept: KeptUpload | null = Buffer.isBuffer(source) ? null : { uploadId: source.uploadId, expiresAt: '' };
  const onRead = opts.onProgress && ((done: number, total: number) => opts.onProgress?.(done, total, 'read'));
  if (Buffer.isBuffer(source) && opts.keepUpload && !opts.commit && ctx.actor.userId !== 0) {
    const opened = await openProblemListWorkbook(source, onRead);
    if (opened.ok) {
      file = opened.workbook;
      kept = await keepUpload(who, PROBLEM_LIST, opened.workbook);
    }
  }
  const sheet = await readProblemList(file, {
    today: ctx.today,
    ...(opts.sheets ? { sheets: opts.sheets } : {}),
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
    rememberedMapping: (shape) => findImportMapping(ctx.db, targetId, PROBLEM_LIST, shape),
    ...(onRead ? { onRead } : {}),
  });
  return { sheet, kept };
}

/** A valid row: the problem it registers (or the one the list already holds). */
type Planned = { record: ProblemRecord; out: ProblemImportRow; values: Insertable<ProblemTable> };

/**
 * Checks an uploaded problem list and, when `commit` is set and there is no problem at all, registers its new
 * problems under `orgId`'s subtree in one transaction: one notification per responsible organisation, one audit
 * row. Problems come back per row and column (committed: false) and nothing is written.
 */
export async function importProblemList(
  ctx: Ctx,
  orgId: number,
  source: ProblemListSource,
  opts: ProblemImportOptions,
): Promise<ProblemImportOutcome> {
  if (!hasPermission(ctx.actor.role, 'task:assign')) throw AppError.of('FORBIDDEN', 'err.http.403');
  const target = await getOrg(ctx, orgId);
  if (target.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.org.dissolvedNoAction', { org: target.name });
  const progress = opts.onProgress;
  const { sheet, kept } = await readSource(ctx, target.id, source, opts);
  const multi = sheet.sheets.length > 1;
  const issues: ImportIssue[] = [...sheet.issues];
  const columnOf = (field: ProblemListField) => sheet.columnNames[field] ?? PROBLEM_LIST_HEADER[field];

  const units = new Map(sheet.records.map((r) => [r, r.org === null ? null : splitResponsibleUnits(r.org)]));
  const leads = [...new Set([...units.values()].map((u) => u?.lead ?? '').filter((l) => l !== ''))];
  const resolved = await resolveUnits(ctx, target, leads);
  const split = new Map(sheet.records.map((r) => [r, splitProblemText(r.text)]));
  const orgIds = [...new Set([...resolved.values()].flatMap((v) => ('org' in v ? [v.org.id] : [])))];
  const titles = [...new Set([...split.values()].map((s) => s.title).filter((t) => t !== ''))];
  const existing = new Map<string, number>();
  for (const batch of chunks(titles, LOOKUP_BATCH)) {
    for (const p of await listProblemsByOrgAndTitle(ctx.db, orgIds, batch)) {
      if (!existing.has(`${p.org_id}\u0000${p.title}`)) existing.set(`${p.org_id}\u0000${p.title}`, p.id);
    }
  }

  const months = ruleSetOn(ctx.today).rectify.inspectionRectifyMonths.value;
  const unreadableRows = new Set(sheet.issues.map((i) => `${i.sheet ?? ''}:${i.row}`));
  const firstRow = new Map<string, number>();
  const planned: Planned[] = [];
  let checked = 0;
  for (const r of sheet.records) {
    if (++checked % 500 === 0) progress?.(checked, sheet.records.length, 'validate');
    const before = issues.length;
    const add = (field: ProblemListField, m: Msg) => {
      const issue = { row: r.row, column: columnOf(field), message: zhOf(m), msg: m };
      issues.push(multi ? { sheet: r.sheet, ...issue } : issue);
    };
    const { title, description: text } = split.get(r)!;
    if (title === '' && !r.unreadable.has('title')) add('title', msg('err.problem.import.titleMissing'));
    const unit = units.get(r) ?? null;
    let org: NamedOrg | null = null;
    if (unit === null || unit.lead === '') {
      if (!r.unreadable.has('org')) add('org', msg('err.problem.import.orgMissing'));
    } else {
      const hit = resolved.get(unit.lead);
      if (hit && 'org' in hit) org = hit.org;
      else if (hit) add('org', hit.problem);
    }
    const description = composeProblemDescription({
      text,
      measures: r.measures,
      partners: unit?.partners.join('、') ?? '',
      note: r.note ?? '',
    });
    if ([...description].length > PROBLEM_DESCRIPTION_MAX) {
      add('title', msg('err.problem.import.tooLong', { max: PROBLEM_DESCRIPTION_MAX }));
    }
    const key = org && title !== '' ? `${org.id}\u0000${title}` : null;
    if (key !== null) {
      const first = firstRow.get(key);
      if (first !== undefined) add('title', msg('err.problem.import.sameAsRow', { row: first }));
      else firstRow.set(key, r.row);
    }
    if (issues.length > before || unreadableRows.has(`${multi ? r.sheet : ''}:${r.row}`) || !org || key === null) {
      continue;
    }
    const src = r.source ?? opts.source ?? 'manual';
    const deadline =
      r.deadline.kind === 'date'
        ? r.deadline.date
        : r.deadline.kind === 'standing'
          ? null
          : defaultProblemDeadline(ctx.today, src === 'inspection' || src === 'patrol' ? months : null);
    const held = existing.get(key);
    planned.push({
      record: r,
      out: {
        row: r.row,
        ...(multi ? { sheet: r.sheet } : {}),
        kind: held === undefined ? 'new' : 'existing',
        title,
        orgId: org.id,
        orgName: org.name,
        responsiblePerson: r.person,
        deadline,
        source: src,
        measures: r.measures.length,
        problemId: held ?? null,
      },
      values: {
        org_id: org.id,
        region_id: org.region_id,
        issuer_org_id: target.id,
        title,
        description,
        source: src,
        category: r.category ?? '',
        severity: 'general',
        found_on: ctx.today,
        deadline,
        responsible_person: r.person,
        created_by: ctx.actor.userId || null,
        created_at: ctx.now,
        updated_at: ctx.now,
      },
    });
  }
  progress?.(sheet.records.length, sheet.records.length, 'validate');

  const sheetOrder = new Map(sheet.sheets.map((name, i) => [name, i]));
  const columnOrder = new Map(
    (Object.entries(sheet.columnNames) as [ProblemListField, string][]).map(([f, h]) => [
      h,
      sheet.fieldColumns[f] ?? 0,
    ]),
  );
  issues.sort(
    (a, b) =>
      (sheetOrder.get(a.sheet ?? '') ?? -1) - (sheetOrder.get(b.sheet ?? '') ?? -1) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (columnOrder.get(a.column ?? '') ?? -1) - (columnOrder.get(b.column ?? '') ?? -1),
  );
  const more = issues.length > ISSUE_LIMIT ? msg('err.roster.moreErrors', { n: issues.length - ISSUE_LIMIT }) : null;
  const errors = more
    ? [...issues.slice(0, ISSUE_LIMIT), { row: null, column: null, message: zhOf(more), msg: more }]
    : issues;
  opts.onChecked?.(issues, sheet);
  const fresh = planned.filter((p) => p.out.kind === 'new');
  const result: ProblemImportOutcome = {
    committed: false,
    total: sheet.total,
    valid: planned.length,
    created: 0,
    counts: { new: fresh.length, existing: planned.length - fresh.length },
    rows: planned.slice(0, ROW_LIMIT).map((p) => p.out),
    rowsOmitted: Math.max(0, planned.length - ROW_LIMIT),
    errors,
    preview: sheet.preview,
    sheets: sheet.sheets,
    sheetCandidates: sheet.candidates,
    mapping: sheet.mapping,
    matchedBy: sheet.matchedBy,
    skipped: sheet.skipped,
    warnings: sheet.warnings,
    warningMsgs: sheet.warningMsgs,
    notified: 0,
    ...(kept ? { uploadId: kept.uploadId } : {}),
    errorCount: issues.length,
  };
  if (issues.length > 0 || !opts.commit) return result;

  const notified = await ctx.db.transaction().execute(async (trx) => {
    let done = 0;
    for (const batch of chunks(fresh, INSERT_BATCH)) {
      const ids = await insertProblems(
        trx,
        batch.map((p) => p.values),
      );
      batch.forEach((p, i) => {
        p.out.problemId = ids[i] ?? null;
      });
      await recordProblemDemands(
        trx,
        ctx,
        batch.flatMap((p, i) =>
          ids[i] ? [{ orgId: p.values.org_id, fromOrgId: p.values.issuer_org_id, problemId: ids[i] }] : [],
        ),
      );
      done += batch.length;
      progress?.(done, fresh.length, 'insert');
    }
    // One notification per responsible organisation, naming its first problems (not one per row).
    const byOrg = new Map<number, Planned[]>();
    for (const p of fresh) byOrg.set(p.out.orgId, [...(byOrg.get(p.out.orgId) ?? []), p]);
    const notices = [...byOrg]
      .filter(([id]) => id !== ctx.actor.orgId)
      .map(([id, list]) => ({
        orgId: id,
        kind: 'problem' as const,
        title: msg('notice.problem.imported', { issuer: target.name, n: list.length }),
        body: [
          ...list.slice(0, NOTICE_TITLES).map((p) => `${p.out.title}`),
          ...(list.length > NOTICE_TITLES ? ['……'] : []),
        ].join('\n'),
        ...(list.length === 1 && list[0]?.out.problemId ? { problemId: list[0].out.problemId } : {}),
      }));
    await notify(trx, notices);
    await audit(trx, ctx, 'problem.import', { entity: 'problem', entityId: null, orgId: target.id }, null, {
      orgCode: target.code,
      fileRows: sheet.total,
      created: fresh.length,
      existing: planned.length - fresh.length,
      problemIds: fresh.map((p) => p.out.problemId),
      source: opts.source ?? null,
      notified: notices.map((n) => n.orgId),
      ...(opts.mapping ? { mapping: sheet.mapping } : {}),
    });
    if (kept) await dropUpload({ db: trx, userId: ctx.actor.userId, now: ctx.now }, kept.uploadId);
    if (opts.mapping && sheet.shape !== '') {
      await saveImportMapping(trx, {
        org_id: target.id,
        list: PROBLEM_LIST,
        shape: sheet.shape,
        mapping: sheet.mapping,
        at: ctx.now,
        by: ctx.actor.userId || null,
      });
    }
    return notices.length;
  });
  const { uploadId: _done, ...imported } = result;
  return {
    ...imported,
    committed: true,
    created: fresh.length,
    notified,
    rows: planned.slice(0, ROW_LIMIT).map((p) => p.out),
  };
}

/**
 * The user's list with every problem marked where it stands (error-workbook.ts), checked as the import would check
 * it. Refused when the file cannot be read at all (its one problem is the answer) or has no problem.
 */
export async function problemListErrorWorkbook(
  ctx: Ctx,
  orgId: number,
  source: ProblemListSource,
  choices: Pick<ProblemImportOptions, 'sheets' | 'mapping' | 'source'>,
): Promise<Buffer> {
  let found: { issues: readonly ImportIssue[]; sheet: ProblemSheet } | null = null;
  const result = await importProblemList(ctx, orgId, source, {
    ...choices,
    commit: false,
    onChecked: (issues, sheet) => {
      found = { issues, sheet };
    },
  });
  const checked = found as { issues: readonly ImportIssue[]; sheet: ProblemSheet } | null;
  if (!checked || checked.sheet.xlsx === null) {
    throw AppError.of('IMPORT_INVALID', 'err.problem.import.hasErrors', { n: result.errorCount }, result);
  }
  if (checked.issues.length === 0) throw AppError.of('RULE_VIOLATION', 'err.roster.noErrorsToMark');
  const { sheet } = checked;
  const fieldOf = new Map((Object.entries(sheet.columnNames) as [ProblemListField, string][]).map(([f, h]) => [h, f]));
  const marks: ErrorMark[] = checked.issues.map((i) => {
    const field = i.column ? fieldOf.get(i.column) : undefined;
    const col = field ? (sheet.fieldColumns[field] ?? null) : null;
    return { sheet: i.sheet ?? null, row: i.row, col, column: i.column, message: i.message };
  });
  return annotateWorkbook(sheet.xlsx as Buffer, sheet.sheets[0] ?? '', marks);
}

/** 整改进展: the state, and the latest note of the rectification with its day. */
function progressText(
  state: keyof typeof PROBLEM_STATE_LABELS,
  overdue: number,
  latest: { note: string; at: string } | null,
) {
  const label = PROBLEM_STATE_LABELS[state].zh + (overdue > 0 ? `（逾期${overdue}天）` : '');
  if (!latest || latest.note.trim() === '') return label;
  return `${label}：${latest.note.trim()}（${todayIn(new Date(latest.at))}）`;
}

/** 销号情况: the day it was closed and its 回头看, or not closed yet. */
function closureText(p: { closed_on: string | null; recheck_due: string | null; rechecked_on: string | null }) {
  if (p.closed_on === null) {
    return p.rechecked_on === null ? '未销号' : `未销号（${p.rechecked_on}回头看发现反弹，重新整改）`;
  }
  const recheck =
    p.recheck_due !== null
      ? `；${p.recheck_due}前回头看`
      : p.rechecked_on !== null
        ? `；${p.rechecked_on}已回头看`
        : '';
  return `${p.closed_on}销号${recheck}`;
}

/**
 * The problem list of an organisation's subtree (the list's filters) as .xlsx, in the import's columns: the file
 * name and its bytes. A 责任单位 whose name is not unique in the subtree carries its code in brackets, so that the
 * file imports again into the same organisation.
 */
export async function problemListXlsx(
  ctx: Ctx,
  q: z.infer<typeof problemExportQuery>,
): Promise<{ filename: string; data: Buffer }> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const rows = await listProblemsForExport(ctx.db, ctx.actor, {
    orgPath: org.path,
    state: q.state,
    source: q.source,
    overdueOn: q.overdue === 'true' ? ctx.today : undefined,
  });
  const names = [...new Set(rows.map((r) => r.org_name))];
  const unique = new Set<string>();
  for (const batch of chunks(names, LOOKUP_BATCH)) {
    const found = (await findOrgsByNameForImport(ctx, org.path, { codes: [], names: batch })).map((o) => ({
      ...o,
      shortName: o.short_name,
    }));
    for (const name of batch) {
      const hit = matchOrgByName(name, found);
      if (hit.kind === 'one' && hit.org.name === name) unique.add(name);
    }
  }
  const out: ProblemExportRow[] = rows.map((r) => {
    const parts = readProblemDescription(r.description);
    const lead = unique.has(r.org_name) ? r.org_name : `${r.org_name}（${r.org_code}）`;
    return {
      problem: problemCellText(r.title, parts.text),
      source: PROBLEM_SOURCE_LABELS[r.source].zh,
      category: r.category,
      measures: r.measures.length > 0 ? r.measures : parts.measures,
      org: parts.partners === '' ? lead : `${lead}、${parts.partners}`,
      person: r.responsible_person ?? '',
      deadline: r.deadline,
      progress: progressText(r.state, daysOverdue(r.state, r.deadline, ctx.today), r.latest_note),
      closure: closureText(r),
      note: parts.note,
    };
  });
  const data = await writeProblemListExport(`${org.name}问题整改清单`, out);
  const safeName = org.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  return { filename: `${safeName}-整改清单-${ctx.today.replaceAll('-', '')}.xlsx`, data };
}
