import { Alert, Card, Col, DatePicker, Flex, Row, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import type { LifeRates } from '../../../../contracts/life.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getLifeRates } from '../../../features/life/api/life.ts';
import { LazyRatesChart } from '../../../features/life/components/lazy-rates-chart.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

/** /life/rates — 组织生活落实率 of a subtree (windows met of windows due, from the kept figures) and its children ranked. */
export default function LifeRatesPage() {
  const { t } = useI18n();
  const { orgId } = useOrgContext();
  const q = useQueryState();
  const year = Number(q.get('year')) || undefined;
  const res = useRequest(() => getLifeRates({ orgId, year }), [orgId, year]);
  const d = res.data;
  return (
    <div data-testid="life-rates-page">
      <PageHeader
        title={t('life.ratesTitle')}
        subTitle={d ? t('life.subtitle', { org: d.orgName, year: d.year }) : undefined}
        extra={
          <Flex gap={8}>
            <DatePicker
              picker="year"
              allowClear={false}
              value={d ? dayjs(`${d.year}-01-01`) : null}
              onChange={(v) => q.set({ year: v ? v.year() : null })}
              aria-label={t('life.year')}
            />
            <Link to={`/life?orgId=${orgId}`}>{t('life.calendar')}</Link>
          </Flex>
        }
      />
      {res.error ? <Alert type="error" showIcon title={errorMessage(res.error)} /> : null}
      {d ? (
        <Flex vertical gap={16}>
          <Row gutter={[12, 12]}>
            <Col xs={12} sm={6}>
              <Statistic title={t('life.rate')} value={pct(d.subtree.rate)} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t('life.metOfDue')} value={`${d.subtree.met} / ${d.subtree.due}`} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t('life.lateCount')} value={d.subtree.late} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t('talks.coverage')} value={pct(d.subtree.talkRate)} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t('life.findings')} value={d.subtree.findings} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t('life.orgs')} value={d.subtree.orgs} />
            </Col>
          </Row>
          {d.ties ? <Alert type="info" showIcon title={t('life.ties')} /> : null}
          <Card size="small" title={t('life.byChild')}>
            <LazyRatesChart rows={d.children} />
          </Card>
          <Card size="small">
            <Table<LifeRates['children'][number]>
              size="small"
              rowKey="orgId"
              pagination={false}
              dataSource={d.children}
              columns={[
                {
                  title: t('life.rank'),
                  render: (_, r) =>
                    r.rank === null ? (
                      '—'
                    ) : (
                      <span>
                        {r.rank}
                        {r.tied ? <Tag style={{ marginLeft: 4 }}>{t('life.tied')}</Tag> : null}
                      </span>
                    ),
                },
                {
                  title: t('life.org'),
                  render: (_, r) => <Link to={`/life/rates?orgId=${r.orgId}&year=${d.year}`}>{r.orgName}</Link>,
                },
                { title: t('life.rate'), render: (_, r) => pct(r.rate) },
                { title: t('life.metOfDue'), render: (_, r) => `${r.met} / ${r.due}` },
                { title: t('life.lateCount'), dataIndex: 'late' },
                {
                  title: t('talks.coverage'),
                  render: (_, r) => (r.talkDue === 0 ? '—' : `${r.talkDone} / ${r.talkDue}`),
                },
                { title: t('life.findings'), dataIndex: 'findings' },
                {
                  title: t('life.calendar'),
                  render: (_, r) => <Link to={`/life?orgId=${r.orgId}&year=${d.year}`}>{t('life.open')}</Link>,
                },
              ]}
            />
          </Card>
        </Flex>
      ) : null}
    </div>
  );
}
