import { FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Input, InputNumber, List, Select, Tag, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ReviewDetail, ReviewEntry } from '../../../../contracts/review.ts';
import { PROBLEM_STATE_LABELS, type ProblemState } from '../../../../domain/rectify/problem-state.ts';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import {
  addReviewProblem,
  downloadReportFile,
  putComment,
  putGrade,
  putPoll,
  putReport,
  uploadReportFile,
} from './review-api.ts';
import { ReviewHistoryPanel } from './review-history.tsx';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** One write of the card: runs it, shows its error, hands the new round back. */
function useWrite(onSaved: (d: ReviewDetail) => void) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<ReviewDetail>, after?: () => void) => {
    setSaving(true);
    setError(null);
    try {
      onSaved(await fn());
      after?.();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, run };
}

export function ReviewStateTag({ state }: { state: ReviewEntry['state'] }) {
  const { t } = useI18n();
  const shown = {
    pending: ['default', t('review.state.pending')],
    reported: ['blue', t('review.state.reported')],
    commented: ['cyan', t('review.state.commented')],
    polled: ['purple', t('review.state.polled')],
    graded: ['green', t('review.state.graded')],
  }[state];
  return <Tag color={shown[0]}>{shown[1]}</Tag>;
}

/**
 * One organisation of a round: its report (typed, and/or an uploaded .docx/.pdf), the superior's comment (一述一评),
 * the poll's tallies per grade with participation and the result, the final grade, the problems named (problems of
 * the rectify area, linked, with their state), and the history of every change (folded). The forms show to those who
 * may write them; phone width: every row wraps.
 */
