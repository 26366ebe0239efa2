import { Alert, Button, Card, Col, DatePicker, Flex, Progress, Row, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import type { BurdenReport, DemandCounts } from '../../../../contracts/burden.ts';
import { DEMAND_KINDS } from '../../../../domain/tasks/vocab.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getBurden } from '../../../features/supervise/api/burden.ts';
import { SuperviseTabs } from '../../../features/supervise/components/supervise-tabs.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

type Issuer = BurdenReport['issuers'][number];
type Override = BurdenReport['overrides'][number];

/**
 * /burden — 基层减负: what the platform asked of the organisation in the months (by kind and by issuer), how far it
 * is into its caps, the issuers ranked by what they asked of the organisations below, the organisations asked the
 * most of, and the reasons issuers gave for going over a cap. Counts of demands only: never logins or photos.
 */
export default function BurdenPage() {
  const { t } = useI18n();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const from = q.get('from') ?? undefined;
  const to = q.get('to') ?? undefined;
  const report = useRequest(() => getBurden({ orgId, from, to }), [orgId, from, to]);
  const r = report.data;
  const kindLabel = (k: string) => t(`burden.kind.${k}` as 'burden.kind.assignment');
  const kindColumns = DEMAND_KINDS.map((k) => ({
    title: kindLabel(k),
    key: k,
    align: 'right' as const,
    render: (_: unknown, row: { byKind: DemandCounts }) => row.byKind[k] || '',
  }));

  return (
    <div data-testid="burden-page">
      <PageHeader
        title={t('burden.title')}
        subTitle={orgName ? t('burden.subtitle', { org: orgName }) : undefined}
        extra={
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            value={r ? [dayjs(`${r.from}-01`), dayjs(`${r.to}-01`)] : null}
            onChange={(v) => q.set({ from: v?.[0]?.format('YYYY-MM') ?? null, to: v?.[1]?.format('YYYY-MM') ?? null })}
            aria-label={t('burden.period')}
          />
        }
      />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <SuperviseTabs />
        <Typography.Paragraph type="secondary">{t('burden.note')}</Typography.Paragraph>
        {report.error ? (
          <Alert
            type="error"
            showIcon
            title={errorMessage(report.error)}
            style={{ marginBottom: 16 }}
            action={
              <Button size="small" onClick={report.reload}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : null}
        {r && (
          <Flex vertical gap={16}>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={14}>
                <Card size="small" title={t('burden.own')} extra={t('burden.ownTotal', { n: r.own.total })}>
                  <Row gutter={[8, 8]} data-testid="burden-own">
                    {DEMAND_KINDS.map((k) => (
                      <Col key={k} xs={12} sm={8}>
                        <Statistic title={kindLabel(k)} value={r.own.byKind[k]} />
                      </Col>
                    ))}
                  </Row>
                </Card>
              </Col>
              <Col xs={24} lg={10}>
                <Card size="small" title={t('burden.caps', { level: t(`burden.level.${r.org.level}`) })}>
                  <div data-testid="burden-caps">
                    {r.caps.map((c) => (
                      <div key={c.kind} style={{ marginBottom: 8 }}>
                        <Typography.Text>
                          {t('burden.capLine', {
                            kind: kindLabel(c.kind),
                            used: c.used,
                            max: c.max,
                            per: t(`burden.per.${c.per}`),
                          })}
                        </Typography.Text>
                        <Progress
                          percent={c.max > 0 ? Math.min(100, Math.round((c.used / c.max) * 100)) : 100}
                          status={c.used > c.max ? 'exception' : 'normal'}
                          showInfo={false}
                        />
                      </div>
                    ))}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('burden.capSource', { source: r.caps[0]?.source ?? '' })}
                    </Typography.Text>
                  </div>
                </Card>
              </Col>
            </Row>
            <Card size="small" title={t('burden.issuers')}>
              <Table<Issuer>
                rowKey="orgId"
                size="small"
                data-testid="burden-issuers"
                dataSource={r.issuers}
                pagination={false}
                scroll={{ x: 900 }}
                locale={{ emptyText: t('burden.empty') }}
                columns={[
                  { title: t('burden.col.rank'), dataIndex: 'rank', width: 64 },
                  { title: t('burden.col.issuer'), dataIndex: 'name' },
                  { title: t('burden.col.total'), dataIndex: 'total', align: 'right' },
                  { title: t('burden.col.orgs'), dataIndex: 'orgsReached', align: 'right' },
                  ...kindColumns,
                ]}
              />
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={10}>
                <Card size="small" title={t('burden.heaviest')}>
                  <Table
                    rowKey="orgId"
                    size="small"
                    dataSource={r.heaviest}
                    pagination={false}
                    locale={{ emptyText: t('burden.empty') }}
                    columns={[
                      {
                        title: t('burden.col.org'),
                        dataIndex: 'name',
                        render: (v: string, h: { orgId: number }) => <Link to={`/burden?orgId=${h.orgId}`}>{v}</Link>,
                      },
                      { title: t('burden.col.total'), dataIndex: 'total', align: 'right' },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={14}>
                <Card size="small" title={t('burden.overrides')}>
                  <Table<Override>
                    rowKey="id"
                    size="small"
                    data-testid="burden-overrides"
                    dataSource={r.overrides}
                    pagination={false}
                    scroll={{ x: 640 }}
                    locale={{ emptyText: t('burden.empty') }}
                    columns={[
                      { title: t('burden.col.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
                      { title: t('burden.col.issuer'), dataIndex: 'issuerName' },
                      {
                        title: t('burden.col.kind'),
                        dataIndex: 'kind',
                        render: (k: string, o) =>
                          o.supervisionId ? (
                            <Link to={`/supervisions/${o.supervisionId}`}>{kindLabel(k)}</Link>
                          ) : o.taskId ? (
                            <Link to={`/tasks/${o.taskId}`}>{kindLabel(k)}</Link>
                          ) : (
                            kindLabel(k)
                          ),
                      },
                      { title: t('burden.col.over'), dataIndex: 'overCount', align: 'right' },
                      { title: t('burden.col.reason'), dataIndex: 'reason' },
                      { title: t('burden.col.by'), dataIndex: 'actorName' },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </Flex>
        )}
      </Card>
    </div>
  );
}
