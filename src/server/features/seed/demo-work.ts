import fs from 'node:fs';
import path from 'node:path';
import type { ItemTaskSettings, OutlineItem } from '../../../contracts/deploy.ts';
import type { Role } from '../../../domain/auth/roles.ts';
import { addDaysIso, addMonthsIso, diffDaysIso } from '../../../domain/dates.ts';
import { defaultTaskSettings } from '../../../domain/deploy/task-settings.ts';
import type { Scope } from '../../auth/scope.ts';
import type { Database } from '../../db/client.ts';
import type { FileStore } from '../../files/file-store.ts';
import { assignTask, decomposeAssignment, fireEvent } from '../assignments/assignments.service.ts';
import { addLedgerEntry, type UploadedFile } from '../assignments/ledger.service.ts';
import { sweepDeadlines } from '../assignments/sweep.service.ts';
import { type Ctx, clockAt, makeCtx } from '../context.ts';
import { confirmDeployment, createDeployment, updateDeployment } from '../deploy/deploy.service.ts';
import { updateProblem } from '../rectify/rectify.service.ts';
import { intIn, mix, mulberry32, pick, type Rng } from './prng.ts';
import {
  analyzeWorkTables,
  countWork,
  findLastNotificationId,
  findTaskRollup,
  findTaskShareThreshold,
  listActiveSubtree,
  listAssignmentsOfTask,
  listProblemsOfDeployment,
  listSecretariesUnder,
  listTasksOfDeployment,
  listUsersByUsername,
  updateNotificationTimes,
} from './seed.queries.ts';
import type { SeedResult } from './seed.service.ts';

/**
 * The demo city's work: the five seed speeches imported as deployments of the 市委 and of a 区委, their
 * tasks assigned down the tree (city → district → towns and streets → villages and communities), and
 * months of history — ledger entries with figures, corrections and evidence, submissions, acceptances,
 * returns, overdue and lagging work — so that a newcomer's first dashboard is alive.
 *
 * Everything is written through the services, as real use writes it (audit rows, assignment events,
 * roll-ups, notifications), by the accounts (or the branch secretaries) of the organisations concerned,
 * with the clock set to past days: a discrete-event simulation runs the actions in date order and the
 * deadline sweep on a series of past days, so that org_daily_stat holds a trend. Deterministic (seeded
 * PRNG, dates relative to `today`). Only the notifications' creation time, which the services leave to
 * the database clock, is moved back afterwards to the simulated time of the action that sent them.
 *
 * Sized for a quick first start on PGlite, where each service write costs ~25–30 ms (≈27 queries): about
 * 90 tasks, 175 assignments, 240 ledger entries and 550 writes in all, ~15 s. FLOWS and `downRoute` set the
 * volume. Made for the 'district' profile; on larger profiles only the first district works.
 */

export type DemoWorkOptions = {
  /** 'YYYY-MM-DD' (Asia/Shanghai): the simulation runs up to this day. */
  today: string;
  /** Folder of the seed speeches 000_*.txt … 004_*.txt. */
  seedsDir: string;
  /** Where evidence files go; none are attached without a store. */
  files: FileStore | null;
  /** 'start' once, then 'month' as the simulation enters each month, then 'today' for the final sweep. */
  onProgress?: (p: { step: 'start' | 'month' | 'today'; message: string }) => void;
  /** The key the work's audit rows are hashed with (the installation's). */
  auditKey: Buffer;
};

export type DemoWorkResult =
  | { skipped: true; reason: string; seedsDir: string }
  | {
      skipped: false;
      speeches: number;
      deployments: number;
      tasks: number;
      problems: number;
      assignments: number;
      ledgerEntries: number;
      evidenceFiles: number;
      sweeps: number;
      elapsedMs: number;
    };

/** Where the seed speeches are looked for: LUOSHI_SEEDS_DIR, else ../shared/seeds beside the repository. */
export function defaultSeedsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LUOSHI_SEEDS_DIR) return path.resolve(env.LUOSHI_SEEDS_DIR);
  const repoRoot = path.resolve(import.meta.dirname, '../../../..');
  return path.resolve(repoRoot, '../shared/seeds');
}

/** One line for the first-start banner. */
export function demoWorkLine(r: DemoWorkResult): string {
  if (r.skipped) return `演示部署未导入：${r.reason}`;
  const n = (x: number) => x.toLocaleString('zh-CN');
  return `已导入${r.speeches}篇讲话，生成任务${n(r.tasks)}项、下发${n(r.assignments)}项、台账${n(r.ledgerEntries)}条。`;
}

// ---------------------------------------------------------------------------------------------------------
// The speeches, who issued them and when; the targets and the routes down the tree.

type Issuer = 'root' | 'district';
/** Days before today of each meeting: spread over the last ten months. */
const SPEECHES: readonly { prefix: string; issuer: Issuer; daysAgo: number }[] = [
  { prefix: '000', issuer: 'root', daysAgo: 285 }, // 全市主题教育总结暨组织工作会议
  { prefix: '001', issuer: 'root', daysAgo: 250 }, // 全市组工会议
  { prefix: '003', issuer: 'district', daysAgo: 228 }, // 全区常态化制度化试点工作大会
  { prefix: '002', issuer: 'root', daysAgo: 215 }, // 市委书记：第一季度党建工作会议
  { prefix: '004', issuer: 'district', daysAgo: 75 }, // 区委重点工作推进会议
];

/** Quantitative targets the text states, set on the outline before confirming (as a user would). */
const TARGETS: Record<string, Partial<ItemTaskSettings>> = {
  // 创建四星级党组织100个
  '001:1.3': { progressMode: 'sum', targetValue: 100, targetUnit: '个', shareThreshold: null },
  // 有集体经济收入的行政村80%以上要达到5万元以上
  '002:4.3.3': { progressMode: 'share', targetValue: 80, targetUnit: '万元', shareThreshold: 5 },
};

/**
 * The parser offers a paragraph that asks for several things as sub-items, one per requirement sentence. The
 * demo's organiser keeps the paragraphs it routes (FLOWS, TARGETS, PROBLEM_TASKS) as one task each, as a user
 * would in the editor: the item becomes a task again and its requirement sub-items (leaves) are deleted.
 */
