import { compareIso } from '../dates.ts';
import { type CellValue, cellText, type GridCell } from '../import/grid.ts';
import { foldChoice, type ListSpec } from '../import/list-spec.ts';
import { readDate } from '../import/values.ts';
import { type Msg, msg } from '../messages.ts';
import { MEETING_KIND_LABELS, MEETING_KINDS, type MeetingKind } from './vocab.ts';

/**
 * The meeting ledger (会议台账) as branches keep it in a spreadsheet — 日期, 开始时间, 结束时间, 会议类型, 议题, 地点,
 * 主持人, 会议记录, 应到人数, 实到人数 and an optional 组织 under their own names — for the one spreadsheet importer
 * (domain/import), and how its cells read:
 * dates as text (2026.3.10, 2026年3月10日) or as numbers (Excel serials, 20260310), times in their own columns as
 * text (9:00, 9时30分) or as Excel times, the kind by its name or what ledgers call it (支委会, 党员大会, 主题党日活动).
 * Pure.
 */

export type MeetingListField =
  | 'seq'
  | 'date'
  | 'start'
  | 'end'
  | 'kind'
  | 'topic'
  | 'place'
  | 'host'
  | 'minutes'
  | 'decisions'
  | 'expected'
  | 'present'
  | 'org';

const field = (
  f: MeetingListField,
  header: string,
  kind: 'seq' | 'text' | 'date' | 'integer',
  required: boolean,
  aliases: string[],
  maxLength?: number,
) => ({ field: f, header, kind, required, aliases, ...(maxLength ? { maxLength } : {}) });

export const MEETING_LIST_SPEC: ListSpec<MeetingListField> = {
  name: '会议台账',
  keyField: 'topic',
  fields: [
    field('seq', '序号', 'seq', false, ['编号', '序']),
    field('date', '日期', 'date', true, [
      '会议日期',
      '召开日期',
      '时间',
      '会议时间',
      '召开时间',
      '活动日期',
      '活动时间',
    ]),
    field('start', '开始时间', 'text', false, ['起始时间', '开始', '时间起']),
    field('end', '结束时间', 'text', false, ['结束', '截止时间', '时间止']),
    field('kind', '会议类型', 'text', true, ['类型', '会议类别', '会议名称', '会议形式', '类别', '活动类型']),
    field('topic', '议题', 'text', true, ['会议议题', '主题', '会议主题', '活动主题', '内容', '会议内容摘要'], 200),
    field('place', '地点', 'text', false, ['会议地点', '召开地点', '活动地点'], 200),
    field('host', '主持人', 'text', false, ['主持', '主讲人', '授课人'], 50),
    field('minutes', '会议记录', 'text', false, ['记录', '会议内容', '会议纪要', '纪要', '主要内容'], 20000),
    field('decisions', '决定事项', 'text', false, ['决议', '会议决定', '形成决议'], 5000),
    field('expected', '应到人数', 'integer', false, ['应到', '应到会人数', '应参会人数', '应出席人数']),
    field('present', '实到人数', 'integer', false, [
      '实到',
      '实到会人数',
      '实际参会人数',
      '参会人数',
      '出席人数',
      '到会人数',
    ]),
    field('org', '组织', 'text', false, ['党组织', '组织名称', '党组织名称', '所属组织', '所在支部', '支部名称']),
  ],
};

/** What ledgers call each kind, besides its own name (folded before matching). */
const KIND_ALIASES: Record<MeetingKind, readonly string[]> = {
  general_meeting: ['党员大会', '支部大会', '支部党员大会'],
  committee_meeting: ['支委会', '支部委员会', '支委会议', '支部委员会会议'],
  group_meeting: ['党小组会', '党小组会议', '小组会'],
  lecture: ['党课', '专题党课'],
  theme_day: ['主题党日', '主题党日活动', '党日活动'],
  life_meeting: ['组织生活会', '专题组织生活会'],
  appraisal: ['民主评议党员', '民主评议'],
  leadership_life_meeting: ['民主生活会', '专题民主生活会'],
};

