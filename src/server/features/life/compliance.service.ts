import type { Kysely } from 'kysely';
import type { LifeCompliance, LifeRates } from '../../../contracts/life.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import {
  type Compliance,
  type ComplianceFinding,
  calendarOf,
  checkCompliance,
  type MeetingFacts,
  yearPeriod,
} from '../../../domain/life/compliance.ts';
import { checkTalks, type TalkCoverage } from '../../../domain/life/talks.ts';
import { BRANCH_TYPES, hasCommitteeOf, type PositionSpan } from '../../../domain/life/vocab.ts';
import { zhOf } from '../../../domain/messages.ts';
import type { OrgType } from '../../../domain/org/vocab.ts';
import { POSITION_TITLE_LABELS } from '../../../domain/org/vocab.ts';
import type { RulesOn } from '../../../domain/rules/overrides.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock, Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { rulesForAll, rulesForOrgPath } from '../rules/rules.service.ts';
import {
  findLifeOrg,
  type LifeOrgRow,
  listLifeOrgs,
  listMeetingFactsOf,
  listMeetingsOfOrg,
  listPositionSpans,
  listStaleLifeOrgs,
  listVotes,
  sumChildren,
  sumSubtree,
  upsertLifeCompliance,
} from './life.queries.ts';
import { listCommitteeOn, listRostersOf, listTalkPairsOf } from './talks.queries.ts';

/**
 * Compliance with the rules of organisational life, for one organisation (its calendar) and for a subtree (rates
 * and the ranking of children). The check itself is pure (domain/life/compliance.ts); here are its inputs and the
 * kept figures: per organisation and year, windows due and met and findings, rewritten when one of the
 * organisation's meetings is written and by the hourly sweep once a month has ended (docs/life.md).
 */

type OrgFacts = Pick<LifeOrgRow, 'type' | 'established_on' | 'dissolved_on' | 'full_members' | 'committee_members'>;

function hasCommittee(o: OrgFacts, today: string): boolean {
  return hasCommitteeOf(o.type as OrgType, o.full_members, o.committee_members, ruleSetOn(today).org);
}

/** The facts of meetings as the check reads them, votes attached. */
async function meetingFacts(
  db: Kysely<DB>,
  rows: readonly {
    id: number;
    kind: MeetingFacts['kind'];
    held_on: string;
    has_minutes: boolean;
    expected_count: number | null;
    present_count: number | null;
    makes_up_for: string | null;
    report_sent_on: string | null;
  }[],
): Promise<MeetingFacts[]> {
  const votes = await listVotes(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    heldOn: r.held_on,
    hasMinutes: r.has_minutes,
    expected: r.expected_count,
    present: r.present_count,
    makesUpFor: r.makes_up_for,
    reportSentOn: r.report_sent_on,
    votes: votes
      .filter((v) => v.meeting_id === r.id)
      .map((v) => ({
        motion: v.motion,
        yes: v.yes,
        no: v.no,
        abstain: v.abstain,
        shouldAttend: v.should_attend,
        present: v.present,
      })),
  }));
}

/** Organisations' committee positions over a year, by organisation (each window's committee is judged by them). */
async function positionsOf(db: Kysely<DB>, orgIds: readonly number[], year: number) {
  const { from, to } = yearPeriod(year);
  const byOrg = new Map<number, PositionSpan[]>();
  for (const p of await listPositionSpans(db, orgIds, from, to)) {
    const list = byOrg.get(p.org_id) ?? [];
    list.push({ personId: p.person_id, startedOn: p.started_on, endedOn: p.ended_on });
    byOrg.set(p.org_id, list);
  }
  return byOrg;
}

function check(
  o: OrgFacts,
  year: number,
  today: string,
  meetings: readonly MeetingFacts[],
  positions: readonly PositionSpan[],
  rules: RulesOn,
): Compliance {
  return checkCompliance({
    rules,
    orgType: o.type as OrgType,
    hasCommittee: hasCommittee(o, today),
    committee: { fullMembers: o.full_members, positions },
    activeFrom: o.established_on,
    activeTo: o.dissolved_on,
    ...yearPeriod(year),
    today,
    meetings,
  });
}

const NO_TALKS = (year: number, today: string): TalkCoverage =>
  checkTalks({ year, today, committee: [], members: [], talks: [], showNames: false });

/**
 * The talk coverage (谈心谈话) of organisations' years: branches only; the committee owing the talks is who holds a
 * position on the year's last day (today in the running year), the members are the roster as it stands.
 */
