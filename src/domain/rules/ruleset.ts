import type { CadreLevel } from '../cadre/levels.ts';
import { compareIso } from '../dates.ts';
import type { OrgType } from '../org/vocab.ts';
import type { VillageStep } from '../village/vocab.ts';

/**
 * Every number the rules use, with where it comes from. Regulations get revised (党章 2017/2022, a
 * reported 2026 revision of the 发展党员工作细则), so numbers live in versioned rule sets, never in code.
 * confidence 'C': the regulation text was seen; 'S': secondary sources or local practice, used as a default.
 */
export type RuleValue<T> = {
  value: T;
  /** The document, in Chinese, e.g. '中国共产党支部工作条例（试行）'. */
  source: string;
  /** The article, e.g. '第三十条'; null when the article number was not confirmed. */
  article: string | null;
  confidence: 'C' | 'S';
  /** When the cited document (this version of it) took effect. */
  effectiveFrom: string;
};

export type RuleRef = Pick<RuleValue<unknown>, 'source' | 'article' | 'confidence'>;

/** Organisation types that are elected for a term. 党工委 is appointed by the committee above; 党小组 is no level. */
export type TermOrgType = Extract<OrgType, 'committee' | 'general_branch' | 'branch' | 'joint_branch'>;

export type RuleSet = {
  version: string;
  /** The first day this set applies to. */
  effectiveFrom: string;
  org: {
    /** Units with at least this many full members must form an organisation. */
    minFullMembersForOrg: RuleValue<number>;
    /** A joint branch covers at most this many units. */
    jointBranchMaxUnits: RuleValue<number>;
    /** A branch has at most this many members (预备 + 正式), as a rule. */
    branchMaxMembers: RuleValue<number>;
    /** A branch with at least this many full members must have a branch committee. */
    committeeRequiredFromFullMembers: RuleValue<number>;
    committeeSizeMin: RuleValue<number>;
    /** The usual upper size (3 至 5 人); committeeSizeMax is the ceiling. */
    committeeSizeUsualMax: RuleValue<number>;
    committeeSizeMax: RuleValue<number>;
    /** Every organisation with a leadership (all but 党小组) has a secretary. */
    secretaryRequired: RuleValue<boolean>;
    /** Members (预备 + 正式) in the subtree for which a 党总支 is set up without special approval. */
    generalBranchMembers: RuleValue<{ min: number; max: number }>;
    /** Members in the subtree from which a base committee is set up without special approval. */
    baseCommitteeMinMembers: RuleValue<number>;
    /** Term length by type, overridden by field (village and community organisations). */
    termYears: {
      byType: Record<TermOrgType, RuleValue<number>>;
      byField: Readonly<Record<string, RuleValue<number>>>;
    };
    termYearsRange: RuleValue<{ min: number; max: number }>;
    /** The higher level reminds this many months before a term ends. */
    reElectionReminderMonths: RuleValue<number>;
    /** Re-election may be brought forward or put off by at most this many years, with approval. */
    reElectionMaxShiftYears: RuleValue<number>;
  };
  people: {
    minJoinAge: RuleValue<number>;
    probationYears: RuleValue<number>;
    /**
     * Roster checks (dry runs and imports) one account may run within a window: each one tells whether each of up
     * to thousands of ID numbers can be registered, so they are counted (platform default).
     */
    rosterChecksPerAccount: RuleValue<{ max: number; windowMinutes: number }>;
  };
  /** The platform's own task rules (no regulation sets them); a deployment may override them in its configuration. */
  tasks: {
    /** Progress behind the elapsed share of the time by more than this counts as lagging (滞后). */
    lagThreshold: RuleValue<number>;
    /** Without a quantitative target: still not started after this share of the time counts as lagging. */
    startGraceShare: RuleValue<number>;
    /** Due-soon reminders this many days before a deadline. */
    reminderDaysBeforeDeadline: RuleValue<readonly number[]>;
  };
  /** Rectification of problems (整改): deadlines, the re-check after closure, the escalation ladder. */
  rectify: {
    /** Months from the feedback of a 巡视/巡察 to the rectification report (the deadline a problem gets). */
    inspectionRectifyMonths: RuleValue<number>;
    /** Months from closure (销号) to the re-check (回头看). */
    recheckMonths: RuleValue<number>;
    /** Days overdue from which each escalation step is suggested (提醒, 约谈, 实地督办, 问责). */
    ladder: RuleValue<{ remind: number; talk: number; visit: number; accountability: number }>;
  };
  /** Grid matters (网格事项, issue 13): categories and their handling time, the escalation of overdue ones, 问效. */
  grid: {
    /** The categories of a matter, each with the working days its handler has from the day after 交办. */
    categories: RuleValue<readonly GridCategoryRule[]>;
    /** Days overdue from which an overdue matter is escalated: 提醒 to its handler, then 提级督办 by the level above. */
    ladder: RuleValue<{ remind: number; superior: number }>;
    /** 问效: the ratings of the result, best first; `reopens` marks those that send the matter back to be handled. */
    ratings: RuleValue<readonly GridRatingRule[]>;
  };
  /**
   * 村级集体经济 (issue 13): "两个80%" — 80%以上的行政村有稳定集体经济收入，其中80%以上达到5万元以上 — and the 薄弱村
   * threshold. All on 经营性收入 (domain/economy/vocab.ts), amounts in 元; "以上" includes the number itself.
   */
  economy: {
    /** 有稳定集体经济收入: 经营性收入 above 0 and at least this (元); 0: any operating income. */
    stableIncomeFloor: RuleValue<number>;
    /** The amount (元) villages with stable income are counted at or above for the second share (5万元). */
    reachingAmount: RuleValue<number>;
    /** The first share (villages with stable income among all villages) is met at this percentage or more. */
    stableSharePercent: RuleValue<number>;
    /** The second share (villages at or above the amount among those with stable income) is met at this or more. */
    reachingSharePercent: RuleValue<number>;
    /** 薄弱村: 经营性收入 above 0 but below this (元); a village with none at all is a 空壳村. */
    weakBelow: RuleValue<number>;
  };
  /** Organisational life (组织生活, ../shared/domain-rules.md §1): how often each meeting is held, and its quorums. */
  life: {
    /** 支部党员大会. */
    generalMeeting: RuleValue<Frequency>;
    /** 支部委员会会议. */
    committeeMeeting: RuleValue<Frequency>;
    /** 党小组会. */
    groupMeeting: RuleValue<Frequency>;
    /** 党课 at branch level (no national count; local rules say quarterly or half-yearly). */
    lecture: RuleValue<Frequency>;
    /** 主题党日. */
    themeDay: RuleValue<Frequency>;
    /** 组织生活会, usually in the fourth quarter. */
    lifeMeeting: RuleValue<Frequency>;
    /** 民主评议党员 (may be held with the 组织生活会). */
    appraisal: RuleValue<Frequency>;
    /** 民主生活会 of leadership teams (county-level organs and above). */
    leadershipLifeMeeting: RuleValue<Frequency>;
    /** 党员大会 votes: present ≥ this share of the voting members. */
    generalMeetingQuorum: RuleValue<number>;
    /** A motion passes with yes votes more than this share of the voting members who should attend (应到会). */
    passShare: RuleValue<number>;
    /** "半数以上": strictly more than the share (the safe default) or at least it. */
    passStrict: RuleValue<boolean>;
    /** 支委会: present ≥ this share of the committee members. */
    committeeQuorum: RuleValue<number>;
    /** 民主生活会: attendance at least this share. */
    leadershipLifeAttendance: RuleValue<number>;
    /** 民主生活会: its 情况报告 reaches the higher level within this many days after the meeting (local rules). */
    leadershipLifeReportDays: RuleValue<number>;
    /** 谈心谈话: every pairing of a committee member with a member of the branch, at least this often. */
    talks: RuleValue<Frequency>;
  };
  /** Member development (发展党员, ../shared/domain-rules.md §2): the time gates of the 25 steps. */
  development: {
    /** The organisation talks with an applicant within this many months of the application. */
    talkWithinMonths: RuleValue<number>;
    /** Months from application to activist (local rules only). */
    applicationToActivistMonths: RuleValue<number>;
    /** At least this many years as an activist before becoming a candidate. */
    activistMinYears: RuleValue<number>;
    /** The branch assesses each activist every this many months. */
    activistAssessMonths: RuleValue<number>;
    /** Full-member mentors (培养联系人) of an activist. */
    mentors: RuleValue<{ min: number; max: number }>;
    /** Full-member sponsors (入党介绍人) of a candidate. */
    sponsors: RuleValue<number>;
    /** Intensive training: at least these days, or at least these class hours. */
    training: RuleValue<{ days: number; hours: number }>;
    /** 公示 of a candidate, in working days of the official calendar (local rules; the 2026 revision is UNCONFIRMED). */
    publicNoticeWorkingDays: RuleValue<number>;
    /** Someone leaving the unit within this many months is normally not admitted. */
    leavingWithinMonths: RuleValue<number>;
    /** The higher committee approves an admission within these months (at most `max` in special cases). */
    approvalMonths: RuleValue<{ normal: number; max: number }>;
    /** Probation may be extended once, by this many months. */
    extensionMonths: RuleValue<{ min: number; max: number }>;
    /** Full membership is decided within this many months of the probation's end. */
    fullMembershipMonths: RuleValue<number>;
    /**
     * Who may approve (预审, 审批, 转正审批, 延长或取消预备期审批): a base committee or higher granted the authority
     * (有审批发展党员权限的基层党委); never a village or community committee, nor a temporary organisation.
     */
    approvers: RuleValue<{ types: readonly OrgType[]; excluded: readonly ('village' | 'community' | 'temporary')[] }>;
  };
  /** Dues (党费, ../shared/domain-rules.md §4). */
  dues: {
    /** Members in work: monthly pay after tax, by bracket. */
    salaried: RuleValue<readonly DuesBracket[]>;
    retired: RuleValue<readonly DuesBracket[]>;
    /** Farmers: a fixed amount a month within this range, in yuan. */
    farmer: RuleValue<{ min: number; max: number }>;
    /** Students, the unemployed and members on relief: a fixed amount a month, in yuan. */
    minimal: RuleValue<number>;
    /** Dues paid back for at most this many months. */
    backPayMonths: RuleValue<number>;
    /** This many consecutive months without dues (or life, or work) without good reason: 自行脱党, for the branch to act on. */
    lapseMonths: RuleValue<number>;
    /** How dues may be paid: monthly; with the branch's consent, quarterly or by proxy. */
    arrangements: RuleValue<readonly ('monthly' | 'quarterly' | 'proxy')[]>;
    /** A one-off extra payment of at least this many yuan goes to the centre (上缴中央). */
    extraToCentre: RuleValue<number>;
  };
  /** Transfers and floating members (组织关系转接, 流动党员, ../shared/domain-rules.md §5). */
  transfer: {
    /** Away at a fixed place at least this many months: the membership is transferred. */
    awayMonths: RuleValue<number>;
    /** A transfer letter is valid this many months (`crossProvince` across provinces). */
    letterValidMonths: RuleValue<{ normal: number; crossProvince: number }>;
    /** Lost contact at least this many months: 党籍 suspended. */
    lostContactMonths: RuleValue<number>;
  };
  /**
   * 基层减负: what the platform may ask of one organisation. Going over a cap is not forbidden (a deadline may need
   * it): the issuer is warned and states a reason, which is kept.
   */
  burden: {
    /** 定期 (comprehensive) supervisions one issuing organisation makes of one organisation in a calendar year. */
    supervisionsPerIssuerPerYear: RuleValue<number>;
    /** Caps per level and kind of demand. */
    caps: RuleValue<BurdenCaps>;
  };
  /** Assessment (考核, ../shared/domain-rules.md §9–10): member appraisal, and the default star bands and quota. */
  assess: {
    /** 民主评议党员: 优秀 at most this share of the members appraised (count × denominator ≤ members × numerator). */
    excellentMaxShare: RuleValue<{ numerator: number; denominator: number }>;
    /** 评星定级: a score ≥ min gets the level (best first); no national standard, a local example. */
    starBands: RuleValue<readonly { level: number; min: number }[]>;
    /** At most this share of the organisations assessed at a level. */
    starQuota: RuleValue<readonly { level: number; maxShare: number }[]>;
    /** 不合格党员处置: a correction deadline this many days ahead or fewer is reminded as due soon. */
    handlingDueSoonDays: RuleValue<number>;
    /** 民主评议党员: without a day set by the branch, the grades are due this many days after the roster's day. */
    appraisalDecideDays: RuleValue<number>;
    /** 软弱涣散: the situations a designation names (a platform checklist; no list in ../shared/domain-rules.md). */
    weakReasons: RuleValue<readonly { code: string; zh: string; en: string }[]>;
    /** 软弱涣散: a final assessment total below this (or a veto) is a reason to designate. */
    weakAssessmentBelow: RuleValue<number>;
    /**
     * 述职评议: the grades of the democratic poll and of the final grade, best first; `favourable` marks those the
     * poll's favourable share counts (好 and 较好). UNCONFIRMED in ../shared/domain-rules.md §10.
     */
    reviewGrades: RuleValue<readonly { code: string; zh: string; en: string; favourable: boolean }[]>;
  };
  /** 四议两公开 (village decisions, ../shared/domain-rules.md §6): the steps, the matters, quorums and notice. */
  village: {
    /**
     * 村民委员会组织法 第二十四条: the matters the villagers' assembly decides (or the representatives' meeting it
     * authorises). A case of one of these kinds cannot leave out the resolution (step 4).
     */
    assemblyMatters: RuleValue<readonly VillageMatterRule[]>;
    /** The steps in their order; `requiredFor` every kind, or only the 第二十四条 matters (the resolution). */
    steps: RuleValue<readonly { step: VillageStep; requiredFor: 'all' | 'assemblyMatters' }[]>;
    /** Where the secretary also chairs the village committee (一肩挑), the proposal and the 两委 deliberation merge. */
    mergeWhenOneShoulder: RuleValue<boolean>;
    /** 党员大会审议: present at least this share of the members who should attend. */
    memberMeetingQuorum: RuleValue<Share>;
    /** 党员大会审议: passes with yes votes more than this share of the members who should attend. */
    memberMeetingPass: RuleValue<Share>;
    /** 村民会议: more than `adults` of the villagers aged 18+, or the representatives of at least `households`. */
    assemblyQuorum: RuleValue<{ adults: Share; households: Share }>;
    /** 村民代表会议: at least this share of its members present. */
    representativeQuorum: RuleValue<Share>;
    /** A resolution of the assembly or the representatives passes with yes votes more than this share of those present. */
    resolutionPass: RuleValue<Share>;
    /** 村民会议 is called with at least this many days' notice. */
    assemblyNoticeDays: RuleValue<number>;
    /** 决议公开 within this many days of the resolution: later, or not yet once they have passed, is late. */
    disclosureDays: RuleValue<number>;
  };
  /** Cadres (issue 13): 村党组织书记备案管理. */
  cadre: {
    /** A village secretary is filed within this many days of taking office; later it is missing. */
    secretaryFilingDueDays: RuleValue<number>;
    /** The 联审 checks a filing carries, each ticked by the filer (资格联审). */
    secretaryFilingChecks: RuleValue<readonly string[]>;
    /** 老中青: 青 up to youngMax (inclusive, 周岁 on the day), 中 up to middleMax, 老 above (issue 13, structure). */
    ageGradient: RuleValue<{ youngMax: number; middleMax: number }>;
    /** A 年轻干部 is at most this old (周岁 on the day), by the level of the team (docs/cadre.md). */
    youngCadreMaxAge: RuleValue<Record<CadreLevel, number>>;
    /** A team is outside the structure rules with fewer women or young cadres, or a mean age above the limit. */
    teamStructure: RuleValue<{ minWomen: number; minYoung: number; maxMeanAge: number }>;
    /** The categories of the 年轻干部信息库 (a locality defines its own). */
    poolCategories: RuleValue<readonly { code: string; zh: string; en: string }[]>;
    /** The ranks a non-Party post may carry (职级). */
    postRanks: RuleValue<readonly string[]>;
    /** The 换届 request (请示) goes to the level above this many months before the term ends. */
    reElectionRequestMonths: RuleValue<number>;
  };
};

