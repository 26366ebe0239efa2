import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IndexSystem } from './index-system.ts';
import { scoreAddDeduct, scoreAuto, scoreGraded, scoreTree } from './scoring.ts';
import { templateDefault } from './templates.ts';

const GRADED = {
  kind: 'graded' as const,
  grades: [
    { grade: '好', points: 10 },
    { grade: '较好', points: 8 },
    { grade: '一般', points: 6 },
    { grade: '差', points: 0 },
  ],
  evidenceFor: ['一般', '差'],
};

test('auto: rate × max at 0 and 1; nothing due is not scored, never 0; outside [0, 1] refused', () => {
  assert.equal((scoreAuto('tasks.onTimeRate', 20, { kind: 'auto', rate: 1 }, 'p') as { points: number }).points, 20);
  assert.equal((scoreAuto('tasks.onTimeRate', 20, { kind: 'auto', rate: 0 }, 'p') as { points: number }).points, 0);
  assert.equal(
    (scoreAuto('tasks.onTimeRate', 20, { kind: 'auto', rate: 2 / 3 }, 'p') as { points: number }).points,
    13.33,
  );
  const none = scoreAuto('tasks.onTimeRate', 20, { kind: 'auto', rate: null, due: 0, met: 0 }, 'p');
  assert.ok(none.ok);
  assert.equal(none.points, null);
  const bad = scoreAuto('tasks.onTimeRate', 20, { kind: 'auto', rate: 1.01 }, '工作成效');
  assert.ok(!bad.ok);
  assert.equal(bad.refusal.code, 'rateRange');
});

test('graded: the grade’s points; a grade below needs evidence; an unknown grade is refused', () => {
  const good = scoreGraded(GRADED, { kind: 'graded', grade: '较好' }, 'p');
  assert.ok(good.ok);
  assert.equal(good.points, 8);
  const noEvidence = scoreGraded(GRADED, { kind: 'graded', grade: '一般', evidence: '  ' }, '阵地');
  assert.ok(!noEvidence.ok);
  assert.equal(noEvidence.refusal.code, 'evidenceRequired');
  assert.equal(noEvidence.refusal.message, '指标“阵地”评为“一般”须附佐证材料');
  const withEvidence = scoreGraded(GRADED, { kind: 'graded', grade: '差', evidence: '检查记录' }, 'p');
  assert.ok(withEvidence.ok);
  assert.equal(withEvidence.points, 0);
  const unknown = scoreGraded(GRADED, { kind: 'graded', grade: '优' }, 'p');
  assert.ok(!unknown.ok);
  assert.equal(unknown.refusal.params.grades, '好、较好、一般、差');
});

test('add/deduct: per-item cap, total cap, never below 0 nor above max; reason and evidence required', () => {
  const m = { kind: 'addDeduct' as const, start: 'max' as const, perItemCap: 5, totalCap: 8 };
  const item = (points: number) => ({ points, reason: '逾期换届', evidence: '文件' });
  const one = scoreAddDeduct(m, 10, { kind: 'addDeduct', items: [item(-7)] }, 'p');
  assert.ok(one.ok);
  assert.equal(one.points, 5); // −7 counts −5 (per item)
  const many = scoreAddDeduct(m, 10, { kind: 'addDeduct', items: [item(-5), item(-5)] }, 'p');
  assert.ok(many.ok);
  assert.equal(many.points, 2); // −10 counts −8 (in total)
  const floor = scoreAddDeduct({ ...m, totalCap: 20 }, 6, { kind: 'addDeduct', items: [item(-5), item(-5)] }, 'p');
  assert.ok(floor.ok);
  assert.equal(floor.points, 0); // never below 0
  const bonus = scoreAddDeduct({ ...m, start: 'zero' }, 6, { kind: 'addDeduct', items: [item(4), item(4)] }, 'p');
  assert.ok(bonus.ok);
  assert.equal(bonus.points, 6); // 8 capped at the indicator's max
  assert.ok(bonus.detail.kind === 'addDeduct' && bonus.detail.added === 8);
  const noReason = scoreAddDeduct(
    m,
    10,
    { kind: 'addDeduct', items: [item(-1), { points: -1, reason: '', evidence: 'x' }] },
    'p',
  );
  assert.ok(!noReason.ok);
  assert.deepEqual([noReason.refusal.code, noReason.refusal.params.n], ['itemReason', 2]);
  const noEvidence = scoreAddDeduct(
    m,
    10,
    { kind: 'addDeduct', items: [{ points: -1, reason: 'x', evidence: '' }] },
    'p',
  );
  assert.ok(!noEvidence.ok);
  assert.equal(noEvidence.refusal.code, 'itemEvidence');
});

