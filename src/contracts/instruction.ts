import { z } from 'zod';
import {
  INSTRUCTION_FOLLOWUPS,
  INSTRUCTION_SIDES,
  INSTRUCTION_STATES,
  INSTRUCTION_TARGET_KINDS,
} from '../domain/supervise/instruction.ts';
import { findingRef, isoDate, orgRef, pageQuery, problemRef, taskRef } from './common.ts';

/** Leaders' instructions (领导批示) and their follow-up (落实情况): GET/POST /api/instructions… */

export const instructionState = z.enum(INSTRUCTION_STATES);
export const instructionFollowupKind = z.enum(INSTRUCTION_FOLLOWUPS);

export const createInstructionBody = z
  .object({
    /** Exactly one of them: what the instruction is on. */
    problemId: problemRef().optional(),
    findingId: findingRef().optional(),
    taskId: taskRef().optional(),
    /** The leader who wrote it (default: the account's own name). */
    leaderName: z.string().trim().min(1).max(50).optional(),
    /** The day it was written (default: today). */
    givenOn: isoDate.optional(),
    text: z.string().trim().min(1).max(5000),
    /** What it asks for (e.g. 查明原因、限期整改、书面报告). */
    asks: z.string().trim().max(2000).optional(),
    replyDue: isoDate.nullable().optional(),
    /**
     * The organisation that must follow up (default: the problem's responsible organisation, the finding's target,
     * the task's own organisation); at or below the giving organisation.
     */
    orgId: orgRef().optional(),
  })
  // More than one is refused by the service (err.instruction.oneTarget), once the ids were checked against the scope.
  .refine(
    (b) => b.problemId !== undefined || b.findingId !== undefined || b.taskId !== undefined,
    '请指定批示针对的问题、督查发现或任务',
  );
export type CreateInstructionBody = z.input<typeof createInstructionBody>;

export const instructionFollowupBody = z.object({
  kind: instructionFollowupKind,
  /** What was done, the reply, the reason of a return; optional when closing. */
  text: z.string().trim().max(5000).optional(),
});
export type InstructionFollowupBody = z.input<typeof instructionFollowupBody>;

export const instructionListQuery = z.object({
  /** The root of the subtree listed (default: the caller's organisation). */
  orgId: orgRef.query().optional(),
  /** true: only those the caller's organisation gave (我的批示). */
  mine: z.enum(['true', 'false']).optional(),
  state: instructionState.optional(),
  /** true: only those open past their reply day. */
  overdue: z.enum(['true', 'false']).optional(),
  problemId: problemRef.query().optional(),
  findingId: findingRef.query().optional(),
  taskId: taskRef.query().optional(),
  ...pageQuery,
});

export const instructionSummary = z.object({
  id: z.number().int(),
  targetKind: z.enum(INSTRUCTION_TARGET_KINDS),
  targetId: z.number().int(),
  /** The problem's or task's title, the finding's text. */
  targetTitle: z.string(),
  giverOrgId: z.number().int(),
  giverOrgName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  leaderName: z.string(),
  givenOn: z.string(),
  text: z.string(),
  asks: z.string(),
  replyDue: z.string().nullable(),
  state: instructionState,
  daysOverdue: z.number().int(),
  repliedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  actorName: z.string(),
  createdAt: z.string(),
});
export type InstructionSummary = z.infer<typeof instructionSummary>;

export const instructionDetail = instructionSummary.extend({
  followups: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      actorName: z.string(),
      side: z.enum(INSTRUCTION_SIDES),
      kind: instructionFollowupKind,
      fromState: instructionState,
      toState: instructionState,
      text: z.string(),
    }),
  ),
  sides: z.object({ giver: z.boolean(), follower: z.boolean() }),
  /** The steps the caller may take now (the buttons). */
  allowed: z.array(instructionFollowupKind),
});
export type InstructionDetail = z.infer<typeof instructionDetail>;
