import { Tag } from 'antd';
import {
  GRID_ESCALATION_LABELS,
  GRID_MATTER_STATE_LABELS,
  type GridEscalationStep,
  type GridMatterState,
} from '../../../../domain/grid/grid-matter.ts';
import { ruleSetOn } from '../../../../domain/rules/ruleset.ts';
import { useI18n } from '../../../lib/i18n.ts';

const STATE_COLORS: Record<GridMatterState, string> = {
  reported: 'orange',
  assigned: 'processing',
  handled: 'purple',
  fed_back: 'gold',
  closed: 'success',
};

/** 待交办 orange, 待处置 blue, 待反馈 purple, 待评价 gold, 已办结 green. */
export function MatterStateTag({ state }: { state: GridMatterState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-state={state}>
      {label(GRID_MATTER_STATE_LABELS[state])}
    </Tag>
  );
}

/** 逾期 N 天, with the rung of the escalation it reached. */
export function OverdueTag({ days, escalation }: { days: number; escalation: GridEscalationStep | null }) {
  const { t, label } = useI18n();
  if (days <= 0) return null;
  return (
    <Tag color="error" style={{ marginInlineEnd: 0 }} data-testid="matter-overdue">
      {t('grid.overdueDays', { n: days })}
      {escalation ? ` · ${label(GRID_ESCALATION_LABELS[escalation])}` : ''}
    </Tag>
  );
}

/** The rule set's categories and ratings in force (today in the browser is close enough for labels). */
export function gridVocab() {
  const r = ruleSetOn(new Date().toISOString().slice(0, 10)).grid;
  return { categories: r.categories.value, ratings: r.ratings.value };
}

export function CategoryTag({ code }: { code: string }) {
  const { label } = useI18n();
  const c = gridVocab().categories.find((x) => x.code === code);
  return <Tag style={{ marginInlineEnd: 0 }}>{c ? label(c) : code}</Tag>;
}

export function ratingLabel(code: string | null, label: (v: { zh: string; en: string }) => string): string {
  if (!code) return '';
  const r = gridVocab().ratings.find((x) => x.code === code);
  return r ? label(r) : code;
}