/** A share as a fraction of whole numbers, compared without rounding (2/3 of 30 is 20, exactly). */
export type Share = { numerator: number; denominator: number };
/** A matter the villagers' assembly decides (村民委员会组织法 第二十四条), by its item. */
export type VillageMatterRule = { code: string; zh: string; en: string };

/** How often a kind of meeting is held: at least `count` in every window of `months` months (calendar-aligned). */
export type Frequency = { count: number; months: number };

/** A dues bracket: monthly pay (after tax) up to `upTo` yuan (null: no upper end) pays `rate` of it. */
export type DuesBracket = { upTo: number | null; rate: number };

/** The two levels caps are set for: 基层 (党支部, 联合党支部, 党总支, 党小组) and 党委 (党委, 党工委). */
export type BurdenLevel = 'grassroots' | 'committee';
export type BurdenCap = { max: number; per: 'month' | 'year' };
/** The capped kinds of demand: the two an issuer starts (an assignment, a supervision). */
export type CappedDemand = 'assignment' | 'supervision';
export type BurdenCaps = Record<BurdenLevel, Record<CappedDemand, BurdenCap>>;

/** A category of grid matter (网格事项) and the working days its handler has (办理时限). */
export type GridCategoryRule = { code: string; zh: string; en: string; days: number };
/** A rating of a grid matter's result (问效); a rating that `reopens` sends the matter back to be handled. */
export type GridRatingRule = { code: string; zh: string; en: string; reopens: boolean };

