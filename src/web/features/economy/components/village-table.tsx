import { Table, Tag } from 'antd';
import { Link } from 'react-router';
import type { Paged } from '../../../../contracts/common.ts';
import type { VillageRow } from '../../../../contracts/economy.ts';
import { INCOME_SOURCE_LABELS, INCOME_SOURCES, type VillageMark } from '../../../../domain/economy/vocab.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { formatYuan } from './format.ts';

const MARK_COLOR: Record<VillageMark, string> = { hollow: 'red', weak: 'orange', missing: 'default', none: '' };

/** A village's marks: 空壳村 / 薄弱村 / 未填报, and 达标 when it reaches the amount. */
export function VillageMarks({ row }: { row: Pick<VillageRow, 'mark' | 'reaching' | 'figures'> }) {
  const { t } = useI18n();
  return (
    <>
      {row.mark !== 'none' && (
        <Tag color={MARK_COLOR[row.mark]} data-testid={`mark-${row.mark}`}>
          {t(`economy.mark.${row.mark}`)}
        </Tag>
      )}
      {row.reaching && <Tag color="green">{t('economy.mark.reaching')}</Tag>}
      {row.figures && !row.figures.annual && (
        <Tag>{t('economy.quartersSoFar', { quarters: row.figures.quarters.join('、') })}</Tag>
      )}
    </>
  );
}

/**
 * The subtree's villages with their income of the year by kind (元), 经营性收入 and the total, and their marks; a
 * village's name opens its entries (and the phone form when the caller reports for it).
 */
export function VillageTable({
  page,
  loading,
  year,
  onPage,
}: {
  page: Paged<VillageRow> | undefined;
  loading: boolean;
  year: number;
  onPage: (page: number, pageSize: number) => void;
}) {
  const { t, label } = useI18n();
  const money = (v: number | undefined) => (v === undefined ? '' : formatYuan(v));
  return (
    <Table<VillageRow>
      size="small"
      rowKey="orgId"
      loading={loading}
      dataSource={page?.items ?? []}
      scroll={{ x: 1200 }}
      data-testid="economy-table"
      pagination={{
        current: page?.page ?? 1,
        pageSize: page?.pageSize ?? 20,
        total: page?.total ?? 0,
        showSizeChanger: true,
        onChange: onPage,
      }}
      columns={[
        {
          title: t('economy.col.village'),
          dataIndex: 'name',
          fixed: 'left',
          width: 170,
          render: (name: string, r) => <Link to={`/economy/entry?orgId=${r.orgId}&year=${year}`}>{name}</Link>,
        },
        { title: t('economy.col.town'), dataIndex: 'parentName', width: 130 },
        ...INCOME_SOURCES.map((s) => ({
          title: label(INCOME_SOURCE_LABELS[s]),
          key: s,
          align: 'right' as const,
          width: 120,
          render: (_: unknown, r: VillageRow) => money(r.figures?.amounts[s]),
        })),
        {
          title: t('economy.col.operating'),
          key: 'operating',
          align: 'right' as const,
          width: 130,
          render: (_: unknown, r: VillageRow) => <strong>{money(r.figures?.operating)}</strong>,
        },
        {
          title: t('economy.col.total'),
          key: 'total',
          align: 'right' as const,
          width: 130,
          render: (_: unknown, r: VillageRow) => money(r.figures?.total),
        },
        {
          title: t('economy.col.marks'),
          key: 'marks',
          width: 170,
          render: (_: unknown, r: VillageRow) => <VillageMarks row={r} />,
        },
      ]}
    />
  );
}