function keepWhole(items: readonly OutlineItem[], prefix: string, base: string): OutlineItem[] {
  const named = new Set([
    ...Object.keys(FLOWS),
    ...Object.keys(TARGETS),
    ...Object.entries(PROBLEM_TASKS).flatMap(([k, keys]) => keys.map((t) => `${k.slice(0, 3)}:${t}`)),
  ]);
  const parents = new Set(items.flatMap((i) => (i.parentKey === null ? [] : [i.parentKey])));
  const whole = new Set(
    items
      .filter(
        (it) =>
          it.kind === 'section' &&
          named.has(`${prefix}:${it.key}`) &&
          items.every((c) => c.parentKey !== it.key || (c.kind === 'task' && !parents.has(c.key))),
      )
      .map((it) => it.key),
  );
  return items.flatMap((it) => {
    if (it.parentKey !== null && whole.has(it.parentKey)) return [];
    if (!whole.has(it.key)) return [it];
    return [{ ...it, kind: 'task' as const, task: defaultTaskSettings(it, base) }];
  });
}

/** Problems of the problem list and the tasks that answer them (by item key). */
const PROBLEM_TASKS: Record<string, readonly string[]> = {
  '000:2.1': ['3.1'],
  '000:2.2': ['3.2'],
  '000:2.3': ['5.1', '5.3'],
  '000:2.4': ['4.3'],
  '000:2.5': ['6.1'],
  '002:1.1': ['4.2.1'],
  '002:1.2': ['3.3.1'],
  '002:1.3': ['4.2.3'],
  '002:1.4': ['4.1.2'],
};

/** Receivers a 区委 picks among its children. */
type Route = 'all' | 'townsStreets' | 'towns' | 'units';

type Flow = {
  /** City tasks: 市直机关工委 receives it too ('decompose': and passes it to its branches). */
  organs?: boolean | 'decompose';
  /** City tasks: the 区委 decomposes to these; district tasks: the 区委 assigns to these. */
  district?: Route;
  /** Towns decompose further: to their villages (picked), or by rule to every rural branch. */
  town?: 'villages' | 'rural';
  /** Streets decompose further by rule to every community branch. */
  street?: 'community';
  /** Per-receiver targets (sum mode). */
  per?: { district?: number; organs?: number; town?: number; street?: number };
  /** Deadline: the end of the month this many months after the meeting (else the stated one or a default). */
  months?: number;
};

/**
 * How each task travels; tasks not listed stay with the organisation that deployed them (the 市委组织部's
 * own work, or principles phrased as tasks). City tasks listed go to the 区委 (and to 市直机关工委 when
 * `organs`); district tasks go where `district` says. Kept to a few dozen tasks so that the first start
 * stays quick: every assignment's history is a handful of service calls.
 */
const FLOWS: Record<string, Flow> = {
  '000:3.1': { organs: true, district: 'townsStreets' },
  '000:3.2': { months: 5 },
  '000:5.1': { months: 6 },
  '000:5.2': { district: 'townsStreets', months: 8 },
  '001:1.1': { organs: true, months: 5 },
  '001:1.3': { organs: true, district: 'townsStreets', per: { district: 85, organs: 15, town: 9, street: 8 } },
  '001:2.2': { months: 6 },
  '002:3.2.1': { organs: true },
  '002:3.3.1': { months: 6 },
  '002:3.4.3': { organs: 'decompose', months: 5 },
  '002:4.2.1': { months: 4 },
  '002:4.3.3': { district: 'towns', town: 'villages' },
  '003:2.2': { district: 'townsStreets', months: 2 },
  '003:3.1': { district: 'townsStreets', months: 2 },
  '003:3.5': { district: 'units', months: 6 },
  '004:1.3': { district: 'units', months: 2 },
  '004:2.1.2': { district: 'townsStreets', town: 'rural', street: 'community' },
};

// ---------------------------------------------------------------------------------------------------------
// Texts of the ledger, by theme of the task.

type Theme = 'study' | 'rectify' | 'org' | 'economy' | 'cadre' | 'style' | 'governance' | 'general';

const THEME_WORDS: readonly [Theme, RegExp][] = [
  ['economy', /集体经济|农业农村|经济工作|脱贫|产业/],
  ['governance', /治理|社区|网格|民生|群众路线|安全稳定/],
  ['org', /基层|党组织|支部|覆盖|星级|软弱涣散|骨干队伍/],
  ['rectify', /整改|巡视|回头看|问题|督查|督导/],
  ['cadre', /干部|人才|选优|识人|考核|老干/],
  ['style', /作风|廉|警示|纪律|从严|四风|形式主义|规矩/],
  ['study', /学习|理论|思想|意识形态|教育|政治/],
];

function themeOf(text: string): Theme {
  for (const [theme, re] of THEME_WORDS) if (re.test(text)) return theme;
  return 'general';
}

