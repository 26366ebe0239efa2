import { Alert, DatePicker, Flex, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { TaskDetail } from '../../../../contracts/tasks.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { TargetFields } from '../../../components/ui/target-fields.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { fromIsoDate, today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { createTask, updateTask } from '../api/tasks.ts';
import {
  FIGURE_SOURCE_FIELDS,
  FigureSourceFields,
  type FigureSourceValues,
  figureSourceBody,
  figureSourceInitial,
} from './figure-source-fields.tsx';

type Values = FigureSourceValues & {
  orgId: number | null;
  title: string;
  requirement: string;
  progressMode: 'none' | 'sum' | 'share';
  targetValue: number | null;
  targetUnit: string | null;
  shareThreshold: number | null;
  deadline: Dayjs | null;
  leadOrgId: number | null;
  status: TaskDetail['status'];
};

const FIELDS = [
  'orgId',
  'title',
  'requirement',
  'progressMode',
  'targetValue',
  'targetUnit',
  'shareThreshold',
  'deadline',
  'leadOrgId',
  'status',
  ...FIGURE_SOURCE_FIELDS,
];

/** 新建任务 / 编辑任务: wording, target (mode, value, unit, threshold), deadline, lead organisation, status. */
export function TaskFormModal({
  mode,
  task,
  orgId,
  scopeRootId,
  onClose,
  onDone,
}: {
  mode: 'create' | 'edit';
  task?: TaskDetail;
  orgId: number;
  scopeRootId: number;
  onClose: () => void;
  onDone: (t: TaskDetail) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const progressMode = Form.useWatch('progressMode', form) ?? task?.progressMode ?? 'none';
  const sourceChoice = Form.useWatch('figureSource', form) ?? (task?.figureSource ? task.figureSource.kind : 'ledger');

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    const body = {
      title: v.title.trim(),
      requirement: v.requirement ?? '',
      progressMode: v.progressMode,
      targetValue: v.progressMode === 'none' ? null : (v.targetValue ?? null),
      targetUnit: v.progressMode === 'none' ? null : v.targetUnit?.trim() || null,
      shareThreshold: v.progressMode === 'share' ? (v.shareThreshold ?? null) : null,
      figureSource: figureSourceBody(v, v.progressMode),
      deadline: toIsoDate(v.deadline),
      leadOrgId: v.leadOrgId ?? null,
    };
    try {
      const r =
        mode === 'create'
          ? await createTask({ ...body, orgId: v.orgId ?? orgId })
          : await updateTask(task!.id, { ...body, status: v.status });
      onDone(r);
    } catch (e) {
      if (!applyServerErrors(form, e, FIELDS)) setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={mode === 'create' ? t('tasks.createTitle') : t('tasks.editTitle')}
      okText={mode === 'create' ? t('common.create') : t('common.save')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form<Values>
        form={form}
        name="task"
        layout="vertical"
        initialValues={{
          orgId,
          title: task?.title ?? '',
          requirement: task?.requirement ?? '',
          progressMode: task?.progressMode ?? 'none',
          targetValue: task?.targetValue ?? null,
          targetUnit: task?.targetUnit ?? null,
          shareThreshold: task?.shareThreshold ?? null,
          deadline: fromIsoDate(task?.deadline),
          leadOrgId: task?.leadOrgId ?? null,
          status: task?.status ?? 'active',
          ...figureSourceInitial(task, today().year()),
        }}
        data-testid="task-form"
      >
        {mode === 'create' && (
          <Form.Item
            name="orgId"
            label={t('tasks.form.owner')}
            rules={[{ required: true, message: t('tasks.form.ownerRequired') }]}
            extra={t('tasks.form.ownerHint')}
          >
            <OrgSelect within={scopeRootId} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('tasks.form.title')}
          rules={[{ required: true, whitespace: true, message: t('tasks.form.titleRequired') }]}
        >
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="requirement" label={t('tasks.form.requirement')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
        </Form.Item>
        <TargetFields mode={progressMode} unitWidth={120} />
        <FigureSourceFields mode={progressMode} choice={sourceChoice} />
        <Flex gap={12} wrap>
          <Form.Item name="deadline" label={t('deploy.task.deadline')} style={{ flex: '1 1 200px' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="leadOrgId"
            label={t('deploy.task.leadOrg')}
            style={{ flex: '1 1 240px' }}
            extra={t('tasks.form.leadHint')}
          >
            <OrgSelect within={scopeRootId} allowClear style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        {mode === 'edit' && (
          <Form.Item name="status" label={t('tasks.form.status')}>
            <Select
              options={(['active', 'closed', 'cancelled'] as const).map((s) => ({
                value: s,
                label: t(`tasks.status.${s}`),
              }))}
              style={{ width: 160 }}
            />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
