import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, Flex, Tag, Tooltip } from 'antd';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { getStarHistory } from '../api/assess.ts';

/**
 * 历年星级 on the organisation page: one tag per year (oldest first) from GET /api/assess/stars/history, with the
 * change against the year before; each opens the round's results. Hidden when the organisation has none (or the
 * request fails: the page does not depend on it).
 */
export function OrgStarHistory({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const { data } = useRequest(() => getStarHistory(orgId), [orgId]);
  if (!data || data.org.id !== orgId || data.years.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('assess.starHistory.title')}
      style={{ marginBottom: 12 }}
      data-testid="org-star-history"
    >
      <Flex wrap gap={6}>
        {data.years.map((y) => (
          <Tooltip key={y.year} title={t('assess.starHistory.tip', { round: y.roundName, date: formatDate(y.setAt) })}>
            <Link to={`/assess/rounds/${y.roundId}/results`} data-testid="org-star-year">
              <Tag
                color={y.change === 'up' ? 'green' : y.change === 'down' ? 'orange' : 'default'}
                style={{ margin: 0 }}
              >
                {t('assess.starHistory.item', { year: y.year, level: t('assess.levelN', { n: y.level }) })}
                {y.change === 'up' && (
                  <ArrowUpOutlined style={{ marginLeft: 4 }} aria-label={t('assess.stars.change.up')} />
                )}
                {y.change === 'down' && (
                  <ArrowDownOutlined style={{ marginLeft: 4 }} aria-label={t('assess.stars.change.down')} />
                )}
              </Tag>
            </Link>
          </Tooltip>
        ))}
      </Flex>
    </Card>
  );
}
