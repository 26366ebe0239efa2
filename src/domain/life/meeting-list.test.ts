import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GridCell } from '../import/grid.ts';
import { fieldOfHeader } from '../import/mapping.ts';
import { zhOf } from '../messages.ts';
import {
  MEETING_LIST_SPEC,
  type MeetingListField,
  readClockTime,
  readHeadCount,
  readMeetingKind,
  readMeetingRow,
} from './meeting-list.ts';

const cell = (value: GridCell['value'], numFmt?: string): GridCell => ({ value, ...(numFmt ? { numFmt } : {}) });
const row = (
  values: Partial<Record<MeetingListField, GridCell['value']>>,
  fmt: Partial<Record<MeetingListField, string>> = {},
) => new Map(Object.entries(values).map(([k, v]) => [k as MeetingListField, cell(v, fmt[k as MeetingListField])]));

describe('the meeting ledger’s cells', () => {
  it('reads the kind by its name or what ledgers call it', () => {
    assert.equal(readMeetingKind('支委会'), 'committee_meeting');
    assert.equal(readMeetingKind('支部委员会会议'), 'committee_meeting');
    assert.equal(readMeetingKind('支委会（扩大）'), 'committee_meeting');
    assert.equal(readMeetingKind('主题党日活动'), 'theme_day');
    assert.equal(readMeetingKind('专题组织生活会'), 'life_meeting');
    assert.equal(readMeetingKind('党员大会'), 'general_meeting');
    assert.equal(readMeetingKind('座谈会'), null);
  });

  it('reads times as text, Excel times and fractions of a day', () => {
    assert.deepEqual(readClockTime(cell('9:00')), { ok: true, value: '09:00' });
    assert.deepEqual(readClockTime(cell('14：30')), { ok: true, value: '14:30' });
    assert.deepEqual(readClockTime(cell('9时30分')), { ok: true, value: '09:30' });
    assert.deepEqual(readClockTime(cell('下午3:00')), { ok: true, value: '15:00' });
    assert.deepEqual(readClockTime(cell(0.375)), { ok: true, value: '09:00' });
    assert.deepEqual(readClockTime(cell(new Date(Date.UTC(1899, 11, 30, 16, 45)))), { ok: true, value: '16:45' });
    assert.deepEqual(readClockTime(cell(null)), { ok: true, value: null });
    const bad = readClockTime(cell('25:00'));
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(zhOf(bad.msg), '时间“25:00”无法识别，请写成“时:分”，如 9:30');
  });

  it('reads dates as text or as numbers (serials, 20260310)', () => {
    const base = { kind: '支委会', topic: '研究工作' };
    const text = readMeetingRow(row({ ...base, date: '2026年3月10日' }), '2026-04-01');
    assert.ok(text.ok && text.row.heldOn === '2026-03-10');
    const serial = readMeetingRow(row({ ...base, date: 46091 }, { date: 'yyyy-mm-dd' }), '2026-04-01');
    assert.ok(serial.ok && serial.row.heldOn === '2026-03-10');
    const digits = readMeetingRow(row({ ...base, date: 20260310 }), '2026-04-01');
    assert.ok(digits.ok && digits.row.heldOn === '2026-03-10');
    const dotted = readMeetingRow(row({ ...base, date: '2026.3.10', start: '9:00', end: '10:30' }), '2026-04-01');
    assert.ok(dotted.ok && dotted.row.startTime === '09:00' && dotted.row.endTime === '10:30');
  });

  it('names every problem of a row by its column, in Chinese', () => {
    const r = readMeetingRow(
      row({ date: '2026-05-01', kind: '座谈会', topic: '', start: '10:00', end: '9:00' }),
      '2026-04-01',
    );
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.deepEqual(
        r.issues.map((i) => [i.field, zhOf(i.msg)]),
        [
          ['date', '会议日期 2026-05-01 晚于今天：只能登记已召开的会议'],
          [
            'kind',
            '会议类型“座谈会”无法识别，应为支部党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议党员或民主生活会',
          ],
          ['end', '结束时间 09:00 早于开始时间 10:00'],
          ['topic', '缺少议题'],
        ],
      );
    }
  });
});

describe('the meeting ledger’s counts and organisation', () => {
  const base = { date: '2026-03-05', kind: '党员大会', topic: '接收预备党员' };

  it('reads 应到 and 实到 as whole numbers (30, 30人, ３０) and keeps the 组织 as written', () => {
    const r = readMeetingRow(row({ ...base, expected: 30, present: '26人', org: ' 甲一村党支部 ' }), '2026-04-01');
    assert.ok(r.ok);
    if (r.ok) assert.deepEqual([r.row.expected, r.row.present, r.row.org], [30, 26, '甲一村党支部']);
    const none = readMeetingRow(row(base), '2026-04-01');
    assert.ok(none.ok && none.row.expected === null && none.row.present === null && none.row.org === '');
    assert.deepEqual(readHeadCount(cell('３０')), { ok: true, value: 30 });
  });

  it('names a count that is not a number, and more present than expected', () => {
    const r = readMeetingRow(row({ ...base, expected: '约30', present: 3 }), '2026-04-01');
    assert.ok(!r.ok && zhOf(r.issues[0]!.msg) === '人数“约30”无法识别，请填写整数，如 12');
    const over = readMeetingRow(row({ ...base, expected: 5, present: 6 }), '2026-04-01');
    assert.ok(!over.ok);
    if (!over.ok) {
      assert.deepEqual(
        over.issues.map((i) => [i.field, zhOf(i.msg)]),
        [['present', '实到人数 6 多于应到人数 5']],
      );
    }
  });

  it('finds the columns by what ledgers call them', () => {
    const byHeader = (h: string) => fieldOfHeader(MEETING_LIST_SPEC, h)?.field.field ?? null;
    assert.deepEqual(
      [
        '会议日期',
        '开始时间',
        '结束时间',
        '会议类别',
        '主题',
        '记录',
        '纪要',
        '应到人数',
        '实到人数',
        '党组织名称',
      ].map(byHeader),
      ['date', 'start', 'end', 'kind', 'topic', 'minutes', 'minutes', 'expected', 'present', 'org'],
    );
  });
});