/** Entries of committees (区委, 镇党委, 街道党工委, systems) and of branches, by theme. */
const TEXTS: Record<Theme, { upper: readonly string[]; branch: readonly string[] }> = {
  study: {
    upper: [
      '召开{会}，传达学习会议精神，制定学习计划',
      '举办专题读书班，{m}名党员干部参加',
      '理论学习中心组开展专题学习{k}次',
      '组织专题研讨，{k}名班子成员作交流发言',
      '通报“学习强国”学习情况，参学率{p}%',
    ],
    branch: [
      '召开{会}，传达学习会议精神',
      '组织党员集中学习，参学党员{s}人',
      '书记讲专题党课，{s}名党员参加',
      '组织党员到红色教育基地开展主题党日活动',
      '组织党员观看专题片并交流心得',
    ],
  },
  rectify: {
    upper: [
      '召开{会}专题研究，对照问题清单逐条制定整改措施',
      '完成问题自查，梳理问题{k}条，建立整改台账',
      '已整改到位{k}项，其余正在推进',
      '修订完善制度{k}项',
      '开展整改“回头看”，未发现问题反弹',
    ],
    branch: [
      '召开{会}对照检查，查摆问题{k}条',
      '制定整改清单，明确责任人和完成时限',
      '已整改到位{k}项',
      '整改情况在党务公开栏公示',
    ],
  },
  org: {
    upper: [
      '召开{会}专题研究部署',
      '完成软弱涣散党组织摸排，确定整顿对象{k}个',
      '选派驻村第一书记{k}名，制定“一村一策”整顿方案',
      '抽查支部“三会一课”台账{k}本，反馈问题{k}条',
      '举办基层党组织书记培训班，参训{m}人',
    ],
    branch: [
      '召开{会}专题研究部署',
      '对照星级标准开展自评，形成整改清单{k}项',
      '规范“三会一课”记录，补齐会议记录{k}次',
      '召开党员大会，完成支部委员补选',
      '开展“党员联系户”活动，走访群众{s}户',
    ],
  },
  economy: {
    upper: [
      '召开{会}研究集体经济发展，制定扶持措施',
      '开展集体经济薄弱村摸底，确定重点帮扶村{k}个',
      '组织农业技术指导{k}场次',
      '召开项目推进会，协调解决问题{k}个',
    ],
    branch: [
      '召开村“两委”会议，研究集体经济发展项目',
      '完成集体资产清产核资',
      '与合作社签订土地流转协议{k}份',
      '组织党员致富带头人结对帮带农户{s}户',
    ],
  },
  cadre: {
    upper: [
      '开展干部政治素质考察，形成考察材料{k}份',
      '建立年轻干部信息库，首批入库{m}人',
      '举办干部专题培训班，参训{m}人',
      '评选“担当作为好干部”{k}名',
      '召开人才工作座谈会，收集意见建议{k}条',
    ],
    branch: ['推荐优秀年轻党员{k}名作为后备力量', '组织党员参加专题培训，参训{s}人', '开展党员积分评议'],
  },
  style: {
    upper: [
      '组织观看警示教育片，{m}名党员干部参加',
      '开展廉政谈话{k}人次',
      '召开以案促改专题会议，查摆问题{k}条',
      '开展“四风”问题自查，整改{k}项',
      '精简会议文件，本季度会议同比减少{q}%',
    ],
    branch: [
      '组织党员观看警示教育片',
      '召开{会}学习《中国共产党纪律处分条例》',
      '开展廉洁家风教育，{s}名党员参加',
      '对照“四风”问题开展自查',
    ],
  },
  governance: {
    upper: [
      '召开{会}研究部署，划分网格{k}个',
      '开展“党员进网格”活动，走访群众{m}户',
      '办理群众急难愁盼事项{k}件',
      '排查化解矛盾纠纷{k}起',
    ],
    branch: [
      '划分网格{k}个，配齐网格员',
      '组织党员志愿服务{k}次',
      '召开小区党建联席会议，协调解决物业问题{k}个',
      '走访群众{s}户，收集意见建议{k}条',
    ],
  },
  general: {
    upper: [
      '召开{会}专题研究部署，明确责任分工',
      '制定工作方案，细化任务{k}项',
      '开展专项督导，通报进展情况',
      '完成阶段性工作，形成工作小结',
    ],
    branch: ['召开{会}专题研究部署', '制定工作计划，明确责任人', '完成阶段性工作'],
  },
};

/** Figure-bearing texts: the figure is the amount of this entry. */
const FIGURE_TEXTS: Record<string, readonly string[]> = {
  万元: [
    '村集体光伏项目收益到账{x}万元',
    '土地流转服务费收入{x}万元',
    '村集体厂房租金收入{x}万元',
    '农产品销售分红到账{x}万元',
    '村集体林地承包费收入{x}万元',
  ],
  个: ['组织开展星级评定，新晋四星级党组织{x}个', '经评审验收，{x}个党组织达到四星级标准'],
};

const CLOSING = [
  '各项任务已完成，整理台账资料报送验收',
  '完成全年任务，形成工作总结',
  '对照任务清单逐项完成，报请验收',
];
const RETURN_REASONS = [
  '佐证材料不全，请补充会议记录和现场照片',
  '台账数据与报表不一致，请核实后重新报送',
  '整改措施不够具体，请细化后再报',
  '缺少党员大会记录，请补充',
];
const RESUBMIT = '按验收意见补充完善材料，重新报送';
const EVIDENCE_NAMES = {
  pdf: ['会议记录.pdf', '签到表.pdf', '工作方案.pdf', '工作总结.pdf'],
  png: ['现场照片.png', '活动照片.png', '台账照片.png'],
};

