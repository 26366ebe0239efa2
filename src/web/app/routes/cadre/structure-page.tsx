import { Alert, Button, Card, Col, DatePicker, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { TeamRow } from '../../../../contracts/cadre-pool.ts';
import { POSITION_TITLE_LABELS, type PositionTitle } from '../../../../domain/org/vocab.ts';
import { EDUCATION_LABELS, type Education } from '../../../../domain/people/vocab.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { exportStructure, getStructure } from '../../../features/cadre/api/pool.ts';
import { errorMessage } from '../../../lib/api.ts';
import { fromIsoDate, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const age = (a: number | null) => (a === null ? '—' : a.toFixed(1));

/**
 * /cadre/structure?orgId&on&outside — 领导班子结构: each team of the subtree with 老中青, young cadres (by the level's
 * age), women, education, ethnicity and terms served; the teams outside the structure rules; the cadres whose term
 * ends within a year; the 换届 plan per team.
 */
export default function StructurePage() {
  const { t, label } = useI18n();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const on = q.get('on') ?? undefined;
  const outside = q.get('outside') === 'true';
  const res = useRequest(
    () => getStructure({ orgId, ...(on ? { on } : {}), ...(outside ? { outside: 'true' as const } : {}) }),
    [orgId, on, outside],
  );
  const d = res.data;
  const eduLabel = (k: string) =>
    k === 'unknown' ? t('cadreStructure.unknown') : label(EDUCATION_LABELS[k as Education]);
  return (
    <div data-testid="structure-page">
      <PageHeader
        title={t('cadreStructure.title')}
        subTitle={orgName ?? undefined}
        extra={
          <Space wrap>
            <Link to={`/cadre/pool?orgId=${orgId}`}>{t('cadrePool.title')}</Link>
            <Button
              data-testid="structure-export"
              onClick={() =>
                void exportStructure({ orgId, ...(on ? { on } : {}), ...(outside ? { outside: 'true' as const } : {}) })
              }
            >
              {t('cadre.export')}
            </Button>
            <DatePicker
              value={on ? fromIsoDate(on) : null}
              placeholder={t('cadreStructure.on')}
              onChange={(v) => q.set({ on: v ? toIsoDate(v) : null })}
            />
            <Segmented
              value={outside ? 'outside' : 'all'}
              options={[
                { value: 'all', label: t('cadreStructure.filter.all') },
                { value: 'outside', label: t('cadreStructure.filter.outside') },
              ]}
              onChange={(v) => q.set({ outside: v === 'outside' ? 'true' : null })}
            />
          </Space>
        }
      />
      {res.error ? <Alert type="error" showIcon title={errorMessage(res.error)} style={{ marginBottom: 12 }} /> : null}
      {d && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('cadreStructure.teams')} value={d.totals.teams} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('cadreStructure.outside')}
                  value={d.totals.outside}
                  valueStyle={d.totals.outside ? { color: '#cf1322' } : undefined}
                  data-testid="structure-outside"
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('cadreStructure.gradient')}
                  value={`${d.totals.byGroup.old} / ${d.totals.byGroup.middle} / ${d.totals.byGroup.young}`}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('cadreStructure.meanAge')} value={age(d.totals.meanAge)} />
              </Card>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary">
            {t('cadreStructure.rules', {
              on: d.on,
              young: d.rules.ageGradient.youngMax,
              middle: d.rules.ageGradient.middleMax,
              women: d.rules.teamStructure.minWomen,
              minYoung: d.rules.teamStructure.minYoung,
              mean: d.rules.teamStructure.maxMeanAge,
            })}
          </Typography.Paragraph>
        </>
      )}
      <Table<TeamRow>
        rowKey="orgId"
        size="small"
        loading={res.loading}
        dataSource={d?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1100 }}
        data-testid="structure-table"
        expandable={{
          expandedRowRender: (r) => (
            <Space direction="vertical" size={2}>
              <span>
                {t('cadreStructure.education')}：
                {Object.entries(r.byEducation)
                  .map(([k, n]) => `${eduLabel(k)} ${n}`)
                  .join('、')}
              </span>
              <span>
                {t('cadreStructure.ethnicity')}：
                {Object.entries(r.byEthnicity)
                  .map(([k, n]) => `${k === 'unknown' ? t('cadreStructure.unknown') : k} ${n}`)
                  .join('、')}
              </span>
              {r.plan && (
                <span>
                  {t('cadreStructure.plan', {
                    remind: r.plan.remindOn,
                    request: r.plan.requestBy,
                    due: r.plan.dueOn,
                    earliest: r.plan.earliestOn,
                    latest: r.plan.latestOn,
                  })}
                </span>
              )}
            </Space>
          ),
        }}
        columns={[
          {
            title: t('cadreStructure.col.team'),
            dataIndex: 'orgName',
            render: (v, r) => (r.parentName ? `${r.parentName} · ${v}` : v),
          },
          { title: t('cadreStructure.col.size'), dataIndex: 'size' },
          {
            title: t('cadreStructure.gradient'),
            key: 'gradient',
            render: (_, r) => `${r.byGroup.old} / ${r.byGroup.middle} / ${r.byGroup.young}`,
          },
          { title: t('cadreStructure.meanAge'), dataIndex: 'meanAge', render: age },
          {
            title: t('cadreStructure.col.young'),
            key: 'young',
            render: (_, r) => `${r.young}（${pct(r.youngShare)}，≤${r.youngMaxAge}）`,
          },
          {
            title: t('cadreStructure.col.women'),
            key: 'women',
            render: (_, r) => `${r.women}（${pct(r.womenShare)}）`,
          },
          { title: t('cadreStructure.col.returning'), dataIndex: 'returning' },
          { title: t('cadreStructure.col.due'), key: 'due', render: (_, r) => r.plan?.dueOn ?? '—' },
          {
            title: t('cadreStructure.col.findings'),
            dataIndex: 'findings',
            render: (f: TeamRow['findings'], r) => (
              <Space wrap size={2} data-testid={`findings-${r.orgId}`}>
                {f.map((x) => (
                  <Tag key={x} color="red">
                    {t(`cadreStructure.finding.${x}`)}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {d && (
        <Card size="small" title={t('cadreStructure.ending')} style={{ marginTop: 12 }}>
          {d.ending.length === 0 ? (
            <Typography.Text type="secondary">{t('cadreStructure.endingNone')}</Typography.Text>
          ) : (
            <Table
              rowKey={(r) => `${r.orgId}-${r.personId}-${r.title}`}
              size="small"
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              dataSource={d.ending}
              columns={[
                { title: t('cadreStructure.col.team'), dataIndex: 'orgName' },
                { title: t('cadrePool.col.name'), dataIndex: 'name' },
                {
                  title: t('cadreStructure.col.title'),
                  dataIndex: 'title',
                  render: (v: PositionTitle) => label(POSITION_TITLE_LABELS[v]),
                },
                { title: t('cadreStructure.col.due'), dataIndex: 'dueOn' },
              ]}
            />
          )}
        </Card>
      )}
    </div>
  );
}
