import { VILLAGE_STEP_LABELS, type VillageStep } from '../village/vocab.ts';
import { type RuleSet, type RuleValue, ruleSetOn } from './ruleset.ts';

/**
 * The rule set, visible (issue 11): every rule the platform checks, as one flat list with an id, its area, a
 * one-line summary in Chinese, its parameters, its source and tag (../shared/domain-rules.md: C confirmed, S secondary
 * or local) and the day its source took effect. `luoshi rules list --json`, GET /api/rules and the web page 规则 all
 * print this list. A rule value added to the rule set without a summary here fails the catalogue's test.
 */

export type RuleEntry = {
  /** The rule's path in the rule set, e.g. 'life.committeeMeeting'. */
  id: string;
  /** The area that applies it (DESIGN.md §2). */
  area: string;
  summary: string;
  params: unknown;
  source: string;
  article: string | null;
  tag: 'C' | 'S';
  effectiveFrom: string;
  /** The version of the rule set it is read from. */
  ruleSet: string;
};

/** Rule-set sections by area (development, dues and transfers belong to people; burden caps to supervise). */
const AREA: Record<string, string> = {
  org: 'org',
  people: 'people',
  tasks: 'tasks',
  rectify: 'rectify',
  grid: 'grid',
  economy: 'economy',
  life: 'life',
  development: 'people',
  dues: 'people',
  transfer: 'people',
  burden: 'supervise',
  assess: 'assess',
  village: 'village',
};

type Params = Record<string, unknown>;
const n = (v: unknown) => String(v);
const freq = (v: unknown) => {
  const f = v as { count: number; months: number };
  const per =
    f.months === 1
      ? '每月'
      : f.months === 3
        ? '每季度'
        : f.months === 6
          ? '每半年'
          : f.months === 12
            ? '每年'
            : `每${f.months}个月`;
  return `${per}至少${f.count}次`;
};
const frac = (v: unknown) => {
  const f = v as { numerator: number; denominator: number };
  return `${f.numerator}/${f.denominator}`;
};
const pct = (v: unknown) => `${Math.round(Number(v) * 1000) / 10}%`;
const brackets = (v: unknown) =>
  (v as { upTo: number | null; rate: number }[])
    .map((b) => (b.upTo === null ? `以上 ${pct(b.rate)}` : `${b.upTo} 元及以下 ${pct(b.rate)}`))
    .join('；');
/** An amount in 元 as 万元 (50000 → 5万元). */
const wan = (v: unknown) => `${Number(v) / 10_000}万元`;

