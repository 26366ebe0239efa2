import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, InputNumber, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { ReviewDetail, ReviewImportResult } from '../../../../contracts/review.ts';
import { ImportIssuesTable } from '../../../components/ui/import-issues-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { downloadReviewPollErrors, getReview, importReviewPoll } from './review-api.ts';

const MAX_MB = 20;
type Row = ReviewImportResult['rows'][number];

/**
 * 导入民主测评票数 for the round's issuer: a tally sheet (one row per organisation) or anonymous ballots (one row per
 * ballot, one column per organisation); a sheet with a voter's column is refused (the platform never collects a
 * named vote). 检查 shows what would be written or every problem by row and column (with the marked workbook to
 * download); 确认导入 writes all or none; an organisation whose counts are the same is left as it is.
 */
export function ReviewPollImport(props: { round: ReviewDetail; onSaved: (d: ReviewDetail) => void }) {
  const { t } = useI18n();
  const { round } = props;
  const [file, setFile] = useState<File | null>(null);
  const [shouldAttend, setShouldAttend] = useState<number | null>(null);
  const [result, setResult] = useState<ReviewImportResult | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (commit: boolean, f: File | null = file) => {
    if (!f) return;
    setBusy(commit ? 'commit' : 'check');
    setError(null);
    try {
      const r = await importReviewPoll(round.id, f, commit, shouldAttend);
      setResult(r);
      if (r.committed) props.onSaved(await getReview(round.id));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const choose = (f: File) => {
    setResult(null);
    setError(null);
    if (!/\.xlsx?$/i.test(f.name)) return setError(t('import.onlyXlsx'));
    if (f.size > MAX_MB * 1024 * 1024) return setError(t('import.tooLarge', { mb: MAX_MB }));
    setFile(f);
    void run(false, f);
  };
  const outcome = (o: Row['outcome']) =>
    o === 'new' ? (
      <Tag color="blue">{t('review.import.new')}</Tag>
    ) : o === 'changed' ? (
      <Tag color="orange">{t('review.import.changed')}</Tag>
    ) : (
      <Tag>{t('review.import.unchanged')}</Tag>
    );
  const clean = result !== null && result.errors.length === 0;
  return (
    <Card size="small" title={t('review.import.title')} data-testid="review-poll-import">
      <Flex vertical gap={10}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('review.import.hint', { grades: round.grades.map((g) => label(g)).join('、') })}
        </Typography.Text>
        <Flex gap={8} wrap align="center">
          <Upload
            accept=".xlsx,.xls"
            showUploadList={false}
            beforeUpload={(f) => {
              choose(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy === 'check'} data-testid="review-import-file">
              {file ? file.name : t('review.import.pick')}
            </Button>
          </Upload>
          <InputNumber
            min={0}
            precision={0}
            value={shouldAttend}
            onChange={setShouldAttend}
            prefix={t('review.shouldAttend')}
            placeholder={t('review.import.ballotsOnly')}
            style={{ width: 220 }}
          />
          <Button disabled={!file} loading={busy === 'check'} onClick={() => void run(false)}>
            {t('review.import.check')}
          </Button>
          <Button
            type="primary"
            disabled={!clean || result?.committed === true}
            loading={busy === 'commit'}
            data-testid="review-import-commit"
            onClick={() => void run(true)}
          >
            {t('review.import.commit')}
          </Button>
        </Flex>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        {result && result.errors.length > 0 ? (
          <Flex vertical gap={8} data-testid="review-import-errors">
            <Alert type="error" showIcon title={t('review.import.hasErrors', { n: result.errors.length })} />
            <ImportIssuesTable issues={result.errors} />
            {result.layout !== null && file ? (
              <Button
                icon={<DownloadOutlined />}
                style={{ alignSelf: 'flex-start' }}
                onClick={() =>
                  void downloadReviewPollErrors(round.id, file, 'review-poll-errors.xlsx', shouldAttend).catch((e) =>
                    setError(errorMessage(e)),
                  )
                }
              >
                {t('review.import.downloadErrors')}
              </Button>
            ) : null}
          </Flex>
        ) : null}
        {clean ? (
          <Flex vertical gap={8} data-testid="review-import-result">
            <Alert
              type={result.committed ? 'success' : 'info'}
              showIcon
              title={t(result.committed ? 'review.import.done' : 'review.import.checked', {
                layout: t(result.layout === 'ballots' ? 'review.import.ballots' : 'review.import.tally', {
                  n: result.total,
                }),
                created: result.created,
                changed: result.changed,
                unchanged: result.unchanged,
              })}
            />
            {result.warnings.map((w) => (
              <Typography.Text key={w} type="secondary" style={{ fontSize: 12 }}>
                {w}
              </Typography.Text>
            ))}
            <Table<Row>
              size="small"
              rowKey="orgId"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={result.rows}
              columns={[
                {
                  title: t('review.import.org'),
                  dataIndex: 'orgName',
                  render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
                },
                { title: t('review.shouldAttend'), dataIndex: 'shouldAttend', width: 70 },
                { title: t('review.tookPart'), dataIndex: 'tookPart', width: 70 },
                ...round.grades.map((g) => ({
                  title: label(g),
                  key: g.code,
                  width: 60,
                  render: (_: unknown, r: Row) => r.tallies[g.code] ?? 0,
                })),
                { title: '', dataIndex: 'outcome', width: 90, render: (o: Row['outcome']) => outcome(o) },
              ]}
            />
          </Flex>
        ) : null}
      </Flex>
    </Card>
  );
}
