import { Alert, Button, Card, Flex, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import type { EconomyImportResult } from '../../../../contracts/economy.ts';
import { ColumnMappingTable } from '../../../components/ui/column-mapping-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { downloadIncomeImportErrors, importIncome } from '../api/economy.ts';

const FIELDS = [
  'village',
  'code',
  'town',
  'year',
  'quarter',
  'business',
  'contracting',
  'investment',
  'subsidy',
  'other',
  'note',
  'seq',
] as const;

/**
 * 导入村级集体经济收入统计表: choose the list, check it (each problem by row and column), adjust the column mapping when a
 * column was not recognised, then import it whole; the same list (or its export) imported again adds nothing, a row
 * with other amounts corrects the village's entry.
 */
export function EconomyImportCard({ orgId, onImported }: { orgId: number; onImported: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<EconomyImportResult | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (commit: boolean, given = mapping) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await importIncome(orgId, file, commit, given ?? undefined);
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
    <Card size="small" title={t('economy.import.title')} style={{ marginTop: 16 }} data-testid="economy-import">
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
          <Button>{t('economy.import.choose')}</Button>
        </Upload>
        <Button onClick={() => run(false)} disabled={!file} loading={busy}>
          {t('economy.import.check')}
        </Button>
        <Button
          type="primary"
          onClick={() => run(true)}
          disabled={!file || !result || result.errors.length > 0 || result.committed}
          loading={busy}
        >
          {t('economy.import.commit')}
        </Button>
        {file && result && result.errors.length > 0 && (
          <Button
            onClick={() =>
              downloadIncomeImportErrors(orgId, file, t('economy.import.errorFile'), mapping ?? undefined).catch((e) =>
                setError(errorMessage(e)),
              )
            }
          >
            {t('import.downloadErrorFile')}
          </Button>
        )}
      </Flex>
      <div style={{ color: '#888', fontSize: 12, marginTop: 8 }}>{t('economy.import.hint')}</div>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {result && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          {result.committed ? (
            <Alert
              type="success"
              showIcon
              title={t('economy.import.done', {
                created: result.created,
                corrected: result.corrected,
                existing: result.existing,
              })}
            />
          ) : result.errors.length === 0 ? (
            <Alert
              type="info"
              showIcon
              title={t('economy.import.ready', {
                n: result.valid,
                created: result.rows.filter((r) => r.outcome === 'new').length,
                corrected: result.rows.filter((r) => r.outcome === 'corrects').length,
                existing: result.existing,
              })}
            />
          ) : (
            <Alert type="error" showIcon title={t('economy.import.hasErrors', { n: result.errors.length })} />
          )}
          {result.wanColumns.length > 0 && (
            <Tag color="gold">{t('economy.import.wan', { columns: result.wanColumns.join('、') })}</Tag>
          )}
          {result.remembered && <Tag color="processing">{t('import.matchedRemembered')}</Tag>}
          {headers.length > 0 && (
            <ColumnMappingTable
              headers={headers}
              mapping={shown}
              matchedBy={result.matchedBy}
              fields={FIELDS.map((f) => ({ value: f, label: t(`economy.import.field.${f}`) }))}
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
                { title: t('economy.import.row'), dataIndex: 'row', width: 70, render: (v: number | null) => v ?? '—' },
                {
                  title: t('economy.import.column'),
                  dataIndex: 'column',
                  width: 140,
                  render: (v: string | null) => v ?? '—',
                },
                { title: t('economy.import.problem'), dataIndex: 'message' },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
