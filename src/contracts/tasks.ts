import { z } from 'zod';
import { ORG_TYPES } from '../domain/org/vocab.ts';
import {
  ESCALATION_STEPS,
  PROBLEM_ACTION_KINDS,
  PROBLEM_EVENTS,
  PROBLEM_SEVERITIES,
  PROBLEM_SIDES,
  PROBLEM_SOURCES,
  PROBLEM_STATES,
} from '../domain/rectify/problem-state.ts';
import { ASSIGNMENT_STATES } from '../domain/tasks/assignment-state.ts';
import { PROGRESS_MODES } from '../domain/tasks/progress.ts';
import { TASK_STATUSES } from '../domain/tasks/vocab.ts';
import { burdenReason, burdenWarning } from './burden.ts';
import { deploymentRef, isoDate, ledgerEntryRef, orgRef, pageQuery, personRef, problemRef, taskRef } from './common.ts';
import { messageRef } from './messages.ts';
import { importIssue, importSkippedRow, MAPPING_MATCHED_BY } from './people.ts';

export const progressMode = z.enum(PROGRESS_MODES);
/** Where the receivers' figures come from when they are read from records (domain/tasks/figure-source.ts). */
export const figureSource = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('stars'),
    year: z.number().int(),
    minLevel: z.number().int(),
    maxLevel: z.number().int().nullable().default(null),
  }),
  /** 村级集体经济收入 (issue 13): 经营性收入 of the year in 万元, a village's own or the total of a subtree's villages. */
  z.object({ kind: z.literal('villageIncome'), year: z.number().int() }),
  /** The villages of the receiver's subtree with 经营性收入 above 0 and at least minAmount 万元 (0: any). */
  z.object({ kind: z.literal('villagesReaching'), year: z.number().int(), minAmount: z.number() }),
  z.object({ kind: z.literal('oneShoulder') }),
]);
export type FigureSourceBody = z.input<typeof figureSource>;
export const assignmentState = z.enum(ASSIGNMENT_STATES);
export const displayState = z.enum([
  'not_started',
  'in_progress',
  'submitted',
  'done',
  'cancelled',
  'overdue',
  'lagging',
]);
export const assignmentEvent = z.enum(['start', 'submit', 'accept', 'return', 'reopen', 'cancel']);

export const rollup = z.object({
  assigned: z.number().int(),
  notStarted: z.number().int(),
  inProgress: z.number().int(),
  submitted: z.number().int(),
  done: z.number().int(),
  doneOnTime: z.number().int(),
  overdue: z.number().int(),
  lagging: z.number().int(),
  figureSum: z.number(),
  reached: z.number().int(),
  /** Work that is due: done, or past its deadline. The rates below count due work only. */
  due: z.number().int(),
  /** Assigned work not yet due: shown, never counted against anybody. */
  notYetDue: z.number().int(),
  /** done / due; null while nothing is due. */
  completionRate: z.number().nullable(),
  /** done on time / due; null while nothing is due. */
  onTimeRate: z.number().nullable(),
  progress: z.number().nullable(),
  progressLabel: z.string(),
  /** The label by key of the shared message table (src/domain/messages.ts), for clients in another language. */
  progressMsg: messageRef,
});
export type Rollup = z.infer<typeof rollup>;

export const taskSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  deploymentId: z.number().int().nullable(),
  deploymentTitle: z.string().nullable(),
  parentAssignmentId: z.number().int().nullable(),
  title: z.string(),
  progressMode: progressMode,
  targetValue: z.number().nullable(),
  targetUnit: z.string().nullable(),
  shareThreshold: z.number().nullable(),
  /** Null: the receivers type their figures into the ledger; otherwise the records they are counted from. */
  figureSource: figureSource.nullable(),
  /** The source in words ({zh, en}), null without one. */
  figureSourceText: z.object({ zh: z.string(), en: z.string() }).nullable(),
  deadline: z.string().nullable(),
  deadlineText: z.string().nullable(),
  leadOrgId: z.number().int().nullable(),
  leadOrgName: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  /** Completion across the subtree of the organisation the list was asked for. */
  rollup: rollup.nullable(),
});
export type TaskSummary = z.infer<typeof taskSummary>;