export function ReviewEntryCard(props: {
  round: ReviewDetail;
  entry: ReviewEntry;
  onSaved: (d: ReviewDetail) => void;
}) {
  const { t } = useI18n();
  const { round, entry: e } = props;
  const w = useWrite(props.onSaved);
  const [report, setReport] = useState(e.report);
  const [comment, setComment] = useState(e.comment);
  const [shouldAttend, setShouldAttend] = useState<number | null>(e.poll?.shouldAttend ?? null);
  const [tookPart, setTookPart] = useState<number | null>(e.poll?.tookPart ?? null);
  const [tallies, setTallies] = useState<Record<string, number | null>>(e.poll?.tallies ?? {});
  const [grade, setGrade] = useState<string | null>(e.grade);
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const gradeName = (code: string | null) => {
    const g = round.grades.find((x) => x.code === code);
    return g ? label(g) : (code ?? '—');
  };
  const manage = round.canManage;
  return (
    <Card
      size="small"
      data-testid={`review-entry-${e.orgId}`}
      title={
        <Flex gap={6} wrap align="center">
          <span>{e.orgName}</span>
          <ReviewStateTag state={e.state} />
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        {w.error ? <Alert type="error" showIcon title={w.error} data-testid="review-error" /> : null}
        <Typography.Text>{t('review.secretary', { name: e.secretary ?? t('review.noSecretary') })}</Typography.Text>

        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('review.report')}
        </Typography.Title>
        {e.canReport ? (
          <Flex vertical gap={6}>
            <Input.TextArea
              value={report}
              onChange={(x) => setReport(x.target.value)}
              autoSize={{ minRows: 3, maxRows: 12 }}
              maxLength={20000}
              placeholder={t('review.reportHint')}
              data-testid="review-report"
            />
            <Button
              loading={w.saving}
              disabled={!report.trim()}
              style={{ alignSelf: 'flex-start' }}
              onClick={() => void w.run(() => putReport(round.id, e.orgId, { report: report.trim() }))}
            >
              {t('review.saveReport')}
            </Button>
          </Flex>
        ) : (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {e.report || t('review.none')}
          </Typography.Paragraph>
        )}
        {e.reportBy ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('review.by', { name: e.reportBy })}
          </Typography.Text>
        ) : null}
        <Flex gap={8} wrap align="center" data-testid="review-report-file">
          {e.reportFile ? (
            <Button
              type="link"
              icon={<FileTextOutlined />}
              style={{ padding: 0 }}
              onClick={() => void downloadReportFile(round.id, e.orgId, e.reportFile!.id, e.reportFile!.filename)}
            >
              {e.reportFile.filename}
            </Button>
          ) : null}
          {e.canReport ? (
            <Upload
              accept=".docx,.pdf"
              showUploadList={false}
              beforeUpload={(f) => {
                void w.run(() => uploadReportFile(round.id, e.orgId, f));
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={w.saving} data-testid="review-upload-report">
                {e.reportFile ? t('review.replaceReportFile') : t('review.uploadReportFile')}
              </Button>
            </Upload>
          ) : null}
          {e.reportFile ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('review.fileBy', { name: e.reportFile.by })}
            </Typography.Text>
          ) : null}
        </Flex>

        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('review.comment')}
        </Typography.Title>
        {manage ? (
          <Flex vertical gap={6}>
            <Input.TextArea
              value={comment}
              onChange={(x) => setComment(x.target.value)}
              autoSize={{ minRows: 2, maxRows: 8 }}
              maxLength={5000}
              data-testid="review-comment"
            />
            <Button
              loading={w.saving}
              disabled={!comment.trim()}
              style={{ alignSelf: 'flex-start' }}
              onClick={() => void w.run(() => putComment(round.id, e.orgId, { comment: comment.trim() }))}
            >
              {t('review.saveComment')}
            </Button>
          </Flex>
        ) : (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {e.comment || t('review.none')}
          </Typography.Paragraph>
        )}

        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('review.poll')}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('review.pollHint')}
        </Typography.Text>
        {manage ? (
          <Flex vertical gap={8} data-testid="review-poll">
            <Flex gap={8} wrap>
              <InputNumber
                min={0}
                precision={0}
                value={shouldAttend}
                onChange={setShouldAttend}
                prefix={t('review.shouldAttend')}
                style={{ width: 190 }}
              />
              <InputNumber
                min={0}
                precision={0}
                value={tookPart}
                onChange={setTookPart}
                prefix={t('review.tookPart')}
                style={{ width: 190 }}
              />
            </Flex>
            <Flex gap={8} wrap>
              {round.grades.map((g) => (
                <InputNumber
                  key={g.code}
                  min={0}
                  precision={0}
                  value={tallies[g.code] ?? null}
                  onChange={(v) => setTallies({ ...tallies, [g.code]: v })}
                  prefix={label(g)}
                  style={{ width: 150 }}
                  data-testid={`review-tally-${g.code}`}
                />
              ))}
            </Flex>
            <Button
              loading={w.saving}
              disabled={shouldAttend === null || tookPart === null}
              style={{ alignSelf: 'flex-start' }}
              data-testid="review-save-poll"
              onClick={() =>
                void w.run(() =>
                  putPoll(round.id, e.orgId, {
                    shouldAttend: shouldAttend ?? 0,
                    tookPart: tookPart ?? 0,
                    tallies: Object.fromEntries(
                      Object.entries(tallies).filter((x): x is [string, number] => typeof x[1] === 'number'),
                    ),
                  }),
                )
              }
            >
              {t('review.savePoll')}
            </Button>
          </Flex>
        ) : null}
        {e.poll ? (
          <Flex vertical gap={2} data-testid="review-poll-result">
            <Typography.Text>
              {t('review.pollSummary', {
                should: e.poll.shouldAttend,
                took: e.poll.tookPart,
                counted: e.poll.result.counted,
                blank: e.poll.result.blank,
              })}
            </Typography.Text>
            <Flex gap={4} wrap>
              {e.poll.result.shares.map((s) => (
                <Tag key={s.code}>
                  {gradeName(s.code)} {s.count}（{pct(s.share)}）
                </Tag>
              ))}
            </Flex>
            <Typography.Text strong>
              {t('review.favourable', { share: pct(e.poll.result.favourableShare) })}
            </Typography.Text>
          </Flex>
        ) : manage ? null : (
          <Typography.Text type="secondary">{t('review.none')}</Typography.Text>
        )}

        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('review.grade')}
        </Typography.Title>
        {manage ? (
          <Flex gap={8} wrap>
            <Select
              value={grade}
              onChange={setGrade}
              style={{ width: 160 }}
              placeholder={t('review.grade')}
              options={round.grades.map((g) => ({ value: g.code, label: label(g) }))}
              data-testid="review-grade"
            />
            <Button
              loading={w.saving}
              disabled={!grade}
              onClick={() => void w.run(() => putGrade(round.id, e.orgId, { grade: grade! }))}
            >
              {t('review.saveGrade')}
            </Button>
          </Flex>
        ) : (
          <Typography.Text>{e.grade ? gradeName(e.grade) : t('review.none')}</Typography.Text>
        )}

        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('review.problems')}
        </Typography.Title>
        <List
          size="small"
          locale={{ emptyText: t('review.noProblems') }}
          dataSource={e.problems}
          renderItem={(p) => (
            <List.Item>
              <Flex gap={6} wrap align="center">
                <Link to={`/problems/${p.problemId}`}>{p.title}</Link>
                <Tag color={p.state === 'closed' ? 'green' : 'blue'}>
                  {label(PROBLEM_STATE_LABELS[p.state as ProblemState])}
                </Tag>
                {p.deadline ? <Typography.Text type="secondary">{p.deadline}</Typography.Text> : null}
              </Flex>
            </List.Item>
          )}
        />
        {manage ? (
          <Flex gap={8} wrap>
            <Input
              value={title}
              onChange={(x) => setTitle(x.target.value)}
              maxLength={300}
              placeholder={t('review.problem')}
              style={{ flex: '1 1 200px' }}
              data-testid="review-problem"
            />
            <DatePicker value={deadline} onChange={setDeadline} placeholder={t('review.problemDeadline')} />
            <Button
              loading={w.saving}
              disabled={!title.trim() || !deadline}
              data-testid="review-add-problem"
              onClick={() =>
                void w.run(
                  () =>
                    addReviewProblem(round.id, e.orgId, {
                      title: title.trim(),
                      deadline: deadline!.format('YYYY-MM-DD'),
                    }),
                  () => {
                    setTitle('');
                    setDeadline(null);
                  },
                )
              }
            >
              {t('review.addProblem')}
            </Button>
          </Flex>
        ) : null}
        <ReviewHistoryPanel round={round} orgId={e.orgId} count={e.historyCount} />
      </Flex>
    </Card>
  );
}
