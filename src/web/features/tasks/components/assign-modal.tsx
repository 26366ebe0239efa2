import {
  Alert,
  Button,
  DatePicker,
  Flex,
  Form,
  InputNumber,
  List,
  Modal,
  Result,
  Segmented,
  Select,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AssignBody, AssignPreview, AssignResult, TaskDetail } from '../../../../contracts/tasks.ts';
import { ORG_TYPE_LABELS, ORG_TYPES, type OrgType } from '../../../../domain/org/vocab.ts';
import { BurdenWarning } from '../../../components/ui/burden-warning.tsx';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { OrgTreeSelect } from '../../../components/ui/org-tree-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { fromIsoDate, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { fieldLabel, useOrgFields } from '../../../lib/reference-data.ts';
import { assignTask, previewAssign } from '../api/tasks.ts';

/**
 * 下发: to organisations checked in the owner's subtree, or by rule (every organisation of these types and
 * fields under a node). An optional deadline (default: the task's) and, for a counted target, each receiver's
 * share of it. Organisations that already have the task are skipped. Nothing is sent before the user has seen
 * how many organisations, and which, it reaches: the confirmation names the count, and the server refuses it if the
 * receivers changed meanwhile.
 */
export function AssignModal({
  task,
  onClose,
  onDone,
}: {
  task: TaskDetail;
  onClose: () => void;
  onDone: (r: AssignResult) => void;
}) {
  const { t, label } = useI18n();
  const fields = useOrgFields();
  const [mode, setMode] = useState<'pick' | 'rule'>('pick');
  const [orgIds, setOrgIds] = useState<number[]>([]);
  const [under, setUnder] = useState<number | null>(task.orgId);
  const [types, setTypes] = useState<OrgType[]>(['branch']);
  const [ruleFields, setRuleFields] = useState<string[]>([]);
  const [deadline, setDeadline] = useState<Dayjs | null>(fromIsoDate(task.deadline));
  const [targetPerOrg, setTargetPerOrg] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<AssignResult | null>(null);
  const [preview, setPreview] = useState<{ body: AssignBody; preview: AssignPreview } | null>(null);
  // 基层减负: over a cap, going ahead needs a reason (kept with the assignment).
  const [burdenReason, setBurdenReason] = useState('');

  const check = async () => {
    setError(null);
    if (mode === 'pick' && orgIds.length === 0) return setError(t('assign.pickRequired'));
    if (mode === 'rule' && (!under || types.length === 0)) return setError(t('assign.ruleRequired'));
    const body: AssignBody = {
      ...(mode === 'pick'
        ? { orgIds }
        : { rule: { underOrgId: under!, types, ...(ruleFields.length ? { fields: ruleFields } : {}) } }),
      ...(deadline ? { deadline: toIsoDate(deadline)! } : {}),
      ...(targetPerOrg !== null ? { targetPerOrg } : {}),
    };
    setBusy(true);
    try {
      setPreview({ body, preview: await previewAssign(task.id, body) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!preview) return;
    setError(null);
    const over = preview.preview.burden.overCount > 0;
    if (over && !burdenReason.trim()) return setError(t('burden.reasonRequired'));
    setBusy(true);
    try {
      setResult(
        await assignTask(task.id, {
          ...preview.body,
          expectedCount: preview.preview.count,
          ...(over ? { burdenReason: burdenReason.trim() } : {}),
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
      // The receivers changed meanwhile: show the new count before anything is sent.
      try {
        setPreview({ body: preview.body, preview: await previewAssign(task.id, preview.body) });
      } catch {
        setPreview(null);
      }
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Modal
        open
        title={t('assign.title')}
        onCancel={() => onDone(result)}
        footer={
          <Button type="primary" onClick={() => onDone(result)}>
            {t('common.ok')}
          </Button>
        }
      >
        <div data-testid="assign-result">
          <Result
            status={result.created > 0 ? 'success' : 'info'}
            title={t('assign.created', { n: result.created })}
            subTitle={result.skipped > 0 ? t('assign.skipped', { n: result.skipped }) : t('assign.notified')}
          />
        </div>
      </Modal>
    );
  }

  if (preview) {
    const p = preview.preview;
    return (
      <Modal
        open
        title={t('assign.confirmTitle')}
        onCancel={onClose}
        footer={[
          <Button key="back" onClick={() => setPreview(null)} disabled={busy}>
            {t('assign.back')}
          </Button>,
          <Button key="ok" type="primary" onClick={confirm} loading={busy} disabled={p.count === 0}>
            {t('assign.confirmOk', { n: p.count })}
          </Button>,
        ]}
        width={620}
      >
        <div data-testid="assign-preview">
          <Alert
            type={p.count === 0 ? 'info' : 'warning'}
            showIcon
            title={p.count === 0 ? t('assign.previewNone') : t('assign.previewCount', { n: p.count })}
            description={p.alreadyAssigned > 0 ? t('assign.previewAlready', { n: p.alreadyAssigned }) : undefined}
          />
          {p.count > 0 && (
            <List
              size="small"
              style={{ marginTop: 12, maxHeight: 320, overflow: 'auto' }}
              dataSource={p.orgs}
              renderItem={(o) => (
                <List.Item>
                  {o.name}
                  {o.parentName && <Typography.Text type="secondary">（{o.parentName}）</Typography.Text>}
                </List.Item>
              )}
              footer={
                p.truncated ? (
                  <Typography.Text type="secondary">
                    {t('assign.previewMore', { n: p.count - p.orgs.length })}
                  </Typography.Text>
                ) : undefined
              }
            />
          )}
          <BurdenWarning warning={p.burden} reason={burdenReason} onReason={setBurdenReason} />
          {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      open
      title={t('assign.title')}
      okText={t('assign.preview')}
      onOk={check}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      width={620}
    >
      <Typography.Paragraph type="secondary">
        {t('assign.intro', { task: task.title, org: task.orgName })}
      </Typography.Paragraph>
      <Form layout="vertical" data-testid="assign-form">
        <Form.Item>
          <Segmented
            block
            value={mode}
            onChange={(v) => setMode(v as 'pick' | 'rule')}
            options={[
              { value: 'pick', label: t('assign.modePick') },
              { value: 'rule', label: t('assign.modeRule') },
            ]}
          />
        </Form.Item>
        {mode === 'pick' ? (
          <Form.Item label={t('assign.orgs')} required extra={t('assign.orgsHint')}>
            <OrgTreeSelect rootId={task.orgId} value={orgIds} onChange={setOrgIds} aria-label={t('assign.orgs')} />
          </Form.Item>
        ) : (
          <>
            <Form.Item label={t('assign.under')} required>
              <OrgSelect
                value={under}
                onChange={(id) => setUnder(id)}
                within={task.orgId}
                style={{ width: '100%' }}
                aria-label={t('assign.under')}
              />
            </Form.Item>
            <Flex gap={12} wrap>
              <Form.Item label={t('assign.types')} required style={{ flex: '1 1 240px' }}>
                <Select<OrgType[]>
                  mode="multiple"
                  value={types}
                  onChange={setTypes}
                  aria-label={t('assign.types')}
                  options={ORG_TYPES.map((k) => ({ value: k, label: label(ORG_TYPE_LABELS[k]) }))}
                />
              </Form.Item>
              <Form.Item label={t('assign.fields')} style={{ flex: '1 1 240px' }} extra={t('assign.fieldsHint')}>
                <Select<string[]>
                  mode="multiple"
                  allowClear
                  value={ruleFields}
                  onChange={setRuleFields}
                  placeholder={t('common.all')}
                  aria-label={t('assign.fields')}
                  options={fields.map((f) => ({ value: f.code, label: fieldLabel(f.code, fields) }))}
                />
              </Form.Item>
            </Flex>
          </>
        )}
        <Flex gap={12} wrap>
          <Form.Item
            label={t('assign.deadline')}
            style={{ flex: '1 1 200px' }}
            extra={task.deadline ? t('assign.deadlineDefault', { date: task.deadline }) : undefined}
          >
            <DatePicker
              value={deadline}
              onChange={setDeadline}
              style={{ width: '100%' }}
              aria-label={t('assign.deadline')}
            />
          </Form.Item>
          {task.progressMode === 'sum' && (
            <Form.Item
              label={t('assign.targetPerOrg')}
              style={{ flex: '1 1 200px' }}
              extra={t('assign.targetPerOrgHint')}
            >
              <InputNumber
                min={0}
                value={targetPerOrg}
                onChange={(v) => setTargetPerOrg(v)}
                suffix={task.targetUnit ?? undefined}
                style={{ width: '100%' }}
                aria-label={t('assign.targetPerOrg')}
              />
            </Form.Item>
          )}
        </Flex>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
