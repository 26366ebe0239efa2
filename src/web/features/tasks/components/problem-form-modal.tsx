import { Alert, Col, DatePicker, Form, Input, Modal, Row, Select, Spin } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import type { ProblemSummary } from '../../../../contracts/tasks.ts';
import {
  PROBLEM_SEVERITIES,
  PROBLEM_SEVERITY_LABELS,
  PROBLEM_SOURCE_LABELS,
  PROBLEM_SOURCES,
  type ProblemSeverity,
  type ProblemSource,
} from '../../../../domain/rectify/problem-state.ts';
import { ruleSetOn } from '../../../../domain/rules/ruleset.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { fromIsoDate, today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { createProblem, updateProblem } from '../api/problems.ts';
import { listTasks } from '../api/tasks.ts';

type Values = {
  orgId: number;
  issuerOrgId: number | null;
  title: string;
  description: string;
  source: ProblemSource;
  category: string;
  severity: ProblemSeverity;
  foundOn: Dayjs | null;
  deadline: Dayjs | null;
  taskIds: number[];
};

const FIELDS = [
  'orgId',
  'issuerOrgId',
  'title',
  'description',
  'source',
  'category',
  'severity',
  'foundOn',
  'deadline',
  'taskIds',
];

/**
 * 登记问题 / 修改问题: the responsible organisation and the issuing side, the problem and its details, where it came
 * from, its category and severity, the day it was found and the deadline (left empty after a 巡视/巡察 feedback,
 * the server sets the rule set's two months), and the tasks that address it (searched by title). Editing is the
 * issuing side's; the issuing side and the day found stay as registered.
 */
export function ProblemFormModal({
  orgId,
  scopeRootId,
  problem,
  onClose,
  onDone,
}: {
  orgId: number;
  scopeRootId: number;
  /** Edit this problem instead of registering a new one. */
  problem?: ProblemSummary;
  onClose: () => void;
  onDone: (p: ProblemSummary) => void;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [taskOptions, setTaskOptions] = useState<{ value: number; label: string }[]>(
    problem?.tasks.map((x) => ({ value: x.id, label: x.title })) ?? [],
  );
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const months = ruleSetOn(toIsoDate(today())!).rectify.inspectionRectifyMonths.value;

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
      const common = {
        orgId: v.orgId,
        title: v.title.trim(),
        source: v.source,
        category: v.category?.trim() ?? '',
        severity: v.severity,
      };
      if (problem) {
        // Only what changed: the audit row shows the edit, not the whole problem again.
        const next = {
          ...common,
          description: v.description ?? '',
          deadline: toIsoDate(v.deadline),
          taskIds: v.taskIds ?? [],
        };
        const was = { ...problem, taskIds: problem.tasks.map((x) => x.id) };
        const patch = Object.fromEntries(
          Object.entries(next).filter(([k, x]) => JSON.stringify(x) !== JSON.stringify(was[k as keyof typeof was])),
        );
        onDone(Object.keys(patch).length ? await updateProblem(problem.id, patch) : problem);
      } else {
        onDone(
          await createProblem({
            ...common,
            issuerOrgId: v.issuerOrgId ?? undefined,
            description: v.description || undefined,
            foundOn: toIsoDate(v.foundOn) ?? undefined,
            // Empty: the server's default (two months after a 巡视/巡察 feedback, none otherwise).
            deadline: toIsoDate(v.deadline) ?? undefined,
            taskIds: v.taskIds?.length ? v.taskIds : undefined,
          }),
        );
      }
    } catch (e) {
      if (!applyServerErrors(form, e, FIELDS)) setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={problem ? t('problems.editTitle') : t('problems.createTitle')}
      okText={problem ? t('common.save') : t('problems.create')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      width={680}
    >
      <Form<Values>
        form={form}
        name="problem"
        layout="vertical"
        initialValues={{
          orgId: problem?.orgId ?? orgId,
          issuerOrgId: null,
          title: problem?.title ?? '',
          description: problem?.description ?? '',
          source: problem?.source ?? 'manual',
          category: problem?.category ?? '',
          severity: problem?.severity ?? 'general',
          foundOn: fromIsoDate(problem?.foundOn) ?? today(),
          deadline: fromIsoDate(problem?.deadline),
          taskIds: problem?.tasks.map((x) => x.id) ?? [],
        }}
        data-testid="problem-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="orgId"
              label={t('problems.field.org')}
              rules={[{ required: true, message: t('problems.form.orgRequired') }]}
            >
              <OrgSelect within={scopeRootId} style={{ width: '100%' }} aria-label={t('problems.field.org')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            {problem ? (
              <Form.Item label={t('problems.field.issuer')}>
                <Input value={problem.issuerOrgName} disabled />
              </Form.Item>
            ) : (
              <Form.Item name="issuerOrgId" label={t('problems.field.issuer')} extra={t('problems.form.issuerHint')}>
                <OrgSelect
                  within={scopeRootId}
                  allowClear
                  placeholder={t('problems.form.issuerPlaceholder')}
                  style={{ width: '100%' }}
                  aria-label={t('problems.field.issuer')}
                />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Form.Item
          name="title"
          label={t('problems.field.title')}
          rules={[{ required: true, whitespace: true, message: t('problems.form.titleRequired') }]}
        >
          <Input maxLength={300} placeholder={t('problems.form.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="description" label={t('problems.field.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="source" label={t('problems.field.source')}>
              <Select
                aria-label={t('problems.field.source')}
                options={PROBLEM_SOURCES.map((s) => ({ value: s, label: label(PROBLEM_SOURCE_LABELS[s]) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="category" label={t('problems.field.category')}>
              <Input maxLength={50} placeholder={t('problems.form.categoryPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="severity" label={t('problems.field.severity')}>
              <Select
                aria-label={t('problems.field.severity')}
                options={PROBLEM_SEVERITIES.map((s) => ({ value: s, label: label(PROBLEM_SEVERITY_LABELS[s]) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="foundOn" label={t('problems.field.foundOn')}>
              <DatePicker style={{ width: '100%' }} disabled={!!problem} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="deadline"
              label={t('problems.field.deadline')}
              extra={
                <span data-testid="deadline-hint">
                  {problem ? t('problems.form.deadlineEditHint') : t('problems.form.deadlineHint', { months })}
                </span>
              }
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="taskIds" label={t('problems.field.tasks')} extra={t('problems.form.tasksHint')}>
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
