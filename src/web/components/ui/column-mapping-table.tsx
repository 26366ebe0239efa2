import { Select, Table, Tag } from 'antd';
import type { MAPPING_MATCHED_BY } from '../../../contracts/people.ts';
import { useI18n } from '../../lib/i18n.ts';

type MatchedBy = (typeof MAPPING_MATCHED_BY)[number];

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
 * A ledger import's column mapping (the dues and 会议台账 imports): each column of the file with the field it maps to
 * (a field, or 忽略此列) and, when the server said, how it was matched (by name, alias, the remembered mapping…).
 * The caller keeps the mapping and sends it with the file again (“按此对应重新校验”).
 */
export function ColumnMappingTable({
  headers,
  mapping,
  fields,
  matchedBy,
  onChange,
  testId,
}: {
  headers: readonly string[];
  mapping: Readonly<Record<string, string | null>>;
  /** The fields a column can map to, in order, with their names. */
  fields: readonly { value: string; label: string }[];
  matchedBy?: Readonly<Record<string, MatchedBy>>;
  onChange: (next: Record<string, string | null>) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Table<{ header: string }>
      size="small"
      rowKey="header"
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
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
          render: (_: unknown, { header }) => (
            <Select
              size="small"
              style={{ width: 180 }}
              value={mapping[header] ?? IGNORE}
              aria-label={t('import.fieldFor', { header })}
              onChange={(v: string) => onChange({ ...mapping, [header]: v === IGNORE ? null : v })}
              options={[{ value: IGNORE, label: t('import.ignoreColumn') }, ...fields]}
            />
          ),
        },
        ...(matchedBy
          ? [
              {
                title: t('import.colMatchedBy'),
                key: 'by',
                width: 120,
                render: (_: unknown, { header }: { header: string }) => {
                  const by = matchedBy[header] ?? 'none';
                  return <Tag color={MATCH_COLORS[by]}>{t(MATCH_LABELS[by])}</Tag>;
                },
              },
            ]
          : []),
      ]}
    />
  );
}
