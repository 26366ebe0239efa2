import { Table } from 'antd';
import type { ImportIssue } from '../../../contracts/people.ts';
import { tm, useI18n } from '../../lib/i18n.ts';

/**
 * The problems an import found, one line each: the row (第N行), the column and the message (in the current
 * language when the server named it by key). Pages of ten when there are more; the message wraps on a phone.
 */
export function ImportIssuesTable({ issues, testId }: { issues: readonly ImportIssue[]; testId?: string }) {
  const { t } = useI18n();
  const sheets = new Set(issues.map((e) => e.sheet).filter(Boolean)).size > 1;
  return (
    <Table<ImportIssue & { key: number }>
      size="small"
      data-testid={testId}
      dataSource={issues.map((e, i) => ({ ...e, key: i }))}
      pagination={issues.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      columns={[
        {
          title: t('import.colRow'),
          dataIndex: 'row',
          width: 84,
          render: (v: number | null, e) =>
            `${sheets && e.sheet ? `${e.sheet} · ` : ''}${v === null ? '—' : t('import.rowN', { n: v })}`,
        },
        {
          title: t('import.colColumn'),
          dataIndex: 'column',
          width: 100,
          render: (v: string | null) => v ?? '—',
        },
        {
          title: t('import.colError'),
          dataIndex: 'message',
          render: (v: string, e) => <span style={{ wordBreak: 'break-word' }}>{tm(e.msg, v)}</span>,
        },
      ]}
    />
  );
}