export const taskDetail = taskSummary.extend({
  requirement: z.string(),
  bodiesText: z.string().nullable(),
  responsiblePersonId: z.number().int().nullable(),
  responsiblePersonName: z.string().nullable(),
  cooperators: z.array(z.object({ id: z.number().int(), name: z.string() })),
  problems: z.array(z.object({ id: z.number().int(), title: z.string() })),
  spanStart: z.number().int().nullable(),
  spanEnd: z.number().int().nullable(),
  /** The caller may edit and assign it (its owner is in the caller's scope and the role may assign). */
  canManage: z.boolean(),
  /** Its leaders' instructions not yet closed (落实中, 已回复) that the caller may see. */
  instructionCount: z.number().int(),
});
export type TaskDetail = z.infer<typeof taskDetail>;

export const taskListQuery = z.object({
  orgId: orgRef.query().optional(),
  deploymentId: deploymentRef.query().optional(),
  status: z.enum(TASK_STATUSES).optional(),
  q: z.string().trim().max(50).optional(),
  /** own = tasks created by the organisation itself; all = by any organisation in its subtree */
  owner: z.enum(['own', 'subtree']).default('subtree'),
  ...pageQuery,
});
/** What a client fills in; the web's `toQuery` writes it as the query string this schema parses. */
export type TaskListParams = Partial<z.output<typeof taskListQuery>>;

const taskFields = {
  title: z.string().trim().min(1, '任务名称不能为空').max(300),
  requirement: z.string().max(20000),
  progressMode,
  targetValue: z.number().min(0).nullable(),
  targetUnit: z.string().trim().max(20).nullable(),
  shareThreshold: z.number().min(0).nullable(),
  figureSource: figureSource.nullable(),
  deadline: isoDate.nullable(),
  leadOrgId: orgRef().nullable(),
  cooperatorOrgIds: orgRef.list(200),
  responsiblePersonId: personRef().nullable(),
  problemIds: problemRef.list(200),
};
export const createTaskBody = z.object(taskFields).partial().required({ title: true }).extend({ orgId: orgRef() });
export type CreateTaskBody = z.input<typeof createTaskBody>;
export const updateTaskBody = z
  .object({ ...taskFields, status: z.enum(TASK_STATUSES) })
  .partial()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容');
export type UpdateTaskBody = z.input<typeof updateTaskBody>;

/** Assign to picked organisations, or by rule: every organisation of these types/fields under a node. */
export const assignBody = z
  .object({
    orgIds: orgRef.list(20000).optional(),
    rule: z
      .object({
        underOrgId: orgRef(),
        types: z.array(z.enum(ORG_TYPES)).min(1),
        fields: z.array(z.string()).optional(),
      })
      .optional(),
    deadline: isoDate.optional(),
    targetPerOrg: z.number().min(0).optional(),
    /** The count the user confirmed in the preview: the assignment is refused (409) when the receivers differ. */
    expectedCount: z.number().int().min(0).optional(),
    /** Required when the assignment takes an organisation over a burden cap (基层减负); kept with it. */
    burdenReason: burdenReason.optional(),
  })
  .refine((b) => (b.orgIds && b.orgIds.length > 0) || b.rule, '请选择接收组织，或给出按规则下发的条件');
export type AssignBody = z.input<typeof assignBody>;

export const assignResult = z.object({
  created: z.number().int(),
  skipped: z.number().int(),
  orgIds: z.array(z.number().int()),
  /** The batch the new assignments form (withdrawable whole while nobody started); null when none was created. */
  batchId: z.number().int().nullable(),
});
export type AssignResult = z.infer<typeof assignResult>;

/** What a 下发 would do: how many organisations receive it, which (the first ones), and how many already have it. */
export const assignPreview = z.object({
  count: z.number().int(),
  alreadyAssigned: z.number().int(),
  orgs: z.array(z.object({ id: z.number().int(), name: z.string(), parentName: z.string().nullable() })),
  truncated: z.boolean(),
  /** The receivers it would take over a burden cap: the issuer must then give a reason. */
  burden: burdenWarning,
});
export type AssignPreview = z.infer<typeof assignPreview>;

export const assignmentBatch = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  createdAt: z.string(),
  createdByName: z.string(),
  byRule: z.boolean(),
  size: z.number().int(),
  open: z.number().int(),
  started: z.number().int(),
  withdrawnAt: z.string().nullable(),
  withdrawnByName: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  canWithdraw: z.boolean(),
});
export type AssignmentBatch = z.infer<typeof assignmentBatch>;

export const withdrawBatchBody = z.object({ reason: z.string().trim().min(1, '请填写撤回理由').max(1000) });
export type WithdrawBatchBody = z.input<typeof withdrawBatchBody>;

