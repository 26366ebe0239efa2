import type { DuesImportResult } from '../../../contracts/dues.ts';
import type { ImportIssue } from '../../../contracts/people.ts';
import { addDaysIso, addMonthsIso, compareIso } from '../../../domain/dates.ts';
import type { GridImport } from '../../../domain/import/importer.ts';
import { type Msg, msg, zhOf } from '../../../domain/messages.ts';
import { canPayMonth } from '../../../domain/people/dues.ts';
import { DUES_LIST_SPEC, type DuesListField, type DuesListRow, readDuesRow } from '../../../domain/people/dues-list.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { annotateGridIssues } from '../../import/error-workbook.ts';
import { openMappedList } from '../../import/mapped-list.ts';
import { rememberMapping } from '../../import/remembered-mapping.ts';
import type { Workbook } from '../../import/workbook.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { rulesForOrgPath } from '../rules/rules.service.ts';
import { type DuesImportMember, insertDuesPayments, listMembersByNames, listStandingPayments } from './dues.queries.ts';

/**
 * Importing a branch's dues ledger (党费收缴登记表: many members and months) through the one spreadsheet importer, as
 * the meeting ledger and the roster import: columns found by their names (domain/people/dues-list.ts) or the user's
 * mapping (remembered per header shape), every row checked and its problems named by row and column in Chinese, and
 * the payments recorded only when every row is right, in one transaction. A row names a member proper (预备 or 正式)
 * of the organisation or below by name, and by ID number or its last four characters where the name is not enough; a
 * month already paid (a ledger imported again) is left as it is. Without 交纳日期 a payment is dated the last day of
 * its month (today at the latest); with it, paying back more than the rule's months needs a 备注.
 */

export const DUES_LIST = 'dues';

export type DuesImportOptions = {
  commit: boolean;
  mapping?: Readonly<Record<string, string | null>>;
  /** Handed every problem found with the ledger as read (the error workbook). */
  onChecked?: (issues: readonly ImportIssue[], read: LedgerRead) => void;
};
export type DuesImportOutcome = DuesImportResult & { errorCount: number };
type LedgerRead = { workbook: Workbook | null; found: GridImport<DuesListField> | null };

type Planned = { sheet: string; row: number; pay: DuesListRow; member: DuesImportMember; existingId: number | null };

const INSERT_BATCH = 500;

/** The member a row names: by name, then by ID (whole, or its last four) when given or when the name is shared. */
function matchMember(
  byName: ReadonlyMap<string, DuesImportMember[]>,
  row: DuesListRow,
  orgName: string,
): { member: DuesImportMember } | { field: DuesListField; msg: Msg } {
  const same = byName.get(row.name) ?? [];
  if (same.length === 0)
    return { field: 'name', msg: msg('err.dues.import.notFound', { name: row.name, org: orgName }) };
  const id = row.id;
  const hits =
    id === null
      ? same
      : same.filter((m) =>
          'full' in id ? m.id_number === id.full : (m.id_number ?? '').toUpperCase().endsWith(id.last4),
        );
  if (hits.length === 1) return { member: hits[0]! };
  if (hits.length === 0) return { field: 'idNumber', msg: msg('err.dues.import.idMismatch', { name: row.name }) };
  return {
    field: id === null ? 'name' : 'idNumber',
    msg: msg('err.dues.import.ambiguous', { name: row.name, n: hits.length }),
  };
}

/** The day a payment without 交纳日期 is dated: the last day of its month, today at the latest. */
function defaultPaidOn(month: string, today: string): string {
  const last = addDaysIso(addMonthsIso(`${month}-01`, 1), -1);
  return compareIso(last, today) > 0 ? today : last;
}

/**
 * Checks an uploaded dues ledger against `orgId` and, when `commit` is set and no row has a problem, records its new
 * payments in one transaction. Problems come back per row and column (committed: false) and nothing is written.
 */
