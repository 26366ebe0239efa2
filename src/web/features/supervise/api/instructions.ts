import type { Paged } from '../../../../contracts/common.ts';
import type {
  CreateInstructionBody,
  InstructionDetail,
  InstructionFollowupBody,
  InstructionSummary,
} from '../../../../contracts/instruction.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** Leaders' instructions (领导批示) and their follow-up. */
export function listInstructions(q: {
  orgId?: number;
  mine?: 'true';
  state?: InstructionSummary['state'];
  problemId?: number;
  findingId?: number;
  taskId?: number;
  page?: number;
  pageSize?: number;
  cursor?: string;
}): Promise<Paged<InstructionSummary>> {
  return api.get(`/api/instructions${toQuery(q)}`);
}

export function getInstruction(id: number): Promise<InstructionDetail> {
  return api.get(`/api/instructions/${id}`);
}

export function giveInstruction(body: CreateInstructionBody): Promise<InstructionDetail> {
  return api.post('/api/instructions', body);
}

/** 报告落实情况, 回复, 办结, 退回; a refused step answers with the rule's message. */
export function followUpInstruction(id: number, body: InstructionFollowupBody): Promise<InstructionDetail> {
  return api.post(`/api/instructions/${id}/followups`, body);
}
