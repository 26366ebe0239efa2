import { Card, Statistic, Typography } from 'antd';
import type { OrgDetail } from '../../../../contracts/org.ts';
import { useI18n } from '../../../lib/i18n.ts';

/** Headcounts of the organisation's whole subtree (the statuses on the roll) and its sub-organisations. */
export function OrgStats({ stats }: { stats: OrgDetail['stats'] }) {
  const { t } = useI18n();
  const cards = [
    {
      key: 'members',
      title: t('stats.members'),
      value: stats.subtreeFull + stats.subtreeProbationary,
      note: t('stats.direct', { n: stats.directFullMembers + stats.directProbationary }),
      strong: true,
    },
    { key: 'full', title: t('stats.full'), value: stats.subtreeFull },
    { key: 'probationary', title: t('stats.probationary'), value: stats.subtreeProbationary },
    { key: 'candidates', title: t('stats.candidates'), value: stats.subtreeCandidates },
    { key: 'activists', title: t('stats.activists'), value: stats.subtreeActivists },
    { key: 'applicants', title: t('stats.applicants'), value: stats.subtreeApplicants },
    { key: 'orgs', title: t('stats.subOrgs'), value: Math.max(0, stats.subtreeOrgs - 1) },
  ];
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fit, minmax(104px, 1fr))',
        gap: 12,
        marginBottom: 16,
      }}
    >
      {cards.map((c) => (
        <Card key={c.key} size="small" style={{ height: '100%' }} data-testid={`stat-${c.key}`}>
          <Statistic
            title={c.title}
            value={c.value}
            styles={{ content: c.strong ? { color: 'var(--ant-color-primary)' } : undefined }}
          />
          {c.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.note}
            </Typography.Text>
          )}
        </Card>
      ))}
    </div>
  );
}