export async function talkCoverageOf(
  db: Kysely<DB>,
  orgs: readonly { id: number; type: string }[],
  year: number,
  today: string,
  showNames: boolean,
): Promise<Map<number, TalkCoverage>> {
  const { from, to } = yearPeriod(year);
  const ids = orgs.filter((o) => (BRANCH_TYPES as readonly string[]).includes(o.type)).map((o) => o.id);
  const refDay = today < to ? (today < from ? from : today) : to;
  const [committee, roster, talks] = await Promise.all([
    listCommitteeOn(db, ids, refDay),
    listRostersOf(db, ids),
    listTalkPairsOf(db, ids, from, to),
  ]);
  const out = new Map<number, TalkCoverage>();
  for (const o of orgs) {
    if (!ids.includes(o.id)) {
      out.set(o.id, NO_TALKS(year, today));
      continue;
    }
    out.set(
      o.id,
      checkTalks({
        year,
        today,
        showNames,
        committee: committee
          .filter((c) => c.org_id === o.id)
          .map((c) => ({ personId: c.person_id, name: c.name, title: POSITION_TITLE_LABELS[c.title] })),
        members: roster.filter((r) => r.org_id === o.id).map((r) => ({ personId: r.id, name: r.name })),
        talks: talks
          .filter((t) => t.org_id === o.id)
          .map((t) => ({ committeeId: t.committee_person_id, memberId: t.member_person_id, heldOn: t.held_on })),
      }),
    );
  }
  return out;
}

/** The kept row of an organisation's year: the windows' counts, the talk findings added, the talk pairings. */
function keptRow(o: { id: number; region_id: number }, year: number, today: string, c: Compliance, t: TalkCoverage) {
  return {
    org_id: o.id,
    year,
    region_id: o.region_id,
    ...c.counts,
    findings: c.counts.findings + t.findings.length,
    talk_due: t.due,
    talk_done: t.done,
    checked_on: today,
  };
}

export function findingDto(f: ComplianceFinding | TalkCoverage['findings'][number]) {
  return { ...f, message: zhOf(f.msg), msg: { key: f.msg.key, params: f.msg.params as Record<string, unknown> } };
}

/**
 * Rewrites the kept figures of one organisation's year (a meeting of it was written): one organisation's meetings,
 * inside the writing transaction.
 */
export async function recheckOrgYear(db: Kysely<DB>, orgId: number, year: number, today: string): Promise<void> {
  const org = await findLifeOrg(db, orgId, today);
  if (!org) return;
  const { from, to } = yearPeriod(year);
  const rows = await listMeetingFactsOf(db, [orgId], from, to);
  const positions = (await positionsOf(db, [orgId], year)).get(orgId) ?? [];
  const c = check(org, year, today, await meetingFacts(db, rows), positions, await rulesForOrgPath(db, org.path));
  const t = (await talkCoverageOf(db, [org], year, today, false)).get(orgId)!;
  await upsertLifeCompliance(db, [keptRow(org, year, today, c, t)]);
}

/** The calendar of one organisation's year: kinds × months with a status, the windows, and every finding. */
export async function getLifeCompliance(ctx: Ctx, orgId: number, year?: number): Promise<LifeCompliance> {
  await getOrg(ctx, orgId);
  const y = year ?? Number(ctx.today.slice(0, 4));
  const org = (await findLifeOrg(ctx.db, orgId, ctx.today))!;
  const { from, to } = yearPeriod(y);
  const rows = await listMeetingsOfOrg(ctx.db, orgId, from, to, true);
  const facts = await meetingFacts(ctx.db, rows);
  const positions = (await positionsOf(ctx.db, [orgId], y)).get(orgId) ?? [];
  const c = check(org, y, ctx.today, facts, positions, await rulesForOrgPath(ctx.db, org.path));
  const showNames = hasPermission(ctx.actor.role, 'member:read');
  const t = (await talkCoverageOf(ctx.db, [org], y, ctx.today, showNames)).get(orgId)!;
  return {
    orgId,
    orgName: org.name,
    orgType: org.type,
    hasCommittee: hasCommittee(org, ctx.today),
    year: y,
    today: ctx.today,
    kinds: c.kinds,
    cells: calendarOf(c, y, facts),
    windows: c.windows,
    findings: [...c.findings, ...t.findings].map(findingDto),
    counts: { ...c.counts, findings: c.counts.findings + t.findings.length },
    talks: { due: t.due, done: t.done, rate: t.rate, ended: t.ended, byCommittee: t.byCommittee },
    meetings: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      kind: r.kind,
      heldOn: r.held_on,
      startTime: r.start_time,
      topic: r.topic,
      present: r.present,
      absent: r.absent,
      taskId: r.task_id,
      makesUpFor: r.makes_up_for,
    })),
  };
}

