import { CheckCircleOutlined, DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Result,
  Space,
  Spin,
  Statistic,
  Steps,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type {
  ImportChoices,
  ImportIssue,
  ImportResult,
  ImportRowKind,
  ImportRowOutcome,
} from '../../../../contracts/people.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { tm, useI18n } from '../../../lib/i18n.ts';
import { downloadImportErrors, downloadImportTemplate, importRoster } from '../api/members.ts';
import { ImportMappingCard } from './import-mapping-card.tsx';

const MAX_MB = 20;
const LINES_SHOWN = 8;

/**
 * 导入花名册: 1 choose the organisation and upload the .xlsx; 2 the server's dry run — errors by row and
 * column (fix the file and upload again) or what the import will do: people to register, people already registered
 * whose record changes (field by field) and rows that change nothing; 3 confirm, and the result.
 */
export function ImportWizard({ defaultOrgId }: { defaultOrgId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [orgId, setOrgId] = useState<number | null>(defaultOrgId);
  const [orgName, setOrgName] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [choices, setChoices] = useState<ImportChoices>({});
  const [error, setError] = useState<string | null>(null);

  const step = done ? 2 : check ? 1 : 0;

  const dryRun = async (f: File, with_: ImportChoices = {}) => {
    if (!orgId) {
      setError(t('import.chooseOrgFirst'));
      return;
    }
    if (!/\.xlsx?$/i.test(f.name)) {
      setError(t('import.onlyXlsx'));
      return;
    }
    if (f.size > MAX_MB * 1024 * 1024) {
      setError(t('import.tooLarge', { mb: MAX_MB }));
      return;
    }
    setFile(f);
    setChoices(with_);
    setBusy('check');
    setError(null);
    try {
      setCheck(await importRoster(orgId, f, false, with_));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const commit = async () => {
    if (!orgId || !file) return;
    setBusy('commit');
    setError(null);
    try {
      const r = await importRoster(orgId, file, true, choices);
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
    setChoices({});
    setCheck(null);
    setDone(null);
    setError(null);
  };

  const template = async () => {
    try {
      await downloadImportTemplate(t('import.templateFile'));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const dragger = (compact: boolean) => (
    <Upload.Dragger
      accept=".xlsx,.xls,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel"
      multiple={false}
      showUploadList={false}
      disabled={busy !== null || !orgId}
      beforeUpload={(f) => {
        void dryRun(f);
        return Upload.LIST_IGNORE;
      }}
      style={compact ? { padding: 0 } : undefined}
    >
      <Spin spinning={busy === 'check'}>
        <p className="ant-upload-drag-icon" style={compact ? { marginBottom: 4 } : undefined}>
          {compact ? <UploadOutlined /> : <InboxOutlined />}
        </p>
        <p className="ant-upload-text">{compact ? t('import.uploadAgain') : t('import.dropHere')}</p>
        <p className="ant-upload-hint">{t('import.dropHint', { mb: MAX_MB })}</p>
      </Spin>
    </Upload.Dragger>
  );

  return (
    <div data-testid="import-wizard">
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('import.step1'), content: t('import.step1Desc') },
          { title: t('import.step2'), content: t('import.step2Desc') },
          { title: t('import.step3'), content: t('import.step3Desc') },
        ]}
        responsive
      />
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => setError(null) }}
        />
      )}

      {step === 0 && (
        <Card>
          <Form layout="vertical" style={{ maxWidth: 560 }}>
            <Form.Item label={t('import.targetOrg')} required extra={t('import.targetOrgHint')}>
              <OrgSelect
                value={orgId}
                onChange={(id, hit) => {
                  setOrgId(id);
                  setOrgName(hit?.name ?? null);
                }}
                aria-label={t('import.targetOrg')}
              />
            </Form.Item>
          </Form>
          {dragger(false)}
          <Flex justify="space-between" wrap gap={8} style={{ marginTop: 16 }}>
            <Flex vertical gap={4}>
              <Typography.Text type="secondary">{t('import.columnsHint')}</Typography.Text>
              <Typography.Text type="secondary">{t('import.reimportHint')}</Typography.Text>
            </Flex>
            <Button type="link" icon={<DownloadOutlined />} onClick={template} style={{ paddingInline: 0 }}>
              {t('import.downloadTemplate')}
            </Button>
          </Flex>
        </Card>
      )}

      {step === 1 && check && (
        <CheckStep
          result={check}
          fileName={file?.name ?? ''}
          busy={busy}
          dragger={dragger(true)}
          onBack={restart}
          onCommit={commit}
          onChoices={(c) => file && void dryRun(file, c)}
          onErrorFile={async () => {
            if (!orgId || !file) return;
            try {
              await downloadImportErrors(orgId, file, choices, t('import.errorFileName'));
            } catch (e) {
              void message.error(errorMessage(e));
            }
          }}
        />
      )}

      {step === 2 && done && (
        <Card>
          <Result
            status="success"
            title={
              done.updated > 0 || done.counts.unchanged > 0
                ? t('import.doneWithUpdates', { created: done.created, updated: done.updated })
                : t('import.doneTitle', { n: done.created })
            }
            subTitle={orgName ? t('import.doneSubtitle', { org: orgName }) : undefined}
            extra={[
              <Link key="list" to={`/members?orgId=${orgId}&descendants=false`}>
                <Button type="primary">{t('import.viewMembers')}</Button>
              </Link>,
              <Button key="again" onClick={restart}>
                {t('import.importMore')}
              </Button>,
            ]}
          />
        </Card>
      )}
    </div>
  );
}

