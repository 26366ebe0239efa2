import { Button, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HubFigures } from '../../../../contracts/hub.ts';
import { formatNumber } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';

/** A row of the national view: a province or one of its published organisations, with its figures. */
export type HubRow = {
  key: string;
  name: string;
  code: string;
  figures: HubFigures;
  /** Seconds since the province last published (provinces only). */
  ageSeconds?: number;
  /** Whether the row can be opened one level down. */
  open?: () => void;
};

/** Beyond this many seconds a province's figures are marked stale (several publication intervals missed). */
const STALE_SECONDS = 120;

const rate = (done: number, of: number) => (of > 0 ? `${Math.round((done / of) * 100)}%` : '—');

/**
 * The figures of provinces or organisations side by side: the work (assigned, done, on time, overdue), the members
 * as the national statistics count them (shares of the members), the branches' 三会一课 and star levels, freshness.
 */
export function HubFiguresTable({ rows, loading }: { rows: HubRow[]; loading: boolean }) {
  const { t } = useI18n();
  const share = (part: number, r: HubRow) => <span title={formatNumber(part)}>{rate(part, r.figures.members)}</span>;
  const lifeYear = rows.find((r) => r.figures.lifeYear !== null)?.figures.lifeYear ?? null;
  const starYear = rows.find((r) => r.figures.starYear !== null)?.figures.starYear ?? null;
  const columns: ColumnsType<HubRow> = [
    {
      title: t('hub.col.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, r) =>
        r.open ? (
          <Button type="link" style={{ padding: 0 }} onClick={r.open}>
            {name}
          </Button>
        ) : (
          name
        ),
    },
    { title: t('hub.col.code'), dataIndex: 'code' },
    {
      title: t('hub.group.work'),
      children: [
        { title: t('hub.col.tasks'), align: 'right', render: (_, r) => formatNumber(r.figures.tasks) },
        { title: t('hub.col.assigned'), align: 'right', render: (_, r) => formatNumber(r.figures.assigned) },
        { title: t('hub.col.done'), align: 'right', render: (_, r) => formatNumber(r.figures.done) },
        { title: t('hub.col.doneRate'), align: 'right', render: (_, r) => rate(r.figures.done, r.figures.assigned) },
        { title: t('hub.col.onTime'), align: 'right', render: (_, r) => rate(r.figures.doneOnTime, r.figures.done) },
        { title: t('hub.col.overdue'), align: 'right', render: (_, r) => formatNumber(r.figures.overdue) },
      ],
    },
    {
      title: t('hub.group.members'),
      children: [
        { title: t('hub.col.members'), align: 'right', render: (_, r) => formatNumber(r.figures.members) },
        { title: t('hub.col.women'), align: 'right', render: (_, r) => share(r.figures.women, r) },
        { title: t('hub.col.minorities'), align: 'right', render: (_, r) => share(r.figures.minorities, r) },
        { title: t('hub.col.college'), align: 'right', render: (_, r) => share(r.figures.college, r) },
        { title: t('hub.col.ageLe30'), align: 'right', render: (_, r) => share(r.figures.ageLe30, r) },
        { title: t('hub.col.ageGe61'), align: 'right', render: (_, r) => share(r.figures.ageGe61, r) },
        { title: t('hub.col.recruited'), align: 'right', render: (_, r) => formatNumber(r.figures.recruited) },
        { title: t('hub.col.applicants'), align: 'right', render: (_, r) => formatNumber(r.figures.applicants) },
        { title: t('hub.col.activists'), align: 'right', render: (_, r) => formatNumber(r.figures.activists) },
      ],
    },
    {
      title: t('hub.group.orgs'),
      children: [
        { title: t('hub.col.branches'), align: 'right', render: (_, r) => formatNumber(r.figures.branches) },
        {
          title: lifeYear === null ? t('hub.col.lifeNoYear') : t('hub.col.life', { year: lifeYear }),
          align: 'right',
          render: (_, r) => rate(r.figures.lifeMet, r.figures.lifeDue),
        },
        {
          title: starYear === null ? t('hub.col.starsNoYear') : t('hub.col.stars', { year: starYear }),
          align: 'right',
          render: (_, r) => formatNumber(r.figures.star4 + r.figures.star5),
        },
      ],
    },
  ];
  if (rows.some((r) => r.ageSeconds !== undefined)) {
    columns.push({
      title: t('hub.col.fresh'),
      render: (_, r) =>
        r.ageSeconds === undefined ? null : (
          <Tag color={r.ageSeconds > STALE_SECONDS ? 'warning' : 'success'}>
            {r.ageSeconds > STALE_SECONDS
              ? t('hub.stale', { minutes: Math.round(r.ageSeconds / 60) })
              : t('hub.fresh', { seconds: r.ageSeconds })}
          </Tag>
        ),
    });
  }
  return (
    <Table
      rowKey="key"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('hub.empty') }}
    />
  );
}
