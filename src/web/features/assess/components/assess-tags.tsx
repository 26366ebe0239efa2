import { Tag } from 'antd';
import type { ScoringMethod } from '../../../../domain/assess/index-system.ts';
import { ROUND_STATE_LABELS, type RoundState } from '../../../../domain/assess/round-state.ts';
import { type MessageKey, t, useI18n } from '../../../lib/i18n.ts';

/** Small shared pieces of the assessment pages: state tags, star levels, method names. */

const STATE_COLOR: Record<RoundState, string> = {
  draft: 'default',
  self_assessment: 'blue',
  scoring: 'orange',
  publicity: 'purple',
  final: 'green',
};

export function RoundStateTag({ state }: { state: RoundState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="round-state">
      {label(ROUND_STATE_LABELS[state])}
    </Tag>
  );
}

export function SystemStateTag({ state }: { state: 'draft' | 'published' }) {
  const { t } = useI18n();
  return <Tag color={state === 'published' ? 'green' : 'default'}>{t(`assess.systemState.${state}`)}</Tag>;
}

/** ★★★★ (4星) for a level; — for none. */
export function levelText(level: number | null | undefined): string {
  if (level === null || level === undefined) return '—';
  return `${'★'.repeat(Math.max(0, Math.min(level, 10)))} ${t('assess.levelN', { n: level })}`;
}

export const METHOD_KINDS = ['auto', 'graded', 'addDeduct', 'veto'] as const satisfies readonly ScoringMethod['kind'][];

export function methodLabel(kind: string | null | undefined): string {
  if (!kind) return t('assess.method.branch');
  if ((METHOD_KINDS as readonly string[]).includes(kind)) return t(`assess.method.${kind}` as MessageKey);
  return kind === 'sum' ? t('assess.method.sum') : kind;
}

/** The measure's name (the server's label table). */
export function measureLabel(measure: string): string {
  return t(`label.assess.measure.${measure}` as Parameters<typeof t>[0]);
}