function issueLine(t: ReturnType<typeof useI18n>['t'], e: ImportIssue): string {
  const sheet = e.sheet ? `${e.sheet} · ` : '';
  const message = tm(e.msg, e.message);
  if (e.row !== null && e.column) return sheet + t('import.errorLine', { row: e.row, column: e.column, message });
  if (e.row !== null) return sheet + t('import.errorLineNoColumn', { row: e.row, message });
  if (e.column) return `${sheet}${e.column}：${message}`;
  return sheet + message;
}

type CheckProps = {
  result: ImportResult;
  fileName: string;
  busy: 'check' | 'commit' | null;
  dragger: React.ReactNode;
  onBack: () => void;
  onCommit: () => void;
  onChoices: (choices: ImportChoices) => void;
  onErrorFile: () => Promise<void>;
};

function CheckStep({ result, fileName, busy, dragger, onBack, onCommit, onChoices, onErrorFile }: CheckProps) {
  const { t } = useI18n();
  const bad = result.errors.length > 0;
  const { counts } = result;
  // A file of new people only reads as before; one that meets people already registered says what it does to them.
  const meetsRegistered = counts.changed > 0 || counts.unchanged > 0;
  const toWrite = counts.new + counts.changed;
  const columns = [...new Set(result.preview.flatMap((r) => Object.keys(r)))];
  const preview = result.preview.map((r, i) => ({ __key: i + 1, ...r }));

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex wrap gap={32} align="center">
          <Statistic title={t('import.file')} value={fileName} styles={{ content: { fontSize: 16 } }} />
          <Statistic title={t('import.totalRows')} value={result.total} />
          <Statistic title={t('import.validRows')} value={result.valid} />
          {meetsRegistered && <Statistic title={t('import.kindNew')} value={counts.new} />}
          {meetsRegistered && <Statistic title={t('import.kindChanged')} value={counts.changed} />}
          {meetsRegistered && <Statistic title={t('import.kindUnchanged')} value={counts.unchanged} />}
          <Statistic
            title={t('import.errorCount')}
            value={result.errors.length}
            styles={{ content: { color: bad ? 'var(--ant-color-error)' : undefined } }}
          />
        </Flex>
      </Card>

      {Object.keys(result.mapping).length > 0 && (
        <ImportMappingCard
          key={JSON.stringify([result.mapping, result.sheets])}
          result={result}
          busy={busy === 'check'}
          onApply={onChoices}
        />
      )}

      {bad ? (
        <>
          <Alert
            type="error"
            showIcon
            title={t('import.hasErrors', { n: result.errors.length })}
            description={
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }} data-testid="import-error-lines">
                {result.errors.slice(0, LINES_SHOWN).map((e, i) => (
                  <li key={i}>{issueLine(t, e)}</li>
                ))}
                {result.errors.length > LINES_SHOWN && (
                  <li>{t('import.moreErrors', { n: result.errors.length - LINES_SHOWN })}</li>
                )}
              </ul>
            }
          />
          <Card title={t('import.errorsTitle')} size="small">
            <Table<ImportIssue & { key: number }>
              size="small"
              dataSource={result.errors.map((e, i) => ({ ...e, key: i }))}
              pagination={result.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              columns={[
                {
                  title: t('import.colRow'),
                  dataIndex: 'row',
                  width: 90,
                  render: (v: number | null) => (v === null ? '—' : t('import.rowN', { n: v })),
                },
                {
                  title: t('import.colColumn'),
                  dataIndex: 'column',
                  width: 140,
                  render: (v: string | null) => v ?? '—',
                },
                { title: t('import.colError'), dataIndex: 'message' },
              ]}
            />
          </Card>
          <Card
            size="small"
            title={t('import.fixAndRetry')}
            extra={
              <Button icon={<DownloadOutlined />} onClick={() => void onErrorFile()} data-testid="import-error-file">
                {t('import.downloadErrorFile')}
              </Button>
            }
          >
            {dragger}
            <Button style={{ marginTop: 12 }} onClick={onBack}>
              {t('import.back')}
            </Button>
          </Card>
        </>
      ) : (
        <Card>
          <Alert
            type={toWrite > 0 ? 'success' : 'info'}
            showIcon
            icon={toWrite > 0 ? <CheckCircleOutlined /> : undefined}
            title={
              !meetsRegistered
                ? t('import.allValid', { n: result.valid })
                : toWrite > 0
                  ? t('import.allValidWithUpdates', { n: result.valid, ...counts })
                  : t('import.nothingToDo', { n: result.valid })
            }
            style={{ marginBottom: 16 }}
          />
          <Space wrap>
            {toWrite > 0 && (
              <Button type="primary" size="large" loading={busy === 'commit'} onClick={onCommit}>
                {meetsRegistered ? t('import.confirmWithUpdates', counts) : t('import.confirm', { n: result.valid })}
              </Button>
            )}
            <Button size="large" onClick={onBack} disabled={busy !== null}>
              {t('import.back')}
            </Button>
          </Space>
        </Card>
      )}

      {!bad && meetsRegistered && <OutcomeCard result={result} />}

      {preview.length > 0 && (
        <Card size="small" title={t('import.previewTitle', { n: preview.length })}>
          <Table<Record<string, string | number>>
            size="small"
            rowKey="__key"
            dataSource={preview}
            pagination={preview.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            scroll={{ x: Math.max(800, columns.length * 110) }}
            columns={columns.map((c) => ({
              title: c,
              dataIndex: c,
              ellipsis: true,
              width: /身份证/.test(c) ? 190 : /日期/.test(c) ? 112 : undefined,
            }))}
          />
        </Card>
      )}
    </Flex>
  );
}

