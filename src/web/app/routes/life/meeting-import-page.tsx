import { CheckCircleOutlined, DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  Flex,
  Form,
  Result,
  Row,
  Spin,
  Statistic,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { MeetingImportResult } from '../../../../contracts/life.ts';
import { MEETING_LIST_SPEC } from '../../../../domain/life/meeting-list.ts';
import { MEETING_KIND_LABELS } from '../../../../domain/life/vocab.ts';
import { ColumnMappingTable } from '../../../components/ui/column-mapping-table.tsx';
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
 * download), and the column mapping: a column the importer did not recognise can be mapped by hand and the file
 * checked again (the mapping goes with the import and is remembered for the next ledger of these columns; a ledger
 * read with a remembered mapping says so); 确认导入 writes them all or none, and the calendar then shows them.
 */
export default function MeetingImportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const ctx = useOrgContext();
  const [orgId, setOrgId] = useState<number | null>(ctx.orgId);
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<MeetingImportResult | null>(null);
  /** The column mapping the user set (null: the importer's own). */
  const [mapping, setMapping] = useState<Record<string, string | null> | null>(null);
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
    if (!recheck) setMapping(null);
    if (recheck) void run(false, f);
  };

  const run = async (commit: boolean, f: File | null = file, given = mapping) => {
    if (!orgId) {
      setError(t('lifeImport.chooseOrg'));
      return;
    }
    if (!f) return;
    setBusy(commit ? 'commit' : 'check');
    setError(null);
    try {
      const r = await importMeetingLedger(orgId, f, commit, given ?? undefined);
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
    setMapping(null);
  };

  const errorFile = async () => {
    if (!orgId || !file) return;
    try {
      await downloadMeetingImportErrors(orgId, file, t('lifeImport.errorFileName'), mapping ?? undefined);
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

          {check.remembered && (
            <Alert type="info" showIcon title={t('lifeImport.remembered')} data-testid="meeting-import-remembered" />
          )}
          {check.mapping && Object.keys(check.mapping).length > 0 && (
            <MappingCard
              result={check}
              mapping={mapping}
              onChange={setMapping}
              busy={busy !== null}
              onApply={() => void run(false)}
            />
          )}

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

/**
 * The ledger's columns and the field each maps to (and how it was matched); open at once when a column is not mapped,
 * the ledger has problems or the mapping was remembered. “按此对应重新校验” checks the file again with the user's mapping.
 */
function MappingCard({
  result,
  mapping,
  onChange,
  busy,
  onApply,
}: {
  result: MeetingImportResult;
  mapping: Record<string, string | null> | null;
  onChange: (m: Record<string, string | null>) => void;
  busy: boolean;
  onApply: () => void;
}) {
  const { t } = useI18n();
  const used = result.mapping ?? {};
  const headers = Object.keys(used);
  const shown = mapping ?? used;
  const none = headers.filter((h) => !used[h]).length;
  const changed = headers.some((h) => (shown[h] ?? null) !== (used[h] ?? null));
  const open = none > 0 || result.errors.length > 0 || !!result.remembered;
  return (
    <Collapse
      size="small"
      defaultActiveKey={open ? ['mapping'] : []}
      data-testid="meeting-import-mapping"
      items={[
        {
          key: 'mapping',
          label: t('lifeImport.mappingOpen', { n: headers.length, none }),
          children: (
            <Flex vertical gap={8}>
              <ColumnMappingTable
                headers={headers}
                mapping={shown}
                matchedBy={result.matchedBy}
                fields={MEETING_LIST_SPEC.fields.map((f) => ({
                  value: f.field,
                  label: t(`lifeImport.field.${f.field}`),
                }))}
                onChange={onChange}
              />
              <Flex gap={8} align="center" wrap>
                <Button
                  type={changed ? 'primary' : 'default'}
                  disabled={!changed || busy}
                  onClick={onApply}
                  data-testid="meeting-import-apply-mapping"
                >
                  {t('import.applyMapping')}
                </Button>
                <Typography.Text type="secondary">{t('import.mappingHint')}</Typography.Text>
              </Flex>
            </Flex>
          ),
        },
      ]}
    />
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
