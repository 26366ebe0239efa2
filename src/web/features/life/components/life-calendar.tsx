import { Popover, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { LifeCompliance } from '../../../../contracts/life.ts';
import { MEETING_KIND_LABELS } from '../../../../domain/life/vocab.ts';
import { label, useI18n } from '../../../lib/i18n.ts';

/**
 * The colours of a window's status: done green, flagged orange, made up late (补开) purple, missing red, running
 * grey, not applicable blank.
 */
export const STATUS_COLOR: Record<string, string> = {
  done: '#52c41a',
  flagged: '#fa8c16',
  late: '#722ed1',
  missing: '#cf1322',
  pending: '#d9d9d9',
  none: '#fafafa',
};

type Cell = LifeCompliance['cells'][number];

/**
 * 12 months × the kinds the organisation must hold: each cell shows the status of the window that holds the month
 * (a quarter's months share it) and opens the meetings held in that month.
 */
export function LifeCalendar({ data }: { data: LifeCompliance }) {
  const { t } = useI18n();
  const byId = new Map(data.meetings.map((m) => [m.id, m]));
  const cellOf = (kind: string, month: number) => data.cells.find((c) => c.kind === kind && c.month === month);
  const box = (c: Cell) => {
    const inner = (
      <button
        type="button"
        data-testid={`life-cell-${c.kind}-${c.month}`}
        data-status={c.status}
        aria-label={`${label(MEETING_KIND_LABELS[c.kind])} ${c.month} ${t(`life.status.${c.status}` as 'life.status.done')}`}
        style={{
          width: '100%',
          minWidth: 22,
          height: 28,
          border: '1px solid #f0f0f0',
          borderRadius: 4,
          background: STATUS_COLOR[c.status],
          cursor: c.meetingIds.length > 0 ? 'pointer' : 'default',
          color: c.status === 'pending' || c.status === 'none' ? '#595959' : '#fff',
          fontSize: 12,
          padding: 0,
        }}
      >
        {c.meetingIds.length > 0 ? c.meetingIds.length : ''}
      </button>
    );
    if (c.meetingIds.length === 0) return inner;
    return (
      <Popover
        trigger="click"
        title={`${label(MEETING_KIND_LABELS[c.kind])} · ${t('life.monthN', { n: c.month })}`}
        content={
          <ul style={{ margin: 0, paddingLeft: 16 }}>
            {c.meetingIds.map((id) => {
              const m = byId.get(id);
              return (
                <li key={id}>
                  <Link to={`/life/meetings/${id}`}>{m ? `${m.heldOn} ${m.topic}` : `#${id}`}</Link>
                </li>
              );
            })}
          </ul>
        }
      >
        {inner}
      </Popover>
    );
  };
  return (
    <div style={{ overflowX: 'auto' }} data-testid="life-calendar">
      <table style={{ borderCollapse: 'separate', borderSpacing: 3, width: '100%', minWidth: 560 }}>
        <thead>
          <tr>
            <th style={{ textAlign: 'left', fontWeight: 500, minWidth: 110 }}>{t('life.kind')}</th>
            {Array.from({ length: 12 }, (_, i) => (
              <th key={i} style={{ fontWeight: 400, fontSize: 12 }}>
                {t('life.monthShort', { n: i + 1 })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.kinds.map((kind) => (
            <tr key={kind}>
              <td>
                <Typography.Text>{label(MEETING_KIND_LABELS[kind])}</Typography.Text>
              </td>
              {Array.from({ length: 12 }, (_, i) => {
                const c = cellOf(kind, i + 1);
                return <td key={i}>{c ? box(c) : null}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div style={{ marginTop: 8 }}>
        {(['done', 'flagged', 'late', 'missing', 'pending'] as const).map((s) => (
          <Tag key={s} color={STATUS_COLOR[s]} style={{ color: s === 'pending' ? '#595959' : undefined }}>
            {t(`life.status.${s}`)}
          </Tag>
        ))}
      </div>
    </div>
  );
}