const DANGZHANG = '中国共产党章程';
const DANGZHANG_2017 = '2017-10-24';
const BRANCH_REGS = '中国共产党支部工作条例（试行）';
const BRANCH_REGS_FROM = '2018-10-28';
const TERM_OPINION = '关于党的基层组织任期的意见';
const TERM_OPINION_FROM = '2018-07-12';
const ELECTION_REGS = '中国共产党基层组织选举工作条例';
const ELECTION_REGS_FROM = '2020-07-13';
// The 50/100 thresholds are written the same way in the sector regulations (机关, 国企, 农村 …); the 机关 one is cited.
const ORGAN_REGS = '中国共产党党和国家机关基层组织工作条例';
const ORGAN_REGS_FROM = '2019-04-15';

function rule<T>(
  value: T,
  source: string,
  article: string | null,
  confidence: 'C' | 'S',
  effectiveFrom: string,
): RuleValue<T> {
  return { value, source, article, confidence, effectiveFrom };
}

const INSPECTION_REGS = '中国共产党巡视工作条例（2015年修订）';
const INSPECTION_REGS_FROM = '2015-08-03';

// 四议两公开 (../shared/domain-rules.md §6): the method is local practice ([S]; that the 2019 农村条例 mandates it is
// UNCONFIRMED); step 4's quorums, vote and notice are the law's ([C], 村民委员会组织法 2018年修正, [39]).
const VILLAGE_LAW = '中华人民共和国村民委员会组织法（2018年修正）';
const VILLAGE_LAW_FROM = '2018-12-29';
const FOUR_TWO_LOCAL = '“四议两公开”工作法（各地实施办法，地方规定）';
const FOUR_TWO_LOCAL_FROM = '2019-01-01';
const half: Share = { numerator: 1, denominator: 2 };
const twoThirds: Share = { numerator: 2, denominator: 3 };