export async function importDuesLedger(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  opts: DuesImportOptions,
): Promise<DuesImportOutcome> {
  const target = await getOrg(ctx, orgId);
  if (!pathInScope(target.path, ctx.actor)) throw AppError.of('NOT_FOUND', 'err.org.notFound', { id: orgId });
  const empty = (errors: ImportIssue[]): DuesImportOutcome => ({
    committed: false,
    total: 0,
    valid: 0,
    created: 0,
    existing: 0,
    rows: [],
    errors,
    skipped: [],
    mapping: {},
    matchedBy: {},
    remembered: false,
    errorCount: errors.length,
  });
  const list = await openMappedList(
    ctx.db,
    file,
    msg('err.zip.duesLedger'),
    { orgId: target.id, list: DUES_LIST },
    DUES_LIST_SPEC,
    {
      today: ctx.today,
      mapping: opts.mapping,
    },
  );
  if (!list.ok) {
    opts.onChecked?.(list.errors, { workbook: null, found: null });
    return empty(list.errors);
  }
  const { workbook, found, remembered, errors, issue, multi, column: header } = list;

  const read = found.records.map((r) => ({ r, read: readDuesRow(r.cells, ctx.today) }));
  const names = [...new Set(read.flatMap((x) => (x.read.ok ? [x.read.row.name] : [])))];
  const byName = new Map<string, DuesImportMember[]>();
  for (const m of await listMembersByNames(ctx.db, target.path, names)) {
    byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  }
  // The import's organisation's rules (with its locality's 地方规定): the back-payment limit, the arrangements.
  const rules = (await rulesForOrgPath(ctx.db, target.path))(ctx.today).dues;
  const candidates: Planned[] = [];
  for (const { r, read: one } of read) {
    if (!one.ok) {
      for (const i of one.issues) issue(r.sheet, r.row, i.field, i.msg);
      continue;
    }
    const hit = matchMember(byName, one.row, target.name);
    if ('msg' in hit) {
      issue(r.sheet, r.row, hit.field, hit.msg);
      continue;
    }
    const paidOn = one.row.paidOn;
    if (paidOn !== null && one.row.note === '' && !canPayMonth(one.row.month, paidOn.slice(0, 7), rules)) {
      issue(
        r.sheet,
        r.row,
        'month',
        msg('err.dues.backPayTooOld', { month: one.row.month, max: rules.backPayMonths.value }),
      );
      continue;
    }
    candidates.push({ sheet: r.sheet, row: r.row, pay: one.row, member: hit.member, existingId: null });
  }

  // The same member and month twice in the file is a mistake to show; one already paid is left as it is.
  const months = candidates.map((c) => c.pay.month).sort();
  const paid = new Map<string, number>();
  if (candidates.length > 0) {
    const standing = await listStandingPayments(
      ctx.db,
      [...new Set(candidates.map((c) => c.member.id))],
      `${months[0]}-01`,
      `${months[months.length - 1]}-01`,
    );
    for (const s of standing) paid.set(`${s.person_id}:${s.month}`, s.id);
  }
  const firstRow = new Map<string, number>();
  const planned: Planned[] = [];
  for (const c of candidates) {
    const key = `${c.member.id}:${c.pay.month}`;
    const first = firstRow.get(key);
    if (first !== undefined) {
      issue(c.sheet, c.row, 'month', msg('err.dues.import.sameAsRow', { row: first, month: c.pay.month }));
      continue;
    }
    firstRow.set(key, c.row);
    planned.push({ ...c, existingId: paid.get(key) ?? null });
  }
  const order = new Map(found.sheets.map((s, i) => [s, i]));
  const colOf = new Map(
    (Object.keys(found.fieldColumns) as DuesListField[]).map((f) => [header(f), found.fieldColumns[f] ?? 0]),
  );
  errors.sort(
    (a, b) =>
      (order.get(a.sheet ?? '') ?? -1) - (order.get(b.sheet ?? '') ?? -1) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (colOf.get(a.column ?? '') ?? -1) - (colOf.get(b.column ?? '') ?? -1),
  );
  opts.onChecked?.(errors, { workbook, found });

  const fresh = planned.filter((p) => p.existingId === null);
  const rowOut = (p: Planned) => ({
    row: p.row,
    ...(multi ? { sheet: p.sheet } : {}),
    personId: p.member.id,
    name: p.member.name,
    orgName: p.member.org_name,
    month: p.pay.month,
    amount: p.pay.amount,
    paidOn: p.pay.paidOn ?? defaultPaidOn(p.pay.month, ctx.today),
    proxyName: p.pay.proxy || null,
    outcome: p.existingId === null ? ('new' as const) : ('existing' as const),
  });
  const result: DuesImportOutcome = {
    committed: false,
    total: found.records.length,
    valid: planned.length,
    created: 0,
    existing: planned.length - fresh.length,
    rows: planned.map(rowOut),
    errors,
    skipped: found.skipped.map((s) => ({ sheet: s.sheet, row: s.row, reason: zhOf(s.msg) })),
    mapping: found.mapping,
    matchedBy: found.matchedBy,
    remembered,
    errorCount: errors.length,
  };
  if (errors.length > 0 || !opts.commit) return result;

  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
      await insertDuesPayments(
        trx,
        fresh.slice(i, i + INSERT_BATCH).map((p) => ({
          person_id: p.member.id,
          org_id: p.member.org_id,
          month: `${p.pay.month}-01`,
          amount: p.pay.amount,
          paid_on: p.pay.paidOn ?? defaultPaidOn(p.pay.month, ctx.today),
          proxy_name: p.pay.proxy || null,
          note: p.pay.note,
          actor_id: ctx.actor.userId || null,
          actor_name: ctx.actor.displayName,
          at: ctx.now,
        })),
      );
    }
    await rememberMapping(trx, { orgId: target.id, list: DUES_LIST }, opts.mapping, found, {
      at: ctx.now,
      by: ctx.actor.userId || null,
    });
    await audit(trx, ctx, 'dues.import', { entity: 'org', entityId: target.id, orgId: target.id }, null, {
      orgCode: target.code,
      rows: found.records.length,
      created: fresh.length,
      existing: planned.length - fresh.length,
    });
  });
  return { ...result, committed: true, created: fresh.length };
}

/**
 * The user's ledger with every problem marked where it stands (error-workbook.ts), checked as the import would check
 * it. Refused when the file cannot be read at all (its one problem is the answer) or has no problem.
 */
export async function duesLedgerErrorWorkbook(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  mapping?: Readonly<Record<string, string | null>>,
): Promise<Buffer> {
  let checked: { issues: readonly ImportIssue[]; read: LedgerRead } | null = null;
  const result = await importDuesLedger(ctx, orgId, file, {
    commit: false,
    ...(mapping ? { mapping } : {}),
    onChecked: (issues, read) => {
      checked = { issues, read };
    },
  });
  const got = checked as { issues: readonly ImportIssue[]; read: LedgerRead } | null;
  if (!got || got.read.workbook === null || got.read.found === null) {
    const { errorCount, ...details } = result;
    throw AppError.of('IMPORT_INVALID', 'err.dues.import.hasErrors', { n: errorCount }, details);
  }
  if (got.issues.length === 0) throw AppError.of('RULE_VIOLATION', 'err.roster.noErrorsToMark');
  return annotateGridIssues(got.read.workbook.xlsx, got.read.found, DUES_LIST_SPEC.fields, got.issues);
}
