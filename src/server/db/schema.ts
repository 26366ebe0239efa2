import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AuthEventKind, AuthEventOutcome } from '../../domain/auth/auth-event.ts';
import type { Role } from '../../domain/auth/roles.ts';
import type { DeploymentStatus, SourceKind } from '../../domain/deploy/vocab.ts';
import type {
  GridEscalationStep,
  GridKind,
  GridMatterEvent,
  GridMatterSource,
  GridMatterState,
  GridSide,
} from '../../domain/grid/grid-matter.ts';
import type { AbsenceReason, MeetingKind } from '../../domain/life/vocab.ts';
import type { OrgStatus, OrgType, PositionTitle, UnitLevel } from '../../domain/org/vocab.ts';
import type {
  DevelopmentCaseState,
  DevelopmentStage,
  DevelopmentStepKind,
} from '../../domain/people/development-steps.ts';
import type { DuesArrangementKind, DuesCategory } from '../../domain/people/dues.ts';
import type { ContactChannel } from '../../domain/people/floating.ts';
import type { Education, Gender, MemberStatus, VillageCommitteePost } from '../../domain/people/vocab.ts';
import type {
  ProblemActionKind,
  ProblemEvent,
  ProblemSeverity,
  ProblemSide,
  ProblemState,
} from '../../domain/rectify/problem-state.ts';
import type {
  InstructionFollowup,
  InstructionSide,
  InstructionState,
  InstructionTargetKind,
} from '../../domain/supervise/instruction.ts';
import type { SupervisionKind } from '../../domain/supervise/sampling.ts';
import type { AssignmentEvent, AssignmentState } from '../../domain/tasks/assignment-state.ts';
import type { ProgressMode } from '../../domain/tasks/progress.ts';
import type { DemandKind, NotificationKind, ProblemSource, TaskStatus } from '../../domain/tasks/vocab.ts';
import type { ResolutionBody, VillageStep } from '../../domain/village/vocab.ts';

/** Row types of the tables, as both engines return them through node-postgres (dates as 'YYYY-MM-DD' strings). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type BigIntId = ColumnType<string, string | number | undefined, never>;

export interface OrgFieldTable {
  code: string;
  name: string;
  sort_order: Generated<number>;
  builtin: Generated<boolean>;
}

export interface OrgTable {
  id: Generated<number>;
  parent_id: number | null;
  path: string;
  region_id: number;
  code: string;
  name: string;
  short_name: string | null;
  type: OrgType;
  field: string | null;
  status: Generated<OrgStatus>;
  dissolved_on: string | null;
  dissolve_reason: string | null;
  established_on: string | null;
  term_started_on: string | null;
  term_years: number | null;
  sort_order: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** 有审批发展党员权限 (granted by the level above). */
  approval_authority: Generated<boolean>;
  /** 临时党组织. */
  temporary: Generated<boolean>;
  /** 村级 / 社区级党组织 (null: neither). */
  unit_level: UnitLevel | null;
}

export interface PersonTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  name: string;
  name_pinyin: Generated<string>;
  name_initials: Generated<string>;
  gender: Gender | null;
  ethnicity: string | null;
  birth_date: string | null;
  education: Education | null;
  id_number: string | null;
  phone: string | null;
  status: MemberStatus;
  applied_on: string | null;
  join_date: string | null;
  full_date: string | null;
  is_floating: Generated<boolean>;
  is_retired: Generated<boolean>;
  /** 村（居）委会职务 (migration 20261231T1200_village_decision): 一肩挑 reads it with the committee positions. */
  village_committee_post: ColumnType<VillageCommitteePost | null, VillageCommitteePost | null | undefined>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrgPositionTable {
  id: Generated<number>;
  org_id: number;
  person_id: number;
  title: PositionTitle;
  portfolio: string | null;
  started_on: string;
  ended_on: string | null;
  created_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  org_id: number;
  person_id: number | null;
  disabled: Generated<boolean>;
  /** Someone else chose the password (a generated demo one, an administrator's): changed at the next login. */
  must_change_password: Generated<boolean>;
  password_changed_at: Date | null;
  last_login_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppSessionTable {
  id: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Date;
  last_seen_at: Timestamp;
}

export interface AuditLogTable {
  id: BigIntId;
  at: Date;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  org_id: number | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
  /** Hashed with the installation's audit key (HMAC); false only for rows written before the key existed. */
  keyed: Generated<boolean>;
  /** The lane of the chain the row belongs to (its prev_hash is the previous row of the same lane). */
  lane: Generated<number>;
}

export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

export interface DeploymentTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  title: string;
  meeting_date: string | null;
  source_kind: SourceKind;
  source_name: string | null;
  source_encoding: string | null;
  stated_date: string | null;
  source_text: string;
  removed: ColumnType<unknown, string, string>;
  outline: ColumnType<unknown, string, string>;
  status: Generated<DeploymentStatus>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  confirmed_at: Date | null;
}

