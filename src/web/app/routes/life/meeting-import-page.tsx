import { CheckCircleOutlined, DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, Result, Row, Spin, Statistic, Steps, Table, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { MeetingImportResult } from '../../../../contracts/life.ts';
import { MEETING_KIND_LABELS } from '../../../../domain/life/vocab.ts';
import { ImportIssuesTable } from '../../../components/ui/import-issues-table.tsx';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { downloadMeetingImportErrors, importMeetingLedger } from '../../../features/life/api/life.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useOrgContext } from '../../../lib/use-org-param.ts';

const MAX_MB = 20;

type LedgerRow = MeetingImportResult['rows'][number];

/**
 * /life/import — 导入会议台账: choose the organisation and a .xlsx/.xls ledger; 检查 (the server's dry run) shows
 * the rows read, to import, already recorded and the errors by row and column (with the marked workbook to
 * download); 确认导入 writes them all or none, and the calendar then shows them.
 */
export default function MeetingImportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const ctx = useOrgContext();
  const [orgId, setOrgId] = useState<number | null>(ctx.orgId);
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<MeetingImportResult | null>(null);
  const [done, setDone] = useState<MeetingImportResult | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const step = done ? 2 : check ? 1 : 0;
  const calendar = `/life?orgId=${orgId ?? ctx.orgId}`;

  /** A file chosen: kept; on the check step (a corrected file) checked again at once. */
  const choose = (f: File, recheck: boolean) => {
    setError(null);
    if (!/\.xlsx?$/i.test(f.name)) {
      setError(t('import.onlyXlsx'));
      return;
    }
    if (f.size > MAX_MB * 1024 * 1024) {
      setError(t('import.tooLarge', { mb: MAX_MB }));
      return;
    }
    setFile(f);
    if (recheck) void run(false, f);
  };

  const run = async (commit: boolean, f: File | null = file) => {
    if (!orgId) {
      setError(t('lifeImport.chooseOrg'));
      return;
    }
    if (!f) return;
    setBusy(commit ? 'commit' : 'check');
    setError(null);
    try {
      const r = await importMeetingLedger(orgId, f, commit);
      if (r.committed && r.errors.length === 0) setDone(r);
      else setCheck(r);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const restart = () => {
    setFile(null);
    setCheck(null);
    setDone(null);
    setError(null);
  };

  const errorFile = async () => {
    if (!orgId || !file) return;
    try {
      await downloadMeetingImportErrors(orgId, file, t('lifeImport.errorFileName'));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const picker = (compact: boolean) => (
    <Upload.Dragger
      accept=".xlsx,.xls,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel"
      multiple={false}
      showUploadList={false}
      disabled={busy !== null}
      beforeUpload={(f) => {
        choose(f, compact);
        return Upload.LIST_IGNORE;
      }}
      data-testid="meeting-import-file"
    >
      <p className="ant-upload-drag-icon" style={compact ? { marginBottom: 4 } : undefined}>
        {compact ? <UploadOutlined /> : <InboxOutlined />}
      </p>
      <p className="ant-upload-text">{file ? file.name : t('lifeImport.dropHere')}</p>
      <p className="ant-upload-hint">{t('lifeImport.dropHint', { mb: MAX_MB })}</p>
    </Upload.Dragger>
  );

  const checkButton = (
    <Button
      type="primary"
      disabled={!file || !orgId}
      loading={busy === 'check'}
      onClick={() => void run(false)}
      data-testid="meeting-import-check"
    >
      {t('lifeImport.check')}
    </Button>
  );

  return (
    <div data-testid="meeting-import-page" style={{ maxWidth: 1100 }}>
      <PageHeader
        title={t('lifeImport.title')}
        extra={
          <Link to={calendar}>
            <Button>{t('lifeImport.toCalendar')}</Button>
          </Link>
        }
      />
      <Steps
        current={step}
        size="small"
        responsive
        style={{ marginBottom: 16 }}
        items={[{ title: t('lifeImport.step1') }, { title: t('lifeImport.step2') }, { title: t('lifeImport.step3') }]}
      />
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => setError(null) }}
          data-testid="meeting-import-error"
        />
      ) : null}

      {step === 0 && (
        <Card>
          <Form layout="vertical" style={{ maxWidth: 560 }}>
            <Form.Item label={t('lifeImport.org')} required extra={t('lifeImport.orgHint')}>
              <OrgSelect value={orgId} onChange={(id) => setOrgId(id)} aria-label={t('lifeImport.org')} />
            </Form.Item>
          </Form>
          {picker(false)}
          <Flex vertical gap={12} style={{ marginTop: 16 }}>
            <Alert type="info" showIcon title={t('lifeImport.columnsHint')} />
            <Flex wrap gap={8}>
              {checkButton}
            </Flex>
          </Flex>
        </Card>
      )}

      {step === 1 && check && (
        <Flex vertical gap={16}>
          <Spin spinning={busy === 'check'}>
            <Card size="small" title={file?.name} data-testid="meeting-import-summary">
              <Row gutter={[12, 12]}>
                <Col xs={12} sm={6}>
                  <Statistic title={t('lifeImport.total')} value={check.total} />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic
                    title={t('lifeImport.toImport')}
                    value={check.rows.filter((r) => r.outcome === 'new').length}
                  />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic title={t('lifeImport.existing')} value={check.existing} />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic
                    title={t('lifeImport.errors')}
                    value={check.errors.length}
                    styles={{ content: { color: check.errors.length ? 'var(--ant-color-error)' : undefined } }}
                  />
                </Col>
              </Row>
            </Card>
          </Spin>

          {check.errors.length > 0 ? (
            <>
              <Alert type="error" showIcon title={t('lifeImport.hasErrors', { n: check.errors.length })} />
              <Card
                size="small"
                title={t('lifeImport.errorsTitle')}
                extra={
                  <Button
                    icon={<DownloadOutlined />}
                    onClick={() => void errorFile()}
                    data-testid="meeting-import-error-file"
                  >
                    {t('lifeImport.downloadErrorFile')}
                  </Button>
                }
              >
                <ImportIssuesTable issues={check.errors} testId="meeting-import-errors" />
              </Card>
              <Card size="small" title={t('lifeImport.fixAndRetry')}>
                {picker(true)}
                <Flex wrap gap={8} style={{ marginTop: 12 }}>
                  {checkButton}
                  <Button onClick={restart} disabled={busy !== null}>
                    {t('lifeImport.back')}
                  </Button>
                </Flex>
              </Card>
            </>
          ) : (
            <Card size="small">
              <Alert
                type={check.valid > check.existing ? 'success' : 'info'}
                showIcon
                icon={check.valid > check.existing ? <CheckCircleOutlined /> : undefined}
                title={
                  check.valid > check.existing
                    ? t('lifeImport.allValid', { n: check.valid - check.existing, existing: check.existing })
                    : t('lifeImport.nothingToDo', { n: check.existing })
                }
                style={{ marginBottom: 12 }}
              />
              <Flex wrap gap={8}>
                {check.valid > check.existing ? (
                  <Button
                    type="primary"
                    loading={busy === 'commit'}
                    onClick={() => void run(true)}
                    data-testid="meeting-import-commit"
                  >
                    {t('lifeImport.confirm')}
                  </Button>
                ) : null}
                <Button onClick={restart} disabled={busy !== null}>
                  {t('lifeImport.back')}
                </Button>
              </Flex>
            </Card>
          )}

          {check.rows.length > 0 && <RowsCard rows={check.rows} />}
          {check.skipped.length > 0 && (
            <Alert type="info" showIcon title={t('lifeImport.skipped', { n: check.skipped.length })} />
          )}
        </Flex>
      )}

      {step === 2 && done && (
        <Card>
          <Result
            status="success"
            title={t('lifeImport.doneTitle', { n: done.created })}
            subTitle={done.existing > 0 ? t('lifeImport.doneExisting', { n: done.existing }) : undefined}
            extra={[
              <Link key="calendar" to={calendar}>
                <Button type="primary" data-testid="meeting-import-to-calendar">
                  {t('lifeImport.toCalendar')}
                </Button>
              </Link>,
              <Button key="again" onClick={restart}>
                {t('lifeImport.importMore')}
              </Button>,
            ]}
          />
        </Card>
      )}
    </div>
  );
}

