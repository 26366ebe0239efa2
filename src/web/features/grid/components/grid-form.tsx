import { Alert, Button, Card, Form, Input, InputNumber, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { GridDto, GridList } from '../../../../contracts/grid.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { createGrid, searchRoll } from '../api/grid.ts';

type Values = {
  orgId: number;
  parentId?: number;
  name: string;
  workerPersonId?: number;
  workerName?: string;
  workerPhone?: string;
  households?: number;
  buildings?: number;
  coverage?: string;
};

/**
 * 划分网格: below a community or village of the list, a 网格 or (under one) a 微网格, its 网格员 — a person on the roll
 * (their 党员 account then sees the grid) or a name — and what it covers.
 */
export function GridForm({ list, onCreated }: { list: GridList; onCreated: (g: GridDto) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const orgId = Form.useWatch('orgId', form);
  const [people, setPeople] = useState<{ value: number; label: string }[]>([]);
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!orgId) return;
    let live = true;
    searchRoll(orgId, q).then(
      (r) => live && setPeople(r.items.map((p) => ({ value: p.id, label: `${p.name}（${p.orgName}）` }))),
      () => live && setPeople([]),
    );
    return () => {
      live = false;
    };
  }, [orgId, q]);

  if (list.orgs.length === 0) return <Alert type="info" showIcon title={t('grid.noGridOrgs')} />;
  const parents = list.grids.filter((g) => g.orgId === orgId && g.kind === 'grid');

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const g = await createGrid({
        orgId: v.orgId,
        parentId: v.parentId,
        name: v.name,
        workerPersonId: v.workerPersonId,
        workerName: v.workerName || undefined,
        workerPhone: v.workerPhone || undefined,
        households: v.households ?? undefined,
        buildings: v.buildings ?? undefined,
        coverage: v.coverage || undefined,
      });
      form.resetFields([
        'name',
        'parentId',
        'workerPersonId',
        'workerName',
        'workerPhone',
        'households',
        'buildings',
        'coverage',
      ]);
      onCreated(g);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('grid.newGrid')} data-testid="grid-form">
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ orgId: list.orgs.length === 1 ? list.orgs[0]!.id : undefined }}
      >
        <Form.Item name="orgId" label={t('grid.org')} rules={[{ required: true, message: t('grid.orgRequired') }]}>
          <Select options={list.orgs.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t('grid.parent')} extra={t('grid.parentHint')}>
          <Select allowClear options={parents.map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
        <Form.Item name="name" label={t('grid.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="grid-name" />
        </Form.Item>
        <Form.Item name="workerPersonId" label={t('grid.workerPerson')} extra={t('grid.workerPersonHint')}>
          <Select
            showSearch
            allowClear
            filterOption={false}
            onSearch={setQ}
            options={people}
            data-testid="grid-worker-person"
          />
        </Form.Item>
        <Form.Item name="workerName" label={t('grid.workerName')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="workerPhone" label={t('grid.workerPhone')}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Form.Item name="households" label={t('grid.households')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="buildings" label={t('grid.buildings')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="coverage" label={t('grid.coverage')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="grid-create">
          {t('grid.create')}
        </Button>
      </Form>
    </Card>
  );
}
