import { Alert, Button, Card, Flex, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import type { GridImportResult } from '../../../../contracts/grid.ts';
import { ColumnMappingTable } from '../../../components/ui/column-mapping-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { downloadMatterImportErrors, importMatters } from '../api/grid.ts';

const FIELDS = [
  'grid',
  'org',
  'category',
  'text',
  'location',
  'reportedOn',
  'source',
  'residentName',
  'residentPhone',
  'seq',
] as const;

/**
 * 导入网格事项登记表: choose the list, check it (each problem by row and column), adjust the column mapping when a
 * column was not recognised, then import it whole; the same list (or its export) imported again adds nothing.
 */
export function GridImportCard({ orgId, onImported }: { orgId: number; onImported: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<GridImportResult | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (commit: boolean, given = mapping) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await importMatters(orgId, file, commit, given ?? undefined);
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
    <Card size="small" title={t('grid.import.title')} style={{ marginTop: 16 }} data-testid="grid-import">
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
          <Button>{t('grid.import.choose')}</Button>
        </Upload>
        <Button onClick={() => run(false)} disabled={!file} loading={busy}>
          {t('grid.import.check')}
        </Button>
        <Button
          type="primary"
          onClick={() => run(true)}
          disabled={!file || !result || result.errors.length > 0 || result.committed}
          loading={busy}
        >
          {t('grid.import.commit')}
        </Button>
        {file && result && result.errors.length > 0 && (
          <Button
            onClick={() =>
              downloadMatterImportErrors(orgId, file, t('grid.import.errorFile'), mapping ?? undefined).catch((e) =>
                setError(errorMessage(e)),
              )
            }
          >
            {t('import.downloadErrorFile')}
          </Button>
        )}
      </Flex>
      <div style={{ color: '#888', fontSize: 12, marginTop: 8 }}>{t('grid.import.hint')}</div>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {result && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          {result.committed ? (
            <Alert
              type="success"
              showIcon
              title={t('grid.import.done', { created: result.created, existing: result.existing })}
            />
          ) : result.errors.length === 0 ? (
            <Alert
              type="info"
              showIcon
              title={t('grid.import.ready', {
                n: result.valid,
                created: result.valid - result.existing,
                existing: result.existing,
              })}
            />
          ) : (
            <Alert type="error" showIcon title={t('grid.import.hasErrors', { n: result.errors.length })} />
          )}
          {result.remembered && <Tag color="processing">{t('import.matchedRemembered')}</Tag>}
          {headers.length > 0 && (
            <ColumnMappingTable
              headers={headers}
              mapping={shown}
              matchedBy={result.matchedBy}
              fields={FIELDS.map((f) => ({ value: f, label: t(`grid.import.field.${f}`) }))}
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
                { title: t('grid.import.row'), dataIndex: 'row', width: 70, render: (v: number | null) => v ?? '—' },
                {
                  title: t('grid.import.column'),
                  dataIndex: 'column',
                  width: 110,
                  render: (v: string | null) => v ?? '—',
                },
                { title: t('grid.import.problem'), dataIndex: 'message' },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
