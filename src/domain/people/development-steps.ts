/**
 * The vocabulary of member development (发展党员): the five stages and their 25 steps in the mandatory order of
 * ../shared/domain-rules.md §2.1 ([S] [11], after 《中国共产党发展党员工作细则》 2014), and the two outcomes at the
 * end of probation besides full membership (延长预备期, 取消预备党员资格; 党章 第七条). No rules here: the gates are
 * in development.ts; the web imports this module for its labels.
 */
export const DEVELOPMENT_STAGES = ['application', 'activist', 'candidate', 'admission', 'probation'] as const;
export type DevelopmentStage = (typeof DEVELOPMENT_STAGES)[number];

export const DEVELOPMENT_STAGE_LABELS: Record<DevelopmentStage, { zh: string; en: string }> = {
  application: { zh: '申请入党', en: 'Application' },
  activist: { zh: '入党积极分子', en: 'Activist' },
  candidate: { zh: '发展对象', en: 'Candidate' },
  admission: { zh: '接收预备党员', en: 'Admission' },
  probation: { zh: '预备党员教育考察和转正', en: 'Probation and full membership' },
};

/** The 25 steps, in order. */
export const DEVELOPMENT_STEPS = [
  'apply',
  'talk',
  'activist_confirm',
  'activist_filed',
  'mentors',
  'activist_training',
  'candidate_confirm',
  'candidate_filed',
  'sponsors',
  'political_review',
  'training',
  'public_notice',
  'committee_review',
  'pre_review',
  'form',
  'branch_vote',
  'higher_talk',
  'approval',
  'approval_filed',
  'placement',
  'oath',
  'observation',
  'full_application',
  'full_vote',
  'full_approval',
  'archive',
] as const;
export type DevelopmentStep = (typeof DEVELOPMENT_STEPS)[number];

/**
 * The outcomes besides the sequence: at the end of probation (extend, revoke; each by branch vote and higher approval);
 * an approval not given in time (revote: the branch votes again after 3 months, restart: the case ends after 6, local
 * rule [S]); the case closed early (withdraw: 本人撤回申请, terminate: 终止培养, before the approval).
 */
export const DEVELOPMENT_OUTCOMES = ['extend', 'revoke', 'revote', 'restart', 'withdraw', 'terminate'] as const;
export type DevelopmentOutcome = (typeof DEVELOPMENT_OUTCOMES)[number];

/**
 * A case opened partway (补录) for someone already an activist, candidate or probationary member when the case is
 * opened: its first step, carrying the known dates; the steps up to the stage's own are taken as done on them.
 */
export const DEVELOPMENT_BACKFILL = 'backfill' as const;
export const DEVELOPMENT_BACKFILL_STAGES = ['activist', 'candidate', 'probation'] as const;
export type DevelopmentBackfillStage = (typeof DEVELOPMENT_BACKFILL_STAGES)[number];

export const DEVELOPMENT_STEP_KINDS = [...DEVELOPMENT_STEPS, ...DEVELOPMENT_OUTCOMES, DEVELOPMENT_BACKFILL] as const;
export type DevelopmentStepKind = (typeof DEVELOPMENT_STEP_KINDS)[number];

type StepInfo = {
  stage: DevelopmentStage;
  zh: string;
  en: string;
  /** The step may be recorded again while it is the latest (the 6-monthly assessments, continued observation). */
  repeatable?: true;
};

