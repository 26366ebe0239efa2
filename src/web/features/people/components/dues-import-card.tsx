import { Alert, Button, Card, Flex, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import type { DuesImportResult } from '../../../../contracts/dues.ts';
import { ColumnMappingTable } from '../../../components/ui/column-mapping-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { downloadDuesImportErrors, importDuesLedger } from '../api/dues.ts';

const FIELDS = ['name', 'idNumber', 'month', 'amount', 'due', 'paidOn', 'proxy', 'note', 'seq'] as const;

/**
 * 导入党费收缴登记表: choose the ledger, check it (each problem by row and column), adjust the column mapping if a
 * column was not recognised (the mapping is remembered for the next ledger of these columns), then import it whole;
 * the same file imported again adds nothing.
 */
export function DuesImportCard({ orgId, onImported }: { orgId: number; onImported: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<DuesImportResult | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (commit: boolean, given = mapping) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await importDuesLedger(orgId, file, commit, given ?? undefined);
      setResult(r);
      if (r.committed) onImported();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const headers = Object.keys(result?.mapping ?? {});
  const shown = mapping ?? result?.mapping ?? {};

  return (
    <Card title={t('dues.import.title')} style={{ marginTop: 16 }} data-testid="dues-import">
      <Flex gap={8} wrap align="center">
        <Upload
          accept=".xlsx,.xls"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setResult(null);
            setMapping(null);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <Button>{t('dues.import.choose')}</Button>
        </Upload>
        <Button onClick={() => run(false)} disabled={!file} loading={busy}>
          {t('dues.import.check')}
        </Button>
        <Button
          type="primary"
          onClick={() => run(true)}
          disabled={!file || !result || result.errors.length > 0 || result.committed}
          loading={busy}
        >
          {t('dues.import.commit')}
        </Button>
        {file && result && result.errors.length > 0 && (
          <Button
            onClick={() =>
              downloadDuesImportErrors(orgId, file, t('dues.import.errorFile'), mapping ?? undefined).catch((e) =>
                setError(errorMessage(e)),
              )
            }
          >
            {t('import.downloadErrorFile')}
          </Button>
        )}
      </Flex>
      <div style={{ color: '#888', fontSize: 12, marginTop: 8 }}>{t('dues.import.hint')}</div>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {result && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          {result.committed ? (
            <Alert
              type="success"
              showIcon
              title={t('dues.import.done', { created: result.created, existing: result.existing })}
            />
          ) : result.errors.length === 0 ? (
            <Alert
              type="info"
              showIcon
              title={t('dues.import.ready', {
                n: result.valid,
                created: result.valid - result.existing,
                existing: result.existing,
              })}
            />
          ) : (
            <Alert type="error" showIcon title={t('dues.import.hasErrors', { n: result.errors.length })} />
          )}
          {result.remembered && <Tag color="processing">{t('import.matchedRemembered')}</Tag>}
          {headers.length > 0 && (
            <ColumnMappingTable
              headers={headers}
              mapping={shown}
              matchedBy={result.matchedBy}
              fields={FIELDS.map((f) => ({ value: f, label: t(`dues.import.field.${f}`) }))}
              onChange={setMapping}
            />
          )}
          {mapping && (
            <Button onClick={() => run(false, mapping)} loading={busy}>
              {t('import.applyMapping')}
            </Button>
          )}
          {result.errors.length > 0 && (
            <Table
              size="small"
              rowKey={(e) => `${e.sheet ?? ''}:${e.row}:${e.column}:${e.message}`}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={result.errors}
              columns={[
                { title: t('dues.import.row'), dataIndex: 'row', width: 70, render: (v: number | null) => v ?? '—' },
                {
                  title: t('dues.import.column'),
                  dataIndex: 'column',
                  width: 110,
                  render: (v: string | null) => v ?? '—',
                },
                { title: t('dues.import.problem'), dataIndex: 'message' },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