/** The kind a cell names: its Chinese name or an alias, exactly or as the start of the text (支委会（扩大）). */
export function readMeetingKind(v: CellValue): MeetingKind | null {
  const s = foldChoice(cellText(v));
  if (s === '') return null;
  let best: { kind: MeetingKind; len: number } | null = null;
  for (const kind of MEETING_KINDS) {
    for (const name of [MEETING_KIND_LABELS[kind].zh, ...KIND_ALIASES[kind]]) {
      const n = foldChoice(name);
      if ((s === n || s.startsWith(n)) && (!best || n.length > best.len)) best = { kind, len: n.length };
    }
  }
  return best?.kind ?? null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A time of day: text (9:00, 09：30, 9时30分, 9点, 14.30) or an Excel time (a Date on 1899-12-30, or the fraction
 * of a day). null when empty; an error message when it cannot be read.
 */
export function readClockTime(cell: GridCell | null): { ok: true; value: string | null } | { ok: false; msg: Msg } {
  const v = cell?.value ?? null;
  if (v === null || v === '') return { ok: true, value: null };
  const bad = () => ({ ok: false as const, msg: msg('err.life.import.time', { text: cellText(v) }) });
  if (v instanceof Date) return { ok: true, value: `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}` };
  if (typeof v === 'number') {
    if (v < 0 || v >= 1) return bad();
    const minutes = Math.round(v * 24 * 60);
    return minutes >= 24 * 60 ? bad() : { ok: true, value: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}` };
  }
  if (typeof v !== 'string') return bad();
  const s = v.normalize('NFKC').replace(/\s+/g, '');
  const m = /^(?:上午|下午|晚上)?(\d{1,2})(?:[:：.时点](\d{1,2})?分?)?$/.exec(s);
  if (!m) return bad();
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (/^(下午|晚上)/.test(s) && h < 12) h += 12;
  if (h > 23 || min > 59) return bad();
  return { ok: true, value: `${pad(h)}:${pad(min)}` };
}

export type MeetingListRow = {
  kind: MeetingKind;
  heldOn: string;
  startTime: string | null;
  endTime: string | null;
  topic: string;
  place: string;
  host: string;
  minutes: string;
  decisions: string;
  /** 应到人数 and 实到人数 as the ledger counts them (an import has no attendance list): null where not written. */
  expected: number | null;
  present: number | null;
  /** 组织 as written ('': the organisation imported into). */
  org: string;
};

/** A head count: a whole number of 0 or more (30, 30人, ３０); null when empty. */
export function readHeadCount(cell: GridCell | null): { ok: true; value: number | null } | { ok: false; msg: Msg } {
  const v = cell?.value ?? null;
  if (v === null || v === '') return { ok: true, value: null };
  const s = cellText(v)
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(人|名)$/, '');
  if (s === '') return { ok: true, value: null };
  if (!/^\d{1,5}$/.test(s)) return { ok: false, msg: msg('err.life.import.headCount', { text: cellText(v) }) };
  return { ok: true, value: Number(s) };
}

/** One row of the ledger read into a meeting, or the problems of its cells (field and message), none hidden. */
export function readMeetingRow(
  cells: ReadonlyMap<MeetingListField, GridCell | null>,
  today: string,
): { ok: true; row: MeetingListRow } | { ok: false; issues: { field: MeetingListField; msg: Msg }[] } {
  const issues: { field: MeetingListField; msg: Msg }[] = [];
  const text = (f: MeetingListField) => cellText(cells.get(f)?.value ?? null).trim();
  const date = readDate(cells.get('date') ?? null);
  let heldOn: string | null = null;
  if (!date.ok) issues.push({ field: 'date', msg: date.msg });
  else if (date.value === null) issues.push({ field: 'date', msg: msg('err.life.import.dateMissing') });
  else if (compareIso(date.value, today) > 0) {
    issues.push({ field: 'date', msg: msg('err.life.futureDate', { date: date.value }) });
  } else heldOn = date.value;
  const kindText = text('kind');
  const kind = readMeetingKind(kindText);
  if (kindText === '') issues.push({ field: 'kind', msg: msg('err.life.import.kindMissing') });
  else if (!kind) issues.push({ field: 'kind', msg: msg('err.life.import.kind', { text: kindText }) });
  const start = readClockTime(cells.get('start') ?? null);
  const end = readClockTime(cells.get('end') ?? null);
  if (!start.ok) issues.push({ field: 'start', msg: start.msg });
  if (!end.ok) issues.push({ field: 'end', msg: end.msg });
  if (start.ok && end.ok && start.value && end.value && end.value < start.value) {
    issues.push({ field: 'end', msg: msg('err.life.endBeforeStart', { start: start.value, end: end.value }) });
  }
  const topic = text('topic');
  if (topic === '') issues.push({ field: 'topic', msg: msg('err.life.import.topicMissing') });
  const expected = readHeadCount(cells.get('expected') ?? null);
  const present = readHeadCount(cells.get('present') ?? null);
  if (!expected.ok) issues.push({ field: 'expected', msg: expected.msg });
  if (!present.ok) issues.push({ field: 'present', msg: present.msg });
  if (
    expected.ok &&
    present.ok &&
    expected.value !== null &&
    present.value !== null &&
    present.value > expected.value
  ) {
    issues.push({
      field: 'present',
      msg: msg('err.life.import.presentOverExpected', { present: present.value, expected: expected.value }),
    });
  }
  const limits: [MeetingListField, number][] = [
    ['topic', 200],
    ['place', 200],
    ['host', 50],
    ['minutes', 20000],
    ['decisions', 5000],
  ];
  for (const [f, max] of limits) {
    if ([...text(f)].length > max) issues.push({ field: f, msg: msg('err.life.import.tooLong', { max }) });
  }
  if (issues.length > 0 || !kind || !heldOn || !start.ok || !end.ok || !expected.ok || !present.ok) {
    return { ok: false, issues };
  }
  return {
    ok: true,
    row: {
      kind,
      heldOn,
      startTime: start.value,
      endTime: end.value,
      topic,
      place: text('place'),
      host: text('host'),
      minutes: text('minutes'),
      decisions: text('decisions'),
      expected: expected.value,
      present: present.value,
      org: text('org'),
    },
  };
}
