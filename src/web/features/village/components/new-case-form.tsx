import { Alert, Button, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import type { VillageCaseDetail, VillageList } from '../../../../contracts/village.ts';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { createVillageCase } from '../api/village.ts';

type Values = { kind: string; matter: string; note?: string };

/** Opens a case: the matter and its kind (the 第二十四条 matters first: they must go to the villagers). */
export function NewCaseForm({
  orgId,
  kinds,
  onCreated,
}: {
  orgId: number;
  kinds: VillageList['kinds'];
  onCreated: (d: VillageCaseDetail) => void;
}) {
  const { t } = useI18n();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      onCreated(
        await createVillageCase({
          orgId,
          kind: v.kind,
          matter: v.matter.trim(),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={t('village.new')} data-testid="village-new-form">
      <Form<Values> layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="matter" label={t('village.matter')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input maxLength={200} data-testid="village-matter" />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('village.kind')}
          rules={[{ required: true, message: t('village.kindRequired') }]}
          extra={t('village.kindHelp')}
        >
          <Select
            data-testid="village-kind"
            options={[
              {
                label: t('village.kindArt24'),
                options: kinds.filter((k) => k.assemblyMatter).map((k) => ({ value: k.code, label: label(k) })),
              },
              {
                label: t('village.kindOther'),
                options: kinds.filter((k) => !k.assemblyMatter).map((k) => ({ value: k.code, label: label(k) })),
              },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('village.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" loading={saving} block data-testid="village-create">
          {t('common.create')}
        </Button>
      </Form>
    </Card>
  );
}