const rateOf = (met: number, due: number) => (due === 0 ? null : met / due);

/**
 * Subtree rates of a year from the kept figures (met / due over every organisation below), each child's rate over
 * its own subtree, and the ranking: best rate first, equal rates share a rank (and say so), children with nothing
 * due are listed without a rank.
 */
export async function getLifeRates(ctx: Ctx, orgId: number, year?: number): Promise<LifeRates> {
  const org = await getOrg(ctx, orgId);
  const y = year ?? Number(ctx.today.slice(0, 4));
  const [total, children] = await Promise.all([sumSubtree(ctx.db, org.path, y), sumChildren(ctx.db, org.id, y)]);
  const rows = children.map((c) => ({
    orgId: c.org_id,
    orgName: c.name,
    code: c.code,
    due: c.due,
    met: c.met,
    late: c.late,
    talkDue: c.talk_due,
    talkDone: c.talk_done,
    talkRate: rateOf(c.talk_done, c.talk_due),
    findings: c.findings,
    pending: c.pending,
    orgs: c.orgs,
    rate: rateOf(c.met, c.due),
  }));
  rows.sort((a, b) => {
    if (a.rate === null || b.rate === null) return a.rate === null ? (b.rate === null ? 0 : 1) : -1;
    return b.rate - a.rate || a.code.localeCompare(b.code);
  });
  let ties = false;
  const ranked = rows.map((r, i) => {
    if (r.rate === null) return { ...r, rank: null, tied: false };
    const first = rows.findIndex((x) => x.rate !== null && Math.abs(x.rate - r.rate!) < 1e-12);
    const tied = rows.some((x, j) => j !== i && x.rate !== null && Math.abs(x.rate - r.rate!) < 1e-12);
    if (tied) ties = true;
    return { ...r, rank: first + 1, tied };
  });
  return {
    orgId: org.id,
    orgName: org.name,
    year: y,
    subtree: {
      due: total.due,
      met: total.met,
      late: total.late,
      findings: total.findings,
      pending: total.pending,
      orgs: total.orgs,
      rate: rateOf(total.met, total.due),
      talkDue: total.talk_due,
      talkDone: total.talk_done,
      talkRate: rateOf(total.talk_done, total.talk_due),
    },
    children: ranked,
    ties,
  };
}

export type LifeSweepResult = { checked: number };

/**
 * The hourly sweep's share: organisations whose windows ended since their figures were kept (a month turned, or a
 * year), and those never checked this year, are checked again in batches. After the turn of a year the past year is
 * finished first. Idempotent: a second run the same month finds nothing stale.
 */
export async function sweepLifeCompliance(db: Kysely<DB>, clock: Pick<Clock, 'today'>): Promise<LifeSweepResult> {
  const { today } = clock;
  const year = Number(today.slice(0, 4));
  const monthStart = `${today.slice(0, 7)}-01`;
  let checked = 0;
  const rulesOf = await rulesForAll(db);
  const years: [number, string][] = [[year, monthStart]];
  // In January the past year's December (and its quarter and year) have just ended.
  if (today.slice(5, 7) === '01') years.unshift([year - 1, `${year}-01-01`]);
  for (const [y, freshFrom] of years) {
    let afterId = 0;
    for (;;) {
      const batch = await listStaleLifeOrgs(db, y, freshFrom, afterId, 500, {
        days: ruleSetOn(today).life.leadershipLifeReportDays.value,
        today,
      });
      if (batch.length === 0) break;
      afterId = batch[batch.length - 1]!.id;
      const ids = batch.map((b) => b.id);
      const orgs = await listLifeOrgs(db, ids, today);
      const { from, to } = yearPeriod(y);
      const rows0 = await listMeetingFactsOf(db, ids, from, to);
      const facts = await meetingFacts(db, rows0);
      const positions = await positionsOf(db, ids, y);
      const byOrg = new Map<number, MeetingFacts[]>();
      rows0.forEach((r, i) => {
        const list = byOrg.get(r.org_id) ?? [];
        list.push(facts[i]!);
        byOrg.set(r.org_id, list);
      });
      const talks = await talkCoverageOf(db, orgs, y, today, false);
      const kept = orgs.map((o) =>
        keptRow(
          o,
          y,
          today,
          check(o, y, today, byOrg.get(o.id) ?? [], positions.get(o.id) ?? [], rulesOf(o.path)),
          talks.get(o.id)!,
        ),
      );
      await upsertLifeCompliance(db, kept);
      checked += kept.length;
    }
  }
  return { checked };
}
