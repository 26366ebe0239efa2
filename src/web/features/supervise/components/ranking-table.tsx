import { Table, Tag } from 'antd';
import type { NoticeDetail } from '../../../../contracts/supervise.ts';
import { RANKING_MEASURE_LABELS, RANKING_MEASURES } from '../../../../domain/supervise/ranking.ts';
import { useI18n } from '../../../lib/i18n.ts';

type Ranked = NoticeDetail['ranking']['ranked'][number];

const percent = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10}%`;

/** The ranking of a notice: rank, organisation (best and worst marked), each measure as a rate, the score. */
export function RankingTable({ ranking }: { ranking: NoticeDetail['ranking'] }) {
  const { t, label } = useI18n();
  return (
    <Table<Ranked>
      rowKey="orgId"
      size="middle"
      dataSource={ranking.ranked}
      pagination={false}
      scroll={{ x: 900 }}
      data-testid="ranking-table"
      locale={{ emptyText: t('bulletin.noRanked') }}
      columns={[
        { title: t('bulletin.rank'), dataIndex: 'rank', width: 70, align: 'center' },
        {
          title: t('bulletin.org'),
          dataIndex: 'name',
          render: (v: string, r) => (
            <>
              {v}
              {ranking.best.includes(r.orgId) && (
                <Tag color="green" style={{ marginInlineStart: 6 }}>
                  {t('bulletin.bestTag')}
                </Tag>
              )}
              {ranking.worst.includes(r.orgId) && (
                <Tag color="red" style={{ marginInlineStart: 6 }}>
                  {t('bulletin.worstTag')}
                </Tag>
              )}
            </>
          ),
        },
        ...RANKING_MEASURES.map((m) => ({
          title: label(RANKING_MEASURE_LABELS[m]),
          key: m,
          width: 130,
          align: 'right' as const,
          render: (_: unknown, r: Ranked) => percent(r.rates[m]),
        })),
        {
          title: t('bulletin.dueDone'),
          key: 'due',
          width: 110,
          align: 'right',
          render: (_, r) => `${r.done} / ${r.due}`,
        },
        {
          title: t('bulletin.score'),
          dataIndex: 'score',
          width: 90,
          align: 'right',
          render: (v: number) => <strong>{v.toFixed(2)}</strong>,
        },
      ]}
    />
  );
}