/** One line per rule, from its value. Keys are the rule ids; a missing one fails the test. */
const SUMMARY: Record<string, (v: unknown) => string> = {
  'org.minFullMembersForOrg': (v) => `正式党员 ${n(v)} 人以上的单位应成立党的基层组织`,
  'org.jointBranchMaxUnits': (v) => `联合党支部覆盖单位一般不超过 ${n(v)} 个`,
  'org.branchMaxMembers': (v) => `党支部党员人数一般不超过 ${n(v)} 人`,
  'org.committeeRequiredFromFullMembers': (v) => `正式党员 ${n(v)} 人以上的党支部设立支部委员会`,
  'org.committeeSizeMin': (v) => `支部委员会至少 ${n(v)} 人`,
  'org.committeeSizeUsualMax': (v) => `支部委员会一般不超过 ${n(v)} 人`,
  'org.committeeSizeMax': (v) => `支部委员会最多 ${n(v)} 人`,
  'org.secretaryRequired': () => '设委员会的组织应设书记',
  'org.generalBranchMembers': (v) => {
    const r = v as { min: number; max: number };
    return `党员 ${r.min}—${r.max} 人的可设党总支`;
  },
  'org.baseCommitteeMinMembers': (v) => `党员 ${n(v)} 人以上的可设基层党委`,
  'org.termYears.byType.committee': (v) => `基层党委每届任期 ${n(v)} 年`,
  'org.termYears.byType.general_branch': (v) => `党总支每届任期 ${n(v)} 年`,
  'org.termYears.byType.branch': (v) => `党支部每届任期 ${n(v)} 年`,
  'org.termYears.byType.joint_branch': (v) => `联合党支部每届任期 ${n(v)} 年`,
  'org.termYears.byField.rural': (v) => `村党组织每届任期 ${n(v)} 年`,
  'org.termYears.byField.community': (v) => `社区党组织每届任期 ${n(v)} 年`,
  'org.termYearsRange': (v) => {
    const r = v as { min: number; max: number };
    return `基层组织任期 ${r.min}—${r.max} 年`;
  },
  'org.reElectionReminderMonths': (v) => `任期届满前 ${n(v)} 个月提醒换届`,
  'org.reElectionMaxShiftYears': (v) => `换届提前或延期一般不超过 ${n(v)} 年（须批准）`,
  'people.minJoinAge': (v) => `年满 ${n(v)} 岁方可申请入党`,
  'people.probationYears': (v) => `预备期 ${n(v)} 年`,
  'people.rosterChecksPerAccount': (v) => {
    const r = v as { max: number; windowMinutes: number };
    return `每个账号每 ${r.windowMinutes} 分钟至多核验名册 ${r.max} 次`;
  },
  'tasks.lagThreshold': (v) => `进度落后时间进度超过 ${pct(v)} 视为滞后`,
  'tasks.startGraceShare': (v) => `无量化目标的任务，时间过去 ${pct(v)} 仍未启动视为滞后`,
  'tasks.reminderDaysBeforeDeadline': (v) => `截止前 ${(v as number[]).join('、')} 天提醒`,
  'rectify.inspectionRectifyMonths': (v) => `巡视巡察反馈后 ${n(v)} 个月内报送整改情况`,
  'rectify.recheckMonths': (v) => `销号后 ${n(v)} 个月回头看`,
  'rectify.ladder': (v) => {
    const l = v as Params;
    return `逾期 ${n(l.remind)} 天提醒、${n(l.talk)} 天约谈、${n(l.visit)} 天实地督办、${n(l.accountability)} 天问责（建议）`;
  },
  'grid.categories': (v) =>
    `网格事项分类及办理时限（交办次日起算，工作日）：${(v as { zh: string; days: number }[]).map((c) => `${c.zh} ${c.days} 个工作日`).join('；')}`,
  'grid.ladder': (v) => {
    const l = v as Params;
    return `网格事项逾期 ${n(l.remind)} 天提醒承办单位、${n(l.superior)} 天提级由上级督办`;
  },
  'grid.ratings': (v) => {
    const r = v as { zh: string; reopens: boolean }[];
    return `问效评价：${r.map((x) => x.zh).join('、')}（${r
      .filter((x) => x.reopens)
      .map((x) => x.zh)
      .join('、')}的重新办理）`;
  },
  'economy.stableIncomeFloor': (v) =>
    Number(v) > 0
      ? `村集体经营性收入达到 ${wan(v)} 以上的村视为有稳定集体经济收入`
      : '村集体经营性收入大于零的村视为有稳定集体经济收入',
  'economy.reachingAmount': (v) => `有稳定集体经济收入的村中，经营性收入 ${wan(v)} 以上的计入“两个80%”的第二项`,
  'economy.stableSharePercent': (v) => `有稳定集体经济收入的行政村占 ${n(v)}% 以上（“两个80%”第一项）`,
  'economy.reachingSharePercent': (v) => `有稳定集体经济收入的行政村中 ${n(v)}% 以上达到规定金额（“两个80%”第二项）`,
  'economy.weakBelow': (v) => `经营性收入低于 ${wan(v)} 的村为集体经济薄弱村，没有经营性收入的为空壳村`,
  'life.generalMeeting': (v) => `支部党员大会${freq(v)}`,
  'life.committeeMeeting': (v) => `支部委员会会议${freq(v)}`,
  'life.groupMeeting': (v) => `党小组会${freq(v)}`,
  'life.lecture': (v) => `党课${freq(v)}`,
  'life.themeDay': (v) => `主题党日${freq(v)}`,
  'life.lifeMeeting': (v) => `组织生活会${freq(v)}`,
  'life.appraisal': (v) => `民主评议党员${freq(v)}`,
  'life.leadershipLifeMeeting': (v) => `领导班子民主生活会${freq(v)}`,
  'life.generalMeetingQuorum': (v) => `党员大会表决须有表决权党员 ${pct(v)} 以上到会`,
  'life.passShare': (v) => `赞成票超过应到会有表决权党员的 ${pct(v)} 方为通过`,
  'life.passStrict': (v) => (v ? '“半数以上”按超过半数计' : '“半数以上”按达到半数计'),
  'life.committeeQuorum': (v) => `支委会须有 ${pct(v)} 以上委员到会`,
  'life.leadershipLifeAttendance': (v) => `民主生活会到会人数不少于 ${pct(v)}`,
  'life.leadershipLifeReportDays': (v) => `民主生活会召开后 ${n(v)} 日内向上级报送情况报告`,
  'life.talks': (v) => `每名支部委员与每名党员谈心谈话${freq(v)}`,
  'development.talkWithinMonths': (v) => `收到入党申请书后 ${n(v)} 个月内派人谈话`,
  'development.applicationToActivistMonths': (v) => `提出申请 ${n(v)} 个月后方可确定为入党积极分子`,
  'development.activistMinYears': (v) => `入党积极分子培养教育 ${n(v)} 年以上方可列为发展对象`,
  'development.activistAssessMonths': (v) => `每 ${n(v)} 个月对入党积极分子考察一次`,
  'development.mentors': (v) => {
    const r = v as { min: number; max: number };
    return `为入党积极分子指定 ${r.min}—${r.max} 名正式党员作培养联系人`;
  },
  'development.sponsors': (v) => `发展党员须有 ${n(v)} 名正式党员作入党介绍人`,
  'development.training': (v) => {
    const r = v as { days: number; hours: number };
    return `发展对象集中培训不少于 ${r.days} 天或 ${r.hours} 个学时`;
  },
  'development.publicNoticeWorkingDays': (v) => `发展对象公示不少于 ${n(v)} 个工作日`,
  'development.leavingWithinMonths': (v) => `${n(v)} 个月内将离开工作单位的一般不办理接收`,
  'development.approvalMonths': (v) => {
    const r = v as { normal: number; max: number };
    return `上级党委 ${r.normal} 个月内审批，特殊情况最长 ${r.max} 个月`;
  },
  'development.extensionMonths': (v) => {
    const r = v as { min: number; max: number };
    return `预备期可延长一次，${r.min}—${r.max} 个月`;
  },
  'development.fullMembershipMonths': (v) => `预备期满后 ${n(v)} 个月内办理转正`,
  'development.approvers': () =>
    '预审和审批由具有审批权限的基层党委（及以上）办理；村、社区党组织和临时党组织不能审批发展党员',
  'dues.salaried': (v) => `在职党员按月税后工资收入：${brackets(v)}`,
  'dues.retired': (v) => `离退休党员：${brackets(v)}`,
  'dues.farmer': (v) => {
    const r = v as { min: number; max: number };
    return `农民党员每月 ${r.min}—${r.max} 元`;
  },
  'dues.minimal': (v) => `学生、下岗失业及领取最低生活保障金的党员每月 ${n(v)} 元`,
  'dues.backPayMonths': (v) => `补交党费一般不超过 ${n(v)} 个月`,
  'dues.lapseMonths': (v) =>
    `连续 ${n(v)} 个月不交党费、不过组织生活或不做分配的工作，又无正当理由，提请支部按自行脱党处理`,
  'dues.arrangements': () =>
    '党费按月交纳；经党支部同意，可按季度交纳或委托他人代缴（按季度交纳的，季度结束后未交才算欠交）',
  'dues.extraToCentre': (v) => `党员一次性自愿多交党费 ${n(v)} 元以上（含）的，全部上缴中央`,
  'transfer.awayMonths': (v) => `外出 ${n(v)} 个月以上且地点固定的，转移组织关系`,
  'transfer.letterValidMonths': (v) => {
    const r = v as { normal: number; crossProvince: number };
    return `介绍信有效期一般 ${r.normal} 个月，跨省不超过 ${r.crossProvince} 个月`;
  },
  'transfer.lostContactMonths': (v) => `失去联系 ${n(v)} 个月以上的停止党籍`,
  'burden.supervisionsPerIssuerPerYear': (v) => `同一单位对同一组织的综合督查每年不超过 ${n(v)} 次`,
  'burden.caps': (v) => {
    const c = v as Record<
      'grassroots' | 'committee',
      Record<'assignment' | 'supervision', { max: number; per: string }>
    >;
    const per = (p: string) => (p === 'month' ? '月' : '年');
    const one = (l: 'grassroots' | 'committee') =>
      `下发任务每${per(c[l].assignment.per)} ${c[l].assignment.max} 项、督查每${per(c[l].supervision.per)} ${c[l].supervision.max} 次`;
    return `基层组织${one('grassroots')}；党委${one('committee')}（超出须说明理由）`;
  },
  'assess.excellentMaxShare': (v) => {
    const r = v as { numerator: number; denominator: number };
    return `民主评议党员评为优秀的不超过参评党员的 ${r.numerator}/${r.denominator}`;
  },
  'assess.starBands': (v) =>
    `评星定级分数线：${(v as { level: number; min: number }[]).map((b) => `${b.level}星 ${b.min} 分以上`).join('；')}`,
  'assess.starQuota': (v) =>
    `评星定级名额：${(v as { level: number; maxShare: number }[]).map((q) => `${q.level}星不超过参评组织的 ${pct(q.maxShare)}`).join('；')}`,
  'assess.handlingDueSoonDays': (v) => `不合格党员限期改正到期前 ${n(v)} 日起提醒`,
  'assess.appraisalDecideDays': (v) => `民主评议党员未另定评定期限的，自名单日期起 ${n(v)} 日内评定，逾期提醒`,
  'assess.weakReasons': (v) => `软弱涣散基层党组织认定情形：${(v as { zh: string }[]).map((r) => r.zh).join('；')}`,
  'assess.weakAssessmentBelow': (v) => `年度考核总分低于 ${n(v)} 分（或被一票否决）可作为认定软弱涣散的依据`,
  'assess.reviewGrades': (v) => {
    const g = v as { zh: string; favourable: boolean }[];
    const names = (list: typeof g) => list.map((x) => x.zh).join('、');
    return `书记述职评议民主测评等次：${names(g)}（好评率计 ${names(g.filter((x) => x.favourable))}）`;
  },
  'village.assemblyMatters': (v) =>
    `须经村民会议（或其授权的村民代表会议）讨论决定的事项：${(v as { zh: string }[]).map((m) => m.zh).join('；')}`,
  'village.steps': (v) => {
    const s = v as { step: VillageStep; requiredFor: string }[];
    const label = (x: (typeof s)[number]) =>
      `${VILLAGE_STEP_LABELS[x.step].zh}${x.requiredFor === 'all' ? '' : '（第二十四条所列事项必经）'}`;
    return `四议两公开依次为：${s.map(label).join(' → ')}`;
  },
  'village.mergeWhenOneShoulder': (v) =>
    v
      ? '村党组织书记兼任村委会主任（一肩挑）的，党组织提议与两委会议商议可合并进行'
      : '党组织提议与两委会议商议不合并进行',
  'village.memberMeetingQuorum': (v) => `党员大会审议须有应到会党员的 ${frac(v)} 以上到会`,
  'village.memberMeetingPass': (v) => `党员大会审议须经超过应到会党员 ${frac(v)} 的党员同意`,
  'village.assemblyQuorum': (v) => {
    const q = v as { adults: unknown; households: unknown };
    return `召开村民会议须有本村十八周岁以上村民的超过 ${frac(q.adults)}，或者本村 ${frac(q.households)} 以上的户的代表参加`;
  },
  'village.representativeQuorum': (v) => `村民代表会议须有 ${frac(v)} 以上的组成人员参加方可召开`,
  'village.resolutionPass': (v) => `村民会议、村民代表会议所作决定须经超过到会人员 ${frac(v)} 的人员同意`,
  'village.assemblyNoticeDays': (v) => `召集村民会议应当提前 ${n(v)} 天通知村民`,
  'village.disclosureDays': (v) => `村民（代表）会议决议后 ${n(v)} 日内公开决议，逾期计入督查和考核`,
  'cadre.secretaryFilingDueDays': (v) => `村党组织书记任职后 ${n(v)} 日内报县级党委组织部备案，逾期未备案提醒`,
  'cadre.secretaryFilingChecks': (v) => `书记备案须完成资格联审：${(v as string[]).join('、')}`,
  'cadre.ageGradient': (v) => {
    const g = v as { youngMax: unknown; middleMax: unknown };
    return `领导班子老中青结构：${n(g.youngMax)} 周岁及以下为青年，${n(g.middleMax)} 周岁及以下为中年，以上为老年（按统计日计算周岁）`;
  },
  'cadre.youngCadreMaxAge': (v) => {
    const a = v as Record<string, unknown>;
    return `年轻干部年龄上限：党委班子 ${n(a.committee)} 周岁，村 ${n(a.village)} 周岁，社区 ${n(a.community)} 周岁，其他支部 ${n(a.branch)} 周岁`;
  },
  'cadre.teamStructure': (v) => {
    const t = v as { minWomen: unknown; minYoung: unknown; maxMeanAge: unknown };
    return `领导班子结构要求：女性至少 ${n(t.minWomen)} 名，年轻干部至少 ${n(t.minYoung)} 名，平均年龄不超过 ${n(t.maxMeanAge)} 岁`;
  },
  'cadre.poolCategories': (v) => `年轻干部信息库类别：${(v as { zh: string }[]).map((c) => c.zh).join('、')}`,
  'cadre.postRanks': (v) => `非党内职务的职级：${(v as string[]).join('、')}`,
  'cadre.reElectionRequestMonths': (v) => `换届选举请示在任期届满前 ${n(v)} 个月报上级党组织`,
};