// Platform defaults, not regulation: a configuration (LUOSHI_LAG_THRESHOLD, LUOSHI_REMINDER_DAYS) may override them.
const PLATFORM = '落实平台规则（默认值，可配置）';
const PLATFORM_FROM = '2026-11-23';

// 中办、国办《关于防治形式主义为基层减负若干规定》 (2024-08-06): comprehensive inspections of central departments
// follow an annual plan, at most one a year per department ([C] for them); applied here to the 定期 (comprehensive)
// supervisions of every issuing organisation, of each organisation, hence 'S'. ../shared/domain-rules.md §8.
const BURDEN_REGS = '关于防治形式主义为基层减负若干规定';
const BURDEN_REGS_FROM = '2024-08-06';

// ../shared/domain-rules.md §1–5 sources. Secondary or local ones are tagged 'S' with the document they came from.
const LIFE_LOCAL = '各地“三会一课”制度实施办法（地方规定）';
const APPRAISAL = '关于建立民主评议党员制度的意见';
const APPRAISAL_FROM = '1988-12-01';
const LEADERSHIP_LIFE = '县以上党和国家机关党员领导干部民主生活会若干规定';
const LEADERSHIP_LIFE_FROM = '2016-12-23';
const TALKS_LOCAL = '各地谈心谈话制度实施办法（地方规定）';
const DEVELOPMENT_RULES = '中国共产党发展党员工作细则';
const DEVELOPMENT_RULES_FROM = '2014-05-28';
const DEVELOPMENT_LOCAL = '各地发展党员工作实施办法（地方规定）';
const DUES_RULES = '关于中国共产党党费收缴、使用和管理的规定';
const DUES_RULES_FROM = '2008-04-01';
const EDUCATION_RULES = '中国共产党党员教育管理工作条例';
const EDUCATION_RULES_FROM = '2019-05-06';
const TRANSFER_LOCAL = '党员组织关系转接工作规定（地方实施办法）';
const STAR_LOCAL = '评星定级地方示例（某市 2023 年党支部评星定级办法）';
const STAR_LOCAL_FROM = '2023-01-01';
const WEAK_LOCAL = '整顿软弱涣散基层党组织常见情形（平台清单，归纳自各地通知；未经核实）';
const WEAK_LOCAL_FROM = '2014-01-01';
const REVIEW_RULES = '党委（党组）书记抓基层党建工作述职评议考核办法（试行）（等次未经核实）';
const REVIEW_RULES_FROM = '2019-12-01';
// No national rule sets the handling time of a grid matter: local 网格事项流转处置 rules do (the seed asks for 流转交办、
// 协调处置、结果反馈、督查问效 without numbers). The categories and days below are platform defaults, tagged 'S'.
const GRID_LOCAL = '各地网格事项流转处置办法（地方规定；分类与时限为平台默认值，未经核实）';
const GRID_LOCAL_FROM = '2026-11-23';
// 村级集体经济 (issue 13): the seed's city sets "两个80%" as that year's target; the date of the speech is not given.
const TWO_EIGHTY = '市委党建工作会议讲话：村级集体经济“两个80%”目标（地方规定）';
const TWO_EIGHTY_FROM = '2019-01-01';
const WEAK_VILLAGE_LOCAL = '各地消除集体经济薄弱村工作方案（地方规定；标准各地不一，未经核实）';
const every = (count: number, months: number): Frequency => ({ count, months });

