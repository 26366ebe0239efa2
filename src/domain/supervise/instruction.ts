import { compareIso, diffDaysIso } from '../dates.ts';
import { type Msg, msg, zhOf } from '../messages.ts';

/**
 * Leaders' instructions (领导批示) on a problem, a supervision finding or a task, and their follow-up (落实情况):
 * a leader of the giving organisation writes what is to be done and by when a reply is due; the organisation that
 * must follow up reports progress and replies (回复); the giving side closes it (办结) or sends it back (退回).
 * Every step is a follow-up row, append-only, with its author and time. No regulation states these steps: they are
 * the platform's default for closing the loop on an instruction (批示件办理闭环), as local practice keeps it.
 */
export const INSTRUCTION_STATES = ['open', 'replied', 'closed'] as const;
export type InstructionState = (typeof INSTRUCTION_STATES)[number];

export const INSTRUCTION_STATE_LABELS: Record<InstructionState, { zh: string; en: string }> = {
  open: { zh: '落实中', en: 'Being followed up' },
  replied: { zh: '已回复', en: 'Replied' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const INSTRUCTION_TARGET_KINDS = ['problem', 'finding', 'task'] as const;
export type InstructionTargetKind = (typeof INSTRUCTION_TARGET_KINDS)[number];

export const INSTRUCTION_TARGET_LABELS: Record<InstructionTargetKind, { zh: string; en: string }> = {
  problem: { zh: '问题', en: 'Problem' },
  finding: { zh: '督查发现', en: 'Finding' },
  task: { zh: '任务', en: 'Task' },
};

export const INSTRUCTION_FOLLOWUPS = ['progress', 'reply', 'close', 'reopen'] as const;
export type InstructionFollowup = (typeof INSTRUCTION_FOLLOWUPS)[number];

export const INSTRUCTION_FOLLOWUP_LABELS: Record<InstructionFollowup, { zh: string; en: string }> = {
  progress: { zh: '报告落实情况', en: 'Report progress' },
  reply: { zh: '回复', en: 'Reply' },
  close: { zh: '办结', en: 'Close' },
  reopen: { zh: '退回', en: 'Send back' },
};

/** The giving side (批示方) and the side that must follow up (落实单位). */
export const INSTRUCTION_SIDES = ['giver', 'follower'] as const;
export type InstructionSide = (typeof INSTRUCTION_SIDES)[number];

export const INSTRUCTION_SIDE_LABELS: Record<InstructionSide, { zh: string; en: string }> = {
  giver: { zh: '批示单位', en: 'Giving organisation' },
  follower: { zh: '落实单位', en: 'Following-up organisation' },
};

/**
 * Which sides an account acts on. The giving side: accounts that assign work whose scope holds the giving
 * organisation. The following-up side: accounts that report work whose scope holds the organisation that must follow
 * up, but not the giving organisation (the giver does not answer its own instruction), unless both are one
 * organisation (an instruction to one's own organisation: both sides in one account).
 */
export function instructionSides(a: {
  canAssign: boolean;
  canReport: boolean;
  holdsGiver: boolean;
  holdsFollower: boolean;
  sameOrg: boolean;
}): Record<InstructionSide, boolean> {
  return {
    giver: a.canAssign && a.holdsGiver,
    follower: a.canReport && a.holdsFollower && (!a.holdsGiver || a.sameOrg),
  };
}

export type InstructionTransitionCode = 'TRANSITION_NOT_ALLOWED' | 'WRONG_SIDE' | 'TEXT_REQUIRED';

export type InstructionTransitionResult =
  | { ok: true; to: InstructionState }
  | { ok: false; code: InstructionTransitionCode; message: string; msg: Msg; rule: string };

type FollowupRule = {
  side: InstructionSide;
  from: Partial<Record<InstructionState, InstructionState>>;
  needsText: boolean;
  rule: string;
};

const PRACTICE = '领导批示件办理闭环（平台默认做法）';

const RULES: Record<InstructionFollowup, FollowupRule> = {
  progress: { side: 'follower', from: { open: 'open' }, needsText: true, rule: `${PRACTICE}：及时报告落实情况` },
  reply: { side: 'follower', from: { open: 'replied' }, needsText: true, rule: `${PRACTICE}：按时限回复办理结果` },
  close: { side: 'giver', from: { replied: 'closed' }, needsText: false, rule: `${PRACTICE}：批示方审核后办结` },
  reopen: { side: 'giver', from: { replied: 'open' }, needsText: true, rule: `${PRACTICE}：回复不到位的退回重办` },
};

/**
 * One follow-up step. Checks, in order: the side the step belongs to, the state it may be taken in, then the text it
 * must carry (what was done, the reply, the reason of a return; closing needs none).
 */
export function instructionTransition(
  state: InstructionState,
  kind: InstructionFollowup,
  side: InstructionSide,
  text: string | undefined,
): InstructionTransitionResult {
  const r = RULES[kind];
  const label = INSTRUCTION_FOLLOWUP_LABELS[kind];
  const refuse = (code: InstructionTransitionCode, m: Msg): InstructionTransitionResult => ({
    ok: false,
    code,
    message: zhOf(m),
    msg: m,
    rule: r.rule,
  });
  if (side !== r.side) {
    return refuse(
      'WRONG_SIDE',
      msg('err.instruction.wrongSide', { event: label, side: INSTRUCTION_SIDE_LABELS[r.side] }),
    );
  }
  const to = r.from[state];
  if (to === undefined) {
    return refuse(
      'TRANSITION_NOT_ALLOWED',
      msg('err.instruction.notAllowed', { state: INSTRUCTION_STATE_LABELS[state], event: label }),
    );
  }
  if (r.needsText && (text ?? '').trim() === '') {
    return refuse('TEXT_REQUIRED', msg('err.instruction.textRequired', { event: label }));
  }
  return { ok: true, to };
}

export function sideOfInstructionFollowup(kind: InstructionFollowup): InstructionSide {
  return RULES[kind].side;
}

/** The steps a side may take in a state, in INSTRUCTION_FOLLOWUPS order: the buttons. */
export function instructionFollowupsFor(state: InstructionState, side: InstructionSide): InstructionFollowup[] {
  return INSTRUCTION_FOLLOWUPS.filter((k) => RULES[k].side === side && RULES[k].from[state] !== undefined);
}

/** Whether the step must carry a text (closing needs none). */
export function instructionFollowupNeedsText(kind: InstructionFollowup): boolean {
  return RULES[kind].needsText;
}

/** 逾期未回复: still open and today is after the day the reply was due (the due day itself is not overdue). */
export function isInstructionOverdue(state: InstructionState, replyDue: string | null, today: string): boolean {
  return state === 'open' && replyDue !== null && compareIso(today, replyDue) > 0;
}

/** Days past the reply's due day (0 when not overdue). */
export function instructionDaysOverdue(state: InstructionState, replyDue: string | null, today: string): number {
  return isInstructionOverdue(state, replyDue, today) ? diffDaysIso(today, replyDue!) : 0;
}