/** The meetings the ledger holds, each new (to import) or already recorded. */
function RowsCard({ rows }: { rows: LedgerRow[] }) {
  const { t, label } = useI18n();
  return (
    <Card size="small" title={t('lifeImport.rowsTitle', { n: rows.length })}>
      <Table<LedgerRow>
        size="small"
        rowKey={(r) => `${r.sheet ?? ''}:${r.row}`}
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        scroll={{ x: 640 }}
        columns={[
          { title: t('import.colRow'), dataIndex: 'row', width: 80, render: (n: number) => t('import.rowN', { n }) },
          { title: t('life.heldOn'), dataIndex: 'heldOn', width: 110 },
          {
            title: t('life.kind'),
            dataIndex: 'kind',
            width: 140,
            render: (k: LedgerRow['kind']) => label(MEETING_KIND_LABELS[k]),
          },
          { title: t('life.topic'), dataIndex: 'topic', ellipsis: true },
          { title: t('life.org'), dataIndex: 'orgName', width: 160, ellipsis: true },
          {
            title: t('lifeImport.outcome'),
            dataIndex: 'outcome',
            width: 100,
            render: (o: LedgerRow['outcome']) =>
              o === 'new' ? t('lifeImport.outcomeNew') : t('lifeImport.outcomeExisting'),
          },
        ]}
      />
    </Card>
  );
}
