import { App, Button, Card, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AssignmentBatch } from '../../../../contracts/tasks.ts';
import { errorMessage } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { chaseLate, listBatches, withdrawBatch } from '../api/tasks.ts';

/**
 * The task's 下发 batches, for its owner: each can be withdrawn whole (整批撤回, with a reason) while no receiver has
 * started; and one button chases every overdue or lagging receiver at once (一键催办).
 */
export function BatchesCard({
  taskId,
  reloadKey,
  onChanged,
}: {
  taskId: number;
  reloadKey: unknown;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const batches = useRequest(() => listBatches(taskId), [taskId, reloadKey]);
  const [withdrawing, setWithdrawing] = useState<AssignmentBatch | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const withdraw = async () => {
    if (!withdrawing) return;
    setBusy(true);
    setError(null);
    try {
      const b = await withdrawBatch(withdrawing.id, reason.trim());
      void message.success(t('batches.withdrawn', { n: b.size - b.open }));
      setWithdrawing(null);
      batches.reload();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const chaseAll = () =>
    modal.confirm({
      title: t('chase.allTitle'),
      content: t('chase.allText'),
      okText: t('chase.ok'),
      onOk: async () => {
        try {
          const r = await chaseLate(taskId);
          void message.success(t('chase.allDone', { n: r.chased, already: r.alreadyToday }));
          onChanged();
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });

  if (!batches.data?.length) return null;
  return (
    <Card
      title={t('batches.title')}
      data-testid="task-batches"
      extra={
        <Button size="small" onClick={chaseAll} data-testid="chase-late">
          {t('chase.allButton')}
        </Button>
      }
    >
      <Table<AssignmentBatch>
        rowKey="id"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={batches.data}
        loading={batches.loading}
        columns={[
          { title: t('batches.col.at'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: t('batches.col.by'), dataIndex: 'createdByName' },
          {
            title: t('batches.col.how'),
            dataIndex: 'byRule',
            render: (v: boolean) => (v ? t('batches.byRule') : t('batches.picked')),
          },
          { title: t('batches.col.size'), dataIndex: 'size', align: 'right' },
          {
            title: t('batches.col.state'),
            key: 'state',
            render: (_, b) =>
              b.withdrawnAt ? (
                <Typography.Text type="secondary">
                  <Tag>{t('batches.withdrawnTag')}</Tag>
                  {b.withdrawReason}
                </Typography.Text>
              ) : b.started > 0 ? (
                t('batches.started', { n: b.started, open: b.open })
              ) : (
                t('batches.notStarted', { open: b.open })
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, b) =>
              b.canWithdraw && (
                <Button
                  size="small"
                  danger
                  onClick={() => {
                    setReason('');
                    setError(null);
                    setWithdrawing(b);
                  }}
                  data-testid={`withdraw-batch-${b.id}`}
                >
                  {t('batches.withdraw')}
                </Button>
              ),
          },
        ]}
      />
      {withdrawing && (
        <Modal
          open
          title={t('batches.withdrawTitle', { n: withdrawing.open })}
          okText={t('batches.withdraw')}
          okButtonProps={{ danger: true, disabled: !reason.trim() }}
          confirmLoading={busy}
          onOk={withdraw}
          onCancel={() => setWithdrawing(null)}
          destroyOnHidden
        >
          <Typography.Paragraph type="secondary">{t('batches.withdrawText')}</Typography.Paragraph>
          <Form layout="vertical">
            <Form.Item
              label={t('assignment.reason')}
              required
              validateStatus={error ? 'error' : undefined}
              help={error ?? undefined}
            >
              <Input.TextArea
                autoFocus
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={1000}
                aria-label={t('assignment.reason')}
              />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Card>
  );
}
