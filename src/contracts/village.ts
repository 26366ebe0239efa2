import { z } from 'zod';
import { RESOLUTION_BODIES, VILLAGE_CASE_STATES, VILLAGE_FLAGS, VILLAGE_STEPS } from '../domain/village/vocab.ts';
import { isoDate, orgRef } from './common.ts';
import { messageRef } from './messages.ts';

/** 四议两公开 (village decisions, area village): /api/village-decisions… Shapes in docs/village.md. */

const year = z.coerce.number().int().min(2000).max(2100);
const bilingual = z.object({ zh: z.string(), en: z.string() });
const flagQuery = z.enum(['true', 'false']).optional();
const count = z.number().int('人数应为整数').min(0, '人数不能为负').max(1_000_000, '人数过大');

export const villageListQuery = z.object({
  orgId: orgRef.query(),
  /** The year the cases were opened in (default: every year). */
  year: year.optional(),
  state: z.enum(VILLAGE_CASE_STATES).optional(),
  /** true: only cases with a flag (lateness included). */
  flagged: flagQuery,
  /** true: only cases whose disclosure is late. */
  late: flagQuery,
});
/** The list's query as a client sends it. */
export type VillageListQuery = {
  orgId: number;
  year?: number | undefined;
  state?: (typeof VILLAGE_CASE_STATES)[number] | undefined;
  flagged?: 'true' | 'false' | undefined;
  late?: 'true' | 'false' | undefined;
};

export const villageCountsQuery = z.object({ orgId: orgRef.query(), year: year.optional() });

export const createVillageCaseBody = z.object({
  /** A village- or community-level organisation (unitLevel) in the caller's scope. */
  orgId: orgRef(),
  /** A 第二十四条 matter's code (RuleSet.village.assemblyMatters) or 'otherMajor'. */
  kind: z.string().trim().min(1, '请选择事项类别').max(40),
  matter: z.string().trim().min(1, '请填写事项名称').max(200, '事项名称不超过 200 字'),
  note: z.string().trim().max(2000).optional(),
});
export type CreateVillageCaseBody = z.input<typeof createVillageCaseBody>;

/**
 * One step as the village records it. The counts a step uses: 党员大会审议 due (应到党员), present, yes; 村民代表会议
 * due (代表), present, yes; 村民会议 the villagers aged 18+ as due and/or the households, present, yes, noticeOn.
 */
export const recordStepBody = z.object({
  step: z.enum(VILLAGE_STEPS),
  heldOn: isoDate,
  /** With the proposal: the 两委 deliberation held together with it (一肩挑). */
  mergeDeliberation: z.boolean().optional(),
  body: z.enum(RESOLUTION_BODIES).optional(),
  noticeOn: isoDate.optional(),
  due: count.optional(),
  present: count.optional(),
  households: count.optional(),
  householdsPresent: count.optional(),
  yes: count.optional(),
  no: count.optional(),
  abstain: count.optional(),
  /** 公开方式 (村务公开栏, 微信群 …) for a disclosure. */
  form: z.string().trim().max(200).optional(),
  /** Minutes of the meeting, or the text disclosed. */
  minutes: z.string().trim().max(5000).optional(),
  /** Replaces the last step recorded (a correction is a new row; the earlier one is kept). */
  correction: z.boolean().optional(),
  reason: z.string().trim().max(500).optional(),
});
export type RecordStepBody = z.input<typeof recordStepBody>;

export const villageRuleCite = z.object({
  id: z.string(),
  source: z.string(),
  article: z.string().nullable(),
  tag: z.enum(['C', 'S']),
});

export const villageFlag = z.object({
  flag: z.enum(VILLAGE_FLAGS),
  step: z.enum(VILLAGE_STEPS),
  message: z.string(),
  msg: messageRef,
  rule: villageRuleCite,
});
export type VillageFlagItem = z.infer<typeof villageFlag>;

