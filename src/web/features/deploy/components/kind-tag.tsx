import { Tag } from 'antd';
import type { OutlineItem } from '../../../../contracts/deploy.ts';
import { type MessageKey, useI18n } from '../../../lib/i18n.ts';

export type NodeKind = OutlineItem['kind'];
export const NODE_KINDS: readonly NodeKind[] = ['section', 'task', 'problem', 'principle'];

const COLORS: Record<NodeKind, string> = { section: 'default', task: 'blue', problem: 'orange', principle: 'purple' };
export const KIND_LABEL_KEYS: Record<NodeKind, MessageKey> = {
  section: 'deploy.kind.section',
  task: 'deploy.kind.task',
  problem: 'deploy.kind.problem',
  principle: 'deploy.kind.principle',
};

/** 章节 / 任务 / 问题 / 原则, colour-coded the same way everywhere. */
export function KindTag({ kind, style }: { kind: NodeKind; style?: React.CSSProperties }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[kind]} style={{ marginInlineEnd: 0, ...style }}>
      {t(KIND_LABEL_KEYS[kind])}
    </Tag>
  );
}

export function DeploymentStatusTag({ status }: { status: 'draft' | 'confirmed' }) {
  const { t } = useI18n();
  return (
    <Tag color={status === 'confirmed' ? 'green' : 'gold'}>
      {t(status === 'confirmed' ? 'deploy.status.confirmed' : 'deploy.status.draft')}
    </Tag>
  );
}
