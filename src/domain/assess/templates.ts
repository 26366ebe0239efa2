import type { GradePoints, IndexSystem, Indicator } from './index-system.ts';

/**
 * The example systems of ../shared/domain-rules.md §9 as templates, all [S] (no national standard was found; these are
 * local examples and a synthesis). Each call returns a fresh, editable copy for a year; each passes checkSystem.
 * Where the source did not give a number, the template fills in a placeholder and says so in `evidence`.
 */

const fourGrades = (max: number): GradePoints[] => [
  { grade: '好', points: max },
  { grade: '较好', points: Math.round(max * 0.8 * 100) / 100 },
  { grade: '一般', points: Math.round(max * 0.6 * 100) / 100 },
  { grade: '差', points: 0 },
];
const graded = (id: string, name: string, max: number, evidence: string): Indicator => ({
  id,
  name,
  max,
  method: { kind: 'graded', grades: fourGrades(max), evidenceFor: ['一般', '差'] },
  evidence,
});
const deduct = (id: string, name: string, max: number, perItemCap: number, evidence: string): Indicator => ({
  id,
  name,
  max,
  method: { kind: 'addDeduct', start: 'max', perItemCap, totalCap: max },
  evidence,
});

const PLACEHOLDER = '（来源未载明分值，此为占位，请按本地办法修改）';

/** A (a city, 2023): score = (base items − deductions) × 70% + appraisal × 30%; bands as in the rule set. */
export function templateA(year: number): IndexSystem {
  return {
    name: '评星定级考核（示例A）',
    year,
    issuer: null,
    total: 100,
    source: '某市 2023 年党支部评星定级办法（domain-rules.md §9 示例A）',
    tag: 'S',
    indicators: [
      deduct('A-1', '基础工作（占70%）', 70, 7, '按基础项目逐项扣分，扣分按70%折算（基础表扣5分记3.5分）；附检查记录'),
      graded('A-2', '群众评议（占30%）', 30, '民主测评统计表'),
    ],
  };
}

/** B (a city, 五星创评): 8 indicators, 110 points (100 + 加分); deductions as the source lists them. */
export function templateB(year: number): IndexSystem {
  return {
    name: '五星创评考核（示例B）',
    year,
    issuer: null,
    total: 100,
    source: '某市五星创评办法（domain-rules.md §9 示例B）',
    tag: 'S',
    indicators: [
      deduct('B-1', '班子建设', 15, 5, '逾期换届扣5分；班子不健全扣5分；附换届、任职文件'),
      deduct('B-2', '骨干队伍', 10, 5, '骨干名册与培训记录'),
      deduct('B-3', '阵地建设', 10, 10, '无活动阵地扣10分；附阵地照片、使用记录'),
      deduct('B-4', '制度规范', 10, 5, '连续6个月以上未开展活动扣5分；附会议记录'),
      graded('B-5', '服务保障', 15, `经费、场所保障材料${PLACEHOLDER}`),
      graded('B-6', '工作成效', 25, `年度工作成效材料${PLACEHOLDER}`),
      graded('B-7', '群众评议', 15, `民主测评统计表${PLACEHOLDER}`),
      {
        id: 'B-8',
        name: '加分项目',
        max: 10,
        bonus: true,
        method: { kind: 'addDeduct', start: 'zero', perItemCap: 5, totalCap: 10 },
        evidence: `表彰、创新项目等证明${PLACEHOLDER}`,
      },
    ],
  };
}

/**
 * The suggested default (a synthesis, not official): setup and elections 10; organisational life 30; members,
 * recruitment and dues 20; venue and records 10; results 20; public appraisal 10; bonus ≤ 10. Indicators the
 * platform records are automatic; 政治不合格 is a veto (the seeds: "对政治不合格的实施'一票否决'").
 */
export function templateDefault(year: number): IndexSystem {
  return {
    name: '党支部建设考核（建议默认）',
    year,
    issuer: null,
    total: 100,
    source: '落实平台建议默认指标（domain-rules.md §9，非官方）',
    tag: 'S',
    indicators: [
      deduct('D-1', '组织设置与换届', 10, 5, '逾期换届、班子不健全等逐项扣分；附换届、任职文件'),
      {
        id: 'D-2',
        name: '组织生活',
        max: 30,
        children: [
          {
            id: 'D-2-1',
            name: '三会一课',
            max: 20,
            method: { kind: 'auto', measure: 'life.complianceRate' },
            evidence: '平台组织生活记录（自动）',
          },
          graded('D-2-2', '组织生活会与民主评议', 10, '会议记录、整改清单'),
        ],
      },
      {
        id: 'D-3',
        name: '党员、发展与党费',
        max: 20,
        children: [
          {
            id: 'D-3-1',
            name: '发展党员程序',
            max: 10,
            method: { kind: 'auto', measure: 'development.gatesKeptRate' },
            evidence: '平台发展党员档案（自动）',
          },
          {
            id: 'D-3-2',
            name: '按期交纳党费',
            max: 10,
            method: { kind: 'auto', measure: 'dues.paidOnTimeRate' },
            evidence: '平台党费记录（自动）',
          },
        ],
      },
      graded('D-4', '阵地与台账', 10, '阵地照片、台账'),
      {
        id: 'D-5',
        name: '工作成效',
        max: 20,
        children: [
          {
            id: 'D-5-1',
            name: '任务按期完成',
            max: 10,
            method: { kind: 'auto', measure: 'tasks.onTimeRate' },
            evidence: '平台任务记录（自动）',
          },
          {
            id: 'D-5-2',
            name: '问题按期整改',
            max: 10,
            method: { kind: 'auto', measure: 'rectify.closedOnTimeRate' },
            evidence: '平台整改记录（自动）',
          },
        ],
      },
      graded('D-6', '群众评议', 10, '民主测评统计表'),
      {
        id: 'D-7',
        name: '加分项目',
        max: 10,
        bonus: true,
        method: { kind: 'addDeduct', start: 'zero', perItemCap: 5, totalCap: 10 },
        evidence: '表彰、创新项目等证明',
      },
      {
        id: 'D-8',
        name: '政治不合格',
        max: 0,
        method: { kind: 'veto', condition: '政治不合格' },
        evidence: '认定单位的书面结论',
      },
    ],
  };
}

export const TEMPLATES = [
  { id: 'A', name: '示例A（某市 2023）', make: templateA },
  { id: 'B', name: '示例B（五星创评）', make: templateB },
  { id: 'default', name: '建议默认', make: templateDefault },
] as const;
