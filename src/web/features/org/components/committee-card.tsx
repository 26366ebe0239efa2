import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Spin, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { OrgDetail, Position } from '../../../../contracts/org.ts';
import { POSITION_TITLE_LABELS, POSITION_TITLES, type PositionTitle } from '../../../../domain/org/vocab.ts';
import { errorMessage } from '../../../lib/api.ts';
import { fromIsoDate, today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { type Appointable, appoint, findAppointable, updatePosition } from '../api/positions.ts';

type Props = { org: OrgDetail; canWrite: boolean; onChanged: () => void };

/** 班子成员: the current committee with its portfolios, appointing and ending terms (org:write). */
export function CommitteeCard({ org, canWrite, onChanged }: Props) {
  const { t, label } = useI18n();
  const [appointOpen, setAppointOpen] = useState(false);
  const [editing, setEditing] = useState<{ pos: Position; mode: 'portfolio' | 'end' } | null>(null);
  const isGroup = org.type === 'group';
  const termText =
    org.termStartedOn && org.termYears
      ? t('committee.term', { start: org.termStartedOn, years: org.termYears, due: org.termDueOn ?? '—' })
      : t('committee.noTerm');

  return (
    <Card
      title={t('committee.title')}
      extra={
        canWrite && !isGroup && org.status === 'active' ? (
          <Button icon={<PlusOutlined />} onClick={() => setAppointOpen(true)}>
            {t('committee.appoint')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    >
      {isGroup ? (
        <Typography.Text type="secondary">{t('committee.groupHasNone')}</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            {termText}
          </Typography.Paragraph>
          <Table<Position>
            size="middle"
            rowKey="id"
            dataSource={org.committee}
            pagination={false}
            scroll={{ x: 640 }}
            locale={{ emptyText: t('committee.empty') }}
            columns={[
              {
                title: t('committee.colTitle'),
                dataIndex: 'title',
                width: 120,
                render: (v: PositionTitle) => label(POSITION_TITLE_LABELS[v]),
              },
              {
                title: t('committee.colName'),
                dataIndex: 'personName',
                width: 120,
                render: (v: string, p) => <Link to={`/members/${p.personId}`}>{v}</Link>,
              },
              { title: t('committee.colPortfolio'), dataIndex: 'portfolio', render: (v: string | null) => v || '—' },
              { title: t('committee.colSince'), dataIndex: 'startedOn', width: 120 },
              ...(canWrite
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 150,
                      render: (_: unknown, p: Position) => (
                        <Space size={4}>
                          <Button type="link" size="small" onClick={() => setEditing({ pos: p, mode: 'portfolio' })}>
                            {t('committee.editPortfolio')}
                          </Button>
                          <Button type="link" size="small" danger onClick={() => setEditing({ pos: p, mode: 'end' })}>
                            {t('committee.endTerm')}
                          </Button>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
      {appointOpen && (
        <AppointModal
          orgId={org.id}
          onClose={() => setAppointOpen(false)}
          onDone={() => {
            setAppointOpen(false);
            onChanged();
          }}
        />
      )}
      {editing && (
        <PositionModal
          position={editing.pos}
          mode={editing.mode}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

type AppointValues = { personId: number; title: PositionTitle; portfolio?: string; startedOn: Dayjs };

function AppointModal({ orgId, onClose, onDone }: { orgId: number; onClose: () => void; onDone: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AppointValues>();
  const [people, setPeople] = useState<Appointable[]>([]);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    setSearching(true);
    timer.current = setTimeout(() => {
      findAppointable(orgId, q.trim()).then(
        (r) => {
          setPeople(r);
          setSearching(false);
        },
        () => setSearching(false),
      );
    }, 250);
  };

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await appoint(orgId, {
        personId: v.personId,
        title: v.title,
        portfolio: v.portfolio?.trim() || undefined,
        startedOn: toIsoDate(v.startedOn)!,
      });
      void message.success(t('committee.appointed'));
      onDone();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('committee.appointTitle')}
      okText={t('committee.appoint')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ startedOn: today(), title: 'member' }}>
        <Form.Item
          name="personId"
          label={t('committee.person')}
          rules={[{ required: true, message: t('committee.personRequired') }]}
          extra={t('committee.personHint')}
        >
          <Select
            showSearch={{ onSearch: search, filterOption: false }}
            onOpenChange={(open) => open && people.length === 0 && search('')}
            placeholder={t('committee.personPlaceholder')}
            notFoundContent={searching ? <Spin size="small" /> : t('common.noMatch')}
            options={people.map((p) => ({ value: p.id, label: p.name }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('committee.colTitle')} rules={[{ required: true }]}>
          <Select options={POSITION_TITLES.map((v) => ({ value: v, label: label(POSITION_TITLE_LABELS[v]) }))} />
        </Form.Item>
        <Form.Item name="portfolio" label={t('committee.colPortfolio')}>
          <Input maxLength={200} placeholder={t('committee.portfolioPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="startedOn"
          label={t('committee.startedOn')}
          rules={[{ required: true, message: t('common.dateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today())} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

type PositionValues = { portfolio?: string; endedOn?: Dayjs };

function PositionModal({
  position,
  mode,
  onClose,
  onDone,
}: {
  position: Position;
  mode: 'portfolio' | 'end';
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PositionValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const who = `${label(POSITION_TITLE_LABELS[position.title])} ${position.personName}`;

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'end') await updatePosition(position.id, { endedOn: toIsoDate(v.endedOn) });
      else await updatePosition(position.id, { portfolio: v.portfolio?.trim() || null });
      void message.success(mode === 'end' ? t('committee.ended') : t('common.saved'));
      onDone();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={mode === 'end' ? t('committee.endTermTitle', { who }) : t('committee.editPortfolioTitle', { who })}
      okText={mode === 'end' ? t('committee.endTerm') : t('common.save')}
      okButtonProps={{ danger: mode === 'end' }}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ portfolio: position.portfolio ?? '', endedOn: today() }}>
        {mode === 'portfolio' ? (
          <Form.Item name="portfolio" label={t('committee.colPortfolio')}>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} />
          </Form.Item>
        ) : (
          <Form.Item
            name="endedOn"
            label={t('committee.endedOn')}
            rules={[{ required: true, message: t('common.dateRequired') }]}
            extra={t('committee.endHint')}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(fromIsoDate(position.startedOn)!)} />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