const termOpinion = (years: number): RuleValue<number> => rule(years, TERM_OPINION, '第一条', 'S', TERM_OPINION_FROM);

/**
 * 2024.1: 党章 (2017, unchanged on these points in 2022), 支部工作条例（试行） 2018, 基层组织任期意见 2018,
 * 基层组织选举工作条例 2020, 发展党员工作细则 2014. The reported 2026 revision of the 细则 is UNCONFIRMED
 * and not encoded (its 公示 ≥ 5 working days, vote within 1 month of pre-review, oath within 1 month).
 */
const RULESET_2024_1: RuleSet = {
  version: '2024.1',
  effectiveFrom: '2019-01-01',
  org: {
    minFullMembersForOrg: rule(3, DANGZHANG, '第三十条', 'C', DANGZHANG_2017),
    jointBranchMaxUnits: rule(5, BRANCH_REGS, '第五条', 'S', BRANCH_REGS_FROM),
    branchMaxMembers: rule(50, BRANCH_REGS, '第四条', 'S', BRANCH_REGS_FROM),
    committeeRequiredFromFullMembers: rule(7, BRANCH_REGS, '第二十条', 'S', BRANCH_REGS_FROM),
    committeeSizeMin: rule(3, BRANCH_REGS, '第二十条', 'S', BRANCH_REGS_FROM),
    committeeSizeUsualMax: rule(5, BRANCH_REGS, '第二十条', 'S', BRANCH_REGS_FROM),
    committeeSizeMax: rule(7, BRANCH_REGS, '第二十条', 'S', BRANCH_REGS_FROM),
    secretaryRequired: rule(true, BRANCH_REGS, '第二十条', 'S', BRANCH_REGS_FROM),
    generalBranchMembers: rule({ min: 50, max: 100 }, ORGAN_REGS, '第六条', 'S', ORGAN_REGS_FROM),
    baseCommitteeMinMembers: rule(100, ORGAN_REGS, '第五条', 'S', ORGAN_REGS_FROM),
    termYears: {
      byType: {
        committee: termOpinion(5),
        general_branch: termOpinion(3),
        branch: termOpinion(3),
        joint_branch: termOpinion(3),
      },
      byField: {
        rural: termOpinion(5),
        community: termOpinion(5),
      },
    },
    termYearsRange: rule({ min: 3, max: 5 }, DANGZHANG, '第三十一条', 'C', DANGZHANG_2017),
    reElectionReminderMonths: rule(6, ELECTION_REGS, null, 'S', ELECTION_REGS_FROM),
    reElectionMaxShiftYears: rule(1, ELECTION_REGS, '第三条', 'C', ELECTION_REGS_FROM),
  },
  people: {
    minJoinAge: rule(18, DANGZHANG, '第一条', 'C', DANGZHANG_2017),
    probationYears: rule(1, DANGZHANG, '第七条', 'C', DANGZHANG_2017),
    rosterChecksPerAccount: rule({ max: 10, windowMinutes: 10 }, PLATFORM, null, 'S', PLATFORM_FROM),
  },
  tasks: {
    lagThreshold: rule(0.2, PLATFORM, null, 'S', PLATFORM_FROM),
    startGraceShare: rule(1 / 3, PLATFORM, null, 'S', PLATFORM_FROM),
    reminderDaysBeforeDeadline: rule([7, 1], PLATFORM, null, 'S', PLATFORM_FROM),
  },
  rectify: {
    // 2015 text seen ([C]); whether the 2024-02-08 revision keeps 2 months is UNCONFIRMED, hence 'S' here.
    inspectionRectifyMonths: rule(2, INSPECTION_REGS, '第二十七条', 'S', INSPECTION_REGS_FROM),
    recheckMonths: rule(3, PLATFORM, null, 'S', PLATFORM_FROM),
    ladder: rule({ remind: 1, talk: 15, visit: 30, accountability: 60 }, PLATFORM, null, 'S', PLATFORM_FROM),
  },
  grid: {
    categories: rule(
      [
        { code: 'safety', zh: '安全隐患', en: 'Safety hazard', days: 2 },
        { code: 'dispute', zh: '矛盾纠纷', en: 'Dispute', days: 5 },
        { code: 'environment', zh: '环境卫生', en: 'Environment and sanitation', days: 3 },
        { code: 'facility', zh: '设施维修', en: 'Facilities and repairs', days: 7 },
        { code: 'livelihood', zh: '民生诉求', en: 'Livelihood request', days: 5 },
        { code: 'policy', zh: '政策咨询', en: 'Policy question', days: 3 },
        { code: 'other', zh: '其他', en: 'Other', days: 10 },
      ],
      GRID_LOCAL,
      null,
      'S',
      GRID_LOCAL_FROM,
    ),
    ladder: rule({ remind: 1, superior: 3 }, GRID_LOCAL, null, 'S', GRID_LOCAL_FROM),
    ratings: rule(
      [
        { code: 'satisfied', zh: '满意', en: 'Satisfied', reopens: false },
        { code: 'basic', zh: '基本满意', en: 'Fairly satisfied', reopens: false },
        { code: 'unsatisfied', zh: '不满意', en: 'Not satisfied', reopens: true },
      ],
      GRID_LOCAL,
      null,
      'S',
      GRID_LOCAL_FROM,
    ),
  },
  // "两个80%" is a local target (seed 002, a city's speech), not a national rule: every number is 'S', a default a
  // locality adjusts by its own rules (docs/rules.md). "有稳定集体经济收入" has no national amount: any operating income
  // by default. The 薄弱村 line differs by province (5万元 or 10万元 of operating income): 5万元 here.
  economy: {
    stableIncomeFloor: rule(0, TWO_EIGHTY, null, 'S', TWO_EIGHTY_FROM),
    reachingAmount: rule(50_000, TWO_EIGHTY, null, 'S', TWO_EIGHTY_FROM),
    stableSharePercent: rule(80, TWO_EIGHTY, null, 'S', TWO_EIGHTY_FROM),
    reachingSharePercent: rule(80, TWO_EIGHTY, null, 'S', TWO_EIGHTY_FROM),
    weakBelow: rule(50_000, WEAK_VILLAGE_LOCAL, null, 'S', TWO_EIGHTY_FROM),
  },
  life: {
    generalMeeting: rule(every(1, 3), BRANCH_REGS, '第十一条', 'C', BRANCH_REGS_FROM),
    committeeMeeting: rule(every(1, 1), BRANCH_REGS, '第十二条', 'C', BRANCH_REGS_FROM),
    groupMeeting: rule(every(1, 1), BRANCH_REGS, '第十三条', 'C', BRANCH_REGS_FROM),
    lecture: rule(every(1, 3), LIFE_LOCAL, null, 'S', BRANCH_REGS_FROM),
    themeDay: rule(every(1, 1), LIFE_LOCAL, null, 'S', BRANCH_REGS_FROM),
    lifeMeeting: rule(every(1, 12), BRANCH_REGS, '第十七条', 'C', BRANCH_REGS_FROM),
    appraisal: rule(every(1, 12), APPRAISAL, null, 'C', APPRAISAL_FROM),
    leadershipLifeMeeting: rule(every(1, 12), LEADERSHIP_LIFE, null, 'S', LEADERSHIP_LIFE_FROM),
    generalMeetingQuorum: rule(0.5, BRANCH_REGS, '第十一条', 'C', BRANCH_REGS_FROM),
    passShare: rule(0.5, BRANCH_REGS, '第十一条', 'C', BRANCH_REGS_FROM),
    passStrict: rule(true, BRANCH_REGS, '第十一条', 'S', BRANCH_REGS_FROM),
    committeeQuorum: rule(0.5, BRANCH_REGS, '第十二条', 'C', BRANCH_REGS_FROM),
    leadershipLifeAttendance: rule(2 / 3, LEADERSHIP_LIFE, null, 'S', LEADERSHIP_LIFE_FROM),
    // ../shared/domain-rules.md §1 [S, local]: the 2016 规定 as local rules apply it ([6]).
    leadershipLifeReportDays: rule(15, LEADERSHIP_LIFE, null, 'S', LEADERSHIP_LIFE_FROM),
    // ../shared/domain-rules.md §1 [S] ([2], a local page).
    talks: rule(every(1, 12), TALKS_LOCAL, null, 'S', BRANCH_REGS_FROM),
  },
  development: {
    talkWithinMonths: rule(1, DEVELOPMENT_RULES, null, 'C', DEVELOPMENT_RULES_FROM),
    applicationToActivistMonths: rule(6, DEVELOPMENT_LOCAL, null, 'S', DEVELOPMENT_RULES_FROM),
    activistMinYears: rule(1, DEVELOPMENT_RULES, null, 'C', DEVELOPMENT_RULES_FROM),
    activistAssessMonths: rule(6, DEVELOPMENT_RULES, null, 'S', DEVELOPMENT_RULES_FROM),
    mentors: rule({ min: 1, max: 2 }, DEVELOPMENT_RULES, null, 'S', DEVELOPMENT_RULES_FROM),
    sponsors: rule(2, DANGZHANG, '第五条', 'C', DANGZHANG_2017),
    training: rule({ days: 3, hours: 24 }, DEVELOPMENT_RULES, '第十七条', 'C', DEVELOPMENT_RULES_FROM),
    publicNoticeWorkingDays: rule(5, DEVELOPMENT_LOCAL, null, 'S', DEVELOPMENT_RULES_FROM),
    leavingWithinMonths: rule(3, DEVELOPMENT_RULES, '第十九条', 'C', DEVELOPMENT_RULES_FROM),
    approvalMonths: rule({ normal: 3, max: 6 }, DEVELOPMENT_RULES, null, 'S', DEVELOPMENT_RULES_FROM),
    extensionMonths: rule({ min: 6, max: 12 }, DANGZHANG, '第七条', 'C', DANGZHANG_2017),
    fullMembershipMonths: rule(3, DEVELOPMENT_RULES, null, 'S', DEVELOPMENT_RULES_FROM),
    approvers: rule(
      { types: ['committee', 'working_committee'], excluded: ['village', 'community', 'temporary'] },
      DEVELOPMENT_RULES,
      null,
      'C',
      DEVELOPMENT_RULES_FROM,
    ),
  },
  dues: {
    salaried: rule(
      [
        { upTo: 3000, rate: 0.005 },
        { upTo: 5000, rate: 0.01 },
        { upTo: 10000, rate: 0.015 },
        { upTo: null, rate: 0.02 },
      ],
      DUES_RULES,
      null,
      'C',
      DUES_RULES_FROM,
    ),
    retired: rule(
      [
        { upTo: 5000, rate: 0.005 },
        { upTo: null, rate: 0.01 },
      ],
      DUES_RULES,
      null,
      'C',
      DUES_RULES_FROM,
    ),
    farmer: rule({ min: 0.2, max: 1 }, DUES_RULES, null, 'C', DUES_RULES_FROM),
    minimal: rule(0.2, DUES_RULES, null, 'C', DUES_RULES_FROM),
    backPayMonths: rule(6, DUES_RULES, null, 'S', DUES_RULES_FROM),
    lapseMonths: rule(6, DANGZHANG, '第九条', 'C', DANGZHANG_2017),
    arrangements: rule(['monthly', 'quarterly', 'proxy'], DUES_RULES, null, 'S', DUES_RULES_FROM),
    extraToCentre: rule(1000, DUES_RULES, null, 'C', DUES_RULES_FROM),
  },
  transfer: {
    awayMonths: rule(6, EDUCATION_RULES, '第二十五条', 'C', EDUCATION_RULES_FROM),
    letterValidMonths: rule({ normal: 3, crossProvince: 6 }, TRANSFER_LOCAL, null, 'S', EDUCATION_RULES_FROM),
    lostContactMonths: rule(6, EDUCATION_RULES, '第二十四条', 'C', EDUCATION_RULES_FROM),
  },
  burden: {
    supervisionsPerIssuerPerYear: rule(1, BURDEN_REGS, null, 'S', BURDEN_REGS_FROM),
    // No regulation gives per-organisation numbers (the 2019 notice cuts documents, meetings and inspections by a
    // share: 30–50%, ≥ 50% in provincial rules); these are platform defaults, set per installation
    // (LUOSHI_BURDEN_CAPS).
    caps: rule(
      {
        grassroots: { assignment: { max: 30, per: 'month' }, supervision: { max: 4, per: 'year' } },
        committee: { assignment: { max: 60, per: 'month' }, supervision: { max: 6, per: 'year' } },
      },
      PLATFORM,
      null,
      'S',
      PLATFORM_FROM,
    ),
  },
  assess: {
    excellentMaxShare: rule({ numerator: 1, denominator: 3 }, APPRAISAL, null, 'C', APPRAISAL_FROM),
    // No national standard (../shared/domain-rules.md §9): a city's example (A, 2023), tagged 'S', a default only.
    starBands: rule(
      [
        { level: 5, min: 90 },
        { level: 4, min: 80 },
        { level: 3, min: 70 },
        { level: 2, min: 60 },
        { level: 1, min: 0 },
      ],
      STAR_LOCAL,
      null,
      'S',
      STAR_LOCAL_FROM,
    ),
    starQuota: rule([{ level: 5, maxShare: 0.3 }], STAR_LOCAL, null, 'S', STAR_LOCAL_FROM),
    // A platform default (no source names a horizon): the week before a correction deadline.
    handlingDueSoonDays: rule(7, PLATFORM, null, 'S', PLATFORM_FROM),
    // A platform default (no source sets a time limit for the decision): a month after the roster's day; the branch
    // may set its own day when it opens the appraisal.
    appraisalDecideDays: rule(30, PLATFORM, null, 'S', PLATFORM_FROM),
    // ../shared/domain-rules.md lists no 软弱涣散 situations: the platform's checklist, drawn from the situations
    // local 整顿软弱涣散基层党组织 notices commonly name; tagged 'S' and editable in a new rule set.
    weakReasons: rule(
      [
        {
          code: 'leadership',
          zh: '班子配备不齐、书记长期缺职或不胜任',
          en: 'Leadership incomplete or secretary unfit',
        },
        { code: 'disunity', zh: '班子不团结、内耗严重', en: 'Leadership divided' },
        { code: 'noActivities', zh: '组织制度形同虚设、长期不开展组织生活', en: 'No organisational life' },
        { code: 'election', zh: '不按期换届或换届不规范', en: 'Re-election late or irregular' },
        { code: 'affairs', zh: '村务、财务管理混乱', en: 'Village or financial affairs in disorder' },
        { code: 'interference', zh: '宗族宗教、黑恶势力干扰渗透', en: 'Clan, religious or criminal interference' },
        { code: 'disputes', zh: '信访矛盾纠纷集中、社会治安问题突出', en: 'Petitions, disputes and order problems' },
        { code: 'service', zh: '服务意识差、能力弱，群众意见大', en: 'Poor service; the public dissatisfied' },
        { code: 'economy', zh: '集体经济薄弱、发展思路不清', en: 'Weak collective economy' },
      ],
      WEAK_LOCAL,
      null,
      'S',
      WEAK_LOCAL_FROM,
    ),
    // Example A's lowest band (★1 below 60, ../shared/domain-rules.md §9), a local example: a default only.
    weakAssessmentBelow: rule(60, STAR_LOCAL, null, 'S', STAR_LOCAL_FROM),
    // ../shared/domain-rules.md §10: 好/较好/一般/差 is UNCONFIRMED (the 办法 text was not found; a local variant is
    // 优秀/称职/基本称职/不称职): a default only, and a round may set its own list.
    reviewGrades: rule(
      [
        { code: 'good', zh: '好', en: 'Good', favourable: true },
        { code: 'fairlyGood', zh: '较好', en: 'Fairly good', favourable: true },
        { code: 'average', zh: '一般', en: 'Average', favourable: false },
        { code: 'poor', zh: '差', en: 'Poor', favourable: false },
      ],
      REVIEW_RULES,
      null,
      'S',
      REVIEW_RULES_FROM,
    ),
  },
  village: {
    assemblyMatters: rule(
      [
        { code: 'allowance', zh: '本村享受误工补贴的人员及补贴标准', en: 'Who receives allowances, and how much' },
        { code: 'collectiveIncome', zh: '从村集体经济所得收益的使用', en: 'Use of the collective economy’s income' },
        {
          code: 'publicWorks',
          zh: '本村公益事业的兴办和筹资筹劳方案及建设承包方案',
          en: 'Public works: funding, labour and construction contracts',
        },
        { code: 'landContract', zh: '土地承包经营方案', en: 'Land contracting plan' },
        {
          code: 'collectiveProject',
          zh: '村集体经济项目的立项、承包方案',
          en: 'Collective projects and their contracts',
        },
        { code: 'homestead', zh: '宅基地的使用方案', en: 'Use of homestead land' },
        {
          code: 'requisitionCompensation',
          zh: '征地补偿费的使用、分配方案',
          en: 'Use and distribution of land requisition compensation',
        },
        {
          code: 'propertyDisposal',
          zh: '以借贷、租赁或者其他方式处分村集体财产',
          en: 'Disposal of collective property (loan, lease or otherwise)',
        },
        {
          code: 'assemblyOther',
          zh: '村民会议认为应当由村民会议讨论决定的涉及村民利益的其他事项',
          en: 'Other matters the assembly decides to decide itself',
        },
      ],
      VILLAGE_LAW,
      '第二十四条',
      'C',
      VILLAGE_LAW_FROM,
    ),
    steps: rule(
      [
        { step: 'proposal', requiredFor: 'all' },
        { step: 'deliberation', requiredFor: 'all' },
        { step: 'review', requiredFor: 'all' },
        { step: 'resolution', requiredFor: 'assemblyMatters' },
        { step: 'disclosure', requiredFor: 'all' },
        { step: 'result', requiredFor: 'all' },
      ],
      FOUR_TWO_LOCAL,
      null,
      'S',
      FOUR_TWO_LOCAL_FROM,
    ),
    mergeWhenOneShoulder: rule(true, FOUR_TWO_LOCAL, null, 'S', FOUR_TWO_LOCAL_FROM),
    memberMeetingQuorum: rule(twoThirds, FOUR_TWO_LOCAL, null, 'S', FOUR_TWO_LOCAL_FROM),
    memberMeetingPass: rule(half, FOUR_TWO_LOCAL, null, 'S', FOUR_TWO_LOCAL_FROM),
    assemblyQuorum: rule({ adults: half, households: twoThirds }, VILLAGE_LAW, '第二十二条', 'C', VILLAGE_LAW_FROM),
    representativeQuorum: rule(twoThirds, VILLAGE_LAW, '第二十六条', 'C', VILLAGE_LAW_FROM),
    // 第二十二条 (村民会议) and 第二十六条 (村民代表会议) say the same: 到会人员的过半数.
    resolutionPass: rule(half, VILLAGE_LAW, '第二十二条、第二十六条', 'C', VILLAGE_LAW_FROM),
    assemblyNoticeDays: rule(10, VILLAGE_LAW, '第二十一条', 'C', VILLAGE_LAW_FROM),
    // No source gives a number (local rules say 及时公开): a platform default, set per locality (地方规定).
    disclosureDays: rule(7, PLATFORM, null, 'S', PLATFORM_FROM),
  },
  cadre: {
    // 备案管理 is named by the seeds and by provincial practice; no national text seen gives a deadline or a list of
    // checks: platform defaults from common local practice (县级党委组织部备案、资格联审), set per locality (地方规定).
    secretaryFilingDueDays: rule(30, PLATFORM, null, 'S', PLATFORM_FROM),
    secretaryFilingChecks: rule(
      ['政治素质', '廉洁自律', '无违法犯罪记录', '无涉黑涉恶', '任职资格（年龄、学历）', '群众公认'],
      PLATFORM,
      null,
      'S',
      PLATFORM_FROM,
    ),
    // 年轻干部 and 领导班子结构: the seeds ask for 老中青 and a share of young cadres "by an age rule configurable per
    // level"; no national text seen fixes the ages: common local practice, set per locality (地方规定).
    ageGradient: rule({ youngMax: 40, middleMax: 50 }, PLATFORM, null, 'S', PLATFORM_FROM),
    youngCadreMaxAge: rule(
      { committee: 40, village: 35, community: 35, branch: 35 },
      PLATFORM,
      null,
      'S',
      PLATFORM_FROM,
    ),
    teamStructure: rule({ minWomen: 1, minYoung: 1, maxMeanAge: 50 }, PLATFORM, null, 'S', PLATFORM_FROM),
    poolCategories: rule(
      [
        { code: 'village_reserve', zh: '村（社区）党组织书记后备人选', en: 'Village / community secretary reserve' },
        { code: 'town_young', zh: '乡镇（街道）年轻干部', en: 'Town young cadre' },
        { code: 'professional', zh: '专业型年轻干部', en: 'Young professional cadre' },
        { code: 'returnee', zh: '返乡优秀青年', en: 'Returning young talent' },
      ],
      PLATFORM,
      null,
      'S',
      PLATFORM_FROM,
    ),
    postRanks: rule(
      [
        '正处级',
        '副处级',
        '正科级',
        '副科级',
        '一级主任科员',
        '二级主任科员',
        '三级主任科员',
        '四级主任科员',
        '一级科员',
        '二级科员',
        '事业编',
        '其他',
      ],
      PLATFORM,
      null,
      'S',
      PLATFORM_FROM,
    ),
    reElectionRequestMonths: rule(2, ELECTION_REGS, null, 'S', ELECTION_REGS_FROM),
  },
};

/** All rule sets, oldest first. Add a new set (never edit an old one) when a regulation changes. */
export const RULESETS: readonly RuleSet[] = [RULESET_2024_1];

/**
 * The rule set in force on a date: the latest whose effectiveFrom ≤ date. A date before the first set
 * gets the first set, so old records are still judged by the oldest rules the platform knows.
 */
export function ruleSetOn(date: string): RuleSet {
  let chosen: RuleSet | undefined;
  for (const set of RULESETS) {
    if (
      compareIso(set.effectiveFrom, date) <= 0 &&
      (!chosen || compareIso(set.effectiveFrom, chosen.effectiveFrom) > 0)
    ) {
      chosen = set;
    }
  }
  const first = RULESETS[0];
  if (chosen) return chosen;
  if (!first) throw new Error('no rule set defined');
  return first;
}

/** The citation of a rule value, without its value (what a finding carries). */
export function refOf(r: RuleValue<unknown>): RuleRef {
  return { source: r.source, article: r.article, confidence: r.confidence };
}
