import { App, Button, Card, Col, Empty, Flex, Row, Segmented, Select, Space, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { VillageMark } from '../../../../domain/economy/vocab.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { exportIncome, getEconomySummary, listVillages } from '../../../features/economy/api/economy.ts';
import { EconomyImportCard } from '../../../features/economy/components/economy-import-card.tsx';
import { formatWan } from '../../../features/economy/components/format.ts';
import {
  LazyTwoEightyGauge,
  LazyVillagesByChildChart,
} from '../../../features/economy/components/lazy-economy-charts.tsx';
import { VillageTable } from '../../../features/economy/components/village-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { today } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { usePagedRequest } from '../../../lib/use-paged-request.ts';
import { useRequest } from '../../../lib/use-request.ts';

const MARKS: (VillageMark | 'all')[] = ['all', 'hollow', 'weak', 'missing'];

/**
 * /economy?orgId&year&mark — 村级集体经济 of a subtree: the "两个80%" gauges, the villages of each child organisation by
 * where they stand, the table of villages with each kind of income (元), 经营性收入, the total and the 空壳村 / 薄弱村 /
 * 未填报 marks; the table exported as .xlsx in the import's layout, and the list imported (task:report). Linked from the
 * dashboard and the organisation page.
 */
export default function EconomyPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const thisYear = today().year();
  // Without ?year the server's current year (the browser's clock is not the server's).
  const yearParam = Number(q.get('year')) || undefined;
  const mark = (q.get('mark') as VillageMark | null) ?? undefined;
  const page = Number(q.get('page')) || 1;
  const pageSize = Number(q.get('pageSize')) || 20;
  const summary = useRequest(() => getEconomySummary(orgId, yearParam), [orgId, yearParam]);
  const villages = usePagedRequest(
    (cursor) => listVillages({ orgId, year: yearParam, mark, page, pageSize, cursor }),
    [orgId, yearParam, mark, pageSize],
    page,
  );
  const s = summary.data;
  const year = yearParam ?? s?.year ?? thisYear;
  const years = [...new Set([thisYear, year, ...Array.from({ length: 6 }, (_, i) => thisYear - i)])].sort(
    (a, b) => b - a,
  );
  const reload = () => {
    summary.reload();
    villages.reload();
  };
  const rules = s?.twoEighty.rules;
  // A village's own page: the table holds it alone; its secretary reports on the phone form.
  const isVillage = s !== undefined && s.byChild.length === 1 && s.byChild[0]!.orgId === orgId;

  return (
    <div data-testid="economy-page">
      <PageHeader
        title={t('economy.title')}
        subTitle={t('economy.subtitle', { org: s?.orgName ?? orgName ?? '', year })}
        extra={
          <Space wrap>
            <Select
              value={year}
              style={{ width: 110 }}
              onChange={(v) => q.set({ year: v })}
              options={years.map((y) => ({ value: y, label: t('economy.yearN', { year: y }) }))}
              data-testid="economy-year"
            />
            {isVillage && (
              <Link to={`/economy/entry?orgId=${orgId}&year=${year}`}>
                <Button type="primary">{t('economy.report')}</Button>
              </Link>
            )}
            <Button
              onClick={() =>
                exportIncome(orgId, yearParam, t('economy.exportFile')).catch(
                  (e) => void message.error(errorMessage(e)),
                )
              }
              data-testid="economy-export"
            >
              {t('economy.export')}
            </Button>
          </Space>
        }
      />
      {summary.error ? (
        <ErrorResult error={summary.error} onRetry={reload} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card
                title={t('economy.twoEighty')}
                loading={!s}
                style={{ height: '100%' }}
                extra={
                  s && (
                    <Tag color={s.twoEighty.met ? 'green' : 'red'} data-testid="economy-met">
                      {s.twoEighty.met ? t('economy.met') : t('economy.notMet')}
                    </Tag>
                  )
                }
              >
                {s && s.villages > 0 ? (
                  <>
                    <LazyTwoEightyGauge summary={s} />
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
                      {t('economy.rules', {
                        floor:
                          rules!.stableIncomeFloor > 0
                            ? t('economy.floorAmount', { wan: formatWan(rules!.stableIncomeFloor) })
                            : t('economy.floorZero'),
                        amount: formatWan(rules!.reachingAmount),
                        weak: formatWan(rules!.weakBelow),
                      })}
                      {rules!.local && <Tag style={{ marginLeft: 6 }}>{t('economy.localRules')}</Tag>}
                    </Typography.Paragraph>
                  </>
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('economy.noVillages')} />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('economy.byChild')} loading={!s} style={{ height: '100%' }}>
                {s && s.byChild.length > 0 ? (
                  <LazyVillagesByChildChart rows={s.byChild} />
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('economy.noVillages')} />
                )}
              </Card>
            </Col>
          </Row>
          {s && (
            <Card size="small" style={{ marginTop: 16 }} data-testid="economy-counts">
              <Flex gap={24} wrap>
                <Statistic title={t('economy.count.villages')} value={s.villages} />
                <Statistic title={t('economy.count.reported')} value={s.reported} />
                <Statistic title={t('economy.count.stable')} value={s.stable} />
                <Statistic
                  title={t('economy.count.reaching', { wan: formatWan(s.twoEighty.rules.reachingAmount) })}
                  value={s.reaching}
                />
                <Statistic title={t('economy.mark.hollow')} value={s.hollow} />
                <Statistic title={t('economy.mark.weak')} value={s.weak} />
                <Statistic title={t('economy.mark.missing')} value={s.missing} />
                <Statistic title={t('economy.count.operating')} value={formatWan(s.operating)} />
              </Flex>
            </Card>
          )}
          <Card
            style={{ marginTop: 16 }}
            title={t('economy.villages')}
            extra={<Typography.Text type="secondary">{t('economy.unitYuan')}</Typography.Text>}
          >
            <Segmented
              style={{ marginBottom: 12 }}
              value={mark ?? 'all'}
              onChange={(v) => q.set({ mark: v === 'all' ? null : String(v) })}
              options={MARKS.map((m) => ({ value: m, label: t(m === 'all' ? 'common.all' : `economy.mark.${m}`) }))}
              data-testid="economy-mark"
            />
            {villages.error ? (
              <ErrorResult error={villages.error} onRetry={villages.reload} />
            ) : (
              <VillageTable
                page={villages.data}
                loading={villages.loading}
                year={year}
                onPage={(p, size) => q.set({ page: p, pageSize: size }, { keepPage: true })}
              />
            )}
          </Card>
          {can('task:report') && <EconomyImportCard orgId={orgId} onImported={reload} />}
        </>
      )}
    </div>
  );
}