/** 催办: an optional note to the receivers. */
export const chaseBody = z.object({ note: z.string().trim().max(500).optional() });
export type ChaseBody = z.input<typeof chaseBody>;
export const chaseResult = z.object({
  /** Receivers reminded now. */
  chased: z.number().int(),
  /** Already chased today (one reminder a day per assignment). */
  alreadyToday: z.number().int(),
});
export type ChaseResult = z.infer<typeof chaseResult>;

export const assignmentSummary = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  taskTitle: z.string(),
  deploymentTitle: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  /** The receiver's parent, to tell apart the many 第一党支部. */
  orgParentName: z.string().nullable(),
  assignerOrgId: z.number().int(),
  assignerOrgName: z.string(),
  assignedOn: z.string(),
  deadline: z.string().nullable(),
  state: assignmentState,
  displayState,
  progressMode,
  targetValue: z.number().nullable(),
  targetUnit: z.string().nullable(),
  /** The task's figures are read from records (in words); the receiver types none. Null: typed into the ledger. */
  figureSourceText: z.object({ zh: z.string(), en: z.string() }).nullable(),
  figure: z.number(),
  progress: z.number().nullable(),
  doneOn: z.string().nullable(),
  lastEntryAt: z.string().nullable(),
  subTaskId: z.number().int().nullable(),
});
export type AssignmentSummary = z.infer<typeof assignmentSummary>;

export const evidenceFile = z.object({
  id: z.number().int(),
  filename: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int(),
});

export const ledgerEntry = z.object({
  id: z.number().int(),
  entryDate: z.string(),
  text: z.string(),
  figure: z.number().nullable(),
  correctsId: z.number().int().nullable(),
  /** Superseded by a later correction (its figure no longer counts). */
  superseded: z.boolean(),
  createdByName: z.string(),
  createdAt: z.string(),
  files: z.array(evidenceFile),
});
export type LedgerEntry = z.infer<typeof ledgerEntry>;

export const assignmentHistoryItem = z.object({
  at: z.string(),
  actorName: z.string(),
  event: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  reason: z.string().nullable(),
});

export const assignmentDetail = assignmentSummary.extend({
  task: taskDetail,
  history: z.array(assignmentHistoryItem),
  ledger: z.array(ledgerEntry),
  /** What the caller may do now, as assigner or receiver. */
  allowedEvents: z.array(assignmentEvent),
  canRecord: z.boolean(),
  canDecompose: z.boolean(),
  /** The assigner may 催办 (chase up) this receiver: the work is open. */
  canChase: z.boolean(),
});
export type AssignmentDetail = z.infer<typeof assignmentDetail>;

export const assignmentListQuery = z.object({
  orgId: orgRef.query().optional(),
  taskId: taskRef.query().optional(),
  deploymentId: deploymentRef.query().optional(),
  displayState: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(displayState))
    .optional(),
  deadlineFrom: isoDate.optional(),
  deadlineTo: isoDate.optional(),
  /** true = only assignments received by the organisation itself (not its subtree) */
  own: z.enum(['true', 'false']).default('false'),
  sort: z.enum(['deadline', 'assignedOn', 'org']).default('deadline'),
  ...pageQuery,
});
/** displayState is a list here; `toQuery` writes it as the comma list the schema splits. */
export type AssignmentListParams = Partial<z.output<typeof assignmentListQuery>>;

export const eventBody = z.object({ event: assignmentEvent, reason: z.string().trim().max(1000).optional() });
export type EventBody = z.input<typeof eventBody>;

export const ledgerFields = z.object({
  text: z.string().trim().min(1, '请填写进展情况').max(5000),
  entryDate: isoDate,
  figure: z.coerce.number().min(0).optional(),
  correctsId: ledgerEntryRef.query().optional(),
});
/** The multipart fields as parsed (the client sends them as form strings). */
export type LedgerFields = z.output<typeof ledgerFields>;

export const decomposeBody = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  requirement: z.string().max(20000).optional(),
});
export type DecomposeBody = z.input<typeof decomposeBody>;

export const problemState = z.enum(PROBLEM_STATES);
export const problemSeverity = z.enum(PROBLEM_SEVERITIES);
export const problemSource = z.enum(PROBLEM_SOURCES);

