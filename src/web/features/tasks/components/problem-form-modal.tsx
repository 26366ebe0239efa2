import { Alert, Form, Input, Modal, Select, Spin } from 'antd';
import { useRef, useState } from 'react';
import type { ProblemSummary } from '../../../../contracts/tasks.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { createProblem } from '../api/lists.ts';
import { listTasks } from '../api/tasks.ts';

type Values = { orgId: number; title: string; description: string; taskIds: number[] };

/** 登记问题: the organisation, the problem, a description, and the tasks that address it (searched by title). */
export function ProblemFormModal({
  orgId,
  scopeRootId,
  onClose,
  onDone,
}: {
  orgId: number;
  scopeRootId: number;
  onClose: () => void;
  onDone: (p: ProblemSummary) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [taskOptions, setTaskOptions] = useState<{ value: number; label: string }[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const searchTasks = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    setSearching(true);
    timer.current = setTimeout(() => {
      listTasks({
        orgId: form.getFieldValue('orgId') ?? orgId,
        q: q.trim() || undefined,
        pageSize: 30,
        owner: 'subtree',
      }).then(
        (r) => {
          setTaskOptions((prev) => {
            const chosen: number[] = form.getFieldValue('taskIds') ?? [];
            const keep = prev.filter((o) => chosen.includes(o.value));
            return [
              ...keep,
              ...r.items.filter((x) => !chosen.includes(x.id)).map((x) => ({ value: x.id, label: x.title })),
            ];
          });
          setSearching(false);
        },
        () => setSearching(false),
      );
    }, 250);
  };

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(
        await createProblem({
          orgId: v.orgId,
          title: v.title.trim(),
          description: v.description || undefined,
          taskIds: v.taskIds?.length ? v.taskIds : undefined,
        }),
      );
    } catch (e) {
      if (!applyServerErrors(form, e, ['orgId', 'title', 'description', 'taskIds'])) setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('problems.createTitle')}
      okText={t('problems.create')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      width={600}
    >
      <Form<Values>
        form={form}
        name="problem"
        layout="vertical"
        initialValues={{ orgId, title: '', description: '', taskIds: [] }}
        data-testid="problem-form"
      >
        <Form.Item
          name="orgId"
          label={t('problems.form.org')}
          rules={[{ required: true, message: t('problems.form.orgRequired') }]}
        >
          <OrgSelect within={scopeRootId} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('problems.form.title')}
          rules={[{ required: true, whitespace: true, message: t('problems.form.titleRequired') }]}
        >
          <Input maxLength={300} placeholder={t('problems.form.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="description" label={t('problems.form.description')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={20000} />
        </Form.Item>
        <Form.Item name="taskIds" label={t('problems.form.tasks')} extra={t('problems.form.tasksHint')}>
          <Select
            mode="multiple"
            options={taskOptions}
            showSearch={{ onSearch: searchTasks, filterOption: false }}
            onOpenChange={(open) => open && taskOptions.length === 0 && searchTasks('')}
            notFoundContent={searching ? <Spin size="small" /> : t('common.noMatch')}
            placeholder={t('problems.form.tasksPlaceholder')}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
