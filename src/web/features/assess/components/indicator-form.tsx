import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { AUTO_MEASURES, type ScoringMethod } from '../../../../domain/assess/index-system.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { METHOD_KINDS, measureLabel, methodLabel } from './assess-tags.tsx';
import type { Node } from './indicator-tree.ts';

const DEFAULT_METHOD: Record<ScoringMethod['kind'], ScoringMethod> = {
  auto: { kind: 'auto', measure: 'tasks.onTimeRate' },
  graded: {
    kind: 'graded',
    grades: [
      { grade: '好', points: 0 },
      { grade: '较好', points: 0 },
      { grade: '一般', points: 0 },
      { grade: '差', points: 0 },
    ],
    evidenceFor: ['一般', '差'],
  },
  addDeduct: { kind: 'addDeduct', start: 'max', perItemCap: 5, totalCap: 10 },
  veto: { kind: 'veto', condition: '' },
};

/**
 * One indicator's fields: name, id, points, 加分项, the scoring method with what it needs (the measure, the grade map
 * and the grades that need evidence, the caps, the veto's condition), the scoring organisation and the evidence asked
 * for. A branch (an indicator with children) has no method: its children share out its points.
 */
export function IndicatorForm({
  node,
  isBranch,
  disabled,
  scopeOrgId,
  onChange,
}: {
  node: Node;
  isBranch: boolean;
  disabled: boolean;
  scopeOrgId: number;
  onChange: (n: Node) => void;
}) {
  const { t } = useI18n();
  const set = (patch: Partial<Node>) => onChange({ ...node, ...patch });
  const m = node.method;
  const setMethod = (method: ScoringMethod) => set({ method, ...(method.kind === 'veto' ? { max: 0 } : {}) });
  return (
    <Form layout="vertical" disabled={disabled} data-testid="indicator-form">
      <Flex gap={8} wrap>
        <Form.Item label={t('assess.ind.name')} style={{ flex: '2 1 220px' }} htmlFor="ind-name">
          <Input id="ind-name" value={node.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} />
        </Form.Item>
        <Form.Item label={t('assess.ind.id')} style={{ flex: '1 1 100px' }} htmlFor="ind-id">
          <Input id="ind-id" value={node.id} maxLength={100} onChange={(e) => set({ id: e.target.value })} />
        </Form.Item>
        <Form.Item label={t('assess.ind.max')} style={{ flex: '0 0 110px' }} htmlFor="ind-max">
          <InputNumber
            id="ind-max"
            min={0}
            max={1000}
            value={node.max}
            onChange={(v) => set({ max: typeof v === 'number' ? v : 0 })}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Flex>
      <Form.Item>
        <Checkbox checked={!!node.bonus} onChange={(e) => set({ bonus: e.target.checked || undefined })}>
          {t('assess.ind.bonus')}
        </Checkbox>
      </Form.Item>
      {isBranch ? (
        <Typography.Paragraph type="secondary">{t('assess.ind.branchHint')}</Typography.Paragraph>
      ) : (
        <>
          <Form.Item label={t('assess.ind.method')} htmlFor="ind-method">
            <Select
              id="ind-method"
              value={m?.kind}
              placeholder={t('assess.ind.methodPick')}
              onChange={(k: ScoringMethod['kind']) => setMethod(structuredClone(DEFAULT_METHOD[k]))}
              options={METHOD_KINDS.map((k) => ({ value: k, label: methodLabel(k) }))}
            />
          </Form.Item>
          {m?.kind === 'auto' && (
            <Form.Item label={t('assess.ind.measure')} htmlFor="ind-measure" extra={t('assess.ind.measureHint')}>
              <Select
                id="ind-measure"
                value={m.measure}
                onChange={(v) => setMethod({ kind: 'auto', measure: v })}
                options={AUTO_MEASURES.map((x) => ({ value: x, label: measureLabel(x) }))}
              />
            </Form.Item>
          )}
          {m?.kind === 'graded' && <GradeMap method={m} onChange={setMethod} />}
          {m?.kind === 'addDeduct' && (
            <Flex gap={8} wrap>
              <Form.Item label={t('assess.ind.start')} style={{ flex: '1 1 160px' }}>
                <Select
                  value={m.start}
                  onChange={(v) => setMethod({ ...m, start: v })}
                  options={[
                    { value: 'max', label: t('assess.ind.startMax') },
                    { value: 'zero', label: t('assess.ind.startZero') },
                  ]}
                />
              </Form.Item>
              <Form.Item label={t('assess.ind.perItemCap')} style={{ flex: '1 1 110px' }}>
                <InputNumber
                  min={0}
                  value={m.perItemCap}
                  onChange={(v) => setMethod({ ...m, perItemCap: v ?? 0 })}
                  style={{ width: '100%' }}
                />
              </Form.Item>
              <Form.Item label={t('assess.ind.totalCap')} style={{ flex: '1 1 110px' }}>
                <InputNumber
                  min={0}
                  value={m.totalCap}
                  onChange={(v) => setMethod({ ...m, totalCap: v ?? 0 })}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Flex>
          )}
          {m?.kind === 'veto' && (
            <Form.Item label={t('assess.ind.condition')} htmlFor="ind-condition" extra={t('assess.ind.vetoHint')}>
              <Input
                id="ind-condition"
                value={m.condition}
                maxLength={100}
                onChange={(e) => setMethod({ kind: 'veto', condition: e.target.value })}
              />
            </Form.Item>
          )}
          <Flex gap={8} wrap>
            <Form.Item label={t('assess.ind.scorer')} style={{ flex: '1 1 160px' }} htmlFor="ind-scorer">
              <Input
                id="ind-scorer"
                value={node.scorer ?? ''}
                maxLength={100}
                placeholder={t('assess.ind.scorerPlaceholder')}
                onChange={(e) => set({ scorer: e.target.value || null })}
              />
            </Form.Item>
            <Form.Item
              label={t('assess.ind.scorerOrg')}
              style={{ flex: '1 1 220px' }}
              extra={t('assess.ind.scorerOrgHint')}
            >
              <OrgSelect
                value={node.scorerOrgId ?? null}
                within={scopeOrgId}
                allowClear
                onChange={(id) => set({ scorerOrgId: id })}
                aria-label={t('assess.ind.scorerOrg')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Flex>
        </>
      )}
      <Form.Item label={t('assess.ind.evidence')} htmlFor="ind-evidence">
        <Input.TextArea
          id="ind-evidence"
          rows={2}
          maxLength={1000}
          value={node.evidence ?? ''}
          onChange={(e) => set({ evidence: e.target.value })}
        />
      </Form.Item>
    </Form>
  );
}

/** The grade map of a 等次评分 indicator: each grade with its points, and whether it needs evidence. */
function GradeMap({
  method,
  onChange,
}: {
  method: Extract<ScoringMethod, { kind: 'graded' }>;
  onChange: (m: ScoringMethod) => void;
}) {
  const { t } = useI18n();
  const grades = method.grades;
  const put = (grades2: { grade: string; points: number }[], evidenceFor = method.evidenceFor) =>
    onChange({
      kind: 'graded',
      grades: grades2,
      evidenceFor: evidenceFor.filter((e) => grades2.some((g) => g.grade === e)),
    });
  return (
    <Form.Item label={t('assess.ind.grades')} extra={t('assess.ind.gradesHint')}>
      <Flex vertical gap={6} data-testid="grade-map">
        {grades.map((g, i) => (
          <Flex key={i} gap={6} align="center">
            <Input
              value={g.grade}
              maxLength={20}
              style={{ width: 100 }}
              aria-label={t('assess.ind.grade')}
              onChange={(e) => {
                const old = g.grade;
                const next = grades.map((x, k) => (k === i ? { ...x, grade: e.target.value } : x));
                put(
                  next,
                  method.evidenceFor.map((x) => (x === old ? e.target.value : x)),
                );
              }}
            />
            <InputNumber
              min={0}
              value={g.points}
              style={{ width: 90 }}
              aria-label={t('assess.ind.gradePoints')}
              onChange={(v) => put(grades.map((x, k) => (k === i ? { ...x, points: v ?? 0 } : x)))}
            />
            <Checkbox
              checked={method.evidenceFor.includes(g.grade)}
              onChange={(e) =>
                put(
                  [...grades],
                  e.target.checked ? [...method.evidenceFor, g.grade] : method.evidenceFor.filter((x) => x !== g.grade),
                )
              }
            >
              {t('assess.ind.needsEvidence')}
            </Checkbox>
            <Button
              size="small"
              type="text"
              icon={<DeleteOutlined />}
              aria-label={t('assess.ind.removeGrade')}
              onClick={() => put(grades.filter((_, k) => k !== i))}
            />
          </Flex>
        ))}
        <Button
          size="small"
          icon={<PlusOutlined />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() => put([...grades, { grade: '', points: 0 }])}
        >
          {t('assess.ind.addGrade')}
        </Button>
      </Flex>
    </Form.Item>
  );
}