export const DEVELOPMENT_STEP_INFO: Record<DevelopmentStepKind, StepInfo> = {
  apply: { stage: 'application', zh: '递交入党申请书', en: 'Application submitted' },
  talk: { stage: 'application', zh: '党组织派人谈话', en: 'Talk with the applicant' },
  activist_confirm: { stage: 'activist', zh: '推荐和确定入党积极分子', en: 'Activist recommended and confirmed' },
  activist_filed: {
    stage: 'activist',
    zh: '入党积极分子报上级党委备案',
    en: 'Activist filed with the higher committee',
  },
  mentors: { stage: 'activist', zh: '指定培养联系人', en: 'Mentors assigned' },
  activist_training: {
    stage: 'activist',
    zh: '培养教育考察',
    en: 'Training and assessment',
    repeatable: true,
  },
  candidate_confirm: { stage: 'candidate', zh: '确定发展对象', en: 'Candidate confirmed' },
  candidate_filed: {
    stage: 'candidate',
    zh: '发展对象报上级党委备案',
    en: 'Candidate filed with the higher committee',
  },
  sponsors: { stage: 'candidate', zh: '确定入党介绍人', en: 'Sponsors named' },
  political_review: { stage: 'candidate', zh: '进行政治审查', en: 'Political review' },
  training: { stage: 'candidate', zh: '开展集中培训', en: 'Intensive training' },
  public_notice: { stage: 'candidate', zh: '发展对象公示', en: 'Public notice' },
  committee_review: { stage: 'admission', zh: '支部委员会审查', en: 'Branch committee review' },
  pre_review: { stage: 'admission', zh: '上级党委预审', en: 'Higher committee pre-review' },
  form: { stage: 'admission', zh: '填写入党志愿书', en: 'Admission form filled in' },
  branch_vote: { stage: 'admission', zh: '支部大会讨论', en: 'Branch general meeting vote' },
  higher_talk: { stage: 'admission', zh: '上级党委派人谈话', en: 'Talk by the higher committee' },
  approval: { stage: 'admission', zh: '上级党委审批', en: 'Higher committee approval' },
  approval_filed: {
    stage: 'admission',
    zh: '报上级党委组织部门备案',
    en: 'Filed with the organisation department above',
  },
  placement: { stage: 'probation', zh: '编入党支部和党小组', en: 'Placed in a branch and group' },
  oath: { stage: 'probation', zh: '入党宣誓', en: 'Oath' },
  observation: { stage: 'probation', zh: '继续教育考察', en: 'Continued observation', repeatable: true },
  full_application: { stage: 'probation', zh: '提出转正申请', en: 'Application for full membership' },
  full_vote: { stage: 'probation', zh: '支部大会讨论转正', en: 'Branch vote on full membership' },
  full_approval: { stage: 'probation', zh: '上级党委审批转正', en: 'Higher committee approves full membership' },
  archive: { stage: 'probation', zh: '材料归档', en: 'Materials archived' },
  extend: { stage: 'probation', zh: '延长预备期', en: 'Probation extended' },
  revoke: { stage: 'probation', zh: '取消预备党员资格', en: 'Probationary membership revoked' },
  revote: { stage: 'admission', zh: '支部大会重新讨论', en: 'Branch vote held again' },
  restart: { stage: 'admission', zh: '重新启动发展程序', en: 'Procedure restarted' },
  withdraw: { stage: 'application', zh: '本人撤回申请', en: 'Application withdrawn' },
  terminate: { stage: 'application', zh: '终止培养', en: 'Development stopped' },
  backfill: { stage: 'application', zh: '建档补录', en: 'Opened partway (backfilled)' },
};

/**
 * open: in progress; done: full member and archived; revoked: 取消预备党员资格; restarted: the approval came too late,
 * a new case follows; withdrawn: 本人撤回申请; terminated: 终止培养.
 */
export const DEVELOPMENT_CASE_STATES = ['open', 'done', 'revoked', 'restarted', 'withdrawn', 'terminated'] as const;
export type DevelopmentCaseState = (typeof DEVELOPMENT_CASE_STATES)[number];

export const DEVELOPMENT_CASE_STATE_LABELS: Record<DevelopmentCaseState, { zh: string; en: string }> = {
  open: { zh: '进行中', en: 'In progress' },
  done: { zh: '已转正归档', en: 'Full member, archived' },
  revoked: { zh: '已取消预备党员资格', en: 'Revoked' },
  restarted: { zh: '已重新启动（本档案结束）', en: 'Restarted (this case ended)' },
  withdrawn: { zh: '本人已撤回申请', en: 'Withdrawn' },
  terminated: { zh: '已终止培养', en: 'Stopped' },
};

/** How a gate stands: met, open now, not open yet (waiting for a day), due by a day, late, or passed by exception. */
export const GATE_STATUSES = ['met', 'open', 'waiting', 'due', 'late', 'exception'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

export const GATE_STATUS_LABELS: Record<GateStatus, { zh: string; en: string }> = {
  met: { zh: '已满足', en: 'Met' },
  open: { zh: '待办理', en: 'To do' },
  waiting: { zh: '未到期', en: 'Not yet' },
  due: { zh: '待办（有期限）', en: 'Due' },
  late: { zh: '超期', en: 'Late' },
  exception: { zh: '例外办理', en: 'Exception' },
};