const FULL = {
  'D-1': { kind: 'addDeduct', items: [{ points: -5, reason: '逾期换届', evidence: '换届文件' }] },
  'D-2-1': { kind: 'auto', rate: 0.9, due: 10, met: 9, ref: '/life?org=1' },
  'D-2-2': { kind: 'graded', grade: '好' },
  'D-3-1': { kind: 'auto', rate: 1, due: 2, met: 2 },
  'D-3-2': { kind: 'auto', rate: 0.5, due: 12, met: 6 },
  'D-4': { kind: 'graded', grade: '较好' },
  'D-5-1': { kind: 'auto', rate: 1 },
  'D-5-2': { kind: 'auto', rate: null, due: 0, met: 0 },
  'D-6': { kind: 'graded', grade: '好' },
  'D-7': { kind: 'addDeduct', items: [{ points: 3, reason: '创新项目', evidence: '证书' }] },
} as const;

test('scoreTree sums to the total and explains every number; nothing due drops out of the share', () => {
  const r = scoreTree(templateDefault(2026), FULL);
  assert.ok(r.ok);
  // D-1 5; D-2 18 + 10 = 28; D-3 10 + 5 = 15; D-4 8; D-5: only D-5-1 scored, 10 of 10 → 20; D-6 10; bonus 3.
  assert.equal(r.total, 5 + 28 + 15 + 8 + 20 + 10 + 3);
  const line = (id: string) => r.lines.find((l) => l.id === id)!;
  assert.deepEqual(line('D-5').detail, { kind: 'sum', scored: 10, of: 10, bonus: 0 });
  assert.equal(line('D-5').points, 20);
  assert.equal(line('D-5-2').points, null);
  assert.deepEqual(line('D-2-1'), {
    id: 'D-2-1',
    path: '组织生活 › 三会一课',
    method: 'auto',
    max: 20,
    points: 18,
    detail: { kind: 'auto', measure: 'life.complianceRate', rate: 0.9, due: 10, met: 9, ref: '/life?org=1' },
  });
  assert.equal(r.lines[0]!.id, 'D-1');
  assert.deepEqual(r.vetoes, []);
});

test('scoreTree records a veto with who and why; refuses all problems at once', () => {
  const vetoed = scoreTree(templateDefault(2026), {
    ...FULL,
    'D-8': { kind: 'veto', found: { by: '县纪委', reason: '严重违纪', on: '2026-10-01' } },
  });
  assert.ok(vetoed.ok);
  assert.deepEqual(vetoed.vetoes, [
    { id: 'D-8', path: '政治不合格', condition: '政治不合格', by: '县纪委', reason: '严重违纪', on: '2026-10-01' },
  ]);
  const { 'D-4': _missing, ...rest } = FULL;
  const bad = scoreTree(templateDefault(2026), {
    ...rest,
    'D-6': { kind: 'graded', grade: '差' },
    'D-2-1': { kind: 'graded', grade: '好' },
    'D-8': { kind: 'veto', found: { by: '', reason: 'x' } },
  });
  assert.ok(!bad.ok);
  assert.deepEqual(
    bad.refusals.map((x) => [x.code, x.params.path]),
    [
      ['inputKind', '组织生活 › 三会一课'],
      ['inputMissing', '阵地与台账'],
      ['evidenceRequired', '群众评议'],
      ['vetoFinder', '政治不合格'],
    ],
  );
});

test('a tree where nothing is scored has no total (not 0)', () => {
  const s: IndexSystem = {
    name: 's',
    year: 2026,
    issuer: null,
    total: 100,
    indicators: [{ id: 'a', name: 'a', max: 100, method: { kind: 'auto', measure: 'dues.paidOnTimeRate' } }],
  };
  const r = scoreTree(s, { a: { kind: 'auto', rate: null } });
  assert.ok(r.ok);
  assert.equal(r.total, null);
});

test('auto given by hand (its source area not on the platform): the evidence is kept on the line', () => {
  const r = scoreAuto('development.gatesKeptRate', 10, { kind: 'auto', rate: 0.8, evidence: ' 发展档案抽查 ' }, 'p');
  assert.ok(r.ok);
  assert.equal(r.points, 8);
  assert.ok(r.detail.kind === 'auto' && r.detail.evidence === '发展档案抽查');
  const computed = scoreAuto('tasks.onTimeRate', 10, { kind: 'auto', rate: 1 }, 'p');
  assert.ok(computed.ok && computed.detail.kind === 'auto' && !('evidence' in computed.detail));
});
