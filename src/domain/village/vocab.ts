/**
 * 四议两公开 (village decisions, ../shared/domain-rules.md §6) vocabulary: the six steps in their order, the bodies
 * that may resolve, the case states and the flags, with zh-CN and English labels. The matter kinds (村民委员会组织法
 * 第二十四条) are rule values (RuleSet.village.assemblyMatters), not vocabulary: a kind is a number-free rule, but a
 * revision of the law changes the list.
 */

/** 党组织提议 → 两委会议商议 → 党员大会审议 → 村民会议或村民代表会议决议 → 决议公开 → 实施结果公开. */
export const VILLAGE_STEPS = ['proposal', 'deliberation', 'review', 'resolution', 'disclosure', 'result'] as const;
export type VillageStep = (typeof VILLAGE_STEPS)[number];

export const VILLAGE_STEP_LABELS: Record<VillageStep, { zh: string; en: string }> = {
  proposal: { zh: '党组织提议', en: 'Party organisation proposes' },
  deliberation: { zh: '两委会议商议', en: 'Two committees deliberate' },
  review: { zh: '党员大会审议', en: 'Party members’ meeting reviews' },
  resolution: { zh: '村民会议或村民代表会议决议', en: 'Villagers’ assembly or representatives resolve' },
  disclosure: { zh: '决议公开', en: 'Resolution disclosed' },
  result: { zh: '实施结果公开', en: 'Result disclosed' },
};

/** Who resolves in step 4: the villagers' assembly (村民会议) or the representatives' meeting (村民代表会议). */
export const RESOLUTION_BODIES = ['assembly', 'representatives'] as const;
export type ResolutionBody = (typeof RESOLUTION_BODIES)[number];
export const RESOLUTION_BODY_LABELS: Record<ResolutionBody, { zh: string; en: string }> = {
  assembly: { zh: '村民会议', en: 'Villagers’ assembly' },
  representatives: { zh: '村民代表会议', en: 'Villagers’ representatives meeting' },
};

/** open: steps to come; rejected: a vote did not pass (the matter is not carried out); done: the result disclosed. */
export const VILLAGE_CASE_STATES = ['open', 'rejected', 'done'] as const;
export type VillageCaseState = (typeof VILLAGE_CASE_STATES)[number];
export const VILLAGE_CASE_STATE_LABELS: Record<VillageCaseState, { zh: string; en: string }> = {
  open: { zh: '办理中', en: 'In progress' },
  rejected: { zh: '未通过', en: 'Not passed' },
  done: { zh: '已完成', en: 'Completed' },
};

/**
 * A matter kind that is not on the list of 第二十四条 (其他村级重大事项): 四议两公开 applies by the local rule, but the
 * law does not require the assembly's or the representatives' resolution, so step 4 may be left out.
 */
export const OTHER_MATTER = 'otherMajor';
export const OTHER_MATTER_LABEL = { zh: '其他村级重大事项（非第二十四条所列）', en: 'Other major village matter' };

/** Where a case was flagged: [S] rules the platform does not refuse, and the lateness of the disclosure. */
export const VILLAGE_FLAGS = ['reviewQuorum', 'skipped', 'mergedWithoutOneShoulder', 'lateDisclosure'] as const;
export type VillageFlag = (typeof VILLAGE_FLAGS)[number];
export const VILLAGE_FLAG_LABELS: Record<VillageFlag, { zh: string; en: string }> = {
  reviewQuorum: { zh: '党员大会到会不足', en: 'Members’ meeting short of quorum' },
  skipped: { zh: '跳过步骤', en: 'Step skipped' },
  mergedWithoutOneShoulder: { zh: '非一肩挑合并商议', en: 'Merged without one-shoulder' },
  lateDisclosure: { zh: '决议公开逾期', en: 'Disclosure late' },
};

export function isVillageStep(v: string): v is VillageStep {
  return (VILLAGE_STEPS as readonly string[]).includes(v);
}