export const problemSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  /** The issuing side (交办方): the organisation that found or assigned the problem and verifies its closure. */
  issuerOrgId: z.number().int(),
  issuerOrgName: z.string(),
  deploymentId: z.number().int().nullable(),
  deploymentTitle: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  source: problemSource,
  category: z.string(),
  severity: problemSeverity,
  state: problemState,
  foundOn: z.string(),
  deadline: z.string().nullable(),
  /** Days past the deadline today (0 when not overdue); the escalation step the ladder suggests then. */
  daysOverdue: z.number().int(),
  escalation: z.enum(ESCALATION_STEPS).nullable(),
  responsiblePerson: z.string().nullable(),
  closedOn: z.string().nullable(),
  recheckDue: z.string().nullable(),
  recheckedOn: z.string().nullable(),
  tasks: z.array(z.object({ id: z.number().int(), title: z.string() })),
  createdAt: z.string(),
});
export type ProblemSummary = z.infer<typeof problemSummary>;

export const problemListQuery = z.object({
  orgId: orgRef.query().optional(),
  deploymentId: deploymentRef.query().optional(),
  state: problemState.optional(),
  source: problemSource.optional(),
  /** Only the problems past their deadline and not closed. */
  overdue: z.enum(['true', 'false']).default('false'),
  ...pageQuery,
});
export type ProblemListParams = Partial<z.output<typeof problemListQuery>>;

export const createProblemBody = z.object({
  orgId: orgRef(),
  /** The issuing side: an organisation of the caller's scope at or above orgId (default: the caller's own). */
  issuerOrgId: orgRef().optional(),
  title: z.string().trim().min(1).max(300),
  description: z.string().max(20000).optional(),
  source: problemSource.optional(),
  category: z.string().trim().max(50).optional(),
  severity: problemSeverity.optional(),
  /** The day it was found or fed back (default today). */
  foundOn: isoDate.optional(),
  /** Default: two months after a 巡视/巡察 feedback (rule set), none otherwise. */
  deadline: isoDate.nullable().optional(),
  taskIds: taskRef.list(200).optional(),
});
export type CreateProblemBody = z.input<typeof createProblemBody>;

export const updateProblemBody = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().max(20000),
    orgId: orgRef(),
    taskIds: taskRef.list(200),
    source: problemSource,
    category: z.string().trim().max(50),
    severity: problemSeverity,
    deadline: isoDate.nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容');
export type UpdateProblemBody = z.input<typeof updateProblemBody>;

export const problemEventBody = z.object({
  event: z.enum(PROBLEM_EVENTS),
  reason: z.string().trim().max(2000).optional(),
  /** 认领: the person who answers for the rectification. */
  person: z.string().trim().max(50).optional(),
  /** 制定措施: measures, each with its deadline. */
  measures: z
    .array(z.object({ text: z.string().trim().max(2000), deadline: isoDate.nullable() }))
    .max(50)
    .optional(),
  /** 报告进展, 申请销号 (what was done and the evidence), 回头看 (what the re-check found). */
  note: z.string().trim().max(5000).optional(),
});
export type ProblemEventBody = z.input<typeof problemEventBody>;

export const problemActionBody = z.object({
  kind: z.enum(PROBLEM_ACTION_KINDS),
  heldOn: isoDate,
  /** 约谈: who talked with whom; 实地督办: who went; 问责: who is held to account. */
  participants: z.string().trim().max(500).optional(),
  content: z.string().trim().min(1).max(5000),
  /** 约谈: what was promised. */
  commitments: z.string().trim().max(5000).optional(),
  /** 问责: the form (批评教育, 诫勉, 通报, 组织调整, 纪律处分 …), as text. */
  form: z.string().trim().max(100).optional(),
  /** 问责: decided by whom. */
  decidedBy: z.string().trim().max(100).optional(),
});
export type ProblemActionBody = z.input<typeof problemActionBody>;