export interface TaskTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  deployment_id: number | null;
  item_key: string | null;
  parent_assignment_id: number | null;
  title: string;
  requirement: Generated<string>;
  span_start: number | null;
  span_end: number | null;
  progress_mode: Generated<ProgressMode>;
  target_value: ColumnType<string | null, number | string | null, number | string | null>;
  target_unit: string | null;
  share_threshold: ColumnType<string | null, number | string | null, number | string | null>;
  deadline: string | null;
  deadline_text: string | null;
  lead_org_id: number | null;
  responsible_person_id: number | null;
  bodies_text: string | null;
  status: Generated<TaskStatus>;
  /** Where the receivers' figures come from when not typed (domain/tasks/figure-source.ts); null: the ledger. */
  figure_source: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskCooperatorTable {
  task_id: number;
  org_id: number;
}

export interface ProblemTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  deployment_id: number | null;
  item_key: string | null;
  title: string;
  description: Generated<string>;
  span_start: number | null;
  span_end: number | null;
  source: Generated<ProblemSource>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  issuer_org_id: number;
  state: Generated<ProblemState>;
  category: Generated<string>;
  severity: Generated<ProblemSeverity>;
  found_on: string;
  deadline: string | null;
  responsible_person: string | null;
  closed_on: string | null;
  recheck_due: string | null;
  rechecked_on: string | null;
}

export interface SupervisionTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  kind: SupervisionKind;
  title: string;
  subject: Generated<string>;
  co_issuers: Generated<string>;
  period_start: string;
  period_end: string;
  sample_under_org_id: number | null;
  sample_rule: ColumnType<unknown, string | null | undefined, string | null>;
  sample_seed: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  sample_candidates: number[] | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface NoticeTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  title: string;
  doc_number: Generated<string>;
  period_start: string;
  period_end: string;
  weights: ColumnType<unknown, string, string>;
  ranking: ColumnType<unknown, string, string>;
  document: ColumnType<unknown, string, string>;
  status: Generated<'draft' | 'published'>;
  created_by: number | null;
  created_at: Timestamp;
  published_at: Date | null;
}

export interface SupervisionTargetTable {
  supervision_id: number;
  org_id: number;
  drawn: boolean;
}

export interface SupervisionTaskTable {
  supervision_id: number;
  task_id: number;
}

export interface SupervisionFindingTable {
  id: Generated<number>;
  supervision_id: number;
  org_id: number;
  text: string;
  severity: Generated<ProblemSeverity>;
  evidence: Generated<string>;
  problem_id: number | null;
  created_by: number | null;
  actor_name: string;
  created_at: Timestamp;
}

