import type { MeetingImportResult } from '../../../contracts/life.ts';
import type { ImportIssue } from '../../../contracts/people.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { importGrids } from '../../../domain/import/importer.ts';
import { MEETING_LIST_SPEC, type MeetingListField, readMeetingRow } from '../../../domain/life/meeting-list.ts';
import { msg, zhOf } from '../../../domain/messages.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { openWorkbook } from '../../import/workbook.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { recheckOrgYear } from './compliance.service.ts';
import { insertMeetings } from './life.queries.ts';

/**
 * Importing past meeting ledgers (会议台账) of one organisation through the one spreadsheet importer: the columns
 * are found by their names (domain/life/meeting-list.ts), every row is checked and its problems named by row and
 * column in Chinese, and the meetings are recorded only when every row is right, in one transaction (all or
 * nothing), with the organisation's kept figures re-checked for each year the ledger touches. Attendance is not in a
 * ledger's columns: imported meetings have none (a correction can add it).
 */
export type MeetingImportOutcome = MeetingImportResult & { errorCount: number };

const INSERT_BATCH = 500;

export async function importMeetingLedger(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  commit: boolean,
): Promise<MeetingImportOutcome> {
  const org = await getOrg(ctx, orgId);
  if (!hasPermission(ctx.actor.role, 'task:report') || !pathInScope(org.path, ctx.actor)) {
    throw AppError.of('FORBIDDEN', 'err.life.reportOnly', { org: org.name });
  }
  const empty = (errors: ImportIssue[]): MeetingImportOutcome => ({
    committed: false,
    total: 0,
    valid: 0,
    created: 0,
    rows: [],
    errors,
    skipped: [],
    errorCount: errors.length,
  });
  const opened = await openWorkbook(file, msg('err.zip.meetingLedger'));
  if (!opened.ok) return empty([{ row: null, column: null, message: zhOf(opened.msg), msg: opened.msg }]);
  const found = importGrids(opened.workbook.grids, MEETING_LIST_SPEC, { today: ctx.today });
  const multi = found.sheets.length > 1;
  const header = (f: MeetingListField) => {
    const col = found.fieldColumns[f];
    return (
      found.columns.find((c) => c.col === col)?.header.trim() ||
      MEETING_LIST_SPEC.fields.find((x) => x.field === f)!.header
    );
  };
  const errors: ImportIssue[] = found.errors.map((e) => ({
    ...(multi && e.sheet ? { sheet: e.sheet } : {}),
    row: e.row,
    column: e.column,
    message: zhOf(e.msg),
    msg: e.msg,
  }));
  const planned: { sheet: string; row: number; values: ReturnType<typeof readMeetingRow> & { ok: true } }[] = [];
  for (const r of found.records) {
    const read = readMeetingRow(r.cells, ctx.today);
    if (!read.ok) {
      for (const i of read.issues) {
        errors.push({
          ...(multi ? { sheet: r.sheet } : {}),
          row: r.row,
          column: header(i.field),
          message: zhOf(i.msg),
          msg: i.msg,
        });
      }
      continue;
    }
    planned.push({ sheet: r.sheet, row: r.row, values: read });
  }
  const result: MeetingImportOutcome = {
    committed: false,
    total: found.records.length,
    valid: planned.length,
    created: 0,
    rows: planned.map((p) => ({
      row: p.row,
      ...(multi ? { sheet: p.sheet } : {}),
      kind: p.values.row.kind,
      heldOn: p.values.row.heldOn,
      topic: p.values.row.topic,
    })),
    errors,
    skipped: found.skipped.map((s) => ({ sheet: s.sheet, row: s.row, reason: zhOf(s.msg) })),
    errorCount: errors.length,
  };
  if (errors.length > 0 || !commit || planned.length === 0) return result;
  await ctx.db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (let i = 0; i < planned.length; i += INSERT_BATCH) {
      const batch = planned.slice(i, i + INSERT_BATCH).map(({ values: { row } }) => ({
        org_id: org.id,
        region_id: org.region_id,
        kind: row.kind,
        held_on: row.heldOn,
        start_time: row.startTime,
        end_time: row.endTime,
        place: row.place,
        host: row.host,
        topic: row.topic,
        minutes: row.minutes,
        decisions: row.decisions,
        created_by: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        created_at: ctx.now,
        updated_at: ctx.now,
      }));
      ids.push(...(await insertMeetings(trx, batch)));
    }
    const years = new Set(planned.map((p) => Number(p.values.row.heldOn.slice(0, 4))));
    for (const y of years) await recheckOrgYear(trx, org.id, y, ctx.today);
    await audit(trx, ctx, 'meeting.import', { entity: 'meeting', entityId: null, orgId: org.id }, null, {
      orgCode: org.code,
      rows: planned.length,
      meetingIds: ids,
    });
  });
  return { ...result, committed: true, created: planned.length };
}
