import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, InputNumber, Radio, Switch, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { EntryInput } from '../../../../contracts/assess.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { recordsPage, type SheetItem, type StoredInput } from '../api/assess.ts';
import { measureLabel, methodLabel } from './assess-tags.tsx';

/** What the form holds for one leaf before it is sent. */
export type Draft = {
  grade?: string;
  points?: number | null;
  items?: { points: number | null; reason: string; evidence: string }[];
  vetoFound?: boolean;
  vetoReason?: string;
  evidence?: string;
};

/** The form's starting values from what was entered (the side being filled in). */
export function draftOf(input: StoredInput | undefined, max: number): Draft {
  if (!input) return {};
  if (input.kind === 'graded') return { grade: input.grade, evidence: input.evidence ?? '' };
  if (input.kind === 'addDeduct') return { items: (input.items ?? []).map((i) => ({ ...i })) };
  if (input.kind === 'veto') return { vetoFound: !!input.found, vetoReason: input.found?.reason ?? '' };
  if (input.kind === 'auto')
    return {
      points: input.rate !== undefined ? Math.round(input.rate * max * 100) / 100 : null,
      evidence: input.evidence,
    };
  return {};
}

/** The entry to send for a leaf, or null when nothing was entered for it. */
export function entryOf(item: SheetItem, d: Draft | undefined, side: 'self' | 'score'): EntryInput | null {
  const m = item.method;
  if (!m) return null;
  const evidence = d?.evidence?.trim() ? { evidence: d.evidence.trim() } : {};
  if (m.kind === 'veto') {
    if (side !== 'score') return null;
    return { indicatorId: item.id, veto: d?.vetoFound ? { reason: d.vetoReason ?? '' } : null };
  }
  if (m.kind === 'graded') return d?.grade ? { indicatorId: item.id, grade: d.grade, ...evidence } : null;
  if (m.kind === 'addDeduct') {
    if (!d?.items) return side === 'score' ? { indicatorId: item.id, items: [] } : null;
    return {
      indicatorId: item.id,
      items: d.items.map((i) => ({ points: i.points ?? 0, reason: i.reason, evidence: i.evidence })),
    };
  }
  if (item.measured) return null;
  return d?.points !== undefined && d.points !== null ? { indicatorId: item.id, points: d.points, ...evidence } : null;
}

