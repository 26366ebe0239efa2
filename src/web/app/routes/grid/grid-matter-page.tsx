import { Card, Descriptions, Flex, Image, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { MatterDetail } from '../../../../contracts/grid.ts';
import {
  GRID_ESCALATION_LABELS,
  GRID_MATTER_EVENT_LABELS,
  GRID_MATTER_SOURCE_LABELS,
} from '../../../../domain/grid/grid-matter.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getMatter, matterFileUrl } from '../../../features/grid/api/grid.ts';
import { CategoryTag, MatterStateTag, OverdueTag, ratingLabel } from '../../../features/grid/components/grid-tags.tsx';
import { MatterActions } from '../../../features/grid/components/matter-actions.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /grid/matters/:id — a grid matter: what, where, who reported it, to whom it was assigned and by when, every step
 * dated (上报 → 交办 → 处置 → 反馈 → 问效, a poor rating sending it back) with its photos, the escalation recorded,
 * and the steps the caller may take now.
 */
export default function GridMatterPage() {
  const { t, label } = useI18n();
  const id = Number(useParams().id);
  const res = useRequest(() => getMatter(id), [id]);
  const [fresh, setFresh] = useState<MatterDetail | null>(null);
  const m = fresh?.id === id ? fresh : res.data;
  if (res.error) return <ErrorResult error={res.error} onRetry={res.reload} />;
  if (!m) return <Card loading />;
  return (
    <div data-testid="grid-matter-page" style={{ maxWidth: 760 }}>
      <PageHeader
        title={m.text.length > 30 ? `${m.text.slice(0, 30)}…` : m.text}
        tags={
          <Space size={4} wrap>
            <MatterStateTag state={m.state} />
            <CategoryTag code={m.category} />
            <OverdueTag days={m.daysOverdue} escalation={m.escalation} />
          </Space>
        }
      />
      <Card size="small">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{m.text}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('grid.grid')}>
            {m.gridName}（{m.orgName}）
          </Descriptions.Item>
          <Descriptions.Item label={t('grid.location')}>{m.location || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('grid.reporter')}>
            {m.reporterName} · {formatDate(m.reportedOn)}
          </Descriptions.Item>
          <Descriptions.Item label={t('grid.source')}>
            {label(GRID_MATTER_SOURCE_LABELS[m.source])}
            {m.residentName ? ` · ${m.residentName}` : ''}
            {m.residentPhone ? ` ${m.residentPhone}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('grid.assignee')}>{m.assigneeName ?? m.assigneeDept ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('grid.deadline')}>
            {formatDate(m.deadline)}
            {m.dueOn && m.dueOn !== m.deadline ? ` (${t('grid.firstDue', { date: formatDate(m.dueOn) })})` : ''}
          </Descriptions.Item>
          {m.rating && <Descriptions.Item label={t('grid.rating')}>{ratingLabel(m.rating, label)}</Descriptions.Item>}
          {m.onTime !== null && (
            <Descriptions.Item label={t('grid.onTimeLabel')}>
              {m.onTime ? t('common.yes') : t('common.no')}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <MatterActions m={m} onDone={setFresh} />
      <Card size="small" title={t('grid.steps')} style={{ marginTop: 12 }} data-testid="matter-steps">
        <Timeline
          items={m.events.map((e) => ({
            color: e.event === 'rate' && e.toState === 'assigned' ? 'red' : e.toState === 'closed' ? 'green' : 'blue',
            children: (
              <div data-testid={`step-${e.event}`}>
                <Typography.Text strong>{label(GRID_MATTER_EVENT_LABELS[e.event])}</Typography.Text>{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDate(e.onDay)} · {e.actorName} · {formatDateTime(e.at)}
                </Typography.Text>
                {e.assigneeName && <div>{t('grid.assignedTo', { name: e.assigneeName })}</div>}
                {e.deadline && <div>{t('grid.deadlineShort', { date: formatDate(e.deadline) })}</div>}
                {e.rating && <div>{t('grid.ratedAs', { rating: ratingLabel(e.rating, label) })}</div>}
                {e.event !== 'report' && e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                {e.reason && (
                  <Typography.Text type="danger" style={{ display: 'block' }}>
                    {e.reason}
                  </Typography.Text>
                )}
                {e.files.length > 0 && (
                  <Flex gap={6} wrap style={{ marginTop: 4 }}>
                    {e.files.map((f) =>
                      f.mime.startsWith('image/') ? (
                        <Image
                          key={f.id}
                          width={72}
                          height={72}
                          style={{ objectFit: 'cover' }}
                          src={matterFileUrl(m.id, f.id)}
                          alt={f.filename}
                        />
                      ) : (
                        <a key={f.id} href={matterFileUrl(m.id, f.id)}>
                          {f.filename}
                        </a>
                      ),
                    )}
                  </Flex>
                )}
              </div>
            ),
          }))}
        />
        {m.escalations.length > 0 && (
          <div data-testid="matter-escalations">
            {m.escalations.map((x) => (
              <Typography.Text key={`${x.step}-${x.deadline}`} type="danger" style={{ display: 'block' }}>
                {t('grid.escalated', {
                  day: formatDate(x.onDay),
                  step: label(GRID_ESCALATION_LABELS[x.step]),
                  days: x.daysOverdue,
                  org: x.toOrgName ?? '—',
                })}
              </Typography.Text>
            ))}
          </div>
        )}
      </Card>
    </div>
  );
}
