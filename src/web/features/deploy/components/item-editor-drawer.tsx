import { ScissorOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  Segmented,
  Select,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { ItemTaskSettings, OutlineItem } from '../../../../contracts/deploy.ts';
import { defaultTaskSettings } from '../../../../domain/deploy/task-settings.ts';
import { checkTaskTarget, type TargetProblem } from '../../../../domain/tasks/target.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { TargetFields } from '../../../components/ui/target-fields.tsx';
import { fromIsoDate, toIsoDate } from '../../../lib/format.ts';
import { type MessageKey, useI18n } from '../../../lib/i18n.ts';
import { sentenceStarts } from '../lib/outline-ops.ts';
import { KIND_LABEL_KEYS, NODE_KINDS, type NodeKind } from './kind-tag.tsx';

type Values = {
  numbering: string;
  heading: string;
  text: string;
  kind: NodeKind;
  progressMode: ItemTaskSettings['progressMode'];
  targetValue: number | null;
  targetUnit: string | null;
  shareThreshold: number | null;
  deadline: Dayjs | null;
  leadOrgId: number | null;
};

export type ItemPatch = Pick<OutlineItem, 'numbering' | 'heading' | 'text' | 'kind' | 'task'>;

type Props = {
  item: OutlineItem | null;
  /** The deployment's organisation: lead organisations are searched in its subtree. */
  orgId: number;
  /** The date deadline phrases are read from (the meeting date, or today). */
  baseDate: string;
  /** Opened from the split action: the split tools are shown first. */
  focusSplit?: boolean;
  onApply: (key: string, patch: ItemPatch) => void;
  onSplit: (key: string, patch: ItemPatch, at: number) => void;
  onOrgName: (id: number, name: string) => void;
  onClose: () => void;
};

const PROBLEM_KEYS: Record<TargetProblem, MessageKey> = {
  targetMissing: 'deploy.task.err.targetMissing',
  targetNotAllowed: 'deploy.task.err.targetNotAllowed',
  thresholdMissing: 'deploy.task.err.thresholdMissing',
  shareOver100: 'deploy.task.err.shareOver100',
};

function toValues(it: OutlineItem, base: string): Values {
  const ts = it.task ?? defaultTaskSettings(it, base);
  return {
    numbering: it.numbering,
    heading: it.heading,
    text: it.text,
    kind: it.kind,
    progressMode: ts.progressMode,
    targetValue: ts.targetValue,
    targetUnit: ts.targetUnit,
    shareThreshold: ts.shareThreshold,
    deadline: fromIsoDate(ts.deadline),
    leadOrgId: ts.leadOrgId,
  };
}

function toPatch(v: Values): ItemPatch {
  const task: ItemTaskSettings | null =
    v.kind === 'task'
      ? {
          progressMode: v.progressMode,
          targetValue: v.progressMode === 'none' ? null : (v.targetValue ?? null),
          targetUnit: v.progressMode === 'none' ? null : v.targetUnit?.trim() || null,
          shareThreshold: v.progressMode === 'share' ? (v.shareThreshold ?? null) : null,
          deadline: toIsoDate(v.deadline),
          leadOrgId: v.leadOrgId ?? null,
        }
      : null;
  return { numbering: v.numbering.trim(), heading: v.heading.trim(), text: v.text, kind: v.kind, task };
}

/**
 * Edits one outline item: numbering, heading, text, kind, and for a task its target (mode, value, unit,
 * threshold), deadline and lead organisation. The text can be split at the cursor or at a sentence.
 */
export function ItemEditorDrawer({ item, orgId, baseDate, focusSplit, onApply, onSplit, onOrgName, onClose }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [cursor, setCursor] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  const mode = Form.useWatch('progressMode', form);
  const text = Form.useWatch('text', form) ?? '';

  useEffect(() => {
    if (!item) return;
    form.setFieldsValue(toValues(item, baseDate));
    setCursor(null);
    setError(null);
  }, [item, baseDate, form]);

  const sentences = useMemo(() => sentenceStarts(text), [text]);

  if (!item) return null;

  const collect = async (): Promise<ItemPatch | null> => {
    setError(null);
    try {
      const v = await form.validateFields();
      const patch = toPatch(v);
      if (patch.task) {
        const problem = checkTaskTarget(patch.task);
        if (problem) {
          setError(t(PROBLEM_KEYS[problem]));
          return null;
        }
      }
      if ((patch.kind === 'task' || patch.kind === 'problem') && !patch.heading && !patch.text.trim()) {
        setError(t('deploy.item.emptyNotAllowed'));
        return null;
      }
      return patch;
    } catch {
      return null;
    }
  };

  const apply = async () => {
    const patch = await collect();
    if (patch) onApply(item.key, patch);
  };

  const split = async (at: number | null) => {
    if (at === null || at <= 0 || at >= text.length || !text.slice(0, at).trim() || !text.slice(at).trim()) {
      setError(t('deploy.split.badCursor'));
      return;
    }
    const patch = await collect();
    if (patch) onSplit(item.key, patch, at);
  };

  const splitTools = (
    <div className="luoshi-split-tools" data-testid="split-tools">
      <Typography.Text strong>
        <ScissorOutlined /> {t('deploy.split.title')}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px', fontSize: 13 }}>
        {t('deploy.split.hint')}
      </Typography.Paragraph>
      <Flex gap={8} wrap>
        <Button icon={<ScissorOutlined />} onClick={() => split(cursor)} disabled={cursor === null}>
          {cursor === null ? t('deploy.split.atCursorNone') : t('deploy.split.atCursor', { n: cursor })}
        </Button>
        <Select<number>
          style={{ flex: '1 1 220px', minWidth: 0 }}
          placeholder={t('deploy.split.atSentence')}
          aria-label={t('deploy.split.atSentence')}
          disabled={sentences.length === 0}
          value={null as unknown as number}
          onChange={(at) => split(at)}
          options={sentences.map((at, i) => ({
            value: at,
            label: t('deploy.split.sentenceN', { n: i + 2, text: text.slice(at, at + 18) }),
          }))}
          popupMatchSelectWidth={false}
        />
      </Flex>
    </div>
  );

  return (
    <Drawer
      open
      title={t('deploy.item.editTitle')}
      size={Math.min(560, window.innerWidth)}
      onClose={onClose}
      mask={false}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={apply} data-testid="apply-item">
            {t('deploy.item.apply')}
          </Button>
        </Flex>
      }
    >
      <Form<Values> form={form} name="outline-item" layout="vertical" requiredMark={false} data-testid="item-editor">
        {focusSplit && splitTools}
        <Flex gap={12}>
          <Form.Item name="numbering" label={t('deploy.item.numbering')} style={{ width: 110, flex: 'none' }}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="kind" label={t('deploy.item.kind')} style={{ flex: 1, minWidth: 0 }}>
            <Segmented<NodeKind> block options={NODE_KINDS.map((k) => ({ value: k, label: t(KIND_LABEL_KEYS[k]) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="heading" label={t('deploy.item.heading')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="text" label={t('deploy.item.text')} extra={t('deploy.item.textHint')}>
          <Input.TextArea
            autoSize={{ minRows: 5, maxRows: 14 }}
            maxLength={20000}
            onSelect={(e) => setCursor(e.currentTarget.selectionStart)}
            onClick={(e) => setCursor(e.currentTarget.selectionStart)}
            onKeyUp={(e) => setCursor(e.currentTarget.selectionStart)}
          />
        </Form.Item>
        {!focusSplit && splitTools}

        {kind === 'task' && (
          <>
            <Divider titlePlacement="start" style={{ margin: '20px 0 12px' }}>
              {t('deploy.task.settings')}
            </Divider>
            <TargetFields mode={mode} />
            {item.targets.length > 0 && (
              <Flex gap={4} wrap style={{ marginBottom: 16 }}>
                <Typography.Text type="secondary">{t('deploy.task.foundTargets')}</Typography.Text>
                {item.targets.map((x, i) => (
                  <Tag
                    key={i}
                    color="cyan"
                    title={x.text}
                    style={{ cursor: 'pointer' }}
                    onClick={() =>
                      form.setFieldsValue({
                        progressMode:
                          form.getFieldValue('progressMode') === 'none'
                            ? x.unit === '%'
                              ? 'share'
                              : 'sum'
                            : form.getFieldValue('progressMode'),
                        targetValue: x.value,
                        targetUnit: x.unit === '%' ? form.getFieldValue('targetUnit') : x.unit,
                      })
                    }
                  >
                    {x.value}
                    {x.unit}
                  </Tag>
                ))}
              </Flex>
            )}
            <Form.Item
              name="deadline"
              label={t('deploy.task.deadline')}
              extra={
                item.deadlines.length > 0
                  ? t('deploy.task.deadlinePhrases', { list: item.deadlines.map((d) => d.text).join('、') })
                  : undefined
              }
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="leadOrgId" label={t('deploy.task.leadOrg')} extra={t('deploy.task.leadOrgHint')}>
              <OrgSelect
                within={orgId}
                allowClear
                style={{ width: '100%' }}
                onChange={(id, hit) => {
                  if (id && hit) onOrgName(id, hit.name);
                }}
              />
            </Form.Item>
          </>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Drawer>
  );
}
