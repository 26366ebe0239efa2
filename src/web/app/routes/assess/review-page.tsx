import { Alert, Card, DatePicker, Flex, List, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { ReviewDetail } from '../../../../contracts/review.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getReview, getReviews } from '../../../features/assess/review/review-api.ts';
import { ReviewEntryCard, ReviewStateTag } from '../../../features/assess/review/review-entry-card.tsx';
import { ReviewNewForm } from '../../../features/assess/review/review-new-form.tsx';
import { ReviewPollImport } from '../../../features/assess/review/review-poll-import.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /reviews?orgId&year&id — 书记抓基层党建述职评议: the rounds of the year in the subtree; a round's organisations with
 * their state, and per organisation the report (typed or uploaded), the comment (一述一评), the poll's tallies, the
 * grade, the problems named and the history of every change; the issuer imports the poll from a workbook; a 党委
 * opens its round over organisations below it. Usable at phone width (the cards stack).
 */
export default function ReviewPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const year = Number(q.get('year') ?? dayjs().year());
  const openId = Number(q.get('id')) || null;
  const res = useRequest(() => getReviews({ orgId, year }), [orgId, year]);
  const [detail, setDetail] = useState<ReviewDetail | null>(null);
  const [openOrg, setOpenOrg] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const first = res.data?.items[0]?.id ?? null;
  const id = openId ?? first;
  useEffect(() => {
    setDetail(null);
    setError(null);
    if (id === null) return;
    getReview(id).then(setDetail, (e) => setError(errorMessage(e)));
  }, [id]);
  const saved = (d: ReviewDetail) => {
    setDetail(d);
    if (d.id !== id) q.set({ id: d.id });
    res.reload();
  };
  const entry = detail?.entries.find((e) => e.orgId === openOrg) ?? null;
  return (
    <div data-testid="review-page" style={{ maxWidth: 860 }}>
      <PageHeader
        title={t('review.title')}
        subTitle={orgName ? t('life.subtitle', { org: orgName, year }) : undefined}
        extra={
          <DatePicker
            picker="year"
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            onChange={(v) => q.set({ year: v ? v.year() : null, id: null })}
            aria-label={t('life.year')}
          />
        }
      />
      <Flex vertical gap={16}>
        {res.error || error ? <Alert type="error" showIcon title={error ?? errorMessage(res.error)} /> : null}
        {res.data && res.data.items.length > 1 ? (
          <Card size="small" title={t('review.rounds')}>
            <List
              size="small"
              dataSource={res.data.items}
              renderItem={(r) => (
                <List.Item
                  onClick={() => q.set({ id: r.id })}
                  style={{ cursor: 'pointer', fontWeight: r.id === id ? 600 : undefined }}
                >
                  {r.name}（{r.orgName}，{t('review.progress', { graded: r.graded, total: r.orgs })}）
                </List.Item>
              )}
            />
          </Card>
        ) : null}
        {res.data && res.data.items.length === 0 ? (
          <Typography.Text type="secondary">{t('review.noRounds')}</Typography.Text>
        ) : null}
        {detail ? (
          <Card
            size="small"
            data-testid={`review-round-${detail.id}`}
            title={detail.name}
            extra={<Typography.Text type="secondary">{detail.orgName}</Typography.Text>}
          >
            <List
              size="small"
              dataSource={detail.entries}
              renderItem={(e) => (
                <List.Item
                  onClick={() => setOpenOrg(openOrg === e.orgId ? null : e.orgId)}
                  style={{ cursor: 'pointer' }}
                  data-testid={`review-org-${e.orgId}`}
                >
                  <Flex gap={6} wrap align="center">
                    <Typography.Text strong>{e.orgName}</Typography.Text>
                    <Typography.Text type="secondary">{e.secretary ?? t('review.noSecretary')}</Typography.Text>
                    <ReviewStateTag state={e.state} />
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        ) : null}
        {detail && entry ? (
          // A poll recorded elsewhere (an import) starts the card's form again from the recorded counts.
          <ReviewEntryCard
            key={`${detail.id}-${entry.orgId}-${entry.poll?.at ?? ''}`}
            round={detail}
            entry={entry}
            onSaved={saved}
          />
        ) : null}
        {detail?.canManage ? <ReviewPollImport key={detail.id} round={detail} onSaved={saved} /> : null}
        {can('task:assign') ? <ReviewNewForm within={orgId} year={year} onSaved={saved} /> : null}
      </Flex>
    </div>
  );
}
