import { Alert, Button, Col, DatePicker, Flex, Row, Segmented, Statistic } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { exportVillageCases, getVillageCases } from '../../../features/village/api/village.ts';
import { CaseList } from '../../../features/village/components/case-list.tsx';
import { NewCaseForm } from '../../../features/village/components/new-case-form.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

type Filter = 'all' | 'open' | 'done' | 'rejected' | 'flagged' | 'late';

/**
 * /village?orgId&year&filter — 四议两公开: a village's cases (it opens one here, at phone width), or every village's
 * under a town or county with the counts, the flagged and the late ones filterable, and the .xlsx of the list.
 */
export default function VillageListPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const year = Number(q.get('year')) || undefined;
  const filter = (q.get('filter') ?? 'all') as Filter;
  const query = {
    orgId,
    year,
    ...(filter === 'open' || filter === 'done' || filter === 'rejected' ? { state: filter } : {}),
    ...(filter === 'flagged' ? { flagged: 'true' as const } : {}),
    ...(filter === 'late' ? { late: 'true' as const } : {}),
  };
  const res = useRequest(() => getVillageCases(query), [orgId, year, filter]);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = res.data;
  return (
    <div data-testid="village-page">
      <PageHeader
        title={t('village.title')}
        subTitle={d ? d.orgName : (orgName ?? undefined)}
        extra={
          <>
            <DatePicker
              picker="year"
              value={year ? dayjs(`${year}-01-01`) : null}
              placeholder={t('village.allYears')}
              onChange={(v) => q.set({ year: v ? v.year() : null })}
              aria-label={t('life.year')}
            />
            <Button
              data-testid="village-export"
              onClick={() => void exportVillageCases(query).catch((e) => setError(errorMessage(e)))}
            >
              {t('village.export')}
            </Button>
            {d?.canRecord ? (
              <Button type="primary" data-testid="village-new" onClick={() => setCreating((x) => !x)}>
                {t('village.new')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex vertical gap={16}>
        {res.error || error ? <Alert type="error" showIcon title={error ?? errorMessage(res.error)} /> : null}
        {d && creating ? (
          <NewCaseForm orgId={d.orgId} kinds={d.kinds} onCreated={(c) => void navigate(`/village/${c.id}`)} />
        ) : null}
        {d ? (
          <>
            <Row gutter={[12, 12]} data-testid="village-counts">
              {(['total', 'open', 'done', 'rejected', 'flagged', 'late'] as const).map((k) => (
                <Col xs={8} sm={4} key={k}>
                  <Statistic title={t(`village.count.${k}`)} value={d.counts[k]} />
                </Col>
              ))}
            </Row>
            {!d.isVillage ? <Alert type="info" showIcon title={t('village.notVillageHint')} /> : null}
            <Segmented<Filter>
              data-testid="village-filter"
              value={filter}
              onChange={(v) => q.set({ filter: v === 'all' ? null : v })}
              options={(['all', 'open', 'done', 'rejected', 'flagged', 'late'] as const).map((f) => ({
                value: f,
                label: t(`village.filter.${f}`),
              }))}
              style={{ maxWidth: '100%', overflowX: 'auto' }}
            />
            <CaseList items={d.items} showOrg={!d.isVillage} />
            {d.omitted > 0 ? <Alert type="warning" showIcon title={t('village.omitted', { n: d.omitted })} /> : null}
          </>
        ) : null}
      </Flex>
    </div>
  );
}
