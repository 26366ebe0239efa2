import { Alert, Button, Card, Col, DatePicker, Flex, Row, Statistic } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getLifeCompliance } from '../../../features/life/api/life.ts';
import { LifeCalendar } from '../../../features/life/components/life-calendar.tsx';
import { LifeFindings } from '../../../features/life/components/life-findings.tsx';
import { LifePlanCard } from '../../../features/life/components/life-plan.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /life — 组织生活日历: the organisation's year, kinds × months in compliance colours (a cell opens its meetings),
 * and every finding with the rule and the regulation it comes from.
 */
export default function LifeCalendarPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { orgId } = useOrgContext();
  const q = useQueryState();
  const year = Number(q.get('year')) || undefined;
  const res = useRequest(() => getLifeCompliance({ orgId, year }), [orgId, year]);
  const d = res.data;
  return (
    <div data-testid="life-calendar-page">
      <PageHeader
        title={t('life.title')}
        subTitle={d ? t('life.subtitle', { org: d.orgName, year: d.year }) : undefined}
        extra={
          <Flex gap={8} wrap>
            <DatePicker
              picker="year"
              allowClear={false}
              value={d ? dayjs(`${d.year}-01-01`) : null}
              onChange={(v) => q.set({ year: v ? v.year() : null })}
              aria-label={t('life.year')}
            />
            <Link to={`/life/rates?orgId=${orgId}${year ? `&year=${year}` : ''}`}>
              <Button>{t('life.rates')}</Button>
            </Link>
            {can('member:read') ? (
              <Link to={`/life/talks?orgId=${orgId}`}>
                <Button data-testid="life-talks">{t('talks.title')}</Button>
              </Link>
            ) : null}
            {can('member:read') ? (
              <Link to={`/appraisal?orgId=${orgId}`}>
                <Button data-testid="life-appraisal">{t('appraisal.link')}</Button>
              </Link>
            ) : null}
            <Link to={`/weak-orgs?orgId=${orgId}`}>
              <Button data-testid="life-weak-orgs">{t('weak.link')}</Button>
            </Link>
            <Link to={`/village?orgId=${orgId}`}>
              <Button data-testid="life-village">{t('village.link')}</Button>
            </Link>
            {can('task:report') ? (
              <Link to={`/life/import?orgId=${orgId}`}>
                <Button data-testid="life-import">{t('life.import')}</Button>
              </Link>
            ) : null}
            {can('task:report') ? (
              <Link to={`/life/meetings/new?orgId=${orgId}`}>
                <Button type="primary" data-testid="life-record">
                  {t('life.record')}
                </Button>
              </Link>
            ) : null}
          </Flex>
        }
      />
      {res.error ? <Alert type="error" showIcon title={errorMessage(res.error)} style={{ marginBottom: 16 }} /> : null}
      {d ? (
        <Flex vertical gap={16}>
          <Row gutter={[12, 12]}>
            <Col xs={8}>
              <Statistic title={t('life.due')} value={d.counts.due} />
            </Col>
            <Col xs={8}>
              <Statistic title={t('life.met')} value={d.counts.met} />
            </Col>
            <Col xs={8}>
              <Statistic title={t('life.findings')} value={d.counts.findings} />
            </Col>
            {d.talks.due > 0 ? (
              <Col xs={8} data-testid="life-talk-coverage">
                <Statistic title={t('talks.coverage')} value={`${d.talks.done} / ${d.talks.due}`} />
              </Col>
            ) : null}
          </Row>
          <Card size="small" title={t('life.calendar')}>
            <LifeCalendar data={d} />
          </Card>
          <Card size="small" title={t('life.findingsTitle')}>
            <LifeFindings findings={d.findings} />
          </Card>
          <Card size="small" title={t('lifePlan.title')}>
            <LifePlanCard orgId={orgId} year={d.year} editable={can('task:report')} />
          </Card>
        </Flex>
      ) : null}
    </div>
  );
}
