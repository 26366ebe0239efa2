import type { MeetingImportResult } from '../../../contracts/life.ts';
import type { ImportIssue } from '../../../contracts/people.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import type { GridImport } from '../../../domain/import/importer.ts';
import {
  MEETING_LIST_SPEC,
  type MeetingListField,
  type MeetingListRow,
  readMeetingRow,
} from '../../../domain/life/meeting-list.ts';
import type { MeetingKind } from '../../../domain/life/vocab.ts';
import { type Msg, msg, zhOf } from '../../../domain/messages.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { annotateGridIssues } from '../../import/error-workbook.ts';
import { openMappedList } from '../../import/mapped-list.ts';
import { rememberMapping } from '../../import/remembered-mapping.ts';
import type { Workbook } from '../../import/workbook.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg, matchOrgNamesForImport } from '../org/org.service.ts';
import { recheckOrgYear } from './compliance.service.ts';
import { insertMeetings, listMeetingsOn } from './life.queries.ts';

/**
 * Importing past meeting ledgers (会议台账) of one organisation through the one spreadsheet importer: the columns
 * are found by their names (domain/life/meeting-list.ts), every row is checked and its problems named by row and
 * column in Chinese, and the meetings are recorded only when every row is right, in one transaction (all or
 * nothing), with the kept figures re-checked for each organisation and year the ledger touches. A row's 组织 (if the
 * ledger has the column) names an organisation of the importing one's subtree; without it the meeting is the
 * importing organisation's. A row already on the calendar (same organisation, day, kind and topic: a ledger imported
 * again) is left as it is. Attendance is not in a ledger's columns: imported meetings have none, only the 应到 and 实到
 * counts the ledger gives (a correction can add the list).
 */

export type MeetingImportPhase = 'read' | 'validate' | 'insert';
export type MeetingImportOptions = {
  commit: boolean;
  /** Header as written → field or null: the mapping the user confirmed (remembered on commit, per header shape). */
  mapping?: Readonly<Record<string, string | null>>;
  onProgress?: (done: number, total: number, phase: MeetingImportPhase) => void;
  /** Handed every problem found with the ledger as read (the error workbook). */
  onChecked?: (issues: readonly ImportIssue[], read: LedgerRead) => void;
};
export type MeetingImportOutcome = MeetingImportResult & { errorCount: number };
type LedgerRead = { workbook: Workbook | null; found: GridImport<MeetingListField> | null };
type TargetOrg = { id: number; code: string; name: string; status: string; region_id: number; path: string };

const INSERT_BATCH = 500;
/** The list's name in remembered mappings (server/import). */
const MEETING_LIST = 'meetings';
const LOOKUP_BATCH = 200;
const AMBIGUOUS_SHOWN = 5;

/** Each distinct 组织 a row names: one active organisation of the target's subtree, or why not. */
async function resolveOrgs(
  ctx: Ctx,
  target: TargetOrg,
  names: readonly string[],
): Promise<Map<string, { org: TargetOrg } | { problem: Msg }>> {
  const out = new Map<string, { org: TargetOrg } | { problem: Msg }>();
  for (const [name, hit] of await matchOrgNamesForImport(ctx, target.path, names)) {
    if (hit.kind === 'none') {
      out.set(name, { problem: msg('err.life.import.orgNotFound', { target: target.name, name }) });
    } else if (hit.kind === 'many') {
      const shown = hit.orgs.slice(0, AMBIGUOUS_SHOWN).map((o) => `${o.name}（${o.code}）`);
      out.set(name, {
        problem: msg('err.life.import.orgAmbiguous', {
          name,
          target: target.name,
          n: hit.orgs.length,
          orgs: [...shown, ...(hit.orgs.length > AMBIGUOUS_SHOWN ? ['……'] : [])],
        }),
      });
    } else if (hit.org.status !== 'active') {
      out.set(name, { problem: msg('err.life.import.orgDissolved', { org: hit.org.name }) });
    } else out.set(name, { org: hit.org });
  }
  return out;
}

const keyOf = (orgId: number, day: string, kind: MeetingKind, topic: string) =>
  `${orgId}\u0000${day}\u0000${kind}\u0000${topic}`;

type Planned = {
  sheet: string;
  row: number;
  meeting: MeetingListRow;
  org: TargetOrg;
  existingId: number | null;
};

