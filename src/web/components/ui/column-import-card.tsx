import { Alert, Button, Card, Flex, Space, Table, Tag, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import type { ImportIssue, MAPPING_MATCHED_BY } from '../../../contracts/people.ts';
import { errorMessage } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { ColumnMappingTable } from './column-mapping-table.tsx';

type Mapping = Record<string, string | null>;

/** What every column-mapping import answers (the shared importer, src/server/import). */
export type ColumnImportResult = {
  committed: boolean;
  errors: ImportIssue[];
  mapping: Mapping;
  matchedBy?: Readonly<Record<string, (typeof MAPPING_MATCHED_BY)[number]>> | undefined;
  remembered?: boolean | undefined;
};

/**
 * An import through the shared column-mapping importer as a card: choose the list, check it (each problem by row and
 * column), adjust the mapping when a column was not recognised, download the marked workbook, then import it whole.
 * The area gives its texts (under `keys.*`: title, choose, check, commit, errorFile, hint, hasErrors, row, column,
 * problem, field.<name>), its fields, the calls, and what a checked or finished import says.
 */
export function ColumnImportCard<R extends ColumnImportResult>({
  keys,
  testId,
  fields,
  send,
  downloadErrors,
  onImported,
  summary,
  extra,
}: {
  /** The i18n prefix of the area's texts, e.g. 'grid.import'. */
  keys: string;
  testId: string;
  fields: readonly string[];
  send: (file: File, commit: boolean, mapping: Mapping | undefined) => Promise<R>;
  downloadErrors: (file: File, filename: string, mapping: Mapping | undefined) => Promise<unknown>;
  onImported: () => void;
  /** The alert of a checked list without errors, or of an import done. */
  summary: (r: R) => string;
  /** More to show under the alert (e.g. the columns read in 万元). */
  extra?: (r: R) => ReactNode;
}) {
  const { t } = useI18n();
  const k = (s: string) => t(`${keys}.${s}` as never);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<R | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (commit: boolean, given = mapping) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await send(file, commit, given ?? undefined);
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
    <Card size="small" title={k('title')} style={{ marginTop: 16 }} data-testid={testId}>
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
          <Button>{k('choose')}</Button>
        </Upload>
        <Button onClick={() => run(false)} disabled={!file} loading={busy}>
          {k('check')}
        </Button>
        <Button
          type="primary"
          onClick={() => run(true)}
          disabled={!file || !result || result.errors.length > 0 || result.committed}
          loading={busy}
        >
          {k('commit')}
        </Button>
        {file && result && result.errors.length > 0 && (
          <Button
            onClick={() =>
              downloadErrors(file, k('errorFile'), mapping ?? undefined).catch((e) => setError(errorMessage(e)))
            }
          >
            {t('import.downloadErrorFile')}
          </Button>
        )}
      </Flex>
      <div style={{ color: '#888', fontSize: 12, marginTop: 8 }}>{k('hint')}</div>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {result && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          {result.errors.length === 0 ? (
            <Alert type={result.committed ? 'success' : 'info'} showIcon title={summary(result)} />
          ) : (
            <Alert type="error" showIcon title={t(`${keys}.hasErrors` as never, { n: result.errors.length })} />
          )}
          {extra?.(result)}
          {result.remembered && <Tag color="processing">{t('import.matchedRemembered')}</Tag>}
          {headers.length > 0 && (
            <ColumnMappingTable
              headers={headers}
              mapping={shown}
              matchedBy={result.matchedBy}
              fields={fields.map((f) => ({ value: f, label: k(`field.${f}`) }))}
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
                { title: k('row'), dataIndex: 'row', width: 70, render: (v: number | null) => v ?? '—' },
                { title: k('column'), dataIndex: 'column', width: 110, render: (v: string | null) => v ?? '—' },
                { title: k('problem'), dataIndex: 'message' },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
