import type { RuleSet } from '../rules/ruleset.ts';
import { type AssessRefusal, refusal } from './refusal.ts';

/**
 * 书记抓基层党建工作述职评议 (issue 12; ../shared/domain-rules.md §10, 中组部《党委（党组）书记抓基层党建工作述职评议
 * 考核办法（试行）》): a yearly round by an issuing committee for the secretaries of organisations below it. Per
 * organisation: the written report, the superior's on-the-spot comment (一述一评), a democratic poll (民主测评) entered
 * as tallies per grade (never a named vote), the final grade and the problems named (a rectification list). The
 * grades are the rule set's assess.reviewGrades ([S], UNCONFIRMED) unless the round sets its own.
 */

export type ReviewGrade = { code: string; zh: string; en: string; favourable: boolean };

/** The round's grade list: its own when given (checked), else the rule set's default. */
export function reviewGradesOf(own: readonly ReviewGrade[] | null | undefined, rules: RuleSet): ReviewGrade[] {
  return own && own.length > 0 ? own.map((g) => ({ ...g })) : rules.assess.reviewGrades.value.map((g) => ({ ...g }));
}

/** A round's own grade list: 2 to 10 grades, codes and Chinese names non-empty and distinct. */
export function checkGradeList(grades: readonly ReviewGrade[]): AssessRefusal[] {
  const out: AssessRefusal[] = [];
  if (grades.length < 2 || grades.length > 10) out.push(refusal('reviewGradesInvalid', { count: grades.length }));
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const g of grades) {
    if (g.code.trim() === '' || g.zh.trim() === '' || codes.has(g.code) || names.has(g.zh)) {
      out.push(refusal('reviewGradeDuplicate', { grade: g.zh || g.code }));
    }
    codes.add(g.code);
    names.add(g.zh);
  }
  return out;
}

export type PollInput = { shouldAttend: number; tookPart: number; tallies: Readonly<Record<string, number>> };

/**
 * A poll's tallies: every grade known, every count a whole number ≥ 0, took part ≤ should attend, each grade's count
 * and the sum of all counts ≤ those who took part (a ballot may be left blank, so the sum may fall short).
 */
export function checkPoll(p: PollInput, grades: readonly ReviewGrade[]): AssessRefusal[] {
  const out: AssessRefusal[] = [];
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (!whole(p.shouldAttend) || !whole(p.tookPart)) out.push(refusal('reviewPollCount', { grade: '参加人数' }));
  else if (p.tookPart > p.shouldAttend) {
    out.push(refusal('reviewPollAttendance', { tookPart: p.tookPart, shouldAttend: p.shouldAttend }));
  }
  const known = new Map(grades.map((g) => [g.code, g]));
  let sum = 0;
  for (const [code, n] of Object.entries(p.tallies)) {
    const g = known.get(code);
    if (!g) {
      out.push(refusal('reviewGradeUnknown', { grade: code, grades: grades.map((x) => x.zh).join('、') }));
      continue;
    }
    if (!whole(n)) {
      out.push(refusal('reviewPollCount', { grade: g.zh }));
      continue;
    }
    if (n > p.tookPart) out.push(refusal('reviewPollOver', { grade: g.zh, count: n, tookPart: p.tookPart }));
    sum += n;
  }
  if (out.length === 0 && sum > p.tookPart) out.push(refusal('reviewPollSumOver', { sum, tookPart: p.tookPart }));
  return out;
}

export type PollResult = {
  /** Ballots counted (the sum of the tallies); blank or spoiled ballots are those who took part less this. */
  counted: number;
  blank: number;
  /** Took part ÷ should attend, or null when nobody should attend. */
  turnout: number | null;
  /** (好 + 较好) ÷ ballots counted, or null when none was counted. */
  favourableShare: number | null;
  /** Each grade's share of the ballots counted (null when none), best first. */
  shares: { code: string; count: number; share: number | null }[];
  /** The grade most ballots gave (the better one on a tie), or null when none was counted. */
  top: string | null;
};

/** The result of a poll: counted, blank, turnout, favourable share (好+较好), each grade's share, the top grade. */
export function pollResult(p: PollInput, grades: readonly ReviewGrade[]): PollResult {
  const counts = grades.map((g) => ({ g, count: p.tallies[g.code] ?? 0 }));
  const counted = counts.reduce((a, c) => a + c.count, 0);
  const favourable = counts.filter((c) => c.g.favourable).reduce((a, c) => a + c.count, 0);
  let top: string | null = null;
  let best = 0;
  for (const c of counts) {
    if (c.count > best) {
      best = c.count;
      top = c.g.code;
    }
  }
  return {
    counted,
    blank: Math.max(0, p.tookPart - counted),
    turnout: p.shouldAttend > 0 ? p.tookPart / p.shouldAttend : null,
    favourableShare: counted > 0 ? favourable / counted : null,
    shares: counts.map((c) => ({ code: c.g.code, count: c.count, share: counted > 0 ? c.count / counted : null })),
    top,
  };
}
