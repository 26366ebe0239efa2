import { Card, Segmented, Table, Typography } from 'antd';
import { useState } from 'react';
import type { GridStats } from '../../../../contracts/grid.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { gridStats } from '../api/grid.ts';

type By = GridStats['by'];
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

/**
 * The ranking of grids, communities or streets on their on-time rate (按期办结率 = resolved on time ÷ due), with the
 * counts beside it; nothing about logins or photos counts.
 */
export function GridRanking({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const [by, setBy] = useState<By>('grid');
  const res = useRequest(() => gridStats({ orgId, by }), [orgId, by]);
  const d = res.data;
  return (
    <Card
      size="small"
      title={t('grid.ranking')}
      extra={
        <Segmented
          size="small"
          value={by}
          onChange={(v) => setBy(v as By)}
          options={[
            { value: 'grid', label: t('grid.byGrid') },
            { value: 'community', label: t('grid.byCommunity') },
            { value: 'street', label: t('grid.byStreet') },
          ]}
        />
      }
      data-testid="grid-ranking"
    >
      {res.error ? (
        <ErrorResult error={res.error} />
      ) : (
        <>
          <Table
            size="small"
            loading={res.loading}
            rowKey="key"
            pagination={false}
            scroll={{ x: 620 }}
            dataSource={d?.rows ?? []}
            columns={[
              { title: t('grid.rank'), dataIndex: 'rank', width: 56, render: (v: number | null) => v ?? '—' },
              {
                title: t('grid.unit'),
                dataIndex: 'name',
                render: (v: string, r) => (
                  <>
                    {v}
                    {r.parentName && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {' '}
                        · {r.parentName}
                      </Typography.Text>
                    )}
                  </>
                ),
              },
              { title: t('grid.rate'), dataIndex: 'rate', width: 90, render: pct },
              { title: t('grid.due'), dataIndex: 'due', width: 64 },
              { title: t('grid.onTime'), dataIndex: 'onTime', width: 64 },
              { title: t('grid.reported'), dataIndex: 'reported', width: 64 },
              { title: t('grid.overdue'), dataIndex: 'overdue', width: 64 },
              { title: t('grid.reopenedCol'), dataIndex: 'reopened', width: 80 },
            ]}
          />
          {d && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('grid.rankingNote', { from: d.from, to: d.to })}
            </Typography.Text>
          )}
        </>
      )}
    </Card>
  );
}
