import { Alert, App, Button, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { LifePlan } from '../../../../contracts/life.ts';
import { MEETING_KIND_LABELS, type MeetingKind } from '../../../../domain/life/vocab.ts';
import { errorMessage } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { getLifePlan, saveLifePlan } from '../api/life.ts';

type Row = { key: string; kind: MeetingKind; month: number; topic: string; note: string; held: boolean };

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const keyOf = (kind: string, month: number) => `${kind}/${month}`;
const sorted = (rows: Row[], kinds: readonly MeetingKind[]) =>
  [...rows].sort((a, b) => a.month - b.month || kinds.indexOf(a.kind) - kinds.indexOf(b.kind));

/**
 * 年度学习安排: the organisation's plan of a year (months × planned meetings), the default the rules give until one
 * is saved. With the right to report the topics are edited in place, items added and removed, and the whole year
 * saved at once; an item whose meeting was recorded in its month is marked ✓.
 */
export function LifePlanCard({ orgId, year, editable }: { orgId: number; year?: number; editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const res = useRequest(() => getLifePlan({ orgId, year }), [orgId, year]);
  const [plan, setPlan] = useState<LifePlan | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [addMonth, setAddMonth] = useState<number | null>(null);
  const [addKind, setAddKind] = useState<MeetingKind | null>(null);

  const load = (p: LifePlan) => {
    setPlan(p);
    setRows(p.items.map((i) => ({ ...i, key: keyOf(i.kind, i.month) })));
    setDirty(false);
  };
  useEffect(() => {
    if (res.data) load(res.data);
  }, [res.data]);

  if (res.error) return <Alert type="error" showIcon title={errorMessage(res.error)} />;
  if (!plan) return null;

  const change = (next: Row[]) => {
    setRows(sorted(next, plan.kinds));
    setDirty(true);
  };
  const taken = new Set(rows.map((r) => r.key));
  const canAdd = addMonth !== null && addKind !== null && !taken.has(keyOf(addKind, addMonth));
  const add = () => {
    if (addMonth === null || addKind === null || !canAdd) return;
    const held = plan.items.some((i) => i.kind === addKind && i.month === addMonth && i.held);
    change([...rows, { key: keyOf(addKind, addMonth), kind: addKind, month: addMonth, topic: '', note: '', held }]);
  };
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await saveLifePlan({
        orgId,
        year: plan.year,
        items: rows.map((r) => ({ kind: r.kind, month: r.month, topic: r.topic, note: r.note })),
      });
      load(saved);
      void message.success(t('lifePlan.savedOk'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={8} data-testid="life-plan">
      <Flex gap={8} wrap align="center">
        {plan.generated && !dirty ? <Tag data-testid="life-plan-generated">{t('lifePlan.generated')}</Tag> : null}
        {!plan.generated && plan.updatedAt && !dirty ? (
          <Typography.Text type="secondary">
            {t('lifePlan.saved', { who: plan.updatedBy ?? '', at: formatDateTime(plan.updatedAt) })}
          </Typography.Text>
        ) : null}
        {dirty ? <Tag color="orange">{t('lifePlan.dirty')}</Tag> : null}
      </Flex>
      {error ? <Alert type="error" showIcon title={error} data-testid="life-plan-error" /> : null}
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('lifePlan.empty') }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('lifePlan.month'),
            dataIndex: 'month',
            width: 80,
            render: (m: number) => t('lifePlan.monthN', { n: m }),
          },
          {
            title: t('lifePlan.kind'),
            dataIndex: 'kind',
            width: 160,
            render: (k: MeetingKind) => label(MEETING_KIND_LABELS[k]),
          },
          {
            title: t('lifePlan.topic'),
            dataIndex: 'topic',
            render: (topic: string, r) =>
              editable ? (
                <Input
                  size="small"
                  value={topic}
                  maxLength={200}
                  placeholder={t('lifePlan.topicPlaceholder')}
                  aria-label={`${t('lifePlan.topic')} ${r.month} ${label(MEETING_KIND_LABELS[r.kind])}`}
                  data-testid={`life-plan-topic-${r.kind}-${r.month}`}
                  onChange={(e) => change(rows.map((x) => (x.key === r.key ? { ...x, topic: e.target.value } : x)))}
                />
              ) : (
                topic || <Typography.Text type="secondary">{t('lifePlan.topicPlaceholder')}</Typography.Text>
              ),
          },
          {
            title: t('lifePlan.held'),
            dataIndex: 'held',
            width: 100,
            render: (held: boolean, r) =>
              held ? (
                <Tag color="green" data-testid={`life-plan-held-${r.kind}-${r.month}`}>
                  {t('lifePlan.heldMark')}
                </Tag>
              ) : null,
          },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'remove',
                  width: 80,
                  render: (_: unknown, r: Row) => (
                    <Button
                      size="small"
                      type="link"
                      danger
                      data-testid={`life-plan-remove-${r.kind}-${r.month}`}
                      onClick={() => change(rows.filter((x) => x.key !== r.key))}
                    >
                      {t('lifePlan.remove')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editable ? (
        <Flex gap={8} wrap>
          <Select<number>
            style={{ width: 110 }}
            placeholder={t('lifePlan.month')}
            aria-label={t('lifePlan.month')}
            value={addMonth}
            onChange={setAddMonth}
            options={MONTHS.map((m) => ({ value: m, label: t('lifePlan.monthN', { n: m }) }))}
            data-testid="life-plan-add-month"
          />
          <Select<MeetingKind>
            style={{ width: 200 }}
            placeholder={t('lifePlan.kind')}
            aria-label={t('lifePlan.kind')}
            value={addKind}
            onChange={setAddKind}
            options={plan.kinds.map((k) => ({ value: k, label: label(MEETING_KIND_LABELS[k]) }))}
            data-testid="life-plan-add-kind"
          />
          <Button onClick={add} disabled={!canAdd} data-testid="life-plan-add">
            {t('lifePlan.add')}
          </Button>
          <Button
            type="primary"
            onClick={save}
            loading={saving}
            disabled={rows.length === 0}
            data-testid="life-plan-save"
          >
            {t('lifePlan.save')}
          </Button>
        </Flex>
      ) : null}
    </Flex>
  );
}
