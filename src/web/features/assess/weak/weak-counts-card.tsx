import { Card, Col, Flex, List, Row, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { getWeakCounts } from './weak-api.ts';

/**
 * The subtree dashboard's 软弱涣散 figures (GET /api/weak-orgs/counts): the year's designations, those lifted (转化),
 * those past their deadline and not lifted, and the children that hold any; a link to the register. The year is the
 * register's own default (this year), so the link opens the same figures.
 */
export function WeakCountsCard({ orgId, wrap }: { orgId: number; wrap: (card: ReactNode) => ReactNode }) {
  const { t } = useI18n();
  const year = dayjs().year();
  const { data } = useRequest(() => getWeakCounts({ orgId, year }), [orgId, year]);
  if (!data) return null;
  const children = data.byChild.filter((c) => c.designated > 0);
  return wrap(
    <Card
      title={t('weak.dashTitle', { year })}
      extra={<Link to={`/weak-orgs?orgId=${orgId}&year=${year}`}>{t('weak.link')}</Link>}
      style={{ height: '100%' }}
      data-testid="weak-counts-card"
    >
      <Row gutter={[12, 12]}>
        <Col span={8}>
          <Statistic title={t('weak.designated')} value={data.designated} />
        </Col>
        <Col span={8}>
          <Statistic title={t('weak.lifted')} value={data.lifted} />
        </Col>
        <Col span={8}>
          <Statistic
            title={t('weak.overdue')}
            value={data.overdue}
            valueStyle={data.overdue > 0 ? { color: '#cf1322' } : undefined}
          />
        </Col>
      </Row>
      {data.designated === 0 ? (
        <Typography.Text type="secondary">{t('weak.none')}</Typography.Text>
      ) : children.length > 0 ? (
        <List
          size="small"
          style={{ marginTop: 8 }}
          dataSource={children}
          renderItem={(c) => (
            <List.Item key={c.orgId} data-testid={`weak-counts-child-${c.orgId}`}>
              <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                <Typography.Text ellipsis={{ tooltip: c.orgName }}>{c.orgName}</Typography.Text>
                <Typography.Text type={c.overdue > 0 ? 'danger' : 'secondary'} style={{ whiteSpace: 'nowrap' }}>
                  {t('weak.dashChild', { designated: c.designated, lifted: c.lifted, overdue: c.overdue })}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : null}
    </Card>,
  );
}