export const problemDetail = problemSummary.extend({
  events: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      actorName: z.string(),
      side: z.enum(PROBLEM_SIDES),
      event: z.enum(PROBLEM_EVENTS),
      fromState: problemState,
      toState: problemState,
      reason: z.string().nullable(),
      person: z.string().nullable(),
      note: z.string().nullable(),
      /** Evidence files sent with the step (报告进展, 申请销号): GET /api/evidence/:id. */
      files: z.array(evidenceFile),
    }),
  ),
  measures: z.array(z.object({ id: z.number().int(), text: z.string(), deadline: z.string() })),
  actions: z.array(
    z.object({
      id: z.number().int(),
      kind: z.enum(PROBLEM_ACTION_KINDS),
      heldOn: z.string(),
      at: z.string(),
      actorName: z.string(),
      participants: z.string(),
      content: z.string(),
      commitments: z.string(),
      form: z.string().nullable(),
      decidedBy: z.string().nullable(),
    }),
  ),
  /** The sides the caller acts on, and the steps it may take now (the buttons). */
  sides: z.object({ issuer: z.boolean(), responsible: z.boolean() }),
  allowedEvents: z.array(z.enum(PROBLEM_EVENTS)),
  /** Its leaders' instructions not yet closed (落实中, 已回复) that the caller may see. */
  instructionCount: z.number().int(),
});
export type ProblemDetail = z.infer<typeof problemDetail>;

/**
 * Importing a problem list (整改清单, POST /api/problems/import): the organisation that imports is the issuing side of
 * every problem; `source` is the 问题来源 of rows that do not name one. Multipart like the roster's (file, or the
 * uploadId of a check; sheets and mapping as JSON fields, see importChoices).
 */
export const problemImportQuery = z.object({
  orgId: orgRef.query(),
  commit: z.enum(['true', 'false']).default('false'),
  source: problemSource.optional(),
});
export type ProblemImportParams = Partial<z.output<typeof problemImportQuery>>;

/** The error workbook of a problem list checked against an organisation (POST /api/problems/import/errors). */
export const problemImportErrorsQuery = problemImportQuery.omit({ commit: true });

export const PROBLEM_IMPORT_ROW_KINDS = ['new', 'existing'] as const;

/**
 * What one valid row does: a new problem, or one already on the list (the same problem text for the same
 * responsible organisation, as a list exported and imported again holds it), which is left as it is.
 */
export const problemImportRow = z.object({
  row: z.number().int(),
  sheet: z.string().optional(),
  kind: z.enum(PROBLEM_IMPORT_ROW_KINDS),
  title: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  responsiblePerson: z.string().nullable(),
  deadline: z.string().nullable(),
  source: problemSource,
  /** The measures the row proposes (kept in the description until the responsible organisation sets its own). */
  measures: z.number().int(),
  /** The problem: the one on the list (existing), or the new one once committed. */
  problemId: z.number().int().nullable(),
});
export type ProblemImportRow = z.infer<typeof problemImportRow>;

export const problemImportResult = z.object({
  committed: z.boolean(),
  /** Rows that are records, over every sheet read. */
  total: z.number().int(),
  valid: z.number().int(),
  /** Problems this import registered (0 unless committed). */
  created: z.number().int(),
  counts: z.object({ new: z.number().int(), existing: z.number().int() }),
  /** The valid rows in file order, at most 1000. */
  rows: z.array(problemImportRow),
  rowsOmitted: z.number().int(),
  errors: z.array(importIssue),
  preview: z.array(z.record(z.string(), z.string())),
  sheets: z.array(z.string()),
  sheetCandidates: z.array(
    z.object({ name: z.string(), hidden: z.boolean(), hasTable: z.boolean(), headerRow: z.number().int().nullable() }),
  ),
  /** The column mapping used: header as written → list field (null: ignored), and how each was matched. */
  mapping: z.record(z.string(), z.string().nullable()),
  matchedBy: z.record(z.string(), z.enum(MAPPING_MATCHED_BY)),
  skipped: z.array(importSkippedRow),
  warnings: z.array(z.string()),
  warningMsgs: z.array(messageRef),
  /** The organisations told of their new problems (one notification each; 0 unless committed). */
  notified: z.number().int(),
  /** As the roster's: the upload a check kept for the next check or the commit. Absent once committed. */
  uploadId: z.string().optional(),
});
export type ProblemImportResult = z.infer<typeof problemImportResult>;

/** The problem list of an organisation's subtree as .xlsx, in the import's columns (GET /api/problems/export). */
export const problemExportQuery = problemListQuery.pick({ orgId: true, state: true, source: true, overdue: true });

/** The responsibility list: computed from tasks and positions (书记 第一责任人, 分管委员 一岗双责). */
export const responsibilityRow = z.object({
  taskId: z.number().int(),
  taskTitle: z.string(),
  leadOrgName: z.string().nullable(),
  responsibleOrgName: z.string(),
  firstResponsible: z.string().nullable(),
  /** The first responsible by key: '{name}（书记）'. */
  firstResponsibleMsg: messageRef.nullable().optional(),
  portfolioResponsible: z.array(z.string()),
  responsiblePerson: z.string().nullable(),
  deadline: z.string().nullable(),
  progressLabel: z.string(),
  progressMsg: messageRef,
});
export type ResponsibilityRow = z.infer<typeof responsibilityRow>;