/**
 * Checks an uploaded meeting ledger against `orgId` and, when `commit` is set and no row has a problem, records its
 * new meetings in one transaction. Problems come back per row and column (committed: false) and nothing is written.
 */
export async function importMeetingLedger(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  opts: MeetingImportOptions,
): Promise<MeetingImportOutcome> {
  const target = (await getOrg(ctx, orgId)) as TargetOrg;
  if (!hasPermission(ctx.actor.role, 'task:report') || !pathInScope(target.path, ctx.actor)) {
    throw AppError.of('FORBIDDEN', 'err.life.reportOnly', { org: target.name });
  }
  if (target.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.org.dissolvedNoAction', { org: target.name });
  const progress = opts.onProgress;
  const empty = (errors: ImportIssue[]): MeetingImportOutcome => ({
    committed: false,
    total: 0,
    valid: 0,
    created: 0,
    existing: 0,
    rows: [],
    errors,
    skipped: [],
    errorCount: errors.length,
  });
  const list = await openMappedList(
    ctx.db,
    file,
    msg('err.zip.meetingLedger'),
    { orgId: target.id, list: MEETING_LIST },
    MEETING_LIST_SPEC,
    {
      today: ctx.today,
      mapping: opts.mapping,
      onRead: progress && ((done, total) => progress(done, total, 'read')),
    },
  );
  if (!list.ok) {
    opts.onChecked?.(list.errors, { workbook: null, found: null });
    return empty(list.errors);
  }
  const { workbook, found, remembered, errors, issue, multi, column: header } = list;

  const read = found.records.map((r, i) => {
    if ((i + 1) % 500 === 0) progress?.(i + 1, found.records.length, 'validate');
    return { r, read: readMeetingRow(r.cells, ctx.today) };
  });
  const orgNames = [...new Set(read.flatMap((x) => (x.read.ok && x.read.row.org !== '' ? [x.read.row.org] : [])))];
  const resolved = await resolveOrgs(ctx, target, orgNames);
  const candidates: Planned[] = [];
  for (const { r, read: one } of read) {
    if (!one.ok) {
      for (const i of one.issues) issue(r.sheet, r.row, i.field, i.msg);
      continue;
    }
    let org = target;
    if (one.row.org !== '') {
      const hit = resolved.get(one.row.org);
      if (!hit || 'problem' in hit) {
        if (hit) issue(r.sheet, r.row, 'org', hit.problem);
        continue;
      }
      org = hit.org;
    }
    candidates.push({ sheet: r.sheet, row: r.row, meeting: one.row, org, existingId: null });
  }
  progress?.(found.records.length, found.records.length, 'validate');

  // The same meeting twice in the file is a mistake to show; one already recorded is left as it is.
  const held = new Map<string, number>();
  const orgIds = [...new Set(candidates.map((c) => c.org.id))];
  const days = [...new Set(candidates.map((c) => c.meeting.heldOn))];
  for (let i = 0; i < days.length; i += LOOKUP_BATCH) {
    for (const m of await listMeetingsOn(ctx.db, orgIds, days.slice(i, i + LOOKUP_BATCH))) {
      held.set(keyOf(m.org_id, String(m.held_on), m.kind, m.topic), m.id);
    }
  }
  const firstRow = new Map<string, number>();
  const planned: Planned[] = [];
  for (const c of candidates) {
    const key = keyOf(c.org.id, c.meeting.heldOn, c.meeting.kind, c.meeting.topic);
    const first = firstRow.get(key);
    if (first !== undefined) {
      issue(c.sheet, c.row, 'topic', msg('err.life.import.sameAsRow', { row: first }));
      continue;
    }
    firstRow.set(key, c.row);
    planned.push({ ...c, existingId: held.get(key) ?? null });
  }
  const order = new Map(found.sheets.map((s, i) => [s, i]));
  const colOf = new Map(
    (Object.keys(found.fieldColumns) as MeetingListField[]).map((f) => [header(f), found.fieldColumns[f] ?? 0]),
  );
  errors.sort(
    (a, b) =>
      (order.get(a.sheet ?? '') ?? -1) - (order.get(b.sheet ?? '') ?? -1) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (colOf.get(a.column ?? '') ?? -1) - (colOf.get(b.column ?? '') ?? -1),
  );
  opts.onChecked?.(errors, { workbook, found });

  const fresh = planned.filter((p) => p.existingId === null);
  const rowOut = (p: Planned, id: number | null) => ({
    row: p.row,
    ...(multi ? { sheet: p.sheet } : {}),
    kind: p.meeting.kind,
    heldOn: p.meeting.heldOn,
    topic: p.meeting.topic,
    orgId: p.org.id,
    orgName: p.org.name,
    outcome: p.existingId === null ? ('new' as const) : ('existing' as const),
    meetingId: p.existingId ?? id,
  });
  const result: MeetingImportOutcome = {
    committed: false,
    total: found.records.length,
    valid: planned.length,
    created: 0,
    existing: planned.length - fresh.length,
    rows: planned.map((p) => rowOut(p, null)),
    errors,
    skipped: found.skipped.map((s) => ({ sheet: s.sheet, row: s.row, reason: zhOf(s.msg) })),
    mapping: found.mapping,
    matchedBy: found.matchedBy,
    remembered,
    errorCount: errors.length,
  };
  if (errors.length > 0 || !opts.commit) return result;

  const ids = new Map<Planned, number>();
  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
      const batch = fresh.slice(i, i + INSERT_BATCH);
      const got = await insertMeetings(
        trx,
        batch.map(({ meeting: m, org }) => ({
          org_id: org.id,
          region_id: org.region_id,
          kind: m.kind,
          held_on: m.heldOn,
          start_time: m.startTime,
          end_time: m.endTime,
          place: m.place,
          host: m.host,
          topic: m.topic,
          minutes: m.minutes,
          decisions: m.decisions,
          expected_count: m.expected,
          present_count: m.present,
          created_by: ctx.actor.userId || null,
          actor_name: ctx.actor.displayName,
          created_at: ctx.now,
          updated_at: ctx.now,
        })),
      );
      batch.forEach((p, j) => {
        if (got[j] !== undefined) ids.set(p, got[j]);
      });
      progress?.(Math.min(i + INSERT_BATCH, fresh.length), fresh.length, 'insert');
    }
    const orgYears = new Set(fresh.map((p) => `${p.org.id}:${p.meeting.heldOn.slice(0, 4)}`));
    for (const oy of orgYears) {
      const [org, year] = oy.split(':').map(Number);
      await recheckOrgYear(trx, org!, year!, ctx.today);
    }
    await rememberMapping(trx, { orgId: target.id, list: MEETING_LIST }, opts.mapping, found, {
      at: ctx.now,
      by: ctx.actor.userId || null,
    });
    await audit(trx, ctx, 'meeting.import', { entity: 'meeting', entityId: null, orgId: target.id }, null, {
      orgCode: target.code,
      rows: found.records.length,
      created: fresh.length,
      existing: planned.length - fresh.length,
      meetingIds: [...ids.values()],
    });
  });
  return {
    ...result,
    committed: true,
    created: fresh.length,
    rows: planned.map((p) => rowOut(p, ids.get(p) ?? null)),
  };
}

/**
 * The user's ledger with every problem marked where it stands (error-workbook.ts), checked as the import would check
 * it. Refused when the file cannot be read at all (its one problem is the answer) or has no problem.
 */
export async function meetingLedgerErrorWorkbook(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  mapping?: Readonly<Record<string, string | null>>,
): Promise<Buffer> {
  let checked: { issues: readonly ImportIssue[]; read: LedgerRead } | null = null;
  const result = await importMeetingLedger(ctx, orgId, file, {
    commit: false,
    ...(mapping ? { mapping } : {}),
    onChecked: (issues, read) => {
      checked = { issues, read };
    },
  });
  const got = checked as { issues: readonly ImportIssue[]; read: LedgerRead } | null;
  if (!got || got.read.workbook === null || got.read.found === null) {
    const { errorCount, ...details } = result;
    throw AppError.of('IMPORT_INVALID', 'err.life.import.hasErrors', { n: errorCount }, details);
  }
  if (got.issues.length === 0) throw AppError.of('RULE_VIOLATION', 'err.roster.noErrorsToMark');
  return annotateGridIssues(got.read.workbook.xlsx, got.read.found, MEETING_LIST_SPEC.fields, got.issues);
}
