import { Alert, Button, Card, Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { InstructionSummary } from '../../../../contracts/instruction.ts';
import { INSTRUCTION_TARGET_LABELS } from '../../../../domain/supervise/instruction.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { listInstructions } from '../../../features/supervise/api/instructions.ts';
import {
  InstructionDue,
  InstructionStateTag,
  InstructionView,
} from '../../../features/supervise/components/instruction-panel.tsx';
import { SuperviseTabs } from '../../../features/supervise/components/supervise-tabs.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe } from '../../../lib/session.tsx';
import { useQueryState } from '../../../lib/use-org-param.ts';
import { usePagedRequest } from '../../../lib/use-paged-request.ts';

const PAGE_SIZE = 20;

/** /instructions — 我的批示: the instructions the account's organisation gave, open and overdue first; each opens. */
export default function InstructionListPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const q = useQueryState();
  const page = Number(q.get('page')) || 1;
  const list = usePagedRequest(
    (cursor) => listInstructions({ mine: 'true', page, pageSize: PAGE_SIZE, cursor }),
    [],
    page,
  );

  const targetLink = (r: InstructionSummary) => {
    const what = label(INSTRUCTION_TARGET_LABELS[r.targetKind]);
    const text = `${what}：${r.targetTitle}`;
    if (r.targetKind === 'problem') return <Link to={`/problems/${r.targetId}`}>{text}</Link>;
    if (r.targetKind === 'task') return <Link to={`/tasks/${r.targetId}`}>{text}</Link>;
    return text;
  };

  return (
    <div data-testid="instruction-list-page">
      <PageHeader title={t('instruction.mine.title')} subTitle={t('instruction.mine.subtitle', { org: me.orgName })} />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <SuperviseTabs />
        {list.error ? (
          <Alert
            type="error"
            showIcon
            title={errorMessage(list.error)}
            style={{ marginBottom: 16 }}
            action={
              <Button size="small" onClick={list.reload}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : null}
        <Table<InstructionSummary>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('instruction.mine.empty') }}
          expandable={{ expandedRowRender: (r) => <InstructionView id={r.id} onChanged={list.reload} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            showTotal: (n) => t('instruction.total', { n }),
            onChange: (p) => q.set({ page: p === 1 ? null : p }, { keepPage: true }),
          }}
          columns={[
            { title: t('instruction.field.target'), key: 'target', render: (_, r) => targetLink(r) },
            {
              title: t('instruction.field.text'),
              dataIndex: 'text',
              render: (v: string) => (
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                  {v}
                </Typography.Paragraph>
              ),
            },
            { title: t('instruction.field.leader'), dataIndex: 'leaderName', width: 110 },
            { title: t('instruction.field.org'), dataIndex: 'orgName', width: 160 },
            {
              title: t('instruction.field.givenOn'),
              dataIndex: 'givenOn',
              width: 120,
              render: (v: string) => formatDate(v),
            },
            {
              title: t('instruction.field.replyDue'),
              key: 'due',
              width: 190,
              render: (_, r) => <InstructionDue item={r} />,
            },
            {
              title: t('instruction.field.state'),
              dataIndex: 'state',
              width: 100,
              render: (v: InstructionSummary['state']) => <InstructionStateTag state={v} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}