export const villageCounts = z.object({
  total: z.number().int(),
  open: z.number().int(),
  done: z.number().int(),
  rejected: z.number().int(),
  flagged: z.number().int(),
  late: z.number().int(),
});
export type VillageCountsItem = z.infer<typeof villageCounts>;

export const villageKind = z.object({
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  /** A 第二十四条 matter: the assembly's or the representatives' resolution is mandatory. */
  assemblyMatter: z.boolean(),
});

export const villageCaseSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.string(),
  kindLabel: bilingual,
  assemblyMatter: z.boolean(),
  matter: z.string(),
  openedOn: z.string(),
  state: z.enum(VILLAGE_CASE_STATES),
  next: z.enum(VILLAGE_STEPS).nullable(),
  /** The day of each step recorded (null: not recorded). */
  stepDays: z.record(z.enum(VILLAGE_STEPS), z.string().nullable()),
  decidedOn: z.string().nullable(),
  disclosureDueOn: z.string().nullable(),
  disclosedOn: z.string().nullable(),
  late: z.boolean(),
  flags: z.array(villageFlag),
});
export type VillageCaseSummary = z.infer<typeof villageCaseSummary>;

export const villageStepItem = z.object({
  id: z.number().int(),
  step: z.enum(VILLAGE_STEPS),
  heldOn: z.string(),
  merged: z.boolean(),
  oneShoulder: z.boolean().nullable(),
  body: z.enum(RESOLUTION_BODIES).nullable(),
  noticeOn: z.string().nullable(),
  due: z.number().int().nullable(),
  present: z.number().int().nullable(),
  households: z.number().int().nullable(),
  householdsPresent: z.number().int().nullable(),
  yes: z.number().int().nullable(),
  no: z.number().int().nullable(),
  abstain: z.number().int().nullable(),
  /** A voting step's outcome; null for the others. */
  passed: z.boolean().nullable(),
  form: z.string(),
  minutes: z.string(),
  /** How many earlier rows this step's corrections replaced, and the last correction's reason. */
  corrections: z.number().int(),
  reason: z.string(),
  actorName: z.string(),
  createdAt: z.string(),
  files: z.array(
    z.object({ id: z.number().int(), filename: z.string(), mime: z.string(), sizeBytes: z.number().int() }),
  ),
});
export type VillageStepItem = z.infer<typeof villageStepItem>;

export const villageCaseDetail = villageCaseSummary.extend({
  note: z.string(),
  actorName: z.string(),
  createdAt: z.string(),
  /** The server's today (Asia/Shanghai): the latest day a step may bear. */
  today: z.string(),
  /** Whether the caller may record steps (the village itself, or above it, with the right to report). */
  canRecord: z.boolean(),
  /** The steps the kind makes mandatory, in order. */
  required: z.array(z.enum(VILLAGE_STEPS)),
  /** The village today: its secretary, whether 一肩挑, its members (the default 应到 of the members' meeting). */
  village: z.object({
    secretaryName: z.string().nullable(),
    oneShoulder: z.boolean(),
    members: z.number().int(),
    /** Where the steps may merge under 一肩挑 (the rule in force). */
    mergeAllowed: z.boolean(),
  }),
  steps: z.array(villageStepItem),
});
export type VillageCaseDetail = z.infer<typeof villageCaseDetail>;

export const villageList = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  /** Whether the organisation itself is a village (or community): cases are opened there. */
  isVillage: z.boolean(),
  canRecord: z.boolean(),
  today: z.string(),
  items: z.array(villageCaseSummary),
  /** Items left out beyond the list's limit (the counts cover every case). */
  omitted: z.number().int(),
  counts: villageCounts,
  kinds: z.array(villageKind),
  disclosureDays: z.number().int(),
});
export type VillageList = z.infer<typeof villageList>;

export const villageCountsAnswer = z.object({
  orgId: z.number().int(),
  totals: villageCounts,
  /** Each village (or community) of the subtree with a case. */
  byOrg: z.array(villageCounts.extend({ orgId: z.number().int(), orgName: z.string() })),
});
export type VillageCountsAnswer = z.infer<typeof villageCountsAnswer>;