/** A leader's instruction (领导批示) on a problem, a finding or a task: exactly one target, by its kind. */
export interface InstructionTable {
  id: Generated<number>;
  target_kind: InstructionTargetKind;
  problem_id: number | null;
  finding_id: number | null;
  task_id: number | null;
  giver_org_id: number;
  /** The organisation that must follow it up (落实单位). */
  org_id: number;
  region_id: number;
  leader_name: string;
  given_on: string;
  text: string;
  asks: Generated<string>;
  reply_due: string | null;
  state: Generated<InstructionState>;
  replied_on: string | null;
  closed_on: string | null;
  created_by: number | null;
  actor_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InstructionFollowupTable {
  id: BigIntId;
  instruction_id: number;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  side: InstructionSide;
  kind: InstructionFollowup;
  from_state: InstructionState;
  to_state: InstructionState;
  text: Generated<string>;
}

export interface ProblemEventTable {
  id: BigIntId;
  problem_id: number;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  side: ProblemSide;
  event: ProblemEvent;
  from_state: ProblemState;
  to_state: ProblemState;
  reason: string | null;
  person: string | null;
  note: string | null;
}

export interface ProblemMeasureTable {
  id: Generated<number>;
  problem_id: number;
  event_id: ColumnType<string, string | number, never>;
  text: string;
  deadline: string;
}

export interface ProblemActionTable {
  id: Generated<number>;
  problem_id: number;
  kind: ProblemActionKind;
  held_on: string;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  participants: Generated<string>;
  content: string;
  commitments: Generated<string>;
  form: string | null;
  decided_by: string | null;
}

export interface ProblemTaskTable {
  problem_id: number;
  task_id: number;
}

type Numeric = ColumnType<string, number | string, number | string>;
type NumericNull = ColumnType<string | null, number | string | null, number | string | null>;

export interface AssignmentTable {
  id: Generated<number>;
  task_id: number;
  org_id: number;
  region_id: number;
  assigner_org_id: number;
  assigned_on: string;
  deadline: string | null;
  target_value: NumericNull;
  state: Generated<AssignmentState>;
  figure: ColumnType<string, number | string | undefined, number | string>;
  progress: NumericNull;
  is_overdue: Generated<boolean>;
  is_lagging: Generated<boolean>;
  is_due: Generated<boolean>;
  /** The 下发 that created it (null for assignments made before batches existed). */
  batch_id: number | null;
  submitted_on: string | null;
  done_on: string | null;
  last_entry_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AssignmentEventTable {
  id: BigIntId;
  assignment_id: number;
  at: Date;
  actor_id: number | null;
  actor_name: string;
  event: AssignmentEvent | 'assign' | 'chase';
  from_state: AssignmentState | null;
  to_state: AssignmentState;
  reason: string | null;
}

export interface LedgerEntryTable {
  id: Generated<number>;
  assignment_id: number;
  region_id: number;
  entry_date: string;
  text: string;
  figure: NumericNull;
  corrects_id: number | null;
  created_by: number | null;
  created_by_name: string;
  created_at: Date;
}

export interface EvidenceFileTable {
  id: Generated<number>;
  /** Exactly one of a ledger entry and a problem event owns a file. */
  ledger_entry_id: number | null;
  problem_event_id: ColumnType<string | null, string | number | null | undefined, never>;
  /** A meeting's evidence (area life). */
  meeting_id: ColumnType<number | null, number | null | undefined, never>;
  /** A 述职评议 report uploaded as a file (area assess): the review event that recorded it. */
  review_event_id: ColumnType<string | null, string | number | null | undefined, never>;
  /** A village's collective income entry (area economy): the statement scanned, a photo of the 公开栏. */
  village_income_id: ColumnType<number | null, number | null | undefined, never>;
  storage: 'disk' | 's3';
  storage_key: string;
  filename: string;
  mime: string;
  size_bytes: ColumnType<string, number, number>;
  sha256: string;
  /** A grid matter's photo (area grid): the report or handling step that carries it. */
  grid_matter_event_id: ColumnType<string | null, string | number | null | undefined, never>;
  created_at: Date;
  /** A step of a 四议两公开 case (area village). */
  village_step_id: ColumnType<number | null, number | null | undefined, never>;
  /** An assessment entry's evidence (area assess, 自评 or 评分 of one indicator). */
  assess_evidence_id: ColumnType<number | null, number | null | undefined, never>;
}

/** An upload of evidence for one indicator of an assessed organisation (migration 20261231T1620); append-only. */
export interface AssessEvidenceTable {
  id: Generated<number>;
  round_id: number;
  org_id: number;
  indicator_id: string;
  side: 'self' | 'score';
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

/** Organisational life (migration 20261229T0900_life). */
export interface MeetingTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  kind: MeetingKind;
  held_on: string;
  start_time: string | null;
  end_time: string | null;
  place: Generated<string>;
  host: Generated<string>;
  topic: string;
  minutes: Generated<string>;
  decisions: Generated<string>;
  task_id: number | null;
  assignment_id: number | null;
  ledger_entry_id: number | null;
  expected_count: number | null;
  present_count: number | null;
  /** A make-up (补开): the first day of the past window of its kind it makes up for (migration 20261230T1100). */
  makes_up_for: ColumnType<string | null, string | null | undefined, string | null>;
  /** 民主生活会: the day its 情况报告 reached the higher level, and a note (migration 20261230T1105). */
  report_sent_on: ColumnType<string | null, string | null | undefined, string | null>;
  report_note: Generated<string>;
  created_by: number | null;
  actor_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingAttendanceTable {
  meeting_id: number;
  person_id: number;
  present: boolean;
  absence_reason: AbsenceReason | null;
  note: Generated<string>;
  voting: boolean;
  committee: Generated<boolean>;
}

export interface MeetingVoteTable {
  meeting_id: number;
  ord: number;
  motion: string;
  yes: number;
  no: number;
  abstain: number;
  should_attend: number;
  present: number;
}

export interface LifeComplianceTable {
  org_id: number;
  year: number;
  region_id: number;
  due: number;
  met: number;
  findings: number;
  pending: number;
  /** Windows due that were made up late (migration 20261230T1100). */
  late: Generated<number>;
  /** 谈心谈话 pairings owed in the year and done (migration 20261230T1110). */
  talk_due: Generated<number>;
  talk_done: Generated<number>;
  checked_on: string;
}

/**
 * 村级集体经济 (migration 20261231T1500_village_income): a village's income of a year or a quarter, by kind, in 元;
 * append-only (a correction names the entry it corrects).
 */
export interface VillageIncomeTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  year: number;
  /** null: the annual statement (全年). */
  quarter: number | null;
  business: ColumnType<string, number | string | undefined, never>;
  contracting: ColumnType<string, number | string | undefined, never>;
  investment: ColumnType<string, number | string | undefined, never>;
  subsidy: ColumnType<string, number | string | undefined, never>;
  other: ColumnType<string, number | string | undefined, never>;
  note: Generated<string>;
  corrects_id: number | null;
  via: 'form' | 'import';
  actor_id: number | null;
  actor_name: string;
  created_at: Timestamp;
}

/** A village's figures of a year as its entries in force give them (domain/economy/income.ts yearFigures); kept. */
export interface VillageIncomeYearTable {
  org_id: number;
  year: number;
  region_id: number;
  business: ColumnType<string, number | string, number | string>;
  contracting: ColumnType<string, number | string, number | string>;
  investment: ColumnType<string, number | string, number | string>;
  subsidy: ColumnType<string, number | string, number | string>;
  other: ColumnType<string, number | string, number | string>;
  operating: ColumnType<string, number | string, number | string>;
  total: ColumnType<string, number | string, number | string>;
  annual: boolean;
  quarters: Generated<string>;
  entries: number;
  updated_at: Timestamp;
}

/** 谈心谈话: a talk between a committee member and a member of the branch (migration 20261230T1110_talks). */
/** 四议两公开 (migration 20261231T1200_village_decision): a decision case of a village and its steps; append-only. */
export interface VillageDecisionTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  kind: string;
  matter: string;
  note: Generated<string>;
  opened_on: string;
  actor_id: number | null;
  actor_name: string;
  created_at: Timestamp;
}

export interface VillageDecisionStepTable {
  id: Generated<number>;
  decision_id: number;
  step: VillageStep;
  held_on: string;
  merged: Generated<boolean>;
  one_shoulder: boolean | null;
  body: ResolutionBody | null;
  notice_on: string | null;
  due: number | null;
  present: number | null;
  households: number | null;
  households_present: number | null;
  yes_votes: number | null;
  no_votes: number | null;
  abstentions: number | null;
  form: Generated<string>;
  minutes: Generated<string>;
  corrects_id: number | null;
  reason: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  created_at: Timestamp;
}

export interface TalkTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  held_on: string;
  committee_person_id: number;
  member_person_id: number;
  topic: Generated<string>;
  created_by: number | null;
  actor_name: string;
  created_at: Timestamp;
}

