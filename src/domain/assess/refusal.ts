import { type MessageKey, type Msg, msg, zhOf } from '../messages.ts';

/**
 * Why the assessment rules refuse something: a code, its parameters, and the message (err.assess.<code> in
 * src/domain/messages.ts) rendered in Chinese. Every check returns all its refusals, not only the first.
 */
export const ASSESS_CODES = [
  'idEmpty',
  'idDuplicate',
  'sumMismatch',
  'leafNoMethod',
  'branchWithMethod',
  'maxInvalid',
  'vetoMax',
  'gradesEmpty',
  'gradePoints',
  'evidenceGradeUnknown',
  'capInvalid',
  'inputMissing',
  'inputKind',
  'rateRange',
  'gradeUnknown',
  'evidenceRequired',
  'itemReason',
  'itemEvidence',
  'vetoFinder',
  'bandsInvalid',
  'levelUnknown',
  'quotaExceeded',
  'memberUnknown',
  'memberTwice',
  'memberMissing',
  'excellentOverShare',
  'handlingNotAllowed',
  'handlingNeeds',
  'roundFinal',
  'roundOutOfOrder',
  'datesOrder',
  'cutoffAfterScoring',
  'scorerNotFound',
  'weakNoReason',
  'weakReasonUnknown',
  'weakMeasuresOpen',
  'weakLifted',
  'weakAssessmentNotLow',
  'weakCheckBefore',
  'reviewGradesInvalid',
  'reviewGradeDuplicate',
  'reviewPollCount',
  'reviewPollAttendance',
  'reviewPollOver',
  'reviewPollSumOver',
  'reviewGradeUnknown',
] as const;
export type AssessCode = (typeof ASSESS_CODES)[number];

export type AssessParams = Readonly<Record<string, string | number>>;

export type AssessRefusal = { code: AssessCode; params: AssessParams; msg: Msg; message: string };

export function refusal(code: AssessCode, params: AssessParams = {}): AssessRefusal {
  const m = msg(`err.assess.${code}` as MessageKey, params);
  return { code, params, msg: m, message: zhOf(m) };
}
