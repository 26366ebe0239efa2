import type { Writable } from 'node:stream';
import type { ImportIssue, ImportResult, MemberListQuery } from '../../../contracts/people.ts';
import { XLSX_ZIP_LIMITS } from '../../../domain/files/limits.ts';
import { checkMemberRecord, type MemberFacts } from '../../../domain/people/member-rules.ts';
import { nameKeys } from '../../../domain/people/name-keys.ts';
import { MEMBER_PROPER_STATUSES } from '../../../domain/people/vocab.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import type { NewPerson } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { assertZipWithinLimits } from '../../files/zip-guard.ts';
import { audit, type Ctx } from '../context.ts';
import { type FoundOrg, findOrgsForImport, getOrg } from '../org/org.service.ts';
import { insertPeople, iterateMembers, listPeopleWithIdNumbers } from './people.queries.ts';
import { assertIdNumberChecksAllowed, filterFromQuery, idNumberTakenMessage, toMemberRow } from './people.service.ts';
import {
  HEADER_OF,
  ROSTER_COLUMNS,
  type RosterExportRow,
  type RosterField,
  type RosterRecord,
  readRoster,
  writeRosterExport,
} from './roster-xlsx.ts';

/**
 * Importing a roster (党员花名册) into an organisation's subtree: every row is checked — cells, the member
 * rules, the organisation, duplicate ID numbers in the file and in the database — and the import is all
 * or nothing: one problem anywhere and nothing is written. Also the export of a filtered list in the
 * same workbook layout.
 */

export type ImportPhase = 'validate' | 'insert';
export type ImportOptions = {
  commit: boolean;
  onProgress?: (done: number, total: number, phase: ImportPhase) => void;
};
/** The result, and how many problems there were in all (the list stops at ISSUE_LIMIT). */
export type RosterImportResult = ImportResult & { errorCount: number };

export const ISSUE_LIMIT = 500;
const INSERT_BATCH = 1000;
const LOOKUP_BATCH = 1000;

type TargetOrg = { id: number; path: string; name: string; code: string };

/** `第12行 身份证号：校验位错误` — how an issue reads to a person (the web app formats the same way). */
export function formatImportIssue(i: ImportIssue): string {
  if (i.row === null) return i.column ? `${i.column}：${i.message}` : i.message;
  return i.column ? `第${i.row}行 ${i.column}：${i.message}` : `第${i.row}行 ${i.message}`;
}

