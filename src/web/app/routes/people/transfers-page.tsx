import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Segmented, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { TransferDto } from '../../../../contracts/dues.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import {
  createTransfer,
  downloadTransferLetter,
  listTransfers,
  transferStep,
} from '../../../features/people/api/dues.ts';
import { listMembers } from '../../../features/people/api/members.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { useSubmit } from '../../../lib/use-submit.ts';

type Step = TransferDto['allowed'][number];
const STATE_COLOR = { pending: 'processing', completed: 'success', rejected: 'error', cancelled: 'default' } as const;

/**
 * /transfers — 组织关系转接: letters issued from and received into the organisation and those below it, pending first,
 * overdue when the letter's validity has run out; 开具介绍信 inside the platform (by the receiving branch's code), out
 * of it, or records one received from outside. The member moves only when the transfer is done.
 */
export default function TransfersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { orgId, orgName } = useOrgContext();
  const list = useRequest(() => listTransfers({ orgId }), [orgId]);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<number | null>(null);
  // A notification opens the page on its transfer (?id=): that row is marked.
  const opened = Number(useQueryState().get('id')) || null;
  const letter = (x: TransferDto, format: 'docx' | 'pdf') =>
    downloadTransferLetter(x.id, format, t('transfer.letterFile', { name: x.personName, format })).catch((e) =>
      message.error(errorMessage(e)),
    );

  const step = async (x: TransferDto, event: Step) => {
    setBusy(x.id);
    try {
      await transferStep(x.id, { event });
      void message.success(t(`transfer.done.${event}`));
      list.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="transfers-page">
      <PageHeader
        title={t('transfer.title')}
        subTitle={orgName ? t('transfer.subtitle', { org: orgName }) : undefined}
        extra={
          can('member:write') && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('transfer.create')}
            </Button>
          )
        }
      />
      <Card>
        {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} /> : null}
        <Table<TransferDto>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          scroll={{ x: 1000 }}
          rowClassName={(x) => (x.id === opened ? 'ant-table-row-selected' : '')}
          locale={{ emptyText: t('transfer.empty') }}
          columns={[
            { title: t('transfer.col.person'), dataIndex: 'personName', render: (v: string) => <strong>{v}</strong> },
            {
              title: t('transfer.col.kind'),
              dataIndex: 'kind',
              render: (k: TransferDto['kind']) => t(`transfer.kind.${k}`),
            },
            {
              title: t('transfer.col.route'),
              key: 'route',
              render: (_: unknown, x) =>
                `${x.fromOrgName ?? x.outsideOrg ?? ''} → ${x.toOrgName ?? x.outsideOrg ?? ''}`,
            },
            { title: t('transfer.col.letter'), dataIndex: 'letterNo', render: (v: string | null) => v ?? '—' },
            { title: t('transfer.col.issued'), dataIndex: 'issuedOn' },
            {
              title: t('transfer.col.state'),
              key: 'state',
              render: (_: unknown, x) => (
                <Space size={4}>
                  <Tag color={STATE_COLOR[x.state]}>{t(`transfer.state.${x.state}`)}</Tag>
                  {x.overdue && <Tag color="red">{t('transfer.overdue', { date: x.dueOn })}</Tag>}
                </Space>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, x) => (
                <Space size={4} wrap>
                  {x.allowed.map((a) => (
                    <Button
                      key={a}
                      size="small"
                      loading={busy === x.id}
                      onClick={() => step(x, a)}
                      danger={a === 'reject'}
                    >
                      {t(`transfer.step.${a}`)}
                    </Button>
                  ))}
                  {x.kind !== 'in' && (
                    <>
                      <Button size="small" onClick={() => letter(x, 'docx')}>
                        {t('transfer.letter')}
                      </Button>
                      <Button size="small" type="link" onClick={() => letter(x, 'pdf')}>
                        PDF
                      </Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {creating && (
        <TransferModal
          orgId={orgId}
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function TransferModal({ orgId, onClose, onDone }: { orgId: number; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<TransferDto['kind']>('internal');
  const [personId, setPersonId] = useState<number | null>(null);
  const [toOrgCode, setToOrgCode] = useState('');
  const [outsideOrg, setOutsideOrg] = useState('');
  const [letterNo, setLetterNo] = useState('');
  const [reason, setReason] = useState('');
  const [crossProvince, setCrossProvince] = useState(false);
  const members = useRequest(
    () => listMembers({ orgId, descendants: 'true', status: ['probationary', 'full'] }, 1, 200),
    [orgId],
  );
  const {
    busy,
    error,
    setError,
    submit: send,
  } = useSubmit(
    () =>
      createTransfer({
        personId: personId ?? 0,
        kind,
        reason,
        crossProvince,
        ...(kind === 'internal' ? { toOrgCode } : { outsideOrg }),
        ...(letterNo ? { letterNo } : {}),
      }),
    onDone,
  );
  const submit = () => (personId ? send() : setError(t('transfer.personRequired')));
  return (
    <Modal open title={t('transfer.create')} onCancel={onClose} onOk={submit} confirmLoading={busy} width={560}>
      <Form layout="vertical" data-testid="transfer-form">
        <Form.Item>
          <Segmented
            block
            value={kind}
            onChange={(v) => setKind(v as TransferDto['kind'])}
            options={(['internal', 'out', 'in'] as const).map((k) => ({ value: k, label: t(`transfer.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('transfer.col.person')} required>
          <Select<number>
            showSearch
            optionFilterProp="label"
            value={personId ?? undefined}
            onChange={setPersonId}
            loading={members.loading}
            aria-label={t('transfer.col.person')}
            options={(members.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.orgName}）` }))}
          />
        </Form.Item>
        {kind === 'internal' ? (
          <Form.Item label={t('transfer.toOrgCode')} required extra={t('transfer.toOrgCodeHint')}>
            <Input
              value={toOrgCode}
              onChange={(e) => setToOrgCode(e.target.value)}
              aria-label={t('transfer.toOrgCode')}
            />
          </Form.Item>
        ) : (
          <Form.Item label={t(kind === 'out' ? 'transfer.outsideTo' : 'transfer.outsideFrom')} required>
            <Input
              value={outsideOrg}
              onChange={(e) => setOutsideOrg(e.target.value)}
              aria-label={t('transfer.outsideOrg')}
            />
          </Form.Item>
        )}
        <Form.Item label={t('transfer.col.letter')} required={kind !== 'internal'}>
          <Input value={letterNo} onChange={(e) => setLetterNo(e.target.value)} aria-label={t('transfer.col.letter')} />
        </Form.Item>
        <Form.Item label={t('transfer.reason')} required>
          <Input.TextArea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
            aria-label={t('transfer.reason')}
          />
        </Form.Item>
        <Checkbox checked={crossProvince} onChange={(e) => setCrossProvince(e.target.checked)}>
          {t('transfer.crossProvince')}
        </Checkbox>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
