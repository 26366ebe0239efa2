import { Flex, Table, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { Link } from 'react-router';
import type { Paged } from '../../../../contracts/common.ts';
import type { MemberRow } from '../../../../contracts/people.ts';
import { EDUCATION_LABELS, GENDER_LABELS } from '../../../../domain/people/vocab.ts';
import { useI18n } from '../../../lib/i18n.ts';
import type { MemberFilters } from '../api/members.ts';
import { FlagTags, StatusTag } from './member-tags.tsx';

type Props = {
  data: Paged<MemberRow> | undefined;
  loading: boolean;
  filters: MemberFilters;
  page: number;
  pageSize: number;
  onChange: (patch: {
    page?: number;
    pageSize?: number;
    sort?: MemberFilters['sort'];
    order?: MemberFilters['order'];
  }) => void;
};

type SortKey = NonNullable<MemberFilters['sort']>;

/** The roster table: server-side paging and sorting (name, age = birth date, join date, organisation). */
export function MemberTable({ data, loading, filters, page, pageSize, onChange }: Props) {
  const { t, label } = useI18n();
  const sort = filters.sort ?? 'name';
  const order = filters.order ?? 'asc';
  // Age ascending is birth date descending.
  const orderOf = (key: SortKey, invert = false) => {
    if (sort !== key) return null;
    const asc = (order === 'asc') !== invert;
    return asc ? ('ascend' as const) : ('descend' as const);
  };

  return (
    <Table<MemberRow>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data?.items ?? []}
      scroll={{ x: 960 }}
      sortDirections={['ascend', 'descend']}
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (n) => t(data?.totalCapped ? 'members.totalAtLeast' : 'members.total', { n }),
      }}
      onChange={(p, _f, sorter, extra) => {
        if (extra.action === 'paginate') {
          onChange({ page: p.current ?? 1, pageSize: p.pageSize ?? pageSize });
          return;
        }
        if (extra.action === 'sort') {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<MemberRow> | undefined;
          const key = (s?.columnKey as SortKey | undefined) ?? 'name';
          if (!s?.order) {
            onChange({ sort: undefined, order: undefined });
            return;
          }
          const asc = s.order === 'ascend';
          onChange({ sort: key, order: (key === 'birthDate' ? !asc : asc) ? 'asc' : 'desc' });
        }
      }}
      columns={[
        {
          title: t('member.name'),
          key: 'name',
          dataIndex: 'name',
          fixed: 'left',
          width: 100,
          sorter: true,
          sortOrder: orderOf('name'),
          render: (v: string, m) => <Link to={`/members/${m.id}`}>{v}</Link>,
        },
        {
          title: t('member.gender'),
          dataIndex: 'gender',
          width: 60,
          render: (v: MemberRow['gender']) => (v ? label(GENDER_LABELS[v]) : '—'),
        },
        {
          title: t('member.age'),
          key: 'birthDate',
          dataIndex: 'age',
          width: 80,
          sorter: true,
          sortOrder: orderOf('birthDate', true),
          render: (v: number | null, m) =>
            v === null ? '—' : <span title={m.birthDate ?? m.birthYearMonth ?? ''}>{v}</span>,
        },
        {
          title: t('member.education'),
          dataIndex: 'education',
          width: 110,
          render: (v: MemberRow['education']) => (v ? label(EDUCATION_LABELS[v]) : '—'),
        },
        {
          title: t('member.status'),
          dataIndex: 'status',
          width: 180,
          render: (v: MemberRow['status'], m) => (
            <Flex wrap gap={4}>
              <StatusTag status={v} />
              <FlagTags floating={m.isFloating} retired={m.isRetired} />
            </Flex>
          ),
        },
        {
          title: t('member.org'),
          key: 'org',
          dataIndex: 'orgName',
          sorter: true,
          sortOrder: orderOf('org'),
          ellipsis: true,
          render: (v: string, m) => <Link to={`/orgs/${m.orgId}`}>{v}</Link>,
        },
        {
          title: t('member.joinDate'),
          key: 'joinDate',
          dataIndex: 'joinDate',
          width: 112,
          sorter: true,
          sortOrder: orderOf('joinDate'),
          render: (v: string | null) => v ?? '—',
        },
        {
          title: t('member.idNumber'),
          dataIndex: 'idNumber',
          width: 178,
          render: (v: string | null) =>
            v ? (
              <Typography.Text style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 13 }}>
                {v}
              </Typography.Text>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}