export function importFailureMessage(errorCount: number): string {
  return `导入文件有 ${errorCount} 处错误，未导入任何数据`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const DOMAIN_FIELD_COLUMN: Record<keyof MemberFacts, RosterField> = {
  name: 'name',
  gender: 'gender',
  birthDate: 'birthDate',
  idNumber: 'idNumber',
  status: 'status',
  appliedOn: 'appliedOn',
  joinDate: 'joinDate',
  fullDate: 'fullDate',
};

const COLUMN_ORDER = new Map(ROSTER_COLUMNS.map((c, i) => [c.header, i]));

type Resolved = { orgs: Map<string, FoundOrg>; problems: Map<string, string> };

/** Each distinct 所在党组织 value: an organisation by exact code, else by exact name, inside the target's subtree. */
async function resolveOrgs(ctx: Ctx, target: TargetOrg, records: RosterRecord[]): Promise<Resolved> {
  const keys = [...new Set(records.map((r) => r.org).filter((v): v is string => v !== null))];
  const found: FoundOrg[] = [];
  for (const batch of chunks(keys, LOOKUP_BATCH)) found.push(...(await findOrgsForImport(ctx, target.path, batch)));
  const orgs = new Map<string, FoundOrg>();
  const problems = new Map<string, string>();
  for (const key of keys) {
    const byCode = found.find((o) => o.code === key);
    const byName = found.filter((o) => o.name === key);
    const hit = byCode ?? (byName.length === 1 ? byName[0] : undefined);
    if (!hit) {
      problems.set(
        key,
        byName.length > 1
          ? `在“${target.name}”下有 ${byName.length} 个名为“${key}”的组织，请改填组织编码（${byName.map((o) => o.code).join('、')}）`
          : `在“${target.name}”下找不到“${key}”`,
      );
    } else if (hit.status !== 'active') {
      problems.set(key, `“${hit.name}”已撤销，不能登记人员`);
    } else {
      orgs.set(key, hit);
    }
  }
  return { orgs, problems };
}

function factsOf(r: RosterRecord): MemberFacts | null {
  if (r.status === null) return null;
  return {
    name: r.name,
    gender: r.gender,
    birthDate: r.birthDate,
    idNumber: r.idNumber,
    status: r.status,
    appliedOn: r.appliedOn,
    joinDate: r.joinDate,
    fullDate: r.fullDate,
  };
}

/**
 * Checks an uploaded roster and, when `commit` is set and there is no problem at all, registers every row
 * under `orgId`'s subtree in one transaction with one audit row. Problems come back per row and column
 * (committed: false); a check that registers nothing (a dry run, `commit: false`, or an import with problems)
 * writes no person and one audit row ('roster.dry_run', counts only) and returns counts and a preview.
 */
export async function importRoster(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  opts: ImportOptions,
): Promise<RosterImportResult> {
  const target = await getOrg(ctx, orgId);
  if (target.status !== 'active') throw new AppError('ORG_DISSOLVED', `“${target.name}”已撤销，不能导入人员`);
  await assertIdNumberChecksAllowed(ctx);
  const progress = opts.onProgress;

  // An .xlsx is a zip: held to its limits before ExcelJS expands it in memory (a few KB can expand to gigabytes).
  if (file[0] === 0x50 && file[1] === 0x4b) {
    await assertZipWithinLimits(file, {
      ...XLSX_ZIP_LIMITS,
      what: '花名册文件',
      invalidMessage: '文件不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他格式）',
    });
  }
  const sheet = await readRoster(file);
  const issues: ImportIssue[] = [...sheet.issues];
  const add = (r: RosterRecord, field: RosterField, message: string) => {
    issues.push({ row: r.row, column: HEADER_OF[field], message });
  };

  const { orgs, problems } = await resolveOrgs(ctx, target, sheet.records);
  const rules = ruleSetOn(ctx.today);
  const idRows = new Map<string, number>();
  let checked = 0;
  for (const r of sheet.records) {
    if (++checked % 500 === 0) progress?.(checked, sheet.records.length, 'validate');
    if (r.org !== null && problems.has(r.org)) add(r, 'org', problems.get(r.org)!);
    const facts = factsOf(r);
    let idValid = r.idNumber !== null && !r.unreadable.has('idNumber');
    if (facts) {
      for (const p of checkMemberRecord(facts, ctx.today, rules)) {
        const field = DOMAIN_FIELD_COLUMN[p.field];
        if (field === 'idNumber') idValid = false;
        if (!r.unreadable.has(field)) add(r, field, p.message);
      }
      // The roster is the register of members: a 党员 without an identity number cannot be told apart.
      if (MEMBER_PROPER_STATUSES.includes(facts.status) && r.idNumber === null && !r.unreadable.has('idNumber')) {
        add(r, 'idNumber', '预备党员和正式党员须填写身份证号');
      }
    } else if (r.name.trim() === '') {
      add(r, 'name', '请填写姓名');
    }
    if (idValid && r.idNumber !== null) {
      const first = idRows.get(r.idNumber);
      if (first !== undefined) add(r, 'idNumber', `与第${first}行重复`);
      else idRows.set(r.idNumber, r.row);
    }
  }

  const registered = new Map<string, { name: string; org_name: string; org_path: string }>();
  for (const batch of chunks([...idRows.keys()], LOOKUP_BATCH)) {
    for (const p of await listPeopleWithIdNumbers(ctx.db, batch)) registered.set(p.id_number!, p);
  }
  let refused = 0;
  for (const [id, row] of idRows) {
    const other = registered.get(id);
    if (!other) continue;
    refused++;
    issues.push({ row, column: HEADER_OF.idNumber, message: idNumberTakenMessage(ctx, other) });
  }
  progress?.(sheet.records.length, sheet.records.length, 'validate');

  issues.sort(
    (a, b) =>
      (a.row ?? 0) - (b.row ?? 0) ||
      (COLUMN_ORDER.get(a.column ?? '') ?? -1) - (COLUMN_ORDER.get(b.column ?? '') ?? -1),
  );
  const badRows = new Set(issues.map((i) => i.row));
  const valid = sheet.records.filter((r) => !badRows.has(r.row)).length;
  const errors =
    issues.length > ISSUE_LIMIT
      ? [
          ...issues.slice(0, ISSUE_LIMIT),
          { row: null, column: null, message: `另有 ${issues.length - ISSUE_LIMIT} 处错误未列出，请先改正以上错误` },
        ]
      : issues;
  const result: RosterImportResult = {
    committed: false,
    total: sheet.total,
    valid,
    created: 0,
    errors,
    preview: sheet.preview,
    errorCount: issues.length,
  };
  if (issues.length > 0 || !opts.commit) {
    // Counts only: the audit log must not become a list of the numbers tried.
    await ctx.db.transaction().execute((trx) =>
      audit(trx, ctx, 'roster.dry_run', { entity: 'person', entityId: null, orgId: target.id }, null, {
        commitAsked: opts.commit,
        fileRows: sheet.total,
        valid,
        errors: issues.length,
        idNumbersChecked: idRows.size,
        idNumbersRefused: refused,
        orgCode: target.code,
      }),
    );
    return result;
  }

  const rows: NewPerson[] = sheet.records.map((r) => {
    const org = r.org === null ? null : orgs.get(r.org)!;
    const keys = nameKeys(r.name);
    return {
      org_id: org?.id ?? target.id,
      region_id: org?.region_id ?? target.region_id,
      name: r.name,
      name_pinyin: keys.pinyin,
      name_initials: keys.initials,
      gender: r.gender,
      ethnicity: r.ethnicity,
      birth_date: r.birthDate,
      education: r.education,
      id_number: r.idNumber,
      phone: r.phone,
      status: r.status!,
      applied_on: r.appliedOn,
      join_date: r.joinDate,
      full_date: r.fullDate,
      is_floating: r.isFloating,
      is_retired: r.isRetired,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
  });

  try {
    await ctx.db.transaction().execute(async (trx) => {
      // Someone may have registered one of these numbers since the check above.
      for (const batch of chunks([...idRows.keys()], LOOKUP_BATCH)) {
        const clash = (await listPeopleWithIdNumbers(trx, batch))[0];
        if (clash) throw duplicateDuringImport(idRows.get(clash.id_number!) ?? null);
      }
      let done = 0;
      for (const batch of chunks(rows, INSERT_BATCH)) {
        await insertPeople(trx, batch);
        done += batch.length;
        progress?.(done, rows.length, 'insert');
      }
      await audit(trx, ctx, 'member.import', { entity: 'person', entityId: null, orgId: target.id }, null, {
        fileRows: sheet.total,
        created: rows.length,
        orgCode: target.code,
      });
    });
  } catch (e) {
    if ((e as { code?: unknown }).code === '23505') throw duplicateDuringImport(null);
    throw e;
  }
  return { ...result, committed: true, created: rows.length };
}

function duplicateDuringImport(row: number | null): AppError {
  const where = row === null ? '' : `第${row}行的`;
  return new AppError('DUPLICATE', `${where}身份证号在导入期间已被登记，未导入任何数据，请重新导入`, {
    row,
    column: HEADER_OF.idNumber,
  });
}

/** The list's filters (GET /api/members) exported as a roster workbook: the file name, and a writer to stream it. */
export async function prepareRosterExport(
  ctx: Ctx,
  q: MemberListQuery,
): Promise<{ filename: string; write(out: Writable): Promise<number> }> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const filter = await filterFromQuery(ctx, { ...q, orgId: org.id });
  const safeName = org.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  const filename = `党员名册-${safeName}-${ctx.today.replaceAll('-', '')}.xlsx`;
  async function* batches(): AsyncGenerator<RosterExportRow[]> {
    for await (const rows of iterateMembers(ctx.db, ctx.actor, filter, { sort: q.sort, order: q.order }, ctx.today)) {
      yield rows.map((r) => ({ ...toMemberRow(ctx, r), appliedOn: r.applied_on }));
    }
  }
  return { filename, write: (out) => writeRosterExport(batches(), out) };
}
