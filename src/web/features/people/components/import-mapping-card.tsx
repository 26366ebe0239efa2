import { Alert, Button, Card, Checkbox, Collapse, Flex, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ImportChoices, ImportResult, ImportSkippedRow } from '../../../../contracts/people.ts';
import { ROSTER_FIELD_LABELS, ROSTER_IMPORT_FIELDS, type RosterImportField } from '../../../../domain/people/vocab.ts';
import { useI18n } from '../../../lib/i18n.ts';

type MatchedBy = ImportResult['matchedBy'][string];

const MATCH_COLORS: Record<MatchedBy, string> = {
  header: 'success',
  alias: 'success',
  contains: 'warning',
  values: 'warning',
  user: 'processing',
  remembered: 'processing',
  none: 'default',
};

const MATCH_LABELS = {
  header: 'import.matchedHeader',
  alias: 'import.matchedAlias',
  contains: 'import.matchedContains',
  values: 'import.matchedValues',
  user: 'import.matchedUser',
  remembered: 'import.matchedRemembered',
  none: 'import.matchedNone',
} as const;

const IGNORE = '__ignore__';

/**
 * The wizard's mapping step: which sheets were read (and which others the file has), each column of the table with
 * the field the importer proposed for it and how it found it, a choice per column (a field, or 忽略), the warnings
 * and the rows skipped. “按此对应重新校验” sends the choices with the file again; the import then uses them.
 */
export function ImportMappingCard({
  result,
  busy,
  onApply,
}: {
  result: ImportResult;
  busy: boolean;
  onApply: (choices: ImportChoices) => void;
}) {
  const { t, tm, label } = useI18n();
  const headers = Object.keys(result.mapping);
  const [mapping, setMapping] = useState<Record<string, string | null>>(result.mapping);
  const tables = result.sheetCandidates.filter((s) => s.hasTable);
  const [sheets, setSheets] = useState<string[]>(result.sheets);
  const changed = useMemo(
    () =>
      headers.some((h) => (mapping[h] ?? null) !== (result.mapping[h] ?? null)) ||
      sheets.join('\u0000') !== result.sheets.join('\u0000'),
    [headers, mapping, result, sheets],
  );
  const options = [
    { value: IGNORE, label: t('import.ignoreColumn') },
    ...ROSTER_IMPORT_FIELDS.map((f) => ({ value: f, label: label(ROSTER_FIELD_LABELS[f]) })),
  ];
  const apply = () =>
    onApply({
      mapping: Object.fromEntries(headers.map((h) => [h, mapping[h] ?? null])),
      ...(tables.length > 1 ? { sheets } : {}),
    });

  return (
    <Card size="small" title={t('import.mappingTitle')} data-testid="import-mapping">
      <Flex vertical gap={12}>
        {tables.length > 1 && (
          <div data-testid="import-sheets">
            <Typography.Text strong>{t('import.sheetsLabel')}</Typography.Text>{' '}
            <Checkbox.Group
              value={sheets}
              onChange={(v) => setSheets(v as string[])}
              options={tables.map((s) => ({ value: s.name, label: s.name }))}
            />
          </div>
        )}
        {result.warnings.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('import.warningsTitle', { n: result.warnings.length })}
            description={
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }} data-testid="import-warnings">
                {result.warnings.map((w, i) => (
                  <li key={i}>{tm(result.warningMsgs[i], w)}</li>
                ))}
              </ul>
            }
          />
        )}
        <Table<{ header: string }>
          size="small"
          rowKey="header"
          pagination={false}
          dataSource={headers.map((header) => ({ header }))}
          columns={[
            {
              title: t('import.colInFile'),
              dataIndex: 'header',
              render: (h: string) => <span style={{ whiteSpace: 'pre-line' }}>{h}</span>,
            },
            {
              title: t('import.colField'),
              key: 'field',
              width: 220,
              render: (_: unknown, r) => (
                <Select
                  size="small"
                  style={{ width: 200 }}
                  aria-label={t('import.fieldFor', { header: r.header })}
                  value={mapping[r.header] ?? IGNORE}
                  options={options}
                  onChange={(v: string) =>
                    setMapping((m) => ({ ...m, [r.header]: v === IGNORE ? null : (v as RosterImportField) }))
                  }
                />
              ),
            },
            {
              title: t('import.colMatchedBy'),
              key: 'by',
              width: 140,
              render: (_: unknown, r) => {
                const by = result.matchedBy[r.header] ?? 'none';
                return <Tag color={MATCH_COLORS[by]}>{t(MATCH_LABELS[by])}</Tag>;
              },
            },
          ]}
        />
        <Flex gap={8} align="center" wrap>
          <Button type={changed ? 'primary' : 'default'} disabled={!changed || busy} loading={busy} onClick={apply}>
            {t('import.applyMapping')}
          </Button>
          <Typography.Text type="secondary">{t('import.mappingHint')}</Typography.Text>
        </Flex>
        {result.skipped.length > 0 && <SkippedRows rows={result.skipped} />}
      </Flex>
    </Card>
  );
}

function SkippedRows({ rows }: { rows: ImportSkippedRow[] }) {
  const { t, tm } = useI18n();
  return (
    <Collapse
      size="small"
      data-testid="import-skipped"
      items={[
        {
          key: 'skipped',
          label: t('import.skippedTitle', { n: rows.length }),
          children: (
            <Table<ImportSkippedRow & { key: number }>
              size="small"
              dataSource={rows.map((r, i) => ({ ...r, key: i }))}
              pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              columns={[
                { title: t('import.colSheet'), dataIndex: 'sheet', width: 160 },
                {
                  title: t('import.colRow'),
                  dataIndex: 'row',
                  width: 90,
                  render: (v: number) => t('import.rowN', { n: v }),
                },
                {
                  title: t('import.colReason'),
                  key: 'reason',
                  render: (_: unknown, r: ImportSkippedRow) => tm(r.reasonMsg, r.reason),
                },
              ]}
            />
          ),
        },
      ]}
    />
  );
}
