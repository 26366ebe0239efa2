import { compareIso } from '../dates.ts';
import { type Msg, msg } from '../messages.ts';
import { catalogEntryOf, type RuleEntry } from '../rules/catalog.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import { holdsOn, type PositionSpan } from './vocab.ts';

/**
 * 谈心谈话 (../shared/domain-rules.md §1, [S]): every pairing of a committee member with a member of the branch talks
 * at least once a year. A pairing is unordered — one talk between two committee members covers both — and only the
 * fact of the talk is kept (a day, who, an optional short topic): no notes or photos are ever asked for. Pure: the
 * committee, the roster, the talks and today arrive as arguments.
 */

export type TalkPerson = { personId: number; name: string };
/** A committee member with the title of the position held (书记, 组织委员 …), shown where names are not. */
export type TalkCommitteeMember = TalkPerson & { title: { zh: string; en: string } };
export type TalkFacts = { committeeId: number; memberId: number; heldOn: string };

export type TalkCoverageInput = {
  year: number;
  today: string;
  /** The committee owing the talks: who holds a position on the year's last day, or today in the running year. */
  committee: readonly TalkCommitteeMember[];
  /** The branch's members (its roster). */
  members: readonly TalkPerson[];
  talks: readonly TalkFacts[];
  /** Whether the reader may see the roster: without it, no member is named and committee members go by title. */
  showNames: boolean;
};

export type TalkFinding = {
  ruleId: string;
  summary: string;
  source: string;
  article: string | null;
  tag: 'C' | 'S';
  kind: 'talk';
  window: { start: string; end: string };
  meetingId: null;
  code: 'talksMissing';
  params: Record<string, string | number>;
  msg: Msg;
};

export type TalkCoverage = {
  /** Unordered pairs owed, and of them those with a talk in the year. */
  due: number;
  done: number;
  /** done / due; null with nothing owed. */
  rate: number | null;
  /** Whether the year has ended (findings only then: a year still running is work not yet due). */
  ended: boolean;
  byCommittee: {
    personId: number;
    name: string | null;
    title: { zh: string; en: string };
    due: number;
    done: number;
    /** Members not yet talked with: names only to readers who may see the roster. */
    missing: number;
    missingNames: string[] | null;
  }[];
  findings: TalkFinding[];
};

const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** The talk coverage of a branch's year and, once the year has ended, a finding per committee member short of it. */
export function checkTalks(input: TalkCoverageInput): TalkCoverage {
  const start = `${input.year}-01-01`;
  const end = `${input.year}-12-31`;
  const talked = new Set(
    input.talks
      .filter((t) => compareIso(t.heldOn, start) >= 0 && compareIso(t.heldOn, end) <= 0)
      .map((t) => pairKey(t.committeeId, t.memberId)),
  );
  const people = new Map<number, TalkPerson>();
  for (const p of [...input.members, ...input.committee]) people.set(p.personId, p);
  const owed = new Set<string>();
  const ended = compareIso(end, input.today) < 0;
  const entry: RuleEntry | undefined = catalogEntryOf(ruleSetOn(start), 'life.talks');
  const byCommittee: TalkCoverage['byCommittee'] = [];
  const findings: TalkFinding[] = [];
  for (const c of input.committee) {
    const partners = [...people.values()].filter((p) => p.personId !== c.personId);
    const missing = partners.filter((p) => !talked.has(pairKey(c.personId, p.personId)));
    for (const p of partners) owed.add(pairKey(c.personId, p.personId));
    byCommittee.push({
      personId: c.personId,
      name: input.showNames ? c.name : null,
      title: c.title,
      due: partners.length,
      done: partners.length - missing.length,
      missing: missing.length,
      missingNames: input.showNames ? missing.map((p) => p.name) : null,
    });
    if (ended && missing.length > 0) {
      findings.push({
        ruleId: 'life.talks',
        summary: entry?.summary ?? 'life.talks',
        source: entry?.source ?? '',
        article: entry?.article ?? null,
        tag: entry?.tag ?? 'S',
        kind: 'talk',
        window: { start, end },
        meetingId: null,
        code: 'talksMissing',
        params: { year: input.year, due: partners.length, missing: missing.length },
        msg: msg('rule.life.talksMissing', {
          year: input.year,
          who: input.showNames ? c.name : c.title,
          due: partners.length,
          missing: missing.length,
        }),
      });
    }
  }
  const due = owed.size;
  const done = [...owed].filter((k) => talked.has(k)).length;
  return { due, done, rate: due === 0 ? null : done / due, ended, byCommittee, findings };
}

export type TalkCheck =
  | { ok: true }
  | { ok: false; code: 'future' | 'notCommittee' | 'notOnRoster' | 'self'; msg: Msg };

/**
 * Whether a talk may be recorded: held by today, between two different people of the branch's roster, the first of
 * whom held a position in the branch on that day (`positions`: the branch's, of that person).
 */
export function checkTalk(
  t: TalkFacts,
  today: string,
  rosterIds: ReadonlySet<number>,
  positions: readonly PositionSpan[],
  names: { committee: string; member: string; org: string },
): TalkCheck {
  if (compareIso(t.heldOn, today) > 0)
    return { ok: false, code: 'future', msg: msg('err.talk.future', { date: t.heldOn }) };
  if (t.committeeId === t.memberId) return { ok: false, code: 'self', msg: msg('err.talk.self', {}) };
  for (const [id, name] of [
    [t.committeeId, names.committee],
    [t.memberId, names.member],
  ] as const) {
    if (!rosterIds.has(id)) {
      return { ok: false, code: 'notOnRoster', msg: msg('err.talk.notOnRoster', { name, org: names.org }) };
    }
  }
  if (!positions.some((p) => p.personId === t.committeeId && holdsOn(p, t.heldOn))) {
    return {
      ok: false,
      code: 'notCommittee',
      msg: msg('err.talk.notCommittee', { name: names.committee, org: names.org, date: t.heldOn }),
    };
  }
  return { ok: true };
}