/** Grids (网格, 微网格) below a community or village organisation (migration 20261231T1300_grid). */
export interface GridTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  parent_id: number | null;
  kind: GridKind;
  name: string;
  worker_person_id: number | null;
  worker_name: string;
  worker_phone: string | null;
  households: number | null;
  buildings: number | null;
  coverage: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A matter raised in a grid (网格事项) and where it stands (src/domain/grid/grid-matter.ts). */
export interface GridMatterTable {
  id: Generated<number>;
  grid_id: number;
  org_id: number;
  region_id: number;
  category: string;
  text: string;
  location: Generated<string>;
  source: GridMatterSource;
  resident_name: string | null;
  resident_phone: string | null;
  reported_on: string;
  reporter_name: string;
  reported_by: number | null;
  state: Generated<GridMatterState>;
  assignee_org_id: number | null;
  assignee_dept: string | null;
  assigned_on: string | null;
  due_on: string | null;
  deadline: string | null;
  handled_on: string | null;
  fed_back_on: string | null;
  resolved_on: string | null;
  rating: string | null;
  reopen_count: Generated<number>;
  escalation: GridEscalationStep | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Every step of a grid matter, append-only. */
export interface GridMatterEventTable {
  id: Generated<string>;
  matter_id: number;
  at: Timestamp;
  on_day: string;
  actor_id: number | null;
  actor_name: string;
  side: GridSide;
  event: GridMatterEvent | 'report';
  from_state: GridMatterState | null;
  to_state: GridMatterState;
  note: string | null;
  reason: string | null;
  rating: string | null;
  assignee_org_id: number | null;
  assignee_dept: string | null;
  deadline: string | null;
}

/** The escalation of an overdue grid matter, one row per rung and deadline, append-only. */
export interface GridMatterEscalationTable {
  id: Generated<number>;
  matter_id: number;
  deadline: string;
  step: GridEscalationStep;
  on_day: string;
  days_overdue: number;
  to_org_id: number | null;
  at: Timestamp;
}

/** 年度学习安排: an organisation's plan of a year, a kind and month per row (migration 20261229T1400_life_plan). */
export interface LifePlanItemTable {
  org_id: number;
  year: number;
  kind: MeetingKind;
  month: number;
  topic: Generated<string>;
  note: Generated<string>;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** Member development (migration 20261229T1000_development). */
export interface DevelopmentCaseTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  region_id: number;
  stage: DevelopmentStage;
  state: Generated<DevelopmentCaseState>;
  done: number;
  applied_on: string;
  talk_on: string | null;
  activist_on: string | null;
  last_assessed_on: string | null;
  candidate_on: string | null;
  pre_review_on: string | null;
  vote_on: string | null;
  approved_on: string | null;
  extension_months: number | null;
  probation_end: string | null;
  full_vote_on: string | null;
  full_on: string | null;
  last_on: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DevelopmentStepTable {
  id: BigIntId;
  case_id: number;
  seq: number;
  kind: DevelopmentStepKind;
  on_date: string;
  document: string;
  decider: string;
  /** The organisation above that decided (approving and filing steps); null for the branch's own steps. */
  decider_org_id: number | null;
  reason: string | null;
  data: ColumnType<unknown, string, never>;
  flags: ColumnType<unknown, string, never>;
  status_after: MemberStatus | null;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
}

export interface TaskRollupTable {
  task_id: number;
  org_id: number;
  assigned: number;
  not_started: number;
  in_progress: number;
  submitted: number;
  done: number;
  done_on_time: number;
  overdue: number;
  lagging: number;
  figure_sum: Numeric;
  reached: number;
  due: Generated<number>;
  updated_at: Timestamp;
}

export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  method: string;
  path: string;
  status: number | null;
  content_type: string | null;
  body: Buffer | null;
  created_at: Date;
  /** The claim's fencing token: the write marks the key only while it still holds the claim. */
  token: Generated<string>;
  /** When the write's own transaction marked the key (null: nothing was written under it). */
  written_at: Date | null;
}

/** A signed change to task_rollup, appended by the assignment triggers and folded in batches (docs/scale.md). */
export interface RollupDeltaTable {
  id: BigIntId;
  task_id: number;
  org_id: number;
  assigned: number;
  not_started: number;
  in_progress: number;
  submitted: number;
  done: number;
  done_on_time: number;
  overdue: number;
  lagging: number;
  figure_sum: Numeric;
  reached: number;
  due: number;
  created_at: Generated<Date>;
}

export interface NotificationTable {
  id: BigIntId;
  org_id: number;
  kind: NotificationKind;
  title: string;
  body: Generated<string>;
  task_id: number | null;
  assignment_id: number | null;
  problem_id: Generated<number | null>;
  notice_id: Generated<number | null>;
  instruction_id: Generated<number | null>;
  /** The transfer a notification of kind 'transfer' tells of (migration 20261230T1210). */
  transfer_id: Generated<number | null>;
  /** The assessment round a notification of kind 'assess' tells of (migration 20261230T1400). */
  assess_round_id: Generated<number | null>;
  /** The 民主评议党员 a notification of kind 'appraisal' tells of. */
  appraisal_id: Generated<number | null>;
  /** The grid matter a notification of kind 'grid' tells of (area grid). */
  grid_matter_id: ColumnType<number | null, number | null | undefined, never>;
  dedupe_key: string | null;
  created_at: Timestamp;
  /** { key, params } of the title and body in the shared message table (JSON text on insert). */
  title_msg: ColumnType<unknown, string | null | undefined, string | null>;
  body_msg: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface NotificationReadTable {
  notification_id: ColumnType<string, string | number, never>;
  user_id: number;
  read_at: Timestamp;
}

/** A column mapping the user gave, remembered per organisation, list and header shape (server/import). */
export interface ImportMappingTable {
  org_id: number;
  list: string;
  shape: string;
  /** { "header as written": "field" | null } (read back as the driver gives jsonb). */
  mapping: unknown;
  updated_at: Date;
  updated_by: number | null;
}

/** An uploaded spreadsheet kept between the wizard's check and its commit (server/import/uploads.ts). */
export interface ImportUploadTable {
  id: string;
  user_id: number;
  list: string;
  format: 'xlsx' | 'xls';
  xlsx: Buffer;
  /** Grid[] as v8.serialize writes it, gzip-compressed. */
  grids: Buffer;
  created_at: Date;
  expires_at: Date;
}

export interface OrgDailyStatTable {
  org_id: number;
  day: string;
  assigned: number;
  done: number;
  overdue: number;
  lagging: number;
  due: Generated<number>;
}

/** Wrong passwords counted per username tried and client address (domain/auth/login-throttle.ts). */
export interface LoginThrottleTable {
  username: string;
  client_addr: string;
  failures: number;
  last_failed_at: Date;
  blocked_until: Date | null;
}

/** The authentication log (append-only). */
export interface AuthEventTable {
  id: BigIntId;
  at: Date;
  kind: AuthEventKind;
  outcome: AuthEventOutcome;
  username: string;
  user_id: number | null;
  client_addr: string | null;
  retry_at: Date | null;
}

export interface AssignmentBatchTable {
  id: Generated<number>;
  task_id: number;
  assigner_org_id: number;
  created_at: Date;
  created_by: number | null;
  created_by_name: string;
  rule: ColumnType<unknown, string | null, string | null>;
  size: number;
  withdrawn_at: Date | null;
  withdrawn_by_name: string | null;
  withdraw_reason: string | null;
}

/** A local rule (地方规定): an [S] default adjusted for a subtree from a date on (migration 20261230T1010). */
export interface RuleOverrideTable {
  id: BigIntId;
  org_id: number;
  rule_id: string;
  /** null: back to the platform's default. */
  value: ColumnType<unknown, string | null, never>;
  effective_from: string;
  document: string;
  reason: string;
  actor_id: number | null;
  actor_name: string;
  created_at: Timestamp;
}

export interface OrgDemandTable {
  id: BigIntId;
  org_id: number;
  region_id: number;
  kind: DemandKind;
  from_org_id: number;
  task_id: number | null;
  assignment_id: number | null;
  at: Date;
  /** How many (evidence files: the files of one entry); 1 otherwise. */
  n: Generated<number>;
  supervision_id: Generated<number | null>;
  problem_id: Generated<number | null>;
}

/** The burden meter's counts, kept by a trigger on org_demand (migration 20261228T1100). */
export interface BurdenCountTable {
  org_id: number;
  month: string;
  kind: DemandKind;
  from_org_id: number;
  n: number;
}

export interface BurdenOverrideTable {
  id: Generated<number>;
  kind: 'assignment' | 'supervision';
  issuer_org_id: number;
  task_id: number | null;
  supervision_id: number | null;
  reason: string;
  over_count: number;
  overruns: unknown;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

/** Dues and transfers (migration 20261229T1100). */
export interface DuesBaseTable {
  id: Generated<number>;
  person_id: number;
  from_month: string;
  category: DuesCategory;
  amount: ColumnType<string, number | string, never>;
  rate: ColumnType<string | null, number | string | null, never>;
  rule_id: string | null;
  reason: string | null;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface DuesPaymentTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  /** The month paid; null for a one-off extra payment (migration 20261230T1200). */
  month: string | null;
  amount: ColumnType<string, number | string, never>;
  paid_on: string;
  voids_id: number | null;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
  /** Who paid it for the member (代缴). */
  proxy_name: string | null;
  extra: Generated<boolean>;
  /** An extra payment of at least dues.extraToCentre: 上缴中央. */
  to_centre: Generated<boolean>;
}

/** How a member pays from a month on (migration 20261230T1200). */
export interface DuesArrangementTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  from_month: string;
  kind: DuesArrangementKind;
  proxy_name: string | null;
  consent_on: string | null;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface MemberTransferTable {
  id: Generated<number>;
  person_id: number;
  kind: 'internal' | 'out' | 'in';
  from_org_id: number | null;
  to_org_id: number | null;
  outside_org: string | null;
  letter_no: string | null;
  reason: string;
  cross_province: Generated<boolean>;
  state: 'pending' | 'completed' | 'rejected' | 'cancelled';
  issued_on: string;
  due_on: string;
  done_on: string | null;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface MemberTransferEventTable {
  id: Generated<number>;
  transfer_id: number;
  event: 'issue' | 'accept' | 'reject' | 'cancel' | 'receipt';
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

/** Floating members (migration 20261229T1200). */
export interface FloatingRecordTable {
  id: Generated<number>;
  person_id: number;
  home_org_id: number;
  managing_org_id: number | null;
  managing_outside: string | null;
  location: string;
  left_on: string;
  returned_on: string | null;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface FloatingContactTable {
  id: Generated<number>;
  record_id: number;
  contacted_on: string;
  channel: ContactChannel;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface SupervisionDeploymentTable {
  supervision_id: number;
  deployment_id: number;
}

export interface HubRegionTable {
  region: string;
  name: string;
  root_code: string;
  depth: number;
  org_count: number;
  members: number;
  published_at: Timestamp;
}

export interface HubOrgFigureTable {
  region: string;
  org_code: string;
  parent_code: string | null;
  level: number;
  type: string;
  name: string;
  members: number;
  tasks: number;
  assigned: number;
  not_started: number;
  in_progress: number;
  submitted: number;
  done: number;
  done_on_time: number;
  overdue: number;
  lagging: number;
  changed_at: Timestamp;
  /** The national statistics' member figures (migration 20261231T1800_hub_statistics). */
  women: Generated<number>;
  minorities: Generated<number>;
  college: Generated<number>;
  age_le30: Generated<number>;
  age_ge61: Generated<number>;
  applicants: Generated<number>;
  activists: Generated<number>;
  candidates: Generated<number>;
  recruited: Generated<number>;
  /** Active branches (支部 and 联合支部) in the subtree; their 三会一课 this year; the latest year's star levels. */
  branches: Generated<number>;
  life_year: number | null;
  life_due: Generated<number>;
  life_met: Generated<number>;
  star_year: number | null;
  starred: Generated<number>;
  star1: Generated<number>;
  star2: Generated<number>;
  star3: Generated<number>;
  star4: Generated<number>;
  star5: Generated<number>;
}

/** 考核 (issue 12, migration 20261230T1300_assess): index systems, rounds, entries, results, stars. */
export type AssessSystemState = 'draft' | 'published';
export type AssessRoundState = 'draft' | 'self_assessment' | 'scoring' | 'publicity' | 'final';
export type AssessSide = 'self' | 'score' | 'auto';

export interface AssessSystemTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  year: number;
  name: string;
  total: Numeric;
  indicators: ColumnType<unknown, string, string>;
  state: Generated<AssessSystemState>;
  template: string | null;
  copied_from: number | null;
  source: Generated<string>;
  created_by: number | null;
  actor_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Date | null;
}

export interface AssessRoundTable {
  id: Generated<number>;
  system_id: number;
  org_id: number;
  region_id: number;
  year: number;
  name: string;
  system: ColumnType<unknown, string, string>;
  grading: ColumnType<unknown, string, string>;
  state: Generated<AssessRoundState>;
  self_due: string;
  score_due: string;
  cutoff: string;
  publicity_from: string;
  publicity_to: string;
  target_rule: ColumnType<unknown, string | null, string | null>;
  scorer_org_ids: ColumnType<number[], number[] | undefined, number[]>;
  created_by: number | null;
  actor_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  frozen_at: Date | null;
  finalized_at: Date | null;
}

export interface AssessRoundOrgTable {
  round_id: number;
  org_id: number;
  region_id: number;
  manual_level: number | null;
  conditions: ColumnType<unknown, string | undefined, string>;
}

export interface AssessEntryTable {
  round_id: number;
  org_id: number;
  indicator_id: string;
  side: AssessSide;
  input: ColumnType<unknown, string, string>;
  scorer_org_id: number | null;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface AssessResultTable {
  round_id: number;
  org_id: number;
  total: NumericNull;
  band_level: number | null;
  level: number | null;
  rank: number | null;
  vetoed: Generated<boolean>;
  why: ColumnType<unknown, string | undefined, string>;
  lines: ColumnType<unknown, string, string>;
  vetoes: ColumnType<unknown, string | undefined, string>;
  problems: ColumnType<unknown, string | undefined, string>;
  revision: Generated<number>;
  computed_at: Timestamp;
}

export interface AssessObjectionTable {
  id: Generated<number>;
  round_id: number;
  org_id: number;
  region_id: number;
  text: string;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
  answer: string | null;
  answered_by: number | null;
  answered_name: string | null;
  answered_at: Date | null;
}

export interface AssessRevisionTable {
  id: Generated<number>;
  round_id: number;
  org_id: number;
  indicator_id: string;
  reason: string;
  old_input: ColumnType<unknown, string | null, never>;
  new_input: ColumnType<unknown, string, never>;
  changes: ColumnType<unknown, string, never>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface AssessStarTable {
  org_id: number;
  year: number;
  region_id: number;
  level: number;
  round_id: number;
  set_at: Timestamp;
}

/** 民主评议党员 (migration 20261230T1500): an appraisal of a branch for a year; append-only history below it. */
/** The latest run of scoring a whole round, step by step (migration 20261231T1110_assess_progress). */
export interface AssessRoundProgressTable {
  round_id: number;
  purpose: 'results' | 'publicity' | 'final';
  phase: 'measures' | 'store' | 'done' | 'failed';
  done: number;
  total: number;
  started_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppraisalTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  year: number;
  as_of: string;
  /** The day the grades are due; null (opened before it was kept): the rule set's default from as_of. */
  due_on: Generated<string | null>;
  created_by: number | null;
  actor_name: string;
  created_at: Timestamp;
}

export interface AppraisalMemberTable {
  appraisal_id: number;
  person_id: number;
  name: string;
  status: 'full' | 'probationary';
}

export interface AppraisalEntryTable {
  id: BigIntId;
  appraisal_id: number;
  person_id: number;
  kind: 'self' | 'peer' | 'poll';
  self_done: boolean | null;
  tallies: ColumnType<unknown, string | null, string | null>;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface AppraisalDecisionTable {
  id: Generated<number>;
  appraisal_id: number;
  body: 'committee' | 'general';
  decided_on: string;
  meeting_id: number | null;
  grades: ColumnType<unknown, string, string>;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface AppraisalHandlingTable {
  id: Generated<number>;
  appraisal_id: number;
  person_id: number;
  decision_id: number;
  opened_at: Timestamp;
}

export interface AppraisalHandlingEventTable {
  id: Generated<number>;
  handling_id: number;
  event: ColumnType<unknown, string, string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

/** 软弱涣散基层党组织 (migration 20261230T1500): a designation per organisation and year, never deleted. */
export interface WeakOrgTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  year: number;
  designator_org_id: number;
  designated_on: string;
  due_on: string;
  reasons: string[];
  other_reason: Generated<string>;
  round_id: number | null;
  round_total: NumericNull;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface WeakOrgLeaderTable {
  id: Generated<number>;
  weak_org_id: number;
  name: string;
  post: Generated<string>;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface WeakOrgMeasureTable {
  weak_org_id: number;
  problem_id: number;
}

export interface WeakOrgCheckTable {
  id: Generated<number>;
  weak_org_id: number;
  checked_on: string;
  checker: string;
  passed: boolean;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface ReviewRoundTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  year: number;
  name: string;
  grades: unknown;
  actor_id: number | null;
  actor_name: string;
  created_at: Timestamp;
}

export interface ReviewOrgTable {
  id: Generated<number>;
  round_id: number;
  org_id: number;
  region_id: number;
  report: Generated<string>;
  report_by: string | null;
  report_at: Date | null;
  comment: Generated<string>;
  comment_by: string | null;
  comment_at: Date | null;
  should_attend: number | null;
  took_part: number | null;
  tallies: unknown;
  poll_by: string | null;
  poll_at: Date | null;
  grade: string | null;
  grade_note: Generated<string>;
  graded_by: string | null;
  graded_at: Date | null;
}

export interface ReviewProblemTable {
  review_org_id: number;
  problem_id: number;
}

/** Every change to an organisation's 述职评议, append-only (migration 20261231T1000_review_history). */
export interface ReviewEventTable {
  id: Generated<string>;
  review_org_id: number;
  round_id: number;
  org_id: number;
  region_id: number;
  kind: 'report' | 'report_file' | 'comment' | 'poll' | 'grade' | 'problem';
  data: ColumnType<unknown, string, never>;
  source: 'form' | 'import' | 'migrated';
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

/** 村党组织书记备案 (migration 20261231T1600_secretary_filing): a filing and the decisions on it; append-only. */
export interface SecretaryFilingTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  person_id: number;
  appointed_on: string;
  term_end: string;
  checks: ColumnType<unknown, string, never>;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  created_at: Timestamp;
}

export interface SecretaryFilingDecisionTable {
  id: Generated<number>;
  filing_id: number;
  decision: 'approved' | 'returned';
  reason: Generated<string>;
  decider_org_id: number;
  decided_on: string;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

/** The 一肩挑 counts of an organisation's villages per month (the trend), kept by the daily sweep. */
export interface OneShoulderMonthTable {
  org_id: number;
  month: string;
  villages: number;
  with_secretary: number;
  one_shoulder: number;
  at: Timestamp;
}

/** A person's non-Party post and rank (migration 20261231T1700_cadre_pool); append-only, the latest row stands. */
export interface CadrePostTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  region_id: number;
  post: string;
  rank: string;
  since: string;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

/** An entry of the young-cadre pool (年轻干部信息库), by nomination; append-only. */
export interface CadrePoolEntryTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  region_id: number;
  category: string;
  reasons: string;
  nominated_on: string;
  nominator_org_id: number;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

/** A training / practice record of a pool entry, or its exit; append-only. */
export interface CadrePoolRecordTable {
  id: Generated<number>;
  entry_id: number;
  kind: 'secondment' | 'rotation' | 'training' | 'exit';
  place: Generated<string>;
  from_on: string;
  to_on: string | null;
  note: Generated<string>;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface DB {
  assess_evidence: AssessEvidenceTable;
  cadre_post: CadrePostTable;
  cadre_pool_entry: CadrePoolEntryTable;
  cadre_pool_record: CadrePoolRecordTable;
  secretary_filing: SecretaryFilingTable;
  secretary_filing_decision: SecretaryFilingDecisionTable;
  one_shoulder_month: OneShoulderMonthTable;
  org_field: OrgFieldTable;
  org: OrgTable;
  person: PersonTable;
  org_position: OrgPositionTable;
  app_user: AppUserTable;
  app_session: AppSessionTable;
  audit_log: AuditLogTable;
  schema_migration: SchemaMigrationTable;
  deployment: DeploymentTable;
  task: TaskTable;
  task_cooperator: TaskCooperatorTable;
  problem: ProblemTable;
  problem_task: ProblemTaskTable;
  problem_event: ProblemEventTable;
  problem_measure: ProblemMeasureTable;
  problem_action: ProblemActionTable;
  supervision: SupervisionTable;
  supervision_target: SupervisionTargetTable;
  supervision_task: SupervisionTaskTable;
  supervision_finding: SupervisionFindingTable;
  notice: NoticeTable;
  instruction: InstructionTable;
  instruction_followup: InstructionFollowupTable;
  development_case: DevelopmentCaseTable;
  development_step: DevelopmentStepTable;
  assignment: AssignmentTable;
  assignment_event: AssignmentEventTable;
  assignment_batch: AssignmentBatchTable;
  org_demand: OrgDemandTable;
  rule_override: RuleOverrideTable;
  burden_count: BurdenCountTable;
  burden_override: BurdenOverrideTable;
  dues_base: DuesBaseTable;
  dues_payment: DuesPaymentTable;
  dues_arrangement: DuesArrangementTable;
  member_transfer: MemberTransferTable;
  member_transfer_event: MemberTransferEventTable;
  floating_record: FloatingRecordTable;
  floating_contact: FloatingContactTable;
  supervision_deployment: SupervisionDeploymentTable;
  ledger_entry: LedgerEntryTable;
  evidence_file: EvidenceFileTable;
  grid: GridTable;
  grid_matter: GridMatterTable;
  grid_matter_event: GridMatterEventTable;
  grid_matter_escalation: GridMatterEscalationTable;
  village_income: VillageIncomeTable;
  village_income_year: VillageIncomeYearTable;
  meeting: MeetingTable;
  meeting_attendance: MeetingAttendanceTable;
  meeting_vote: MeetingVoteTable;
  life_compliance: LifeComplianceTable;
  talk: TalkTable;
  village_decision: VillageDecisionTable;
  village_decision_step: VillageDecisionStepTable;
  task_rollup: TaskRollupTable;
  rollup_delta: RollupDeltaTable;
  idempotency_key: IdempotencyKeyTable;
  notification: NotificationTable;
  notification_read: NotificationReadTable;
  org_daily_stat: OrgDailyStatTable;
  import_mapping: ImportMappingTable;
  import_upload: ImportUploadTable;
  login_throttle: LoginThrottleTable;
  auth_event: AuthEventTable;
  hub_region: HubRegionTable;
  hub_org_figure: HubOrgFigureTable;
  life_plan_item: LifePlanItemTable;
  assess_system: AssessSystemTable;
  assess_round: AssessRoundTable;
  assess_round_org: AssessRoundOrgTable;
  assess_entry: AssessEntryTable;
  assess_result: AssessResultTable;
  assess_objection: AssessObjectionTable;
  assess_revision: AssessRevisionTable;
  assess_star: AssessStarTable;
  assess_round_progress: AssessRoundProgressTable;
  appraisal: AppraisalTable;
  appraisal_member: AppraisalMemberTable;
  appraisal_entry: AppraisalEntryTable;
  appraisal_decision: AppraisalDecisionTable;
  appraisal_handling: AppraisalHandlingTable;
  appraisal_handling_event: AppraisalHandlingEventTable;
  weak_org: WeakOrgTable;
  weak_org_leader: WeakOrgLeaderTable;
  weak_org_measure: WeakOrgMeasureTable;
  weak_org_check: WeakOrgCheckTable;
  review_round: ReviewRoundTable;
  review_org: ReviewOrgTable;
  review_problem: ReviewProblemTable;
  review_event: ReviewEventTable;
}

export type Org = Selectable<OrgTable>;
export type NewOrg = Insertable<OrgTable>;
export type OrgUpdate = Updateable<OrgTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type AppUser = Selectable<AppUserTable>;
