import {
  Alert,
  Button,
  Card,
  DatePicker,
  Dropdown,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { DuesPaymentList } from '../../../../contracts/dues.ts';
import {
  DUES_ARRANGEMENTS,
  DUES_CATEGORIES,
  DUES_CATEGORY_LABELS,
  type DuesArrangementKind,
  type DuesCategory,
} from '../../../../domain/people/dues.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import {
  type DuesMember,
  getDues,
  listDuesPayments,
  payDues,
  recordDuesExtra,
  setDuesArrangement,
  setDuesBase,
} from '../../../features/people/api/dues.ts';
import { DuesImportCard } from '../../../features/people/components/dues-import-card.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { useSubmit } from '../../../lib/use-submit.ts';

/**
 * /dues — 党费: a branch's members month by month (paid, owed, not yet due), the amount each pays, arrears and the
 * lapse rule flagged for the branch to look into; 核定 sets a member's amount from their category and pay (the pay is
 * not kept), 登记交纳 records the months paid. A larger organisation sees the members in arrears below it.
 */
export default function DuesPage() {
  const { t, label } = useI18n();
  const { can } = useSession();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const year = Number(q.get('year')) || dayjs().year();
  const report = useRequest(() => getDues({ orgId, year }), [orgId, year]);
  const [base, setBase] = useState<DuesMember | null>(null);
  const [pay, setPay] = useState<DuesMember | null>(null);
  const [way, setWay] = useState<DuesMember | null>(null);
  const [extra, setExtra] = useState<DuesMember | null>(null);
  const payments = useRequest(() => listDuesPayments({ orgId, year }), [orgId, year]);
  const closeAnd = (close: (m: null) => void) => () => {
    close(null);
    report.reload();
    payments.reload();
  };
  const r = report.data;
  const write = can('member:write');

  return (
    <div data-testid="dues-page">
      <PageHeader
        title={t('dues.title')}
        subTitle={orgName ? t('dues.subtitle', { org: orgName }) : undefined}
        extra={
          <DatePicker
            picker="year"
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            onChange={(d) => q.set({ year: d ? d.year() : null })}
            aria-label={t('dues.year')}
          />
        }
      />
      {report.error ? (
        <Alert type="error" showIcon title={errorMessage(report.error)} style={{ marginBottom: 16 }} />
      ) : null}
      {r && (
        <Flex gap={16} wrap style={{ marginBottom: 16 }}>
          <Card size="small" style={{ flex: '1 1 160px' }}>
            <Statistic title={t('dues.members')} value={r.totals.members} />
          </Card>
          <Card size="small" style={{ flex: '1 1 160px' }}>
            <Statistic
              title={t('dues.paidThisYear')}
              value={r.totals.paidThisYear}
              precision={2}
              suffix={t('dues.yuan')}
            />
          </Card>
          <Card size="small" style={{ flex: '1 1 160px' }}>
            <Statistic
              title={t('dues.extraThisYear')}
              value={r.totals.extraThisYear + r.totals.toCentreThisYear}
              precision={2}
              suffix={t('dues.yuan')}
            />
          </Card>
          <Card size="small" style={{ flex: '1 1 160px' }} data-testid="dues-to-centre">
            <Tooltip title={t('dues.toCentreHint')}>
              <Statistic
                title={t('dues.toCentreThisYear')}
                value={r.totals.toCentreThisYear}
                precision={2}
                suffix={t('dues.yuan')}
              />
            </Tooltip>
          </Card>
          <Card size="small" style={{ flex: '1 1 160px' }}>
            <Statistic title={t('dues.inArrears')} value={r.totals.inArrears} />
          </Card>
          <Card size="small" style={{ flex: '1 1 160px' }}>
            <Statistic
              title={t('dues.lapse')}
              value={r.totals.lapse}
              valueStyle={r.totals.lapse ? { color: '#cf1322' } : undefined}
            />
          </Card>
        </Flex>
      )}
      <Card>
        {r?.truncated && <Alert type="info" showIcon title={t('dues.truncated')} style={{ marginBottom: 12 }} />}
        <Table<DuesMember>
          rowKey="personId"
          size="small"
          loading={report.loading}
          dataSource={r?.members ?? []}
          pagination={false}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('dues.empty') }}
          columns={[
            {
              title: t('dues.col.name'),
              dataIndex: 'name',
              fixed: 'left',
              width: 120,
              render: (v: string, m) => (
                <Space direction="vertical" size={0}>
                  <strong>{v}</strong>
                  {m.orgId !== r?.orgId && <span style={{ fontSize: 12, color: '#888' }}>{m.orgName}</span>}
                </Space>
              ),
            },
            {
              title: t('dues.col.amount'),
              key: 'amount',
              width: 150,
              render: (_: unknown, m) => (
                <Space direction="vertical" size={0}>
                  {m.base ? (
                    <Tooltip title={label(DUES_CATEGORY_LABELS[m.base.category])}>
                      {t('dues.perMonth', { amount: m.base.amount.toFixed(2) })}
                    </Tooltip>
                  ) : (
                    <Tag>{t('dues.noBase')}</Tag>
                  )}
                  {m.arrangement && m.arrangement.kind !== 'monthly' && (
                    <Tooltip title={`${t('dues.consentOn')} ${m.arrangement.consentOn ?? ''}`}>
                      <Tag color="blue" style={{ marginTop: 2 }}>
                        {m.arrangement.kind === 'proxy'
                          ? t('dues.proxyTag', { name: m.arrangement.proxyName ?? '' })
                          : t('dues.arrangement.quarterly')}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            ...Array.from({ length: 12 }, (_, i) => ({
              title: t('dues.month', { m: i + 1 }),
              key: `m${i}`,
              width: 56,
              align: 'center' as const,
              render: (_: unknown, m: DuesMember) => {
                const c = m.months[i]!;
                return c.status === 'paid' ? (
                  <Tooltip title={c.amount?.toFixed(2)}>
                    <span style={{ color: '#389e0d' }}>✓</span>
                  </Tooltip>
                ) : c.status === 'unpaid' ? (
                  <Tooltip title={t('dues.unpaid')}>
                    <span style={{ color: '#cf1322' }}>✗</span>
                  </Tooltip>
                ) : (
                  <span style={{ color: '#bbb' }}>·</span>
                );
              },
            })),
            {
              title: t('dues.col.arrears'),
              key: 'arrears',
              width: 150,
              render: (_: unknown, m) => (
                <Space size={4} wrap>
                  {m.unpaidCount > 0 ? t('dues.unpaidCount', { n: m.unpaidCount }) : t('dues.none')}
                  {m.lapse && (
                    <Tooltip title={t('dues.lapseHint')}>
                      <Tag color="red">{t('dues.lapseTag', { n: m.runToDate })}</Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            ...(write
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    fixed: 'right' as const,
                    width: 210,
                    render: (_: unknown, m: DuesMember) => (
                      <Space size={4}>
                        <Button size="small" onClick={() => setBase(m)}>
                          {t('dues.setBase')}
                        </Button>
                        <Button size="small" type="primary" onClick={() => setPay(m)}>
                          {t('dues.pay')}
                        </Button>
                        <Dropdown
                          menu={{
                            items: [
                              { key: 'way', label: t('dues.setArrangement'), onClick: () => setWay(m) },
                              { key: 'extra', label: t('dues.addExtra'), onClick: () => setExtra(m) },
                            ],
                          }}
                        >
                          <Button size="small" aria-label={`${t('dues.more')} ${m.name}`}>
                            {t('dues.more')}
                          </Button>
                        </Dropdown>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <PaymentsCard data={payments.data} loading={payments.loading} error={payments.error} />
      {write && (
        <DuesImportCard
          orgId={orgId}
          onImported={() => {
            report.reload();
            payments.reload();
          }}
        />
      )}
      {base && <BaseModal member={base} onClose={() => setBase(null)} onDone={closeAnd(setBase)} />}
      {pay && <PayModal member={pay} onClose={() => setPay(null)} onDone={closeAnd(setPay)} />}
      {way && <ArrangementModal member={way} onClose={() => setWay(null)} onDone={closeAnd(setWay)} />}
      {extra && <ExtraModal member={extra} onClose={() => setExtra(null)} onDone={closeAnd(setExtra)} />}
    </div>
  );
}

function BaseModal({ member, onClose, onDone }: { member: DuesMember; onClose: () => void; onDone: () => void }) {
  const { t, label } = useI18n();
  const [category, setCategory] = useState<DuesCategory>(member.base?.category ?? 'salaried');
  const [from, setFrom] = useState<Dayjs>(dayjs().startOf('month'));
  const [income, setIncome] = useState<number | null>(null);
  const [amount, setAmount] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const byPay = category === 'salaried' || category === 'retired';
  const { busy, error, submit } = useSubmit(async () => {
    const m = await setDuesBase({
      personId: member.personId,
      fromMonth: from.format('YYYY-MM'),
      category,
      ...(byPay && income !== null ? { monthlyIncome: income } : {}),
      ...(!byPay && amount !== null ? { amount } : {}),
      ...(category === 'reduced' ? { reason } : {}),
    });
    return t('dues.baseSet', { name: m.name, amount: m.base?.amount.toFixed(2) ?? '' });
  }, onDone);
  return (
    <Modal
      open
      title={t('dues.setBaseTitle', { name: member.name })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
    >
      <Form layout="vertical" data-testid="dues-base-form">
        <Form.Item label={t('dues.category')} required>
          <Select<DuesCategory>
            value={category}
            onChange={setCategory}
            aria-label={t('dues.category')}
            options={DUES_CATEGORIES.map((c) => ({ value: c, label: label(DUES_CATEGORY_LABELS[c]) }))}
          />
        </Form.Item>
        <Form.Item label={t('dues.fromMonth')} required>
          <DatePicker
            picker="month"
            value={from}
            onChange={(d) => d && setFrom(d)}
            allowClear={false}
            aria-label={t('dues.fromMonth')}
          />
        </Form.Item>
        {byPay ? (
          <Form.Item label={t('dues.income')} required extra={t('dues.incomeHint')}>
            <InputNumber
              min={0}
              value={income}
              onChange={setIncome}
              style={{ width: '100%' }}
              aria-label={t('dues.income')}
            />
          </Form.Item>
        ) : category !== 'minimal' ? (
          <Form.Item label={t('dues.amount')} required>
            <InputNumber
              min={0}
              step={0.1}
              value={amount}
              onChange={setAmount}
              style={{ width: '100%' }}
              aria-label={t('dues.amount')}
            />
          </Form.Item>
        ) : null}
        {category === 'reduced' && (
          <Form.Item label={t('dues.reason')} required>
            <Input.TextArea
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              aria-label={t('dues.reason')}
            />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function PayModal({ member, onClose, onDone }: { member: DuesMember; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const owed = member.months.filter((m) => m.status === 'unpaid').map((m) => m.month);
  const open = member.months.filter((m) => m.status !== 'paid').map((m) => m.month);
  const thisMonth = dayjs().format('YYYY-MM');
  const [months, setMonths] = useState<string[]>(
    owed.length ? owed : open.includes(thisMonth) ? [thisMonth] : open.slice(0, 1),
  );
  const [paidOn, setPaidOn] = useState<Dayjs>(dayjs());
  const [note, setNote] = useState('');
  const [proxy, setProxy] = useState('');
  const { busy, error, submit } = useSubmit(
    () =>
      payDues({
        personId: member.personId,
        months,
        paidOn: toIsoDate(paidOn)!,
        ...(note.trim() ? { note } : {}),
        ...(proxy.trim() ? { proxyName: proxy.trim() } : {}),
      }),
    onDone,
  );
  return (
    <Modal
      open
      title={t('dues.payTitle', { name: member.name })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
    >
      <Form layout="vertical" data-testid="dues-pay-form">
        <Form.Item
          label={t('dues.months')}
          required
          extra={member.base ? t('dues.perMonth', { amount: member.base.amount.toFixed(2) }) : undefined}
        >
          <Select<string[]>
            mode="multiple"
            value={months}
            onChange={setMonths}
            aria-label={t('dues.months')}
            options={open.map((m) => ({ value: m, label: m }))}
          />
        </Form.Item>
        <Form.Item label={t('dues.paidOn')} required>
          <DatePicker
            value={paidOn}
            onChange={(d) => d && setPaidOn(d)}
            allowClear={false}
            aria-label={t('dues.paidOn')}
          />
        </Form.Item>
        <Form.Item label={t('dues.proxyName')} extra={t('dues.proxyNameHint')}>
          <Input
            value={proxy}
            onChange={(e) => setProxy(e.target.value)}
            maxLength={50}
            placeholder={member.arrangement?.kind === 'proxy' ? (member.arrangement.proxyName ?? '') : ''}
            aria-label={t('dues.proxyName')}
          />
        </Form.Item>
        <Form.Item label={t('dues.note')} extra={t('dues.noteHint')}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            aria-label={t('dues.note')}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function ArrangementModal({
  member,
  onClose,
  onDone,
}: {
  member: DuesMember;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<DuesArrangementKind>(member.arrangement?.kind ?? 'quarterly');
  const [from, setFrom] = useState<Dayjs>(dayjs().startOf('month'));
  const [consentOn, setConsentOn] = useState<Dayjs | null>(null);
  const [proxy, setProxy] = useState(member.arrangement?.proxyName ?? '');
  const [note, setNote] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    const m = await setDuesArrangement({
      personId: member.personId,
      fromMonth: from.format('YYYY-MM'),
      kind,
      ...(consentOn ? { consentOn: toIsoDate(consentOn)! } : {}),
      ...(kind === 'proxy' && proxy.trim() ? { proxyName: proxy.trim() } : {}),
      ...(note.trim() ? { note } : {}),
    });
    return t('dues.arrangementSet', { name: m.name, kind: t(`dues.arrangement.${kind}`) });
  }, onDone);
  return (
    <Modal
      open
      title={t('dues.arrangementTitle', { name: member.name })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
    >
      <Alert type="info" showIcon title={t('dues.arrangementHint')} style={{ marginBottom: 12 }} />
      <Form layout="vertical" data-testid="dues-arrangement-form">
        <Form.Item label={t('dues.arrangement')} required>
          <Select<DuesArrangementKind>
            value={kind}
            onChange={setKind}
            aria-label={t('dues.arrangement')}
            options={DUES_ARRANGEMENTS.map((k) => ({ value: k, label: t(`dues.arrangement.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('dues.fromMonth')} required>
          <DatePicker
            picker="month"
            value={from}
            onChange={(d) => d && setFrom(d)}
            allowClear={false}
            aria-label={t('dues.fromMonth')}
          />
        </Form.Item>
        {kind !== 'monthly' && (
          <Form.Item label={t('dues.consentOn')} required>
            <DatePicker value={consentOn} onChange={setConsentOn} aria-label={t('dues.consentOn')} />
          </Form.Item>
        )}
        {kind === 'proxy' && (
          <Form.Item label={t('dues.proxyName')} required>
            <Input
              value={proxy}
              onChange={(e) => setProxy(e.target.value)}
              maxLength={50}
              aria-label={t('dues.proxyName')}
            />
          </Form.Item>
        )}
        <Form.Item label={t('dues.note')}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            aria-label={t('dues.note')}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function ExtraModal({ member, onClose, onDone }: { member: DuesMember; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [amount, setAmount] = useState<number | null>(null);
  const [paidOn, setPaidOn] = useState<Dayjs>(dayjs());
  const [proxy, setProxy] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    const m = await recordDuesExtra({
      personId: member.personId,
      amount: amount ?? 0,
      paidOn: toIsoDate(paidOn)!,
      ...(proxy.trim() ? { proxyName: proxy.trim() } : {}),
      ...(note.trim() ? { note } : {}),
    });
    return t('dues.extraSet', { name: m.name, amount: (amount ?? 0).toFixed(2) });
  }, onDone);
  return (
    <Modal
      open
      title={t('dues.extraTitle', { name: member.name })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
    >
      <Form layout="vertical" data-testid="dues-extra-form">
        <Form.Item label={t('dues.extraAmount')} required extra={t('dues.toCentreHint')}>
          <InputNumber
            min={0.01}
            step={100}
            value={amount}
            onChange={setAmount}
            style={{ width: '100%' }}
            aria-label={t('dues.extraAmount')}
          />
        </Form.Item>
        <Form.Item label={t('dues.paidOn')} required>
          <DatePicker
            value={paidOn}
            onChange={(d) => d && setPaidOn(d)}
            allowClear={false}
            aria-label={t('dues.paidOn')}
          />
        </Form.Item>
        <Form.Item label={t('dues.proxyName')}>
          <Input
            value={proxy}
            onChange={(e) => setProxy(e.target.value)}
            maxLength={50}
            aria-label={t('dues.proxyName')}
          />
        </Form.Item>
        <Form.Item label={t('dues.note')}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            aria-label={t('dues.note')}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

type PaymentItem = DuesPaymentList['items'][number];

/** 交纳记录: the year's payments, newest first; extra payments of 1000 yuan or more tagged 上缴中央. */
function PaymentsCard({
  data,
  loading,
  error,
}: {
  data: DuesPaymentList | null | undefined;
  loading: boolean;
  error: unknown;
}) {
  const { t } = useI18n();
  return (
    <Card title={t('dues.payments')} style={{ marginTop: 16 }} data-testid="dues-payments">
      {error ? <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} /> : null}
      {data?.truncated && (
        <Alert type="info" showIcon title={t('dues.payments.truncated')} style={{ marginBottom: 12 }} />
      )}
      <Table<PaymentItem>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        locale={{ emptyText: t('dues.payments.empty') }}
        columns={[
          { title: t('dues.col.name'), dataIndex: 'name', width: 110 },
          {
            title: t('dues.payments.col.month'),
            key: 'month',
            width: 160,
            render: (_: unknown, p) =>
              p.extra ? (
                <Space size={4}>
                  <Tag>{t('dues.payments.extra')}</Tag>
                  {p.toCentre && <Tag color="red">{t('dues.payments.toCentre')}</Tag>}
                </Space>
              ) : (
                p.month
              ),
          },
          {
            title: t('dues.payments.col.amount'),
            key: 'amount',
            width: 120,
            align: 'right' as const,
            render: (_: unknown, p) => (
              <span style={p.voided ? { textDecoration: 'line-through', color: '#999' } : undefined}>
                {p.amount.toFixed(2)}
              </span>
            ),
          },
          { title: t('dues.payments.col.paidOn'), dataIndex: 'paidOn', width: 110 },
          {
            title: t('dues.payments.col.proxy'),
            dataIndex: 'proxyName',
            width: 100,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('dues.payments.col.note'),
            key: 'note',
            render: (_: unknown, p) => (
              <Space size={4} wrap>
                {p.voided && <Tag>{t('dues.payments.voided')}</Tag>}
                {p.note}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
