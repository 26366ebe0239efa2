import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { FloatingDto } from '../../../../contracts/dues.ts';
import { CONTACT_CHANNEL_LABELS, CONTACT_CHANNELS, type ContactChannel } from '../../../../domain/people/floating.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { addFloatingContact, endFloating, listFloating, startFloating } from '../../../features/people/api/dues.ts';
import { listMembers } from '../../../features/people/api/members.ts';
import { errorMessage } from '../../../lib/api.ts';
import { toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { useSubmit } from '../../../lib/use-submit.ts';

/**
 * /floating — 流动党员: members away from their branch, where they are, who manages them there, the last contact;
 * flags when contact is lost (6 months) or the absence is long (6 months: a transfer may be due). The branch
 * decides; the platform changes nothing by itself.
 */
export default function FloatingPage() {
  const { t, label } = useI18n();
  const { can } = useSession();
  const { orgId, orgName } = useOrgContext();
  const [show, setShow] = useState<'open' | 'all'>('open');
  const list = useRequest(() => listFloating({ orgId, show }), [orgId, show]);
  const [adding, setAdding] = useState(false);
  const [contact, setContact] = useState<FloatingDto | null>(null);
  const [back, setBack] = useState<FloatingDto | null>(null);
  return (
    <div data-testid="floating-page">
      <PageHeader
        title={t('floating.title')}
        subTitle={orgName ? t('floating.subtitle', { org: orgName }) : undefined}
        extra={
          can('member:write') && (
            <Button type="primary" onClick={() => setAdding(true)}>
              {t('floating.add')}
            </Button>
          )
        }
      />
      <Card>
        <Segmented
          value={show}
          onChange={(v) => setShow(v as 'open' | 'all')}
          options={[
            { value: 'open', label: t('floating.showOpen') },
            { value: 'all', label: t('floating.showAll') },
          ]}
          style={{ marginBottom: 12 }}
        />
        {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} /> : null}
        <Table<FloatingDto>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('floating.empty') }}
          expandable={{
            rowExpandable: (r) => r.contacts.length > 0,
            expandedRowRender: (r) => (
              <ul style={{ margin: 0 }}>
                {r.contacts.map((c) => (
                  <li key={`${c.contactedOn}-${c.actorName}-${c.note}`}>
                    {c.contactedOn} · {label(CONTACT_CHANNEL_LABELS[c.channel])} · {c.note} （{c.actorName}）
                  </li>
                ))}
              </ul>
            ),
          }}
          columns={[
            { title: t('floating.col.person'), dataIndex: 'personName', render: (v: string) => <strong>{v}</strong> },
            { title: t('floating.col.home'), dataIndex: 'homeOrgName' },
            { title: t('floating.col.location'), dataIndex: 'location' },
            {
              title: t('floating.col.managing'),
              key: 'managing',
              render: (_: unknown, r) => r.managingOrgName ?? r.managingOutside ?? '—',
            },
            { title: t('floating.col.left'), dataIndex: 'leftOn' },
            {
              title: t('floating.col.lastContact'),
              key: 'last',
              render: (_: unknown, r) => (
                <Space size={4} wrap>
                  {r.lastContactOn ?? t('floating.never')}
                  {r.returnedOn && <Tag>{t('floating.returned', { date: r.returnedOn })}</Tag>}
                  {r.lostContact && (
                    <Tooltip title={t('floating.lostHint')}>
                      <Tag color="red">{t('floating.lost', { date: r.lostContactOn })}</Tag>
                    </Tooltip>
                  )}
                  {r.awayLong && (
                    <Tooltip title={t('floating.awayHint')}>
                      <Tag color="gold">{t('floating.awayLong')}</Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r) =>
                r.canWrite && (
                  <Space size={4}>
                    <Button size="small" onClick={() => setContact(r)}>
                      {t('floating.contact')}
                    </Button>
                    <Button size="small" onClick={() => setBack(r)}>
                      {t('floating.return')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {adding && (
        <AddModal
          orgId={orgId}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            list.reload();
          }}
        />
      )}
      {contact && (
        <ContactModal
          record={contact}
          onClose={() => setContact(null)}
          onDone={() => {
            setContact(null);
            list.reload();
          }}
        />
      )}
      {back && (
        <ReturnModal
          record={back}
          onClose={() => setBack(null)}
          onDone={() => {
            setBack(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function AddModal({ orgId, onClose, onDone }: { orgId: number; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [personId, setPersonId] = useState<number | null>(null);
  const [location, setLocation] = useState('');
  const [leftOn, setLeftOn] = useState<Dayjs>(dayjs());
  const [managing, setManaging] = useState('');
  const members = useRequest(
    () => listMembers({ orgId, descendants: 'true', status: ['probationary', 'full'] }, 1, 200),
    [orgId],
  );
  const { busy, error, submit } = useSubmit(
    () =>
      startFloating({
        personId: personId ?? 0,
        location,
        leftOn: toIsoDate(leftOn)!,
        ...(managing.trim() ? { managingOutside: managing.trim() } : {}),
      }),
    onDone,
  );
  return (
    <Modal open title={t('floating.add')} onCancel={onClose} onOk={submit} confirmLoading={busy}>
      <Form layout="vertical" data-testid="floating-form">
        <Form.Item label={t('floating.col.person')} required>
          <Select<number>
            showSearch
            optionFilterProp="label"
            value={personId ?? undefined}
            onChange={setPersonId}
            aria-label={t('floating.col.person')}
            options={(members.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.orgName}）` }))}
          />
        </Form.Item>
        <Form.Item label={t('floating.col.location')} required>
          <Input
            value={location}
            onChange={(e) => setLocation(e.target.value)}
            aria-label={t('floating.col.location')}
          />
        </Form.Item>
        <Form.Item label={t('floating.col.left')} required>
          <DatePicker
            value={leftOn}
            onChange={(d) => d && setLeftOn(d)}
            allowClear={false}
            aria-label={t('floating.col.left')}
          />
        </Form.Item>
        <Form.Item label={t('floating.col.managing')}>
          <Input
            value={managing}
            onChange={(e) => setManaging(e.target.value)}
            aria-label={t('floating.col.managing')}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function ContactModal({ record, onClose, onDone }: { record: FloatingDto; onClose: () => void; onDone: () => void }) {
  const { t, label } = useI18n();
  const [on, setOn] = useState<Dayjs>(dayjs());
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [note, setNote] = useState('');
  const { busy, error, submit } = useSubmit(
    () => addFloatingContact(record.id, { contactedOn: toIsoDate(on)!, channel, ...(note ? { note } : {}) }),
    onDone,
  );
  return (
    <Modal
      open
      title={t('floating.contactTitle', { name: record.personName })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
    >
      <Form layout="vertical">
        <Form.Item label={t('floating.contactOn')} required>
          <DatePicker
            value={on}
            onChange={(d) => d && setOn(d)}
            allowClear={false}
            aria-label={t('floating.contactOn')}
          />
        </Form.Item>
        <Form.Item label={t('floating.channel')} required>
          <Select<ContactChannel>
            value={channel}
            onChange={setChannel}
            aria-label={t('floating.channel')}
            options={CONTACT_CHANNELS.map((c) => ({ value: c, label: label(CONTACT_CHANNEL_LABELS[c]) }))}
          />
        </Form.Item>
        <Form.Item label={t('floating.note')}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={1000}
            aria-label={t('floating.note')}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function ReturnModal({ record, onClose, onDone }: { record: FloatingDto; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [on, setOn] = useState<Dayjs>(dayjs());
  const { busy, error, submit } = useSubmit(() => endFloating(record.id, { returnedOn: toIsoDate(on)! }), onDone);
  return (
    <Modal
      open
      title={t('floating.returnTitle', { name: record.personName })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
    >
      <DatePicker value={on} onChange={(d) => d && setOn(d)} allowClear={false} aria-label={t('floating.returnOn')} />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
