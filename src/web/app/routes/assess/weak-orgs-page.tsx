import { Alert, Card, Col, DatePicker, Flex, List, Row, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { WeakDetail } from '../../../../contracts/appraisal.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { DesignateForm } from '../../../features/assess/weak/designate-form.tsx';
import { getWeakOrg, getWeakOrgs } from '../../../features/assess/weak/weak-api.ts';
import { WeakDetailCard } from '../../../features/assess/weak/weak-detail.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /weak-orgs?orgId&year — the 软弱涣散基层党组织 register of a subtree: the counts (designated, lifted, overdue), each
 * designation with its reasons, leader and measures; the designating side adds measures, changes the leader and
 * records the acceptance check; a 党委 designates an organisation below it.
 */
export default function WeakOrgsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const year = Number(q.get('year') ?? dayjs().year());
  const res = useRequest(() => getWeakOrgs({ orgId, year }), [orgId, year]);
  const [openId, setOpenId] = useState<number | null>(null);
  const [detail, setDetail] = useState<WeakDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDetail(null);
    if (openId === null) return;
    getWeakOrg(openId).then(setDetail, (e) => setError(errorMessage(e)));
  }, [openId]);
  const saved = (d: WeakDetail) => {
    setOpenId(d.id);
    setDetail(d);
    res.reload();
  };
  const d = res.data;
  return (
    <div data-testid="weak-orgs-page" style={{ maxWidth: 760 }}>
      <PageHeader
        title={t('weak.title')}
        subTitle={orgName ? t('life.subtitle', { org: orgName, year }) : undefined}
        extra={
          <DatePicker
            picker="year"
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            onChange={(v) => q.set({ year: v ? v.year() : null })}
            aria-label={t('life.year')}
          />
        }
      />
      <Flex vertical gap={16}>
        {res.error || error ? <Alert type="error" showIcon title={error ?? errorMessage(res.error)} /> : null}
        {d ? (
          <>
            <Row gutter={[12, 12]} data-testid="weak-counts">
              <Col xs={8}>
                <Statistic title={t('weak.designated')} value={d.counts.designated} />
              </Col>
              <Col xs={8}>
                <Statistic title={t('weak.lifted')} value={d.counts.lifted} />
              </Col>
              <Col xs={8}>
                <Statistic
                  title={t('weak.overdue')}
                  value={d.counts.overdue}
                  valueStyle={d.counts.overdue > 0 ? { color: '#cf1322' } : undefined}
                />
              </Col>
            </Row>
            <Card size="small" title={t('weak.list')}>
              <List
                size="small"
                locale={{ emptyText: t('weak.none') }}
                dataSource={d.items}
                renderItem={(w) => (
                  <List.Item
                    onClick={() => setOpenId(openId === w.id ? null : w.id)}
                    style={{ cursor: 'pointer' }}
                    data-testid={`weak-item-${w.orgId}`}
                  >
                    <Flex vertical gap={2}>
                      <Flex gap={6} wrap align="center">
                        <Typography.Text strong>{w.orgName}</Typography.Text>
                        <Tag color={w.state === 'lifted' ? 'green' : w.overdue ? 'red' : 'orange'}>
                          {w.state === 'lifted'
                            ? t('weak.liftedOn', { date: w.liftedOn ?? '' })
                            : w.overdue
                              ? t('weak.overdueTag')
                              : t('weak.rectifying')}
                        </Tag>
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {[
                          ...w.reasons.map((r) => label(r)),
                          w.otherReason,
                          w.round ? t('weak.fromRound', { name: w.round.name, total: w.round.total ?? '—' }) : '',
                        ]
                          .filter(Boolean)
                          .join('；')}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('weak.summary', {
                          due: w.dueOn,
                          open: w.openMeasures,
                          total: w.measures,
                          leader: w.leader ? w.leader.name : '—',
                        })}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </Card>
            {detail ? <WeakDetailCard detail={detail} onSaved={saved} /> : null}
            {can('task:assign') ? (
              <DesignateForm
                within={orgId}
                year={year}
                options={d.reasonOptions}
                threshold={d.threshold}
                onSaved={saved}
              />
            ) : null}
          </>
        ) : null}
      </Flex>
    </div>
  );
}
