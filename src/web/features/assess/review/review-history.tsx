import { Alert, Button, Collapse, List, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { ReviewDetail, ReviewEvent, ReviewHistory } from '../../../../contracts/review.ts';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { downloadReportFile, getReviewHistory } from './review-api.ts';

const KIND_KEYS = {
  report: 'review.history.report',
  report_file: 'review.history.reportFile',
  comment: 'review.history.comment',
  poll: 'review.history.poll',
  grade: 'review.history.grade',
  problem: 'review.history.problem',
} as const;

/**
 * The history of one organisation's review (every change, append-only: who, when, what; newest first), folded away
 * until opened; a report file of any upload downloads from it.
 */
export function ReviewHistoryPanel(props: { round: ReviewDetail; orgId: number; count: number }) {
  const { t } = useI18n();
  const { round, orgId, count } = props;
  const [history, setHistory] = useState<ReviewHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  // Loaded when opened, and again when a change is recorded meanwhile (the count moves).
  useEffect(() => {
    if (!open) return;
    let live = true;
    setError(null);
    getReviewHistory(round.id, orgId).then(
      (h) => live && setHistory(h),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [open, count, round.id, orgId]);
  const gradeName = (code: string) => {
    const g = round.grades.find((x) => x.code === code);
    return g ? label(g) : code;
  };
  const what = (e: ReviewEvent) => {
    if (e.report !== undefined) return e.report;
    if (e.comment !== undefined) return e.comment;
    if (e.poll) {
      const tallies = round.grades.map((g) => `${label(g)} ${e.poll?.tallies[g.code] ?? 0}`).join('，');
      const from = e.importFile ? t('review.history.imported', { file: e.importFile.name }) : '';
      return `${t('review.history.pollText', { should: e.poll.shouldAttend, took: e.poll.tookPart })}；${tallies}${from}`;
    }
    if (e.grade !== undefined) return `${gradeName(e.grade)}${e.note ? `（${e.note}）` : ''}`;
    if (e.problem) return `${e.problem.title}${e.problem.deadline ? `（${e.problem.deadline}）` : ''}`;
    return '';
  };
  return (
    <Collapse
      size="small"
      data-testid={`review-history-${orgId}`}
      onChange={(keys) => setOpen(keys.length > 0)}
      items={[
        {
          key: 'history',
          label: t('review.history.title', { n: count }),
          children: error ? (
            <Alert type="error" showIcon title={error} />
          ) : !history ? (
            <Spin size="small" />
          ) : (
            <List
              size="small"
              locale={{ emptyText: t('review.history.empty') }}
              dataSource={[...history.events].reverse()}
              renderItem={(e) => (
                <List.Item>
                  <Typography.Text style={{ display: 'block', width: '100%' }}>
                    <Tag>{t(KIND_KEYS[e.kind])}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(e.at).format('YYYY-MM-DD HH:mm')} {e.by}
                      {e.source === 'import' ? ` · ${t('review.history.fromImport')}` : ''}
                    </Typography.Text>
                    <br />
                    {e.file ? (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        onClick={() => void downloadReportFile(round.id, orgId, e.file!.id, e.file!.filename)}
                      >
                        {e.file.filename}
                      </Button>
                    ) : (
                      <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{what(e)}</span>
                    )}
                  </Typography.Text>
                </List.Item>
              )}
            />
          ),
        },
      ]}
    />
  );
}
