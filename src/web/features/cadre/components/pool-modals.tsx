import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { PoolEntry } from '../../../../contracts/cadre-pool.ts';
import { POOL_RECORD_KINDS } from '../../../../domain/cadre/pool.ts';
import { errorMessage } from '../../../lib/api.ts';
import { toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { addPoolRecord, exitPool, nominate, searchPeople } from '../api/pool.ts';

/** Runs a form's submit with the busy flag and the server's message shown in the modal. */
function useSubmit(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (validate: () => Promise<unknown>, send: () => Promise<unknown>) => {
    try {
      await validate();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send();
      onDone();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** 推荐入库: a person of the subtree (searched by name), the category, the reasons. */
export function NominateModal({
  orgId,
  categories,
  onClose,
  onDone,
}: {
  orgId: number;
  categories: readonly { code: string; zh: string; en: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ personId: number; category: string; reasons: string }>();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const { busy, error, run } = useSubmit(onDone);
  const search = async (q: string) => {
    if (q.trim() === '') return;
    const people = await searchPeople(orgId, q);
    setOptions(people.map((m) => ({ value: m.id, label: `${m.name}（${m.orgName}）` })));
  };
  return (
    <Modal
      open
      title={t('cadrePool.nominate')}
      onOk={() =>
        run(
          () => form.validateFields(),
          () => nominate(form.getFieldsValue()),
        )
      }
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="personId" label={t('cadrePool.person')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={(q) => void search(q)}
            options={options}
            placeholder={t('cadrePool.personHint')}
            data-testid="pool-person"
          />
        </Form.Item>
        <Form.Item name="category" label={t('cadrePool.category')} rules={[{ required: true }]}>
          <Select options={categories.map((c) => ({ value: c.code, label: lang === 'en' ? c.en : c.zh }))} />
        </Form.Item>
        <Form.Item name="reasons" label={t('cadrePool.reasons')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 培养锻炼记录: 挂职, 轮岗 or 培训, the place, from and to. */
export function RecordModal({ entry, onClose, onDone }: { entry: PoolEntry; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ kind: string; place: string; range: [Dayjs, Dayjs | null]; note: string }>();
  const { busy, error, run } = useSubmit(onDone);
  return (
    <Modal
      open
      title={t('cadrePool.record.title', { name: entry.name })}
      onOk={() =>
        run(
          () => form.validateFields(),
          () => {
            const v = form.getFieldsValue();
            return addPoolRecord(entry.personId, {
              kind: v.kind as (typeof POOL_RECORD_KINDS)[number],
              place: v.place,
              fromOn: toIsoDate(v.range[0])!,
              toOn: v.range[1] ? toIsoDate(v.range[1])! : null,
              note: v.note ?? '',
            });
          },
        )
      }
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ kind: 'secondment' }}>
        <Form.Item name="kind" label={t('cadrePool.record.kind')} rules={[{ required: true }]}>
          <Select options={POOL_RECORD_KINDS.map((k) => ({ value: k, label: t(`cadrePool.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="place" label={t('cadrePool.record.place')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="range" label={t('cadrePool.record.dates')} rules={[{ required: true }]}>
          <DatePicker.RangePicker allowEmpty={[false, true]} />
        </Form.Item>
        <Form.Item name="note" label={t('cadrePool.record.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 出库: the reason and the day (default today). */
export function ExitModal({ entry, onClose, onDone }: { entry: PoolEntry; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string; exitedOn: Dayjs | null }>();
  const { busy, error, run } = useSubmit(onDone);
  return (
    <Modal
      open
      title={t('cadrePool.exit.title', { name: entry.name })}
      onOk={() =>
        run(
          () => form.validateFields(),
          () => {
            const v = form.getFieldsValue();
            return exitPool(entry.personId, {
              reason: v.reason,
              ...(v.exitedOn ? { exitedOn: toIsoDate(v.exitedOn)! } : {}),
            });
          },
        )
      }
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('cadrePool.exit.reason')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="exitedOn" label={t('cadrePool.exit.on')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