const KIND_COLORS: Record<ImportRowKind, string> = { new: 'success', changed: 'processing', unchanged: 'default' };
const KIND_LABELS = {
  new: 'import.kindNew',
  changed: 'import.kindChanged',
  unchanged: 'import.kindUnchanged',
} as const;

/** What the import will do, row by row: the changed people (each change before → after), the new, the unchanged. */
function OutcomeCard({ result }: { result: ImportResult }) {
  const { t } = useI18n();
  const empty = t('import.emptyValue');
  const table = (kind: ImportRowKind) => {
    const rows = result.rows.filter((r) => r.kind === kind);
    return (
      <Table<ImportRowOutcome>
        size="small"
        rowKey="row"
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        columns={[
          {
            title: t('import.colRow'),
            dataIndex: 'row',
            width: 90,
            render: (v: number) => t('import.rowN', { n: v }),
          },
          {
            title: t('import.colKind'),
            dataIndex: 'kind',
            width: 80,
            render: (k: ImportRowKind) => <Tag color={KIND_COLORS[k]}>{t(KIND_LABELS[k])}</Tag>,
          },
          { title: t('import.colName'), dataIndex: 'name', width: 160 },
          ...(kind === 'changed'
            ? [
                {
                  title: t('import.colChanges'),
                  key: 'changes',
                  render: (_: unknown, r: ImportRowOutcome) => (
                    <Flex vertical gap={2}>
                      {r.changes.map((c) => (
                        <span key={c.column}>
                          {t('import.changeLine', {
                            column: c.column,
                            before: c.before ?? empty,
                            after: c.after ?? empty,
                          })}
                        </span>
                      ))}
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
    );
  };
  const kinds: ImportRowKind[] = ['changed', 'new', 'unchanged'];
  return (
    <Card size="small" title={t('import.outcomeTitle')} data-testid="import-outcomes">
      <Tabs
        items={kinds.map((kind) => ({
          key: kind,
          label: `${t(KIND_LABELS[kind])} ${result.counts[kind]}`,
          children: table(kind),
        }))}
      />
      {result.rowsOmitted > 0 && (
        <Typography.Text type="secondary">{t('import.rowsOmitted', { n: result.rowsOmitted })}</Typography.Text>
      )}
    </Card>
  );
}