// ---------------------------------------------------------------------------------------------------------
// Evidence files: tiny but valid PNG and PDF bytes.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 1×1 PNG of one colour (stored, uncompressed deflate block). */
export function tinyPng(rgb: readonly [number, number, number]): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const raw = Buffer.from([0, ...rgb]);
  let a = 1;
  let b = 0;
  for (const x of raw) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0, 0);
  const zlib = Buffer.concat([Buffer.from([0x78, 0x01, 0x01, raw.length, 0, ~raw.length & 0xff, 0xff]), raw, adler]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page blank PDF 1.4 with a correct cross-reference table; `note` goes into a comment. */
export function tinyPdf(note: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let out = `%PDF-1.4\n% ${note.replace(/[^\x20-\x7e]/g, '')}\n`;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// ---------------------------------------------------------------------------------------------------------
// The tree as the simulation sees it.

type Kind = 'root' | 'district' | 'organs' | 'unit' | 'town' | 'street' | 'village' | 'community' | 'other';

type OrgNode = {
  id: number;
  parentId: number | null;
  path: string;
  name: string;
  type: string;
  field: string | null;
  kind: Kind;
  children: OrgNode[];
};

async function loadTree(database: Database, rootId: number): Promise<Map<number, OrgNode>> {
  const rows = await listActiveSubtree(database.db, rootId);
  const byId = new Map<number, OrgNode>();
  for (const r of rows) {
    byId.set(r.id, {
      id: r.id,
      parentId: r.parent_id,
      path: r.path,
      name: r.name,
      type: r.type,
      field: r.field,
      kind: 'other',
      children: [],
    });
  }
  for (const o of byId.values()) {
    const parent = o.parentId === null ? undefined : byId.get(o.parentId);
    if (parent) parent.children.push(o);
  }
  for (const o of byId.values()) o.children.sort((a, b) => a.id - b.id);
  const root = byId.get(rootId)!;
  root.kind = 'root';
  for (const c of root.children) {
    if (c.type === 'committee' && /区委$/.test(c.name)) c.kind = 'district';
    else if (c.type === 'working_committee') c.kind = 'organs';
  }
  for (const d of root.children.filter((c) => c.kind === 'district')) {
    for (const c of d.children) {
      if (/镇党委$/.test(c.name)) c.kind = 'town';
      else if (/街道党工委$/.test(c.name)) c.kind = 'street';
      else c.kind = 'unit';
      for (const g of c.children) {
        if (c.kind === 'town' && g.field === 'rural') g.kind = 'village';
        if (c.kind === 'street' && g.field === 'community') g.kind = 'community';
      }
    }
  }
  return byId;
}

// ---------------------------------------------------------------------------------------------------------
// The event queue: actions run in date order; the sweep of a day runs after that day's actions.

type Action = { day: string; late: boolean; seq: number; run: () => Promise<void> };

class Timeline {
  private heap: Action[] = [];
  private seq = 0;
  current = '';
  constructor(private readonly today: string) {}

  private before(a: Action, b: Action): boolean {
    if (a.day !== b.day) return a.day < b.day;
    if (a.late !== b.late) return !a.late;
    return a.seq < b.seq;
  }

  /** Schedules an action; days from today on are not simulated (today belongs to the real users). */
  at(day: string, run: () => Promise<void>, late = false): void {
    if (!late && day >= this.today) return;
    const d = day < this.current ? this.current : day;
    const h = this.heap;
    h.push({ day: d, late, seq: this.seq++, run });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Action | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }

  async run(onNewDay: (day: string) => void): Promise<void> {
    for (let a = this.pop(); a; a = this.pop()) {
      if (a.day !== this.current) {
        this.current = a.day;
        onNewDay(a.day);
      }
      await a.run();
    }
  }
}

// ---------------------------------------------------------------------------------------------------------

type Mode = 'none' | 'sum' | 'share';

type Story = {
  id: number;
  taskId: number;
  theme: Theme;
  org: OrgNode;
  assigner: OrgNode;
  assignedOn: string;
  deadline: string | null;
  mode: Mode;
  /** Sum: the receiver's own target; share: the task's threshold. */
  target: number | null;
  unit: string | null;
  flow: Flow;
  grassroots: boolean;
};

/** Where a decomposing receiver sends its sub-task: picked organisations or a rule; per-receiver targets. */
type Down = {
  receivers: {
    orgIds?: number[];
    rule?: { underOrgId: number; types: ('branch' | 'joint_branch' | 'general_branch')[]; fields: string[] };
  };
  per?: (o: OrgNode) => number | undefined;
};

const yearEnd = (day: string) => `${day.slice(0, 4)}-12-31`;
const monthEnd = (day: string) => addDaysIso(addMonthsIso(`${day.slice(0, 7)}-01`, 1), -1);
const INTEGER_UNITS = new Set(['个', '名', '人', '次', '项', '户', '件']);

function fill(template: string, r: Rng, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+|会)\}/g, (_, k: string) => {
    if (k in vars) return String(vars[k]);
    if (k === 'k') return String(intIn(r, 2, 6));
    if (k === 's') return String(intIn(r, 9, 46));
    if (k === 'm') return String(intIn(r, 40, 260));
    if (k === 'p') return String(intIn(r, 86, 100));
    if (k === 'q') return String(intIn(r, 10, 30));
    return '';
  });
}

function meetingOf(o: OrgNode): string {
  if (o.kind === 'district') return '区委常委会';
  if (o.type === 'committee') return '党委会';
  if (o.type === 'working_committee') return '党工委会议';
  if (o.type === 'general_branch') return '党总支委员会';
  return '支委会';
}

/**
 * Seeds the demo city's deployments and work into a database that holds the seeded city (seedCity) and no
 * deployments yet. Skips, writing nothing, when the seed speeches are missing.
 */
