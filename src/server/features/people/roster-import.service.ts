import type { Writable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type {
  ImportFieldChange,
  ImportIssue,
  ImportResult,
  ImportRowOutcome,
  MemberListQuery,
} from '../../../contracts/people.ts';
import { isIsoDate } from '../../../domain/dates.ts';
import { type MessageKey, type Msg, msg, zhOf } from '../../../domain/messages.ts';
import { checkIdNumber, maskIdNumber } from '../../../domain/people/id-number.ts';
import { checkMemberRecord, type MemberFacts } from '../../../domain/people/member-rules.ts';
import { nameKeys } from '../../../domain/people/name-keys.ts';
import { checkPersonName } from '../../../domain/people/person-name.ts';
import { viewIdentifyingFacts } from '../../../domain/people/person-view.ts';
import {
  changedFields,
  type MaskedField,
  maskedCellMatches,
  type RosterValueField,
  type RosterValues,
} from '../../../domain/people/roster-match.ts';
import {
  EDUCATION_LABELS,
  GENDER_LABELS,
  MEMBER_PROPER_STATUSES,
  MEMBER_STATUS_LABELS,
} from '../../../domain/people/vocab.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { pathInScope } from '../../auth/scope.ts';
import type { Database } from '../../db/client.ts';
import type { DB, NewPerson } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { annotateWorkbook, type ErrorMark } from '../../import/error-workbook.ts';
import { findImportMapping } from '../../import/import-mapping.queries.ts';
import { rememberMapping } from '../../import/remembered-mapping.ts';
import { dropUpload, type KeptUpload, keepUpload, takeUpload } from '../../import/uploads.ts';
import type { ReadProgress, Workbook, WorkbookResult } from '../../import/workbook.ts';
import { audit, type Ctx } from '../context.ts';
import { type FoundOrg, findOrgsForImport, getOrg } from '../org/org.service.ts';
import { peopleWithOpenCase } from './development.service.ts';
import {
  highestPersonId,
  type ImportedPersonColumn,
  insertPeople,
  iterateMembers,
  listMembersByIdsInScope,
  listPeopleWithIdNumbers,
  lockPersonVersions,
  type MemberCodedRow,
  updatePeople,
} from './people.queries.ts';
import {
  assertIdNumberChecksAllowed,
  filterFromQuery,
  idNumberTakenMsg,
  seesFullRecord,
  toMemberRow,
} from './people.service.ts';
import {
  HEADER_OF,
  openRosterWorkbook,
  ROSTER_COLUMNS,
  type RosterExportRow,
  type RosterField,
  type RosterRecord,
  type RosterRows,
  type RosterSheet,
  readRosterRows,
  writeRosterExport,
} from './roster-xlsx.ts';

/**
 * Importing a roster (党员花名册) into an organisation's subtree: every row is checked — cells, the member
 * rules, the organisation, duplicate ID numbers in the file and in the database — and the import is all
 * or nothing: one problem anywhere and nothing is written. A row that names a person already registered in the
 * caller's scope (by 人员编号, which the export writes, else by ID number) updates that person: only the fields that
 * differ, and a row that differs in nothing writes nothing. Also the export of a filtered list in the same layout,
 * which reads back as it was written (organisations by code), so that export → edit → import round-trips.
 */

/**
 * The phases an import reports: reading the file, checking the rows (and writing them, new and changed people, when
 * committing). 'update' is no longer reported: the changed people are written with their checked batch.
 */
export type ImportPhase = 'read' | 'validate' | 'update';
export type ImportOptions = {
  commit: boolean;
  onProgress?: (done: number, total: number, phase: ImportPhase) => void;
  /** The sheets to read (default: every sheet with the first one's header). */
  sheets?: readonly string[];
  /** Header as written → roster field or null (the wizard's or a mapping file's); the rest is proposed. */
  mapping?: Readonly<Record<string, string | null>>;
  /** Keep the workbook as read for the caller's next check or commit (the web wizard): the result names it. */
  keepUpload?: boolean;
  /** Handed every problem found (not only the first ISSUE_LIMIT) with the sheet as read. */
  onChecked?: (issues: readonly ImportIssue[], sheet: RosterSheet) => void;
  /**
   * Where the rows' lookups run while the import's transaction writes: connections beside it (lookupsBesideFor),
   * so that PostgreSQL looks up one batch while it writes another. Without it they go through the transaction.
   */
  lookupsBeside?: Kysely<DB>;
};

/**
 * The handle an import run by the CLI looks its rows up through: on PostgreSQL the process's own pool, which
 * nothing else in it uses. Not PGlite's (one connection, held by the transaction), and not given by the server,
 * whose pool every request shares: an import holding its transaction's connection must not wait for a second one.
 */
export function lookupsBesideFor(database: Pick<Database, 'engine' | 'db'>): Kysely<DB> | undefined {
  return database.engine === 'postgres' ? database.db : undefined;
}
/**
 * The uploaded file, an upload kept by an earlier check (uploads.ts), or a file already being read (startReadingRoster:
 * the CLI reads the file while it connects to the database).
 */
export type RosterSource = Buffer | { uploadId: string } | { takeReading(): Promise<WorkbookResult> };

/**
 * Starts reading a roster file before the import takes it (the reading needs no database): the import then waits
 * for what was read. A file it cannot read fails the import that takes it, as reading it there would. Taken once:
 * the source then lets go of the workbook, which the import drops once its rows are read.
 */
export function startReadingRoster(file: Buffer, onRead?: ReadProgress): RosterSource {
  let reading: Promise<WorkbookResult> | null = openRosterWorkbook(file, onRead);
  // Unheard until the import takes it; a rejection then reaches the import.
  reading.catch(() => {});
  return {
    takeReading() {
      const taken = reading;
      reading = null;
      if (!taken) throw new Error('the roster being read was taken already');
      return taken;
    },
  };
}
/** The result, and how many problems there were in all (the list stops at ISSUE_LIMIT). */
export type RosterImportResult = ImportResult & { errorCount: number };

export const ISSUE_LIMIT = 500;
/** The list's name in remembered mappings (server/import). */
const ROSTER_LIST = 'roster';
/** How many row outcomes a result lists (changed first). */
export const ROW_LIMIT = 1000;
const INSERT_BATCH = 1000;
const LOOKUP_BATCH = 1000;
/** Batches of rows read and looked up ahead of the one being checked (the lookups queue behind the inserts). */
const LOOKAHEAD = 2;

type TargetOrg = { id: number; path: string; name: string; code: string; region_id: number };

/** `第12行 身份证号：校验位错误` — how an issue reads to a person (the web app formats the same way). */
export function formatImportIssue(i: ImportIssue): string {
  const sheet = i.sheet ? `工作表“${i.sheet}” ` : '';
  if (i.row === null) return sheet + (i.column ? `${i.column}：${i.message}` : i.message);
  return sheet + (i.column ? `第${i.row}行 ${i.column}：${i.message}` : `第${i.row}行 ${i.message}`);
}

export function importFailureMessage(errorCount: number): string {
  return zhOf(msg('err.roster.hasErrors', { n: errorCount }));
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

const VALUE_COLUMN: Record<RosterValueField, RosterField> = {
  name: 'name',
  gender: 'gender',
  ethnicity: 'ethnicity',
  birthDate: 'birthDate',
  education: 'education',
  idNumber: 'idNumber',
  phone: 'phone',
  orgId: 'org',
  status: 'status',
  appliedOn: 'appliedOn',
  joinDate: 'joinDate',
  fullDate: 'fullDate',
  isFloating: 'isFloating',
  isRetired: 'isRetired',
};

const PERSON_COLUMN: Record<RosterValueField, ImportedPersonColumn> = {
  name: 'name',
  gender: 'gender',
  ethnicity: 'ethnicity',
  birthDate: 'birth_date',
  education: 'education',
  idNumber: 'id_number',
  phone: 'phone',
  orgId: 'org_id',
  status: 'status',
  appliedOn: 'applied_on',
  joinDate: 'join_date',
  fullDate: 'full_date',
  isFloating: 'is_floating',
  isRetired: 'is_retired',
};

const COLUMN_ORDER = new Map(ROSTER_COLUMNS.map((c, i) => [c.header, i]));

/** An organisation a row can name: found by code or name, or the import's target. */
/** A changed person's new values, by column. */
type PersonValues = { id: number; values: Partial<Record<ImportedPersonColumn, unknown>> };

type RowOrg = Pick<FoundOrg, 'id' | 'code' | 'name' | 'status' | 'region_id'>;
type Resolved = { orgs: Map<string, FoundOrg>; problems: Map<string, Msg> };

/**
 * Each distinct 所在党组织 value not resolved yet (added to `into`): an organisation by exact code, else by exact
 * name, inside the target's subtree. Answers the organisations it found.
 */
async function resolveOrgs(
  ctx: Ctx,
  target: TargetOrg,
  records: readonly RosterRecord[],
  into: Resolved,
): Promise<FoundOrg[]> {
  const keys = [
    ...new Set(
      records.map((r) => r.org).filter((v): v is string => v !== null && !into.orgs.has(v) && !into.problems.has(v)),
    ),
  ];
  const found: FoundOrg[] = [];
  for (const batch of chunks(keys, LOOKUP_BATCH)) found.push(...(await findOrgsForImport(ctx, target.path, batch)));
  const hits: FoundOrg[] = [];
  for (const key of keys) {
    const byCode = found.find((o) => o.code === key);
    const byName = found.filter((o) => o.name === key);
    const hit = byCode ?? (byName.length === 1 ? byName[0] : undefined);
    if (!hit) {
      into.problems.set(
        key,
        byName.length > 1
          ? msg('err.roster.orgAmbiguous', {
              target: target.name,
              n: byName.length,
              name: key,
              codes: byName.map((o) => o.code),
            })
          : msg('err.roster.orgNotFound', { target: target.name, name: key }),
      );
    } else {
      into.orgs.set(key, hit);
      hits.push(hit);
    }
  }
  return hits;
}

function valuesOfPerson(p: MemberCodedRow): RosterValues {
  return {
    name: p.name,
    gender: p.gender,
    ethnicity: p.ethnicity,
    birthDate: p.birth_date,
    education: p.education,
    idNumber: p.id_number,
    phone: p.phone,
    orgId: p.org_id,
    status: p.status,
    appliedOn: p.applied_on,
    joinDate: p.join_date,
    fullDate: p.full_date,
    isFloating: p.is_floating,
    isRetired: p.is_retired,
  };
}

const MASKED_MESSAGES: Record<MaskedField, { unknown: MessageKey; differs: MessageKey }> = {
  idNumber: { unknown: 'err.roster.maskedId', differs: 'err.roster.maskedIdDiffers' },
  phone: { unknown: 'err.roster.maskedPhone', differs: 'err.roster.maskedPhoneDiffers' },
  birthDate: { unknown: 'err.roster.monthOnly', differs: 'err.roster.monthOnlyDiffers' },
};

/**
 * What the row says, field by field: a new person's record (columns the file lacks left empty), or the registered
 * person's record with the file's columns laid over it (a column the file lacks leaves that field as it is; a masked
 * cell that matches the registered value leaves it too). Problems go to `add`.
 */
function valuesOfRow(
  r: RosterRecord,
  present: Set<RosterField>,
  org: RowOrg,
  match: MemberCodedRow | null,
  add: (field: RosterField, m: Msg) => void,
): RosterValues {
  const base: RosterValues = match
    ? valuesOfPerson(match)
    : {
        name: '',
        gender: null,
        ethnicity: null,
        birthDate: null,
        education: null,
        idNumber: null,
        phone: null,
        orgId: org.id,
        status: 'applicant',
        appliedOn: null,
        joinDate: null,
        fullDate: null,
        isFloating: false,
        isRetired: false,
      };
  const v: RosterValues = { ...base };
  const named = checkPersonName(r.name);
  v.name = named.ok ? named.name : r.name;
  if (r.status !== null) v.status = r.status;
  if (present.has('org')) v.orgId = org.id;
  const take = <K extends RosterValueField>(field: K, value: RosterValues[K]) => {
    if (present.has(VALUE_COLUMN[field])) v[field] = value;
  };
  take('gender', r.gender);
  take('ethnicity', r.ethnicity);
  take('education', r.education);
  take('appliedOn', r.appliedOn);
  take('joinDate', r.joinDate);
  take('fullDate', r.fullDate);
  take('isFloating', r.isFloating);
  take('isRetired', r.isRetired);
  const maskedOr = (field: MaskedField, cell: string | null, value: string | null): string | null => {
    if (cell === null) return value;
    const registered = match ? base[field] : null;
    if (registered !== null && maskedCellMatches(field, cell, registered)) return registered;
    add(field, msg(match ? MASKED_MESSAGES[field].differs : MASKED_MESSAGES[field].unknown, { text: cell }));
    return registered;
  };
  if (present.has('idNumber')) v.idNumber = maskedOr('idNumber', r.masked.idNumber, r.idNumber);
  if (present.has('phone')) v.phone = maskedOr('phone', r.masked.phone, r.phone);
  if (present.has('birthDate')) {
    const month = r.masked.birthYearMonth;
    // Only a number the row itself gives in full: the registered one must not tell a reduced viewer the day.
    const fromId = month === null || r.masked.idNumber !== null ? null : birthDateInIdNumber(r.idNumber);
    if (month !== null && fromId !== null) {
      // 出生年月 with an ID number: the day comes from the number, when the two agree.
      if (fromId.startsWith(`${month}-`)) v.birthDate = fromId;
      else add('birthDate', msg('err.imp.date.birthMonthDiffers', { month, date: fromId }));
    } else if (month !== null && !match) {
      add('birthDate', msg('err.imp.date.birthMonthOnly', { text: month }));
    } else v.birthDate = maskedOr('birthDate', month, r.birthDate);
  }
  return v;
}

/** The birth date an 18-character ID number carries (its format alone; the member rules check the rest). */
function birthDateInIdNumber(id: string | null): string | null {
  if (id === null || !/^\d{17}[\dX]$/.test(id)) return null;
  const iso = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return isIsoDate(iso) ? iso : null;
}

/** The registered ID number or birth date a row would replace (refused to a caller who sees the record reduced). */
function blindChanges(match: MemberCodedRow, v: RosterValues): ('idNumber' | 'birthDate')[] {
  return [
    ...(match.id_number !== null && v.idNumber !== match.id_number ? (['idNumber'] as const) : []),
    ...(match.birth_date !== null && v.birthDate !== match.birth_date ? (['birthDate'] as const) : []),
  ];
}

/** A value as the caller may see it in the preview (ID number, birth date and phone reduced as person-view says). */
function shownValues(v: RosterValues, full: boolean, today: string) {
  const view = viewIdentifyingFacts({ birthDate: v.birthDate, idNumber: v.idNumber, phone: v.phone }, today, full);
  return { birthDate: view.birthDate ?? view.birthYearMonth, idNumber: view.idNumber, phone: view.phone };
}

function describeValue(
  field: RosterValueField,
  v: RosterValues,
  shown: ReturnType<typeof shownValues>,
  orgOf: (id: number) => string,
): string | null {
  switch (field) {
    case 'gender':
      return v.gender ? GENDER_LABELS[v.gender].zh : null;
    case 'education':
      return v.education ? EDUCATION_LABELS[v.education].zh : null;
    case 'status':
      return MEMBER_STATUS_LABELS[v.status].zh;
    case 'isFloating':
    case 'isRetired':
      return v[field] ? '是' : '否';
    case 'orgId':
      return orgOf(v.orgId);
    case 'birthDate':
    case 'idNumber':
    case 'phone':
      return shown[field];
    default:
      return v[field];
  }
}

/** A person's record as the audit log keeps it: the ID number masked (see people.service snapshot). */
function auditValue(field: RosterValueField, v: RosterValues): unknown {
  return field === 'idNumber' && v.idNumber ? maskIdNumber(v.idNumber) : v[field];
}

/** A row of a registered person: what it makes of their record, and which fields differ. */
type MatchedPlan = {
  kind: 'changed' | 'unchanged';
  row: number;
  values: RosterValues;
  regionId: number;
  person: MemberCodedRow;
  fields: RosterValueField[];
};
type NewPlan = { kind: 'new'; row: number; values: RosterValues; regionId: number };
type Planned = NewPlan | MatchedPlan;

/**
 * The roster as read, from the file or from the workbook an earlier check kept; a check the caller will follow up
 * (the web wizard) keeps what it read. The reader holds an .xlsx to the zip limits before ExcelJS expands it (a few
 * KB can expand to gigabytes). A function of its own so that no reference to the workbook outlives the reading.
 */
async function readSource(
  ctx: Ctx,
  targetId: number,
  source: RosterSource,
  opts: ImportOptions,
): Promise<RosterRows & { kept: KeptUpload | null }> {
  const who = { db: ctx.db, userId: ctx.actor.userId, now: ctx.now };
  let file: Buffer | Workbook | WorkbookResult;
  let kept: KeptUpload | null = null;
  if (Buffer.isBuffer(source)) file = source;
  else if ('takeReading' in source) file = await source.takeReading();
  else {
    file = await takeUpload(who, ROSTER_LIST, source.uploadId);
    kept = { uploadId: source.uploadId, expiresAt: '' };
  }
  const onRead = opts.onProgress && ((done: number, total: number) => opts.onProgress?.(done, total, 'read'));
  if (Buffer.isBuffer(source) && opts.keepUpload && !opts.commit && ctx.actor.userId !== 0) {
    const opened = await openRosterWorkbook(source, onRead);
    if (opened.ok) {
      file = opened.workbook;
      kept = await keepUpload(who, ROSTER_LIST, opened.workbook);
    }
  }
  const read = await readRosterRows(file, {
    today: ctx.today,
    ...(opts.sheets ? { sheets: opts.sheets } : {}),
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
    rememberedMapping: (shape) => findImportMapping(ctx.db, targetId, ROSTER_LIST, shape),
    ...(onRead ? { onRead } : {}),
  });
  return { ...read, kept };
}

/**
 * Checks an uploaded roster and, when `commit` is set and there is no problem at all, registers the new rows and
 * updates the changed people under `orgId`'s subtree in one transaction with one audit row. Problems come back per
 * row and column (committed: false); a check that writes nothing (a dry run, `commit: false`, or an import with
 * problems) writes no person and one audit row ('roster.dry_run', counts only) and returns counts, the row
 * outcomes and a preview.
 */
export async function importRoster(
  ctx: Ctx,
  orgId: number,
  source: RosterSource,
  opts: ImportOptions,
): Promise<RosterImportResult> {
  const target = await getOrg(ctx, orgId);
  if (target.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.roster.orgDissolved', { org: target.name });
  await assertIdNumberChecksAllowed(ctx);
  const progress = opts.onProgress;

  const { sheet, rows, readRecord, kept } = await readSource(ctx, target.id, source, opts);
  const multiSheet = sheet.sheets.length > 1;
  const issues: ImportIssue[] = [...sheet.issues];
  const add = (r: RosterRecord, field: RosterField, m: Msg) => {
    const issue = { row: r.row, column: HEADER_OF[field], message: zhOf(m), msg: m };
    issues.push(multiSheet ? { sheet: r.sheet, ...issue } : issue);
  };
  const rules = ruleSetOn(ctx.today);
  const unreadableRows = new Set(sheet.issues.map((i) => `${i.sheet ?? ''}:${i.row}`));

  // What the rows refer to, looked up a batch of rows at a time (each key once): the organisations they name; who
  // each row is — the person of its 人员编号 (in the scope), else the holder of its ID number; the people in a
  // development case (their status moves only through the case's steps).
  const resolved: Resolved = { orgs: new Map(), problems: new Map() };
  const { orgs, problems } = resolved;
  const byPersonId = new Map<number, MemberCodedRow>();
  const askedPersonIds = new Set<number>();
  const validIds = new Set<string>();
  const seenIds = new Set<string>();
  const holders = new Map<string, MemberCodedRow>();
  const inCase = new Set<number>();
  const askedCases = new Set<number>();
  const orgNames = new Map<number, string>([[target.id, `${target.name}（${target.code}）`]]);
  /**
   * Looks up what `records` refer to through `db`. Inside the import's transaction it could see the people this
   * import has written already: an ID number is looked up only the first time the file gives it (a person written
   * here has the number of an earlier row), and a 人员编号 matches only a person there before the first write
   * (`before`, the highest person id then).
   */
  const lookUp = async (db: Ctx['db'], records: readonly RosterRecord[], before: number | null) => {
    const at = db === ctx.db ? ctx : { ...ctx, db };
    const newOrgs = await resolveOrgs(at, target, records, resolved);
    const found: MemberCodedRow[] = [];
    const personIds: number[] = [];
    for (const r of records) {
      if (r.personId !== null && !askedPersonIds.has(r.personId)) {
        askedPersonIds.add(r.personId);
        personIds.push(r.personId);
      }
    }
    for (const batch of chunks(personIds, LOOKUP_BATCH)) {
      for (const p of await listMembersByIdsInScope(db, ctx.actor, batch)) {
        if (before !== null && p.id > before) continue;
        byPersonId.set(p.id, p);
        found.push(p);
      }
    }
    // Each distinct number checked once (the answer is asked again for every row below).
    const idNumbers: string[] = [];
    for (const r of records) {
      if (r.idNumber === null || seenIds.has(r.idNumber)) continue;
      seenIds.add(r.idNumber);
      if (checkIdNumber(r.idNumber, ctx.today).ok) {
        validIds.add(r.idNumber);
        idNumbers.push(r.idNumber);
      }
    }
    for (const batch of chunks(idNumbers, LOOKUP_BATCH)) {
      for (const p of await listPeopleWithIdNumbers(db, batch)) {
        holders.set(p.id_number!, p);
        found.push(p);
      }
    }
    // Only the people and organisations found by this call (a file's later batches do not go over the earlier ones).
    const people: number[] = [];
    for (const p of found) {
      orgNames.set(p.org_id, `${p.org_name}（${p.org_code}）`);
      if (!askedCases.has(p.id)) {
        askedCases.add(p.id);
        people.push(p.id);
      }
    }
    for (const id of await peopleWithOpenCase(at, people)) inCase.add(id);
    for (const o of newOrgs) orgNames.set(o.id, `${o.name}（${o.code}）`);
  };
  /** Reads rows [from, to) into records; a row with a cell that cannot be read is never planned. */
  const readRows = (from: number, to: number): RosterRecord[] => {
    const records: RosterRecord[] = [];
    for (let i = from; i < to; i++) {
      const before = issues.length;
      const record = readRecord(rows[i]!, issues);
      if (issues.length > before) unreadableRows.add(`${multiSheet ? record.sheet : ''}:${record.row}`);
      records.push(record);
    }
    return records;
  };

  const orgOf = (id: number) => orgNames.get(id) ?? String(id);
  const idRows = new Map<string, number>();
  const personRows = new Map<number, number>();
  const planned: Planned[] = [];
  let refused = 0;
  /** Checks one row: its problems go to `issues`; a row without any is planned (new, changed or unchanged). */
  const checkRow = (r: RosterRecord): void => {
    const before = issues.length;
    const addHere = (field: RosterField, m: Msg) => add(r, field, m);

    let org: RowOrg = target;
    if (r.org !== null) {
      const hit = orgs.get(r.org);
      if (hit) org = hit;
      else if (problems.has(r.org)) addHere('org', problems.get(r.org)!);
    }

    let match: MemberCodedRow | null = null;
    if (r.personId !== null) {
      match = byPersonId.get(r.personId) ?? null;
      if (!match) addHere('personId', msg('err.roster.personIdUnknown', { id: r.personId }));
    }
    const holder = r.idNumber !== null ? holders.get(r.idNumber) : undefined;
    if (holder && holder.id !== match?.id) {
      if (!match && r.personId === null && pathInScope(holder.org_path, ctx.actor)) {
        match = holder;
      } else {
        if (!pathInScope(holder.org_path, ctx.actor)) refused++;
        addHere('idNumber', idNumberTakenMsg(ctx, holder));
      }
    }
    const firstOfPerson = match ? personRows.get(match.id) : undefined;
    if (firstOfPerson !== undefined) {
      addHere(r.personId !== null ? 'personId' : 'idNumber', msg('err.roster.samePerson', { row: firstOfPerson }));
    } else if (match) {
      personRows.set(match.id, r.row);
    }

    const values = valuesOfRow(r, sheet.present, org, match, addHere);
    if (match && inCase.has(match.id) && values.status !== match.status) {
      const status = MEMBER_STATUS_LABELS[match.status];
      addHere('status', msg('err.development.statusByCase', { name: match.name, status }));
    }
    // Moving someone into a dissolved organisation, or registering them there, is refused; staying is not.
    if (org.status !== 'active' && values.orgId === org.id && org.id !== match?.org_id) {
      addHere('org', msg('err.person.orgDissolved', { org: org.name }));
    }

    // A reduced view may fill in a missing ID number or birth date, not replace one (see people.service); the rules
    // are then not run on the row, since their answers (a date that does not fit the number) would tell the digits.
    const blind = match && !seesFullRecord(ctx, match.id) ? blindChanges(match, values) : [];
    for (const field of blind) addHere(field, msg('err.person.idLocked'));

    if (blind.length === 0 && r.status !== null) {
      const facts: MemberFacts = {
        name: values.name,
        gender: values.gender,
        birthDate: values.birthDate,
        idNumber: values.idNumber,
        status: values.status,
        appliedOn: values.appliedOn,
        joinDate: values.joinDate,
        fullDate: values.fullDate,
      };
      for (const p of checkMemberRecord(facts, ctx.today, rules)) {
        const field = DOMAIN_FIELD_COLUMN[p.field];
        if (!r.unreadable.has(field)) addHere(field, p.msg);
      }
      // The roster is the register of members: a 党员 without an identity number cannot be told apart.
      if (
        MEMBER_PROPER_STATUSES.includes(values.status) &&
        values.idNumber === null &&
        r.masked.idNumber === null &&
        !r.unreadable.has('idNumber')
      ) {
        addHere('idNumber', msg('err.roster.idRequired'));
      }
    } else if (blind.length === 0) {
      const named = checkPersonName(r.name);
      if (!named.ok && !r.unreadable.has('name')) addHere('name', named.msg);
    }

    const checkedId = r.idNumber !== null && values.idNumber === r.idNumber && validIds.has(r.idNumber);
    if (firstOfPerson === undefined && checkedId && r.idNumber !== null) {
      const first = idRows.get(r.idNumber);
      if (first !== undefined) addHere('idNumber', msg('err.roster.duplicateId', { row: first }));
      else idRows.set(r.idNumber, r.row);
    }

    if (issues.length > before || unreadableRows.has(`${multiSheet ? r.sheet : ''}:${r.row}`)) return;
    const regionId = match && values.orgId === match.org_id ? match.region_id : org.region_id;
    if (!match) {
      planned.push({ kind: 'new', row: r.row, values, regionId });
    } else {
      const fields = changedFields(valuesOfPerson(match), values);
      planned.push({
        kind: fields.length > 0 ? 'changed' : 'unchanged',
        row: r.row,
        values,
        regionId,
        person: match,
        fields,
      });
    }
  };

  // A name's pinyin is worked out once per import (a roster repeats its common names; pinyin is most of a row's cost).
  const keysOfName = new Map<string, ReturnType<typeof nameKeys>>();
  const keysOf = (name: string) => {
    let keys = keysOfName.get(name);
    if (!keys) {
      keys = nameKeys(name);
      keysOfName.set(name, keys);
    }
    return keys;
  };
  const newPersonOf = (p: NewPlan): NewPerson => {
    const keys = keysOf(p.values.name);
    return {
      org_id: p.values.orgId,
      region_id: p.regionId,
      name: p.values.name,
      name_pinyin: keys.pinyin,
      name_initials: keys.initials,
      gender: p.values.gender,
      ethnicity: p.values.ethnicity,
      birth_date: p.values.birthDate,
      education: p.values.education,
      id_number: p.values.idNumber,
      phone: p.values.phone,
      status: p.values.status,
      applied_on: p.values.appliedOn,
      join_date: p.values.joinDate,
      full_date: p.values.fullDate,
      is_floating: p.values.isFloating,
      is_retired: p.values.isRetired,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
  };

  /**
   * Reads and checks every row, a batch at a time. Given a transaction (an import asked to commit, with no problem
   * found before the rows), each batch's new and changed people are written in it while the next batches are read,
   * looked up and checked — PostgreSQL keeps its indexes while the process reads, instead of after it — until the first
   * problem: from then on nothing more is written, every row is still checked (all problems are listed), and the
   * caller rolls the transaction back. The lookups run LOOKAHEAD batches ahead of the checks, one batch's after the
   * other's, beside the transaction when the caller gives connections for it, else through it. Answers how many new
   * people were written.
   */
  const checkAll = async (trx: Transaction<DB> | null): Promise<number> => {
    // Through the transaction, a lookup could see the people this import has written (see lookUp); beside it, not.
    const db = trx ? (opts.lookupsBeside ?? trx) : ctx.db;
    const before = db === trx ? await highestPersonId(trx) : null;
    const batches = Math.ceil(rows.length / INSERT_BATCH);
    const prepared: (Promise<RosterRecord[]> | null)[] = [];
    let looked: Promise<unknown> = Promise.resolve();
    const prepare = (k: number) => {
      const records = readRows(k * INSERT_BATCH, Math.min(rows.length, (k + 1) * INSERT_BATCH));
      const ready = looked.then(() => lookUp(db, records, before)).then(() => records);
      // Awaited in turn below; one that fails stops the import there, and the later ones must not count as unhandled.
      ready.catch(() => {});
      looked = ready;
      prepared[k] = ready;
    };
    for (let k = 0; k < Math.min(LOOKAHEAD, batches); k++) prepare(k);
    let written = 0;
    let writing: Promise<void> | null = null;
    for (let k = 0; k < batches; k++) {
      let records: RosterRecord[];
      try {
        records = await prepared[k]!;
      } catch (e) {
        // A batch the database refused aborts the transaction, and the lookups queued behind it fail with it: the
        // refusal is what to report.
        if (writing) await writing;
        throw e;
      }
      prepared[k] = null;
      const mark = planned.length;
      for (const r of records) checkRow(r);
      progress?.(Math.min(rows.length, (k + 1) * INSERT_BATCH), rows.length, 'validate');
      if (trx && issues.length === 0) {
        const news: NewPerson[] = [];
        const changes: MatchedPlan[] = [];
        for (let i = mark; i < planned.length; i++) {
          const p = planned[i]!;
          if (p.kind === 'new') news.push(newPersonOf(p));
          else if (p.kind === 'changed') changes.push(p);
        }
        if (news.length > 0 || changes.length > 0) {
          if (writing) await writing;
          writing = (async () => {
            if (news.length > 0) {
              await insertPeople(trx, news);
              written += news.length;
            }
            if (changes.length > 0) await writeChanged(trx, changes);
          })();
          // Its failure is taken up when it is awaited; until then it must not count as unhandled (the process
          // would stop on it while the next batch is checked).
          writing.catch(() => {});
        }
      }
      if (k + LOOKAHEAD < batches) prepare(k + LOOKAHEAD);
      // Let the statements leave before the next batch is checked (the checks do not wait for anything).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (writing) await writing;
    return written;
  };

  // Someone may have changed one of the people this import updates since they were read above.
  const assertUnchanged = async (trx: Transaction<DB>, changed: MatchedPlan[]) => {
    for (const batch of chunks(changed, LOOKUP_BATCH)) {
      const versions = new Map(
        (
          await lockPersonVersions(
            trx,
            batch.map((p) => p.person.id),
          )
        ).map((v) => [v.id, new Date(v.updated_at).getTime()]),
      );
      const stale = batch.find((p) => versions.get(p.person.id) !== new Date(p.person.updated_at).getTime());
      if (stale) throw changedMeanwhile(stale);
    }
  };
  /**
   * Writes a batch's changed people: their versions locked and compared with those read (someone may have saved one
   * since), then the people whose same fields changed updated together (an edited export changes the same column
   * or two of many people), each to its own values.
   */
  const writeChanged = async (trx: Transaction<DB>, changed: MatchedPlan[]) => {
    await assertUnchanged(trx, changed);
    const groups = new Map<string, { columns: ImportedPersonColumn[]; rows: PersonValues[] }>();
    for (const p of changed) {
      const values: Partial<Record<ImportedPersonColumn, unknown>> = {};
      for (const f of p.fields) values[PERSON_COLUMN[f]] = p.values[f];
      if (p.fields.includes('name')) {
        const keys = keysOf(p.values.name);
        values.name_pinyin = keys.pinyin;
        values.name_initials = keys.initials;
      }
      if (p.fields.includes('orgId')) values.region_id = p.regionId;
      const columns = (Object.keys(values) as ImportedPersonColumn[]).sort();
      const key = columns.join(',');
      let group = groups.get(key);
      if (!group) {
        group = { columns, rows: [] };
        groups.set(key, group);
      }
      group.rows.push({ id: p.person.id, values });
    }
    for (const { columns, rows: people } of groups.values()) await updatePeople(trx, columns, people, ctx.now);
  };
  /** The rest of a committed import, after the people were written: the audit row, the upload, the mapping. */
  const finish = async (trx: Transaction<DB>, created: number) => {
    const changed = planned.filter((p): p is MatchedPlan => p.kind === 'changed');
    const before = valuesOfPersonForAudit(changed);
    await audit(trx, ctx, 'member.import', { entity: 'person', entityId: null, orgId: target.id }, before, {
      fileRows: sheet.total,
      created,
      updated: changed.length,
      unchanged: planned.filter((p) => p.kind === 'unchanged').length,
      orgCode: target.code,
      ...(changed.length > 0
        ? {
            changes: changed.map((p) => ({
              personId: p.person.id,
              row: p.row,
              after: Object.fromEntries(p.fields.map((f) => [f, auditValue(f, p.values)])),
            })),
          }
        : {}),
      ...(opts.mapping ? { mapping: sheet.mapping } : {}),
    });
    // The upload the wizard checked is done with once it is imported.
    if (kept) await dropUpload({ db: trx, userId: ctx.actor.userId, now: ctx.now }, kept.uploadId);
    // A mapping the user gave is remembered for the next file of this shape into this organisation.
    await rememberMapping(trx, { orgId: target.id, list: ROSTER_LIST }, opts.mapping, sheet, {
      at: ctx.now,
      by: ctx.actor.userId || null,
    });
    return changed.length;
  };

  // An import asked to commit, with no problem found before the rows: checked and written in one transaction,
  // rolled back at the end if any row has a problem. Anything else is a check that writes no person.
  let committed: { created: number; updated: number } | null = null;
  progress?.(0, rows.length, 'validate');
  if (opts.commit && issues.length === 0) {
    const problemsFound = new Error('the roster has problems: nothing is written');
    try {
      committed = await ctx.db.transaction().execute(async (trx) => {
        const created = await checkAll(trx);
        if (issues.length > 0) throw problemsFound;
        return { created, updated: await finish(trx, created) };
      });
    } catch (e) {
      if (e !== problemsFound) {
        // Someone registered one of these numbers since it was looked up: the row that wanted it, when the
        // database names the number.
        if ((e as { code?: unknown }).code === '23505') throw duplicateDuringImport(rowOfTakenNumber(e, planned));
        throw e;
      }
    }
  } else {
    await checkAll(null);
  }
  // The rows as read are done with (the plans hold what was written).
  sheet.records = [];

  const sheetOrder = new Map(sheet.sheets.map((name, i) => [name, i]));
  issues.sort(
    (a, b) =>
      (sheetOrder.get(a.sheet ?? '') ?? -1) - (sheetOrder.get(b.sheet ?? '') ?? -1) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (COLUMN_ORDER.get(a.column ?? '') ?? -1) - (COLUMN_ORDER.get(b.column ?? '') ?? -1),
  );
  const errors =
    issues.length > ISSUE_LIMIT
      ? [
          ...issues.slice(0, ISSUE_LIMIT),
          (() => {
            const more = msg('err.roster.moreErrors', { n: issues.length - ISSUE_LIMIT });
            return { row: null, column: null, message: zhOf(more), msg: more };
          })(),
        ]
      : issues;
  opts.onChecked?.(issues, sheet);
  const counts = { new: 0, changed: 0, unchanged: 0 };
  for (const p of planned) counts[p.kind]++;
  // Only the outcomes the answer lists are made (a 50,000-row file lists 1,000).
  const outcomes: ImportRowOutcome[] = [];
  for (const kind of ['changed', 'new', 'unchanged'] as const) {
    for (const p of planned) {
      if (outcomes.length >= ROW_LIMIT) break;
      if (p.kind === kind) outcomes.push(outcomeOf(ctx, p, orgOf));
    }
  }
  const result: RosterImportResult = {
    committed: false,
    total: sheet.total,
    valid: planned.length,
    created: 0,
    updated: 0,
    counts,
    rows: outcomes,
    rowsOmitted: planned.length - outcomes.length,
    errors,
    preview: sheet.preview,
    sheets: sheet.sheets,
    sheetCandidates: sheet.candidates,
    mapping: sheet.mapping,
    matchedBy: sheet.matchedBy,
    skipped: sheet.skipped,
    warnings: sheet.warnings,
    warningMsgs: sheet.warningMsgs,
    ...(kept ? { uploadId: kept.uploadId } : {}),
    errorCount: issues.length,
  };
  if (committed === null) {
    // Counts only: the audit log must not become a list of the numbers tried.
    await ctx.db.transaction().execute((trx) =>
      audit(trx, ctx, 'roster.dry_run', { entity: 'person', entityId: null, orgId: target.id }, null, {
        commitAsked: opts.commit,
        fileRows: sheet.total,
        valid: planned.length,
        errors: issues.length,
        idNumbersChecked: idRows.size,
        idNumbersRefused: refused,
        orgCode: target.code,
      }),
    );
    return result;
  }
  const { uploadId: _done, ...imported } = result;
  return { ...imported, committed: true, ...committed };
}

/**
 * The file row whose ID number the database found taken (a unique violation names the key: `Key (id_number)=(…)`),
 * among the rows that write a number: new people and people given a new one. Null when it cannot be told.
 */
function rowOfTakenNumber(e: unknown, planned: readonly Planned[]): number | null {
  const detail = (e as { detail?: unknown }).detail;
  const taken = typeof detail === 'string' ? /\(id_number\)=\(([^)]*)\)/.exec(detail)?.[1] : undefined;
  if (taken === undefined) return null;
  const p = planned.find(
    (x) => x.values.idNumber === taken && (x.kind === 'new' || (x.kind === 'changed' && x.fields.includes('idNumber'))),
  );
  return p?.row ?? null;
}

const FIELD_OF_HEADER = new Map<string, RosterField>(Object.entries(HEADER_OF).map(([f, h]) => [h, f as RosterField]));

/**
 * The user's file with every problem marked where it stands (error-workbook.ts), checked as the import would check
 * it (a dry run, audited as one). Refused when the file cannot be read at all (its one problem is the answer) or
 * has no problem.
 */
export async function rosterErrorWorkbook(
  ctx: Ctx,
  orgId: number,
  source: RosterSource,
  choices: Pick<ImportOptions, 'sheets' | 'mapping'>,
): Promise<Buffer> {
  let found: { issues: readonly ImportIssue[]; sheet: RosterSheet } | null = null;
  const result = await importRoster(ctx, orgId, source, {
    ...choices,
    commit: false,
    onChecked: (issues, sheet) => {
      found = { issues, sheet };
    },
  });
  const checked = found as { issues: readonly ImportIssue[]; sheet: RosterSheet } | null;
  if (!checked || checked.sheet.xlsx === null) {
    throw AppError.of('IMPORT_INVALID', 'err.roster.hasErrors', { n: result.errorCount }, result);
  }
  if (checked.issues.length === 0) throw AppError.of('RULE_VIOLATION', 'err.roster.noErrorsToMark');
  return markRosterErrors(checked.issues, checked.sheet) as Promise<Buffer>;
}

/** The file as read with these problems marked; null when it could not be read as a workbook at all. */
export function markRosterErrors(issues: readonly ImportIssue[], sheet: RosterSheet): Promise<Buffer> | null {
  if (sheet.xlsx === null) return null;
  const marks: ErrorMark[] = issues.map((i) => {
    const field = i.column ? FIELD_OF_HEADER.get(i.column) : undefined;
    const col = field ? (sheet.fieldColumns[field] ?? null) : null;
    return { sheet: i.sheet ?? null, row: i.row, col, column: i.column, message: i.message };
  });
  return annotateWorkbook(sheet.xlsx, sheet.sheets[0] ?? '', marks);
}

/** The changed people's fields before the import, for the audit row (null when nobody changed). */
function valuesOfPersonForAudit(changed: MatchedPlan[]): unknown {
  if (changed.length === 0) return null;
  return {
    changes: changed.map((p) => {
      const v = valuesOfPerson(p.person);
      return { personId: p.person.id, before: Object.fromEntries(p.fields.map((f) => [f, auditValue(f, v)])) };
    }),
  };
}

function outcomeOf(ctx: Ctx, p: Planned, orgOf: (id: number) => string): ImportRowOutcome {
  if (p.kind === 'new') return { row: p.row, kind: 'new', name: p.values.name, personId: null, changes: [] };
  const full = seesFullRecord(ctx, p.person.id);
  const before = valuesOfPerson(p.person);
  const shownBefore = shownValues(before, full, ctx.today);
  const shownAfter = shownValues(p.values, full, ctx.today);
  const changes: ImportFieldChange[] = p.fields.map((f) => ({
    column: HEADER_OF[VALUE_COLUMN[f]],
    before: describeValue(f, before, shownBefore, orgOf),
    after: describeValue(f, p.values, shownAfter, orgOf),
  }));
  return { row: p.row, kind: p.kind, name: p.values.name, personId: p.person.id, changes };
}

function changedMeanwhile(p: MatchedPlan): AppError {
  return AppError.of('CONFLICT', 'err.roster.changedMeanwhile', { row: p.row, name: p.person.name }, { row: p.row });
}

function duplicateDuringImport(row: number | null): AppError {
  const m = row === null ? msg('err.roster.idTakenMeanwhile') : msg('err.roster.idTakenMeanwhileAt', { row });
  return new AppError('DUPLICATE', m, {
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
      yield rows.map((r) => ({ ...toMemberRow(ctx, r), appliedOn: r.applied_on, orgCode: r.org_code }));
    }
  }
  return { filename, write: (out) => writeRosterExport(batches(), out) };
}