const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10}%`);

/** How an entry reads (the other side's, shown beside the form). */
function inputText(t: ReturnType<typeof useI18n>['t'], input: StoredInput, max: number): string {
  if (input.kind === 'graded') return t('assess.sheet.gradeText', { grade: input.grade ?? '' });
  if (input.kind === 'addDeduct') {
    const sum = (input.items ?? []).reduce((s, i) => s + i.points, 0);
    return t('assess.sheet.itemsText', { n: (input.items ?? []).length, sum });
  }
  if (input.kind === 'veto')
    return input.found ? t('assess.sheet.vetoFound', { reason: input.found.reason }) : t('assess.sheet.vetoNone');
  if (input.kind === 'auto')
    return t('assess.sheet.pointsText', { points: Math.round((input.rate ?? 0) * max * 100) / 100 });
  return '';
}

/**
 * One leaf indicator of the phone-width sheet: its path, points, method and scorer, the evidence asked for, the
 * automatic value with a link to the records, what the other side entered, and the input its method needs when the
 * caller may enter it (a grade, points, 加分/扣分 items with reason and evidence, a veto with its reason).
 */
export function EntryCard({
  item,
  side,
  editable,
  draft,
  onChange,
  footer,
}: {
  item: SheetItem;
  side: 'self' | 'score' | null;
  editable: boolean;
  draft: Draft;
  onChange: (d: Draft) => void;
  /** Below the entry (its evidence files). */
  footer?: ReactNode;
}) {
  const { t } = useI18n();
  const m = item.method;
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  const evidenceNeeded = m?.kind === 'graded' && !!draft.grade && m.evidenceFor.includes(draft.grade);
  return (
    <Card
      size="small"
      data-testid="sheet-item"
      data-indicator={item.id}
      title={
        <Flex vertical style={{ whiteSpace: 'normal', padding: '4px 0' }}>
          <span>{item.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {item.path}
          </Typography.Text>
        </Flex>
      }
      extra={<Tag>{m?.kind === 'veto' ? t('assess.method.veto') : t('assess.points', { n: item.max })}</Tag>}
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('assess.sheet.methodLine', {
            method: m?.kind === 'auto' ? `${methodLabel('auto')} · ${measureLabel(m.measure)}` : methodLabel(m?.kind),
            scorer: item.scorerName,
          })}
          {item.evidenceHint ? ` · ${t('assess.sheet.evidenceHint', { text: item.evidenceHint })}` : ''}
        </Typography.Text>
        {m?.kind === 'veto' && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('assess.sheet.vetoCondition', { condition: m.condition })}
          </Typography.Text>
        )}
        {item.measured && (
          <div data-testid="sheet-auto">
            {item.auto && item.auto.rate === null ? (
              <Typography.Text type="secondary">{t('assess.sheet.autoNone')}</Typography.Text>
            ) : item.auto ? (
              <Typography.Text>
                {t('assess.sheet.autoValue', {
                  rate: pct(item.auto.rate),
                  due: item.auto.due ?? 0,
                  met: item.auto.met ?? 0,
                })}
                {item.auto.frozen && <Tag style={{ marginLeft: 6 }}>{t('assess.sheet.frozen')}</Tag>}
                {item.auto.link && (
                  <Link to={recordsPage(item.auto.link)} style={{ marginLeft: 6 }}>
                    {t('assess.openRecords')}
                  </Link>
                )}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('assess.sheet.autoPending')}</Typography.Text>
            )}
          </div>
        )}
        {side === 'score' && item.self && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="sheet-self">
            {t('assess.sheet.selfSaid', { text: inputText(t, item.self.input, item.max) })}
            {item.self.input.evidence ? ` · ${item.self.input.evidence}` : ''}
          </Typography.Text>
        )}
        {side !== 'score' && item.score && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('assess.sheet.scoreSaid', { text: inputText(t, item.score.input, item.max) })}
          </Typography.Text>
        )}
        {editable && m && (
          <>
            {m.kind === 'graded' && (
              <Radio.Group
                value={draft.grade}
                onChange={(e) => set({ grade: e.target.value as string })}
                optionType="button"
                buttonStyle="solid"
                aria-label={t('assess.sheet.grade')}
                options={m.grades.map((g) => ({ value: g.grade, label: `${g.grade}（${g.points}）` }))}
              />
            )}
            {m.kind === 'auto' && !item.measured && (
              <InputNumber
                min={0}
                max={item.max}
                value={draft.points ?? null}
                onChange={(v) => set({ points: v })}
                suffix={t('assess.pointsUnit')}
                aria-label={t('assess.sheet.points')}
                style={{ width: 160 }}
              />
            )}
            {m.kind === 'addDeduct' && (
              <Flex vertical gap={6} data-testid="sheet-items">
                {(draft.items ?? []).map((it, i) => (
                  <Flex
                    key={i}
                    vertical
                    gap={4}
                    style={{ borderLeft: '3px solid var(--ant-color-border)', paddingLeft: 8 }}
                  >
                    <Flex gap={6} align="center">
                      <InputNumber
                        value={it.points}
                        min={-m.perItemCap}
                        max={m.perItemCap}
                        onChange={(v) =>
                          set({ items: draft.items!.map((x, k) => (k === i ? { ...x, points: v } : x)) })
                        }
                        aria-label={t('assess.sheet.itemPoints')}
                        style={{ width: 110 }}
                      />
                      <Button
                        size="small"
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t('assess.sheet.removeItem')}
                        onClick={() => set({ items: draft.items!.filter((_, k) => k !== i) })}
                      />
                    </Flex>
                    <Input
                      value={it.reason}
                      maxLength={500}
                      placeholder={t('assess.sheet.itemReason')}
                      aria-label={t('assess.sheet.itemReason')}
                      onChange={(e) =>
                        set({ items: draft.items!.map((x, k) => (k === i ? { ...x, reason: e.target.value } : x)) })
                      }
                    />
                    <Input
                      value={it.evidence}
                      maxLength={1000}
                      placeholder={t('assess.sheet.itemEvidence')}
                      aria-label={t('assess.sheet.itemEvidence')}
                      onChange={(e) =>
                        set({ items: draft.items!.map((x, k) => (k === i ? { ...x, evidence: e.target.value } : x)) })
                      }
                    />
                  </Flex>
                ))}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(m.start === 'max' ? 'assess.sheet.deductHint' : 'assess.sheet.addHint', {
                    per: m.perItemCap,
                    total: m.totalCap,
                  })}
                </Typography.Text>
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  style={{ alignSelf: 'flex-start' }}
                  onClick={() => set({ items: [...(draft.items ?? []), { points: null, reason: '', evidence: '' }] })}
                >
                  {m.start === 'max' ? t('assess.sheet.addDeduct') : t('assess.sheet.addBonus')}
                </Button>
              </Flex>
            )}
            {m.kind === 'veto' && side === 'score' && (
              <Flex vertical gap={6} data-testid="sheet-veto">
                <Flex gap={8} align="center">
                  <Switch
                    checked={!!draft.vetoFound}
                    onChange={(v) => set({ vetoFound: v })}
                    aria-label={t('assess.sheet.vetoSwitch')}
                  />
                  <span>{t('assess.sheet.vetoSwitch')}</span>
                </Flex>
                {draft.vetoFound && (
                  <Input.TextArea
                    rows={2}
                    maxLength={1000}
                    value={draft.vetoReason ?? ''}
                    onChange={(e) => set({ vetoReason: e.target.value })}
                    placeholder={t('assess.sheet.vetoReason')}
                    aria-label={t('assess.sheet.vetoReason')}
                  />
                )}
              </Flex>
            )}
            {(m.kind === 'graded' || (m.kind === 'auto' && !item.measured)) && (
              <Input.TextArea
                rows={2}
                maxLength={2000}
                value={draft.evidence ?? ''}
                onChange={(e) => set({ evidence: e.target.value })}
                placeholder={
                  evidenceNeeded || m.kind === 'auto' ? t('assess.sheet.evidenceRequired') : t('assess.sheet.evidence')
                }
                aria-label={t('assess.sheet.evidence')}
                status={(evidenceNeeded || m.kind === 'auto') && !draft.evidence?.trim() ? 'warning' : undefined}
              />
            )}
          </>
        )}
        {footer}
      </Flex>
    </Card>
  );
}