export async function seedDemoWork(
  database: Database,
  city: SeedResult,
  opts: DemoWorkOptions,
): Promise<DemoWorkResult> {
  const started = performance.now();
  const progress = opts.onProgress ?? (() => {});
  const today = opts.today;

  const files = fs.existsSync(opts.seedsDir) ? fs.readdirSync(opts.seedsDir) : [];
  const speeches = SPEECHES.flatMap((s) => {
    const file = files.filter((f) => f.startsWith(`${s.prefix}_`) && f.endsWith('.txt')).sort()[0];
    return file ? [{ ...s, file: path.join(opts.seedsDir, file) }] : [];
  });
  if (speeches.length === 0) {
    return {
      skipped: true,
      reason: `找不到种子讲话（应在 ${opts.seedsDir}，可用环境变量 LUOSHI_SEEDS_DIR 指定），仪表盘暂无任务`,
      seedsDir: opts.seedsDir,
    };
  }

  const tree = await loadTree(database, city.rootOrgId);
  const root = tree.get(city.rootOrgId)!;
  const districts = root.children.filter((c) => c.kind === 'district');
  const organs = root.children.find((c) => c.kind === 'organs') ?? null;
  const district = districts[0];
  if (!district) throw new Error('seedDemoWork: the city has no district');
  const firstTown = district.children.find((c) => c.kind === 'town');
  const firstStreet = district.children.find((c) => c.kind === 'street');

  // --- Actors: the demo accounts where an organisation has one, else its secretary (by name).
  const users = await listUsersByUsername(
    database.db,
    city.accounts.map((a) => a.username),
  );
  const secretaries = await listSecretariesUnder(database.db, root.path);
  const secretaryOf = new Map(secretaries.map((s) => [s.org_id, s.name]));
  const rank: Record<string, number> = { sysadmin: 3, orgadmin: 2, secretary: 1, member: 0 };
  const actors = new Map<number, Scope>();
  const actorOf = (o: OrgNode): Scope => {
    const known = actors.get(o.id);
    if (known) return known;
    const account = users
      .filter((u) => u.org_id === o.id && u.role !== 'member')
      .sort((a, b) => rank[b.role]! - rank[a.role]!)[0];
    const secretary = secretaryOf.get(o.id);
    // 第二党支部 alone says little: name it with its village or community (曹家冲村第二党支部).
    const parent = o.parentId === null ? undefined : tree.get(o.parentId);
    const orgName =
      parent && /^(第|离退休|老党员)/.test(o.name)
        ? `${parent.name.replace(/(党委|党总支|党工委)$/, '')}${o.name}`
        : o.name;
    const name = secretary ? `${secretary}（${orgName}书记）` : orgName;
    const scope: Scope = account
      ? {
          userId: account.id,
          username: account.username,
          displayName: account.display_name,
          role: account.role as Role,
          orgId: o.id,
          orgPath: o.path,
          personId: null,
        }
      : {
          userId: 0,
          username: name,
          displayName: name,
          role: 'secretary',
          orgId: o.id,
          orgPath: o.path,
          personId: null,
        };
    actors.set(o.id, scope);
    return scope;
  };

  // --- The clock: each action of a day a little later than the one before, from 08:30 China time.
  const ticks = new Map<string, number>();
  const nowOn = (day: string): Date => {
    const n = ticks.get(day) ?? 0;
    ticks.set(day, n + 1);
    return new Date(Date.parse(`${day}T08:30:00+08:00`) + Math.min(n * 2, 720) * 60_000 + n * 1000);
  };
  const ctxOf = (o: OrgNode, day: string): Ctx => makeCtx(database.db, nowOn(day), actorOf(o), opts.auditKey);

  // --- How keen each organisation is: towns and streets spread wide so that rankings differ.
  const diligence = new Map<number, number>();
  for (const d of districts) {
    diligence.set(d.id, 0.8);
    const r = mulberry32(mix(0xd11, d.id));
    const order = d.children.map((c) => ({ c, key: r() })).sort((a, b) => a.key - b.key);
    // From 0.95 down to 0.4 in a shuffled order of the district's towns, streets and systems.
    for (const [i, { c }] of order.entries()) diligence.set(c.id, 0.95 - (0.55 * i) / Math.max(1, order.length - 1));
  }
  if (organs) diligence.set(organs.id, 0.88);
  const demoBranches = new Set(city.accounts.filter((a) => a.role === 'secretary').map((a) => a.orgId));
  for (const id of demoBranches) diligence.set(id, 0.9);
  const diligenceOf = (o: OrgNode): number => {
    const known = diligence.get(o.id);
    if (known !== undefined) return known;
    const parent = o.parentId === null ? undefined : tree.get(o.parentId);
    const r = mulberry32(mix(0xd12, o.id));
    const value = 0.55 * (parent ? diligenceOf(parent) : 0.7) + 0.45 * (0.25 + 0.75 * r());
    diligence.set(o.id, value);
    return value;
  };

  const timeline = new Timeline(today);
  let ledgerEntries = 0;
  let evidenceFiles = 0;
  let sweeps = 0;
  const notificationMarks: { maxId: number; at: Date }[] = [];
  const markNotifications = async (at: Date) => {
    notificationMarks.push({ maxId: await findLastNotificationId(database.db), at });
  };

  // --- Service calls as the organisations make them. Without a store no file is ever attached.
  const store: FileStore = opts.files ?? {
    kind: 'disk',
    put: () => Promise.reject(new Error('seedDemoWork: no file store')),
    get: () => Promise.reject(new Error('seedDemoWork: no file store')),
    list: async function* () {},
    delete: () => Promise.reject(new Error('seedDemoWork: no file store')),
  };
  const record = async (
    s: Story,
    day: string,
    text: string,
    figure?: number,
    upload?: UploadedFile,
  ): Promise<number> => {
    const ctx = ctxOf(s.org, day);
    const entryDay = addDaysIso(day, -intIn(mulberry32(mix(s.id, ledgerEntries)), 0, 2));
    const detail = await addLedgerEntry(
      ctx,
      store,
      20 * 1024 * 1024,
      s.id,
      {
        text,
        entryDate: entryDay < s.assignedOn ? s.assignedOn : entryDay,
        ...(figure !== undefined ? { figure } : {}),
      },
      upload ? [upload] : [],
    );
    ledgerEntries++;
    if (upload) evidenceFiles++;
    return Math.max(...detail.ledger.map((l) => l.id));
  };
  const correct = async (s: Story, day: string, entryId: number, entryDay: string, figure: number): Promise<void> => {
    const ctx = ctxOf(s.org, day);
    await addLedgerEntry(
      ctx,
      store,
      20 * 1024 * 1024,
      s.id,
      {
        text: `更正${entryDay.slice(5).replace('-', '月')}日所报数据：经核实应为${figure}${s.unit ?? ''}`,
        entryDate: day,
        figure,
        correctsId: entryId,
      },
      [],
    );
    ledgerEntries++;
  };
  const fire = async (s: Story, day: string, event: 'submit' | 'accept' | 'return', reason?: string): Promise<void> => {
    const ctx = ctxOf(event === 'submit' ? s.org : s.assigner, day);
    await fireEvent(ctx, s.id, { event, ...(reason ? { reason } : {}) });
    await markNotifications(ctx.now);
  };

  const evidence = (r: Rng, s: Story, theme: Theme): UploadedFile | undefined => {
    if (!opts.files || r() >= (s.grassroots ? 0.05 : 0.09)) return undefined;
    if (r() < 0.5) {
      return { filename: pick(r, EVIDENCE_NAMES.pdf), data: tinyPdf(`luoshi demo ${s.id} ${theme} ${ledgerEntries}`) };
    }
    const rgb: [number, number, number] = [intIn(r, 0, 255), intIn(r, 0, 255), intIn(r, 0, 255)];
    return { filename: s.unit === '万元' ? '收款凭证.png' : pick(r, EVIDENCE_NAMES.png), data: tinyPng(rgb) };
  };

  const textFor = (r: Rng, s: Story): string =>
    fill(pick(r, TEXTS[s.theme][s.grassroots ? 'branch' : 'upper']), r, { 会: meetingOf(s.org) });
  const figureText = (r: Rng, s: Story, x: number): string => {
    const list = FIGURE_TEXTS[s.unit ?? ''];
    return list ? fill(pick(r, list), r, { x }) : `本期完成${x}${s.unit ?? ''}`;
  };

  /** Submission and the assigner's answer: mostly accepted within days, now and then returned first. */
  const scheduleSubmit = (s: Story, r: Rng, day: string) => {
    timeline.at(day, async () => {
      await fire(s, day, 'submit');
      const d = diligenceOf(s.org);
      const returned = r() < (s.grassroots ? 0.03 : 0.08) * (1.4 - d);
      const answer = addDaysIso(day, intIn(r, 1, 9));
      if (returned) {
        timeline.at(answer, async () => {
          await fire(s, answer, 'return', pick(r, RETURN_REASONS));
          const again = addDaysIso(answer, intIn(r, 3, 12));
          timeline.at(again, async () => {
            await record(
              s,
              again,
              RESUBMIT,
              undefined,
              evidence(r, s, s.theme) ??
                (opts.files ? { filename: '补充材料.pdf', data: tinyPdf(`resubmit ${s.id}`) } : undefined),
            );
            await fire(s, again, 'submit');
            const accept = addDaysIso(again, intIn(r, 1, 6));
            timeline.at(accept, () => fire(s, accept, 'accept'));
          });
        });
      } else if (r() < 0.93) {
        timeline.at(answer, () => fire(s, answer, 'accept'));
      }
    });
  };

  /** A receiver that does the work itself: entries over the months, figures toward its target, then done. */
  const planLeaf = (s: Story) => {
    const r = mulberry32(mix(s.taskId * 7919, s.org.id));
    const d = diligenceOf(s.org);
    const end = s.deadline ?? yearEnd(s.assignedOn);
    const span = Math.max(20, diffDaysIso(end, s.assignedOn));
    // Most start soon and finish within the time, the keen ones early; some run late; a few stall for
    // months, or start only once the deadline has passed. Sooner or later all finish, so that what is
    // overdue today is what fell due in the last few months, whatever the season of the first start.
    // The demo secretary's branch never lags: its account shows work done and work under way.
    const showcase = demoBranches.has(s.org.id);
    const lateStart = r() < (s.grassroots ? 0.05 + 0.3 * (1 - d) : 0.02 + 0.12 * (1 - d)) && !showcase;
    const stalls = !lateStart && r() < 0.45 * (1 - d) && !showcase;
    const hopeless = stalls && r() < 0.12;
    let startIn = 1 + Math.round(span * (0.02 + 0.3 * (1 - d) * r()));
    let finishIn = Math.max(startIn + 3, Math.round(span * (0.4 + 0.45 * r() + 0.75 * (1 - d) * r())));
    if (lateStart) {
      startIn = span + intIn(r, 10, 80);
      finishIn = startIn + intIn(r, 20, 80);
    } else if (stalls) {
      finishIn = Math.max(finishIn, span + intIn(r, 30, 150));
    }
    const quantitative = s.mode !== 'none' && s.target !== null && s.target > 0;
    // Figures come in at least two instalments; other work is reported once to three times.
    const n = Math.max(
      quantitative ? 2 : 1,
      1 + (r() < (s.grassroots ? 0.2 + 0.3 * d : 0.15 + 0.45 * d) ? 1 : 0) + (!s.grassroots && r() < 0.1 ? 1 : 0),
    );
    const integer = INTEGER_UNITS.has(s.unit ?? '');
    // Sum: about the target when finished; share: the village's income, around the threshold.
    const total = !quantitative
      ? 0
      : s.mode === 'share'
        ? Math.round(s.target! * (0.4 + 0.85 * r() + 0.45 * d) * 10) / 10
        : s.target! * (0.85 + 0.3 * r() + 0.1 * d);
    // Villages short of the threshold keep going rather than report done.
    const finishes = !hopeless && !(s.mode === 'share' && quantitative && total < s.target!);
    const round = (x: number) => (integer ? Math.round(x) : Math.round(x * 10) / 10);
    const submitDay = addDaysIso(s.assignedOn, finishIn + (n === 1 ? 1 : 0));
    let reported = 0;
    // The hopeless give up half-way (the cases for a talk: 约谈).
    const entriesEnd = hopeless ? Math.max(startIn, Math.round(span * 0.5)) : finishIn;
    for (let i = 0; i < n; i++) {
      const at = startIn + Math.round(((entriesEnd - startIn) * i) / Math.max(1, n - 1));
      const day = addDaysIso(s.assignedOn, at);
      const last = i === n - 1 && n > 1;
      const share = Math.min(1, at / finishIn);
      const cumulative = quantitative ? round(total * share) : 0;
      const figure = quantitative ? round(cumulative - reported) : 0;
      reported = cumulative;
      const er = mulberry32(mix(s.id, i + 1));
      timeline.at(day, async () => {
        const text =
          quantitative && figure > 0
            ? figureText(er, s, figure)
            : last && finishes
              ? pick(er, CLOSING)
              : textFor(er, s);
        const id = await record(
          s,
          day,
          text,
          quantitative && figure > 0 ? figure : undefined,
          evidence(er, s, s.theme),
        );
        // Now and then a figure is corrected a few days later (a new entry pointing at the old one).
        const on = addDaysIso(day, intIn(er, 1, 4));
        if (quantitative && figure > 0 && on < submitDay && er() < (s.grassroots ? 0.05 : 0.12)) {
          const fixed = round(
            Math.max(integer ? 1 : 0.1, figure + (er() < 0.5 ? -1 : 1) * (integer ? 1 : 0.1 * intIn(er, 2, 8))),
          );
          timeline.at(on, () => correct(s, on, id, day, fixed));
        }
      });
    }
    if (finishes) scheduleSubmit(s, r, submitDay);
  };

  /** The receivers a 区委 picks among its children for a route. */
  const districtReceivers = (d: OrgNode, route: Route): OrgNode[] =>
    d.children.filter((c) =>
      route === 'all'
        ? c.kind !== 'other'
        : route === 'towns'
          ? c.kind === 'town'
          : route === 'units'
            ? c.kind === 'unit'
            : c.kind === 'town' || c.kind === 'street',
    );

  /** Creates the stories of the assignments a task just received, and plans each. */
  const startStories = async (
    taskId: number,
    meta: Omit<Story, 'id' | 'org' | 'assigner' | 'assignedOn' | 'deadline' | 'target' | 'grassroots'>,
    assigner: OrgNode,
  ) => {
    const rows = await listAssignmentsOfTask(database.db, taskId);
    const threshold = meta.mode === 'share' ? Number(await findTaskShareThreshold(database.db, taskId)) : null;
    for (const row of rows) {
      const org = tree.get(row.org_id);
      if (!org) continue;
      const s: Story = {
        ...meta,
        id: row.id,
        taskId,
        org,
        assigner,
        assignedOn: row.assigned_on,
        deadline: row.deadline,
        target: meta.mode === 'share' ? threshold : row.target_value === null ? null : Number(row.target_value),
        grassroots: org.kind === 'village' || org.kind === 'community' || org.kind === 'other',
      };
      plan(s);
    }
  };

  /** Organisations under a node that a rule would pick. */
  const underByRule = (o: OrgNode, types: readonly string[], field: string): number => {
    let n = 0;
    for (const c of o.children)
      n += (types.includes(c.type) && c.field === field ? 1 : 0) + underByRule(c, types, field);
    return n;
  };

  /** Whether and how a receiver passes its assignment further down (never to nobody). */
  const downOf = (s: Story): Down | null => {
    const down = downRoute(s);
    const r = down?.receivers;
    if (
      !r ||
      (r.orgIds && r.orgIds.length === 0) ||
      (r.rule && underByRule(tree.get(r.rule.underOrgId)!, r.rule.types, r.rule.fields[0]!) === 0)
    )
      return null;
    return down;
  };
  const downRoute = (s: Story): Down | null => {
    const f = s.flow;
    if (s.org.kind === 'district' && f.district && s.assigner.kind === 'root') {
      return {
        receivers: { orgIds: districtReceivers(s.org, f.district).map((o) => o.id) },
        per: (o) => (o.kind === 'town' ? f.per?.town : o.kind === 'street' ? f.per?.street : undefined),
      };
    }
    if (s.org.kind === 'organs' && f.organs === 'decompose') {
      return { receivers: { rule: { underOrgId: s.org.id, types: ['branch'], fields: ['organ'] } } };
    }
    // The town and the street of the demo accounts pass tasks on to their villages and branches; the
    // others carry them out themselves. Each grassroots assignment costs a few service calls (~25 ms each
    // on PGlite): this keeps the first start quick.
    const first = s.org.id === firstTown?.id || s.org.id === firstStreet?.id;
    if (s.org.kind === 'town' && f.town === 'villages' && first) {
      return { receivers: { orgIds: s.org.children.filter((c) => c.kind === 'village').map((c) => c.id) } };
    }
    if (s.org.kind === 'town' && f.town === 'rural' && first) {
      return {
        receivers: {
          rule: { underOrgId: s.org.id, types: ['branch', 'joint_branch', 'general_branch'], fields: ['rural'] },
        },
      };
    }
    if (s.org.kind === 'street' && f.street === 'community' && first) {
      return {
        receivers: {
          rule: { underOrgId: s.org.id, types: ['branch', 'joint_branch', 'general_branch'], fields: ['community'] },
        },
      };
    }
    return null;
  };

  /** A receiver that decomposes: studies it, breaks it down to its own receivers, supervises, then reports. */
  const planDecompose = (s: Story, down: Down) => {
    const r = mulberry32(mix(s.taskId * 104729, s.org.id));
    const d = diligenceOf(s.org);
    const day0 = addDaysIso(s.assignedOn, intIn(r, 2, 5 + Math.round(10 * (1 - d))));
    const end = s.deadline ?? yearEnd(s.assignedOn);
    const span = Math.max(30, diffDaysIso(end, day0));
    timeline.at(day0, async () => {
      const ctx = ctxOf(s.org, day0);
      const below =
        s.org.kind === 'town'
          ? '各村党组织'
          : s.org.kind === 'street'
            ? '各社区党组织'
            : s.org.kind === 'organs'
              ? '各机关党支部'
              : '各镇（街道）和区直各系统党（工）委';
      await record(s, day0, `召开${meetingOf(s.org)}专题研究，制定实施方案，将任务分解到${below}`);
      const sub = await decomposeAssignment(ctx, s.id, {});
      // 层层提前: the level below gets an earlier deadline than its own.
      const own = s.deadline;
      const deadline = own === null ? undefined : diffDaysIso(own, day0) > 45 ? addDaysIso(own, -intIn(r, 8, 20)) : own;
      const receivers = down.receivers;
      if (receivers.orgIds && down.per && receivers.orgIds.some((id) => down.per!(tree.get(id)!) !== undefined)) {
        // Sum targets per receiver kind: one assignment call per distinct target.
        const groups = new Map<number | undefined, number[]>();
        for (const id of receivers.orgIds) {
          const per = down.per(tree.get(id)!);
          groups.set(per, [...(groups.get(per) ?? []), id]);
        }
        for (const [per, orgIds] of groups) {
          await assignTask(ctxOf(s.org, day0), sub.id, {
            orgIds,
            ...(deadline ? { deadline } : {}),
            ...(per !== undefined ? { targetPerOrg: per } : {}),
          });
        }
      } else {
        await assignTask(ctxOf(s.org, day0), sub.id, { ...receivers, ...(deadline ? { deadline } : {}) });
      }
      await markNotifications(ctx.now);
      await startStories(sub.id, { taskId: sub.id, theme: s.theme, mode: s.mode, unit: s.unit, flow: s.flow }, s.org);
      // Now and then supervision half-way; reports when most of the level below is done.
      if (r() < 0.4) {
        const mid = addDaysIso(day0, Math.round(span * (0.35 + 0.2 * r())));
        timeline.at(mid, async () => {
          await record(
            s,
            mid,
            r() < 0.5 ? '开展专项督导，通报各单位进展情况' : `对进度滞后的${intIn(r, 1, 4)}个单位进行督办提醒`,
          );
        });
      }
      const check = async (day: string): Promise<void> => {
        const roll = await findTaskRollup(database.db, sub.id, s.org.id);
        const ratio = roll && roll.assigned > 0 ? roll.done / roll.assigned : 0;
        if (ratio >= 0.75 - 0.15 * d) {
          if (r() < 0.5)
            await record(s, day, '汇总所属单位落实情况，形成工作总结报送', undefined, evidence(r, s, s.theme));
          const submit = addDaysIso(day, 1);
          scheduleSubmit(s, r, submit);
          return;
        }
        const next = addDaysIso(day, 14);
        timeline.at(next, () => check(next));
      };
      const first = addDaysIso(day0, Math.round(span * (0.7 + 0.3 * r())));
      timeline.at(first, () => check(first));
    });
  };

  const plan = (s: Story) => {
    const down = downOf(s);
    if (down) planDecompose(s, down);
    else planLeaf(s);
  };

  // --- The speeches: import, set targets and deadlines, confirm, link problems, assign.
  type TaskRow = {
    id: number;
    item_key: string | null;
    title: string;
    requirement: string;
    progress_mode: string;
    target_unit: string | null;
  };
  let deployments = 0;
  for (const [index, sp] of speeches.entries()) {
    const issuer = sp.issuer === 'root' ? root : district;
    const meeting = addDaysIso(today, -sp.daysAgo);
    const importDay = addDaysIso(meeting, 1 + (index % 2));
    timeline.at(importDay, async () => {
      const text = fs.readFileSync(sp.file, 'utf8');
      const ctx = ctxOf(issuer, importDay);
      const draft = await createDeployment(
        ctx,
        { orgId: issuer.id, text, meetingDate: meeting },
        { kind: 'txt', name: path.basename(sp.file), encoding: 'utf-8' },
      );
      // Targets the text states; deadlines the text does not state: a few months on, or the year's end
      // (on a first start early in a year, a month or three from now instead).
      const dr = mulberry32(mix(0xdead, index));
      const longDeadline =
        yearEnd(meeting) >= addDaysIso(today, 30) ? yearEnd(meeting) : monthEnd(addMonthsIso(today, 1 + (index % 3)));
      const items = keepWhole(draft.items, sp.prefix, meeting).map((it) => {
        if (it.kind !== 'task' || !it.task) return it;
        const override = TARGETS[`${sp.prefix}:${it.key}`];
        // A phrase such as 今年 at a meeting late in the year would leave weeks: take the default then.
        const stated =
          it.task.deadline !== null && it.task.deadline >= addDaysIso(meeting, 60) ? it.task.deadline : null;
        const months = FLOWS[`${sp.prefix}:${it.key}`]?.months;
        const deadline = months
          ? monthEnd(addMonthsIso(meeting, months))
          : (stated ?? (dr() < 0.45 ? monthEnd(addMonthsIso(meeting, intIn(dr, 3, 6))) : longDeadline));
        return { ...it, task: { ...it.task, ...override, deadline } };
      });
      await updateDeployment(ctx, draft.id, { items });
      await confirmDeployment(ctxOf(issuer, importDay), draft.id);
      deployments++;
      const tasks: TaskRow[] = await listTasksOfDeployment(database.db, draft.id);
      const taskByKey = new Map(tasks.map((t) => [t.item_key, t]));
      const problems = await listProblemsOfDeployment(database.db, draft.id);
      for (const p of problems) {
        const keys = PROBLEM_TASKS[`${sp.prefix}:${p.item_key}`];
        const taskIds = (keys ?? []).flatMap((k) => (taskByKey.get(k) ? [taskByKey.get(k)!.id] : []));
        if (taskIds.length) await updateProblem(ctxOf(issuer, importDay), p.id, { taskIds });
      }
      // The task list goes out a day or two later, all tasks of the speech together.
      const assignDay = addDaysIso(importDay, 1 + (index % 3));
      timeline.at(assignDay, async () => {
        for (const t of tasks) {
          const key = `${sp.prefix}:${t.item_key}`;
          const flow = FLOWS[key];
          if (!flow) continue;
          let receivers: OrgNode[];
          if (sp.issuer === 'root') {
            receivers = [...districts.slice(0, 1), ...(organs && flow.organs ? [organs] : [])];
          } else {
            if (!flow.district) continue;
            receivers = districtReceivers(district, flow.district);
          }
          if (receivers.length === 0) continue;
          const ctx = ctxOf(issuer, assignDay);
          const per = (o: OrgNode) =>
            o.kind === 'district'
              ? flow.per?.district
              : o.kind === 'organs'
                ? flow.per?.organs
                : o.kind === 'town'
                  ? flow.per?.town
                  : o.kind === 'street'
                    ? flow.per?.street
                    : undefined;
          const groups = new Map<number | undefined, number[]>();
          for (const o of receivers) groups.set(per(o), [...(groups.get(per(o)) ?? []), o.id]);
          for (const [targetPerOrg, orgIds] of groups) {
            await assignTask(ctx, t.id, { orgIds, ...(targetPerOrg !== undefined ? { targetPerOrg } : {}) });
          }
          await markNotifications(ctx.now);
          // Assigned by the district to its children: the "district" step is this assignment itself.
          const meta = {
            taskId: t.id,
            theme: themeOf(`${t.title}${t.requirement.slice(0, 120)}`),
            mode: t.progress_mode as Mode,
            unit: t.target_unit,
            flow: sp.issuer === 'district' ? { ...flow, district: undefined } : flow,
          };
          await startStories(t.id, meta, issuer);
        }
      });
    });
  }

  // --- The deadline sweep: weekly over the last twelve weeks (the dashboard's trend), then today.
  for (let w = 12; w >= 1; w--) {
    const day = addDaysIso(today, -7 * w);
    timeline.at(
      day,
      async () => {
        await sweepDeadlines(database.db, clockAt(nowOn(day)));
        sweeps++;
        await markNotifications(new Date(Date.parse(`${day}T18:00:00+08:00`)));
      },
      true,
    );
  }

  progress({
    step: 'start',
    message: `正在生成演示任务：导入 ${speeches.length} 篇讲话，模拟 ${addDaysIso(today, -SPEECHES[0]!.daysAgo).slice(0, 7)} 至今的下发、台账、验收和到期检查……`,
  });
  let month = '';
  await timeline.run((day) => {
    if (day.slice(0, 7) !== month) {
      month = day.slice(0, 7);
      progress({ step: 'month', message: `演示任务：${month}` });
    }
  });

  // Notifications were stamped by the database clock: move them to the simulated time that sent them.
  if (notificationMarks.length > 0) {
    let lo = 0;
    const ranges: { lo: number; hi: number; at: Date }[] = [];
    for (const m of notificationMarks) {
      if (m.maxId > lo) ranges.push({ lo, hi: m.maxId, at: m.at });
      lo = Math.max(lo, m.maxId);
    }
    await updateNotificationTimes(database.db, ranges);
  }

  // Today's sweep: the flags as of today, today's reminders and today's trend point.
  progress({ step: 'today', message: `演示任务：到期检查 ${today}` });
  await sweepDeadlines(database.db, clockAt(nowOn(today)));
  sweeps++;
  await analyzeWorkTables(database.db);

  const c = await countWork(database.db);
  return {
    skipped: false,
    speeches: speeches.length,
    deployments,
    tasks: c.tasks,
    problems: c.problems,
    assignments: c.assignments,
    ledgerEntries,
    evidenceFiles,
    sweeps,
    elapsedMs: Math.round(performance.now() - started),
  };
}