export const responsibilityQuery = z.object({
  orgId: orgRef.query().optional(),
  deploymentId: deploymentRef.query().optional(),
});
export type ResponsibilityParams = Partial<z.output<typeof responsibilityQuery>>;
/** The list a page at a time (stable interface: `GET /api/responsibilities/paged`). */
export const responsibilityPageQuery = responsibilityQuery.extend(pageQuery);

/** The organisation a dashboard or a week view is asked for (default: the caller's own). */
export const orgViewQuery = z.object({ orgId: orgRef.query().optional() });
export type OrgViewParams = Partial<z.output<typeof orgViewQuery>>;

/** The next pages of a dashboard's tasks (stable interface: `GET /api/dashboard/tasks`). */
export const dashboardTasksQuery = orgViewQuery.extend(pageQuery);

export const dashboard = z.object({
  org: z.object({ id: z.number().int(), name: z.string() }),
  totals: rollup,
  /** The first page of the tasks with a roll-up here, nearest deadline first (`GET /api/dashboard/tasks` pages on). */
  tasks: z.array(taskSummary),
  /** How many tasks have a roll-up here (cancelled ones left out). */
  tasksTotal: z.number().int(),
  /** The `cursor` of `GET /api/dashboard/tasks` for the page after `tasks`; null when they are all. */
  tasksNextCursor: z.string().nullable(),
  children: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      assigned: z.number().int(),
      due: z.number().int(),
      done: z.number().int(),
      doneOnTime: z.number().int(),
      overdue: z.number().int(),
      lagging: z.number().int(),
      /** Completion over due work (done / due); null while nothing is due. */
      rate: z.number().nullable(),
      /** Done on time over due work; null while nothing is due. */
      onTimeRate: z.number().nullable(),
      /** By rate, then on-time rate, then fewer overdue; null while nothing is due. */
      rank: z.number().int().nullable(),
    }),
  ),
  trend: z.array(
    z.object({
      day: z.string(),
      assigned: z.number().int(),
      due: z.number().int(),
      done: z.number().int(),
      overdue: z.number().int(),
      lagging: z.number().int(),
    }),
  ),
});
export type Dashboard = z.infer<typeof dashboard>;

export const notificationItem = z.object({
  id: z.string(),
  orgId: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** Title and body by key of the shared message table; null for a notification stored as text only. */
  titleMsg: messageRef.nullable(),
  bodyMsg: messageRef.nullable(),
  taskId: z.number().int().nullable(),
  assignmentId: z.number().int().nullable(),
  /** The leader's instruction a notification of kind 'instruction' tells of. */
  instructionId: z.number().int().nullable(),
  /** The problem a notification of kind 'problem' tells of. */
  problemId: z.number().int().nullable(),
  /** The 通报 a notification of kind 'notice' tells of (the web opens it). */
  noticeId: z.number().int().nullable(),
  /** The transfer (组织关系转接) a notification of kind 'transfer' tells of (the web opens it). */
  transferId: z.number().int().nullable(),
  /** The assessment round (考核) a notification of kind 'assess' tells of (the web opens it). */
  assessRoundId: z.number().int().nullable(),
  /** The 民主评议党员 a notification of kind 'appraisal' tells of (the web opens it). */
  appraisalId: z.number().int().nullable(),
  /** The grid matter (网格事项) a notification of kind 'grid' tells of. */
  gridMatterId: z.number().int().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});
export type NotificationItem = z.infer<typeof notificationItem>;

export const notificationListQuery = z.object({
  unread: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type NotificationListParams = Partial<z.output<typeof notificationListQuery>>;
/** `unread` counts every unread notification, not only those in `items`. */
export const notificationList = z.object({ items: z.array(notificationItem), unread: z.number().int() });
export type NotificationList = z.infer<typeof notificationList>;

export const weekView = z.object({
  org: z.object({ id: z.number().int(), name: z.string() }),
  weekStart: z.string(),
  weekEnd: z.string(),
  overdue: z.array(assignmentSummary),
  dueThisWeek: z.array(assignmentSummary),
  open: z.array(assignmentSummary),
  recentlyDone: z.array(assignmentSummary),
});
export type WeekView = z.infer<typeof weekView>;