function isRuleValue(v: unknown): v is RuleValue<unknown> {
  return typeof v === 'object' && v !== null && 'value' in v && 'source' in v && 'confidence' in v;
}

/** Every rule value of a rule set with its id (its path), depth first in the order the set lists them. */
export function ruleValuesOf(set: RuleSet): { id: string; rule: RuleValue<unknown> }[] {
  const out: { id: string; rule: RuleValue<unknown> }[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (isRuleValue(node)) {
      out.push({ id: path.join('.'), rule: node });
      return;
    }
    if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    }
  };
  const { version: _v, effectiveFrom: _e, ...sections } = set;
  walk(sections, []);
  return out;
}

/** The catalogue of the rule set in force on a day (default: the newest). */
export function ruleCatalog(day?: string): readonly RuleEntry[] {
  return catalogOf(ruleSetOn(day ?? '9999-12-31'));
}

/** Where a rule's value comes from when a locality adjusted it (地方规定); see overrides.ts. */
export type RuleLocalOrigin = { overrideId: number; orgId: number; orgName: string; document: string; reason: string };

/** The value of the rule `id` (its path, e.g. 'life.lecture') in a rule set; undefined for no such rule. */
export function ruleValueAt(set: RuleSet, id: string): unknown {
  let node: unknown = set;
  for (const key of id.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return isRuleValue(node) ? node.value : undefined;
}

/** The one-line Chinese summary of a rule with a value (the rule's id when it has none). */
export function summaryOf(id: string, value: unknown): string {
  const summary = SUMMARY[id];
  return summary ? summary(value) : id;
}

type CatalogEntry = RuleEntry & { local?: RuleLocalOrigin };

/**
 * Catalogues already made, by rule set. A rule set is never changed once made (the platform's are constants, a
 * locality's is made once per line of overrides), so its catalogue is made once too: a compliance sweep cites rules
 * for every organisation it checks.
 */
const catalogs = new WeakMap<RuleSet, { list: readonly CatalogEntry[]; byId: ReadonlyMap<string, CatalogEntry> }>();

function catalogOnce(set: RuleSet) {
  let c = catalogs.get(set);
  if (!c) {
    const list = Object.freeze(makeCatalog(set));
    c = { list, byId: new Map(list.map((e) => [e.id, e])) };
    catalogs.set(set, c);
  }
  return c;
}

/** The catalogue of a rule set (the platform's, or one with a locality's values: those carry `local`). */
export function catalogOf(set: RuleSet): readonly CatalogEntry[] {
  return catalogOnce(set).list;
}

/** One rule's entry in the catalogue of a rule set (undefined for no such rule). */
export function catalogEntryOf(set: RuleSet, id: string): CatalogEntry | undefined {
  return catalogOnce(set).byId.get(id);
}

function makeCatalog(set: RuleSet): CatalogEntry[] {
  return ruleValuesOf(set).map(({ id, rule }) => {
    const summary = SUMMARY[id];
    const local = (rule as { local?: RuleLocalOrigin }).local;
    return {
      ...(local ? { local } : {}),
      id,
      area: AREA[id.split('.')[0]!] ?? id.split('.')[0]!,
      summary: summary ? summary(rule.value) : id,
      params: rule.value,
      source: rule.source,
      article: rule.article,
      tag: rule.confidence,
      effectiveFrom: rule.effectiveFrom,
      ruleSet: set.version,
    };
  });
}

/** Ids of rule values without a summary (the catalogue's test keeps this empty). */
export function rulesWithoutSummary(set: RuleSet): string[] {
  return ruleValuesOf(set)
    .map((r) => r.id)
    .filter((id) => !SUMMARY[id]);
}
