import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { getStars } from '../api/assess.ts';
import { LazyStarsByChildChart } from './lazy-stars-chart.tsx';

/**
 * The subtree dashboard's star distribution by child organisation (GET /api/assess/stars → byChild): this year's
 * levels, else last year's (a year's stars are recorded when its round is final, usually early the next year).
 * Hidden (wrapper and all) when neither year has any.
 */
export function StarsByChildCard({ orgId, wrap }: { orgId: number; wrap: (card: ReactNode) => ReactNode }) {
  const { t } = useI18n();
  const { data } = useRequest(async () => {
    // This year by the server's clock (the year the answer names), not the browser's.
    const now = await getStars({ orgId });
    if (now.byChild.some((c) => c.total > 0)) return now;
    return getStars({ orgId, year: now.year - 1 });
  }, [orgId]);
  if (!data || data.org.id !== orgId) return null;
  const rows = data.byChild.filter((c) => c.total > 0);
  if (rows.length === 0) return null;
  const levels = [
    ...new Set(rows.flatMap((r) => Object.keys(r.levelCounts).map(Number)).filter((n) => Number.isFinite(n))),
  ].sort((a, b) => b - a);
  return wrap(
    <Card
      title={t('assess.starsByChild.title', { year: data.year })}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('assess.starsByChild.hint')}
        </Typography.Text>
      }
      data-testid="stars-by-child"
    >
      <LazyStarsByChildChart levels={levels} rows={rows} />
    </Card>,
  );
}
