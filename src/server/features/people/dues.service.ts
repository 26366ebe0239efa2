import type { z } from 'zod';
import type {
  DuesPaymentList,
  DuesReport,
  duesArrangementBody,
  duesBaseBody,
  duesExtraBody,
  duesPaymentBody,
  duesPaymentListQuery,
  duesQuery,
  duesVoidBody,
  TransferDto,
  transferBody,
  transferEventBody,
  transferListQuery,
} from '../../../contracts/dues.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { addMonthsIso, compareIso } from '../../../domain/dates.ts';
import { msg } from '../../../domain/messages.ts';
import {
  arrangementIn,
  canPayMonth,
  type DuesArrangement,
  type DuesInput,
  duesStanding,
  goesToCentre,
  monthlyDues,
  monthsBetween,
  previousMonth,
} from '../../../domain/people/dues.ts';
import { transferLetterDoc } from '../../../domain/people/transfer-letter.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { getOrg } from '../org/org.service.ts';
import { renderOfficialDocx, renderOfficialPdf } from '../report/report.service.ts';
import { rulesForOrgPath } from '../rules/rules.service.ts';
import {
  type DuesMemberRow,
  findActiveOrgByCode,
  findLastPaidMonth,
  findPayment,
  findPersonForLetter,
  findTransferInScope,
  insertDuesArrangement,
  insertDuesBase,
  insertDuesPayments,
  insertTransfer,
  insertTransferEvent,
  isVoided,
  listDuesArrangements,
  listDuesBases,
  listDuesDebtorsInSubtree,
  listDuesMembersOfOrg,
  listPaymentsOfSubtree,
  listStandingPayments,
  listTransferEvents,
  listTransfersOfSubtree,
  lockPerson,
  lockTransfer,
  moveTransferredPerson,
  setTransferState,
  sumExtrasInSubtree,
  sumPaidInSubtree,
  type TransferRow,
} from './dues.queries.ts';
import { findMemberInScope } from './people.queries.ts';

/**
 * Dues (党费) and transfers (组织关系转接), area people: ../shared/domain-rules.md §4–5, the rules in
 * src/domain/people/dues.ts and RuleSet.dues / RuleSet.transfer. The platform computes, records and flags; it
 * never changes membership by itself (the lapse rule is for the branch to act on).
 */

const month7 = (iso: string) => iso.slice(0, 7);
const firstOf = (m: string) => `${m}-01`;

async function getMemberProper(ctx: Ctx, personId: number) {
  const p = await findMemberInScope(ctx.db, ctx.actor, personId);
  if (!p) throw AppError.of('NOT_FOUND', 'err.person.notFound', { id: personId });
  if (p.status !== 'probationary' && p.status !== 'full') {
    throw AppError.of('RULE_VIOLATION', 'err.dues.notMember', { name: p.name });
  }
  return p;
}

function duesInputOf(b: z.infer<typeof duesBaseBody>): DuesInput {
  switch (b.category) {
    case 'salaried':
    case 'retired':
      if (b.monthlyIncome === undefined) throw AppError.of('VALIDATION_FAILED', 'err.dues.incomeRequired');
      return { category: b.category, monthlyIncome: b.monthlyIncome };
    case 'farmer':
      if (b.amount === undefined) throw AppError.of('VALIDATION_FAILED', 'err.dues.amountRequired');
      return { category: 'farmer', amount: b.amount };
    case 'minimal':
      return { category: 'minimal' };
    case 'reduced':
      if (b.amount === undefined) throw AppError.of('VALIDATION_FAILED', 'err.dues.amountRequired');
      return { category: 'reduced', amount: b.amount, reason: b.reason ?? '' };
  }
}

/** Sets a member's dues from a month on (a new pay level applies from the month it starts). */
export async function setDuesBase(ctx: Ctx, body: z.infer<typeof duesBaseBody>) {
  const p = await getMemberProper(ctx, body.personId);
  const rules = (await rulesForOrgPath(ctx.db, p.org_path))(firstOf(body.fromMonth)).dues;
  const r = monthlyDues(duesInputOf(body), rules);
  if (!r.ok) {
    const key = {
      negativeIncome: 'err.dues.negativeIncome',
      farmerRange: 'err.dues.farmerRange',
      reasonRequired: 'err.dues.reasonRequired',
      negativeAmount: 'err.dues.negativeAmount',
    } as const;
    throw AppError.of('RULE_VIOLATION', key[r.code], r.params);
  }
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertDuesBase(trx, {
      person_id: p.id,
      from_month: firstOf(body.fromMonth),
      category: body.category,
      amount: r.amount,
      rate: r.rate,
      rule_id: r.ruleId,
      reason: body.category === 'reduced' ? (body.reason ?? null) : null,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    // The pay is not written down anywhere, the audit row included: the amount is the fact kept.
    await audit(trx, ctx, 'dues.base', { entity: 'person', entityId: p.id, orgId: p.org_id }, null, {
      id,
      fromMonth: body.fromMonth,
      category: body.category,
      amount: r.amount,
      rate: r.rate,
    });
  });
  return memberRowOf(ctx, p.id, Number(ctx.today.slice(0, 4)));
}

/** Records the months a member paid (at the amount of the base in force each month unless given). */
export async function recordDuesPayments(ctx: Ctx, body: z.infer<typeof duesPaymentBody>) {
  const p = await getMemberProper(ctx, body.personId);
  const months = [...new Set(body.months)].sort();
  const thisMonth = month7(ctx.today);
  const rules = (await rulesForOrgPath(ctx.db, p.org_path))(ctx.today).dues;
  await ctx.db.transaction().execute(async (trx) => {
    await lockPerson(trx, p.id);
    const bases = await listDuesBases(trx, [p.id]);
    const arrangements = await listDuesArrangements(trx, [p.id]);
    const standing = await listStandingPayments(trx, [p.id], firstOf(months[0]!), firstOf(months[months.length - 1]!));
    const paid = new Set(standing.map((s) => s.month));
    const rows = months.map((m) => {
      if (paid.has(m)) throw AppError.of('CONFLICT', 'err.dues.alreadyPaid', { name: p.name, month: m });
      const base = [...bases].reverse().find((b) => month7(String(b.from_month)) <= m);
      if (!base && body.amount === undefined) {
        throw AppError.of('RULE_VIOLATION', 'err.dues.noBase', { name: p.name, month: m });
      }
      return {
        person_id: p.id,
        org_id: p.org_id,
        month: firstOf(m),
        amount: body.amount ?? Number(base!.amount),
        paid_on: body.paidOn,
        note: body.note ?? '',
        proxy_name: body.proxyName ?? proxyIn(m, arrangements),
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        at: ctx.now,
      };
    });
    // Paid already is the first thing to say; then the back-payment limit (a note records an exception).
    const tooOld = months.filter((m) => !canPayMonth(m, thisMonth, rules));
    if (tooOld.length > 0 && !body.note) {
      throw AppError.of('RULE_VIOLATION', 'err.dues.backPayTooOld', {
        month: tooOld[0]!,
        max: rules.backPayMonths.value,
      });
    }
    await insertDuesPayments(trx, rows);
    await audit(trx, ctx, 'dues.pay', { entity: 'person', entityId: p.id, orgId: p.org_id }, null, {
      months,
      amounts: rows.map((r) => r.amount),
      paidOn: body.paidOn,
      note: body.note ?? null,
      proxyName: rows[0]?.proxy_name ?? null,
    });
  });
  return memberRowOf(ctx, p.id, Number(ctx.today.slice(0, 4)));
}

type ArrangementRow = Awaited<ReturnType<typeof listDuesArrangements>>[number];

const arrangementsOf = (rows: readonly ArrangementRow[]): DuesArrangement[] =>
  rows.map((a) => ({ fromMonth: month7(String(a.from_month)), kind: a.kind }));

/** The proxy of a member paying by proxy in the month (null otherwise). */
function proxyIn(month: string, rows: readonly ArrangementRow[]): string | null {
  if (arrangementIn(month, arrangementsOf(rows)) !== 'proxy') return null;
  return [...rows].reverse().find((a) => month7(String(a.from_month)) <= month)?.proxy_name ?? null;
}

/**
 * Records how a member pays from a month on: monthly, or with the branch's consent (its date) quarterly or by proxy
 * (the proxy named). A quarterly payer owes a quarter's months once it has ended (domain/people/dues.ts).
 */
export async function setDuesArrangement(ctx: Ctx, body: z.infer<typeof duesArrangementBody>) {
  const p = await getMemberProper(ctx, body.personId);
  const rules = (await rulesForOrgPath(ctx.db, p.org_path))(firstOf(body.fromMonth)).dues;
  if (!rules.arrangements.value.includes(body.kind)) {
    throw AppError.of('RULE_VIOLATION', 'err.dues.arrangementNotAllowed', {
      kind: msg(`label.dues.arrangement.${body.kind}`),
    });
  }
  if (body.kind !== 'monthly' && !body.consentOn) {
    throw AppError.of('VALIDATION_FAILED', 'err.dues.consentRequired', {
      kind: msg(`label.dues.arrangement.${body.kind}`),
    });
  }
  if (body.kind === 'proxy' && !body.proxyName) throw AppError.of('VALIDATION_FAILED', 'err.dues.proxyNameRequired');
  if (body.consentOn && compareIso(body.consentOn, ctx.today) > 0) {
    throw AppError.of('VALIDATION_FAILED', 'err.dues.consentFuture', { date: body.consentOn });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await lockPerson(trx, p.id);
    const id = await insertDuesArrangement(trx, {
      person_id: p.id,
      org_id: p.org_id,
      from_month: firstOf(body.fromMonth),
      kind: body.kind,
      proxy_name: body.kind === 'proxy' ? (body.proxyName ?? null) : null,
      consent_on: body.kind === 'monthly' ? (body.consentOn ?? null) : body.consentOn!,
      note: body.note ?? '',
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(trx, ctx, 'dues.arrangement', { entity: 'person', entityId: p.id, orgId: p.org_id }, null, {
      id,
      ...body,
    });
  });
  return memberRowOf(ctx, p.id, Number(ctx.today.slice(0, 4)));
}

/**
 * Records a one-off extra payment (自愿多交党费). One of the rule's amount or more (dues.extraToCentre, by the rule set in
 * force on the day paid) goes to the centre: the row says so, the list marks it 上缴中央 and the summary sums it apart.
 */
export async function recordDuesExtra(ctx: Ctx, body: z.infer<typeof duesExtraBody>) {
  const p = await getMemberProper(ctx, body.personId);
  if (compareIso(body.paidOn, ctx.today) > 0) {
    throw AppError.of('VALIDATION_FAILED', 'err.dues.paidOnFuture', { date: body.paidOn });
  }
  const toCentre = goesToCentre(body.amount, ruleSetOn(body.paidOn).dues);
  await ctx.db.transaction().execute(async (trx) => {
    await lockPerson(trx, p.id);
    await insertDuesPayments(trx, [
      {
        person_id: p.id,
        org_id: p.org_id,
        month: null,
        extra: true,
        to_centre: toCentre,
        amount: body.amount,
        paid_on: body.paidOn,
        proxy_name: body.proxyName ?? null,
        note: body.note ?? '',
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        at: ctx.now,
      },
    ]);
    await audit(trx, ctx, 'dues.extra', { entity: 'person', entityId: p.id, orgId: p.org_id }, null, {
      amount: body.amount,
      paidOn: body.paidOn,
      toCentre,
      proxyName: body.proxyName ?? null,
    });
  });
  return memberRowOf(ctx, p.id, Number(ctx.today.slice(0, 4)));
}

const PAYMENT_LIST_LIMIT = 500;

/** The payments of an organisation and those below it in a year: months paid and extra payments (上缴中央 marked). */
export async function listDuesPayments(ctx: Ctx, q: z.infer<typeof duesPaymentListQuery>): Promise<DuesPaymentList> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const year = q.year ?? Number(ctx.today.slice(0, 4));
  const rows = await listPaymentsOfSubtree(ctx.db, org.path, year, PAYMENT_LIST_LIMIT + 1);
  return {
    items: rows.slice(0, PAYMENT_LIST_LIMIT).map((r) => ({
      id: r.id,
      personId: r.person_id,
      name: r.name,
      orgName: r.org_name,
      month: r.month,
      amount: Number(r.amount),
      paidOn: r.paid_on,
      proxyName: r.proxy_name,
      extra: r.extra,
      toCentre: r.to_centre,
      note: r.note,
      voided: r.voided,
      actorName: r.actor_name,
    })),
    truncated: rows.length > PAYMENT_LIST_LIMIT,
  };
}

/** Voids a payment recorded by mistake: a new row says so (payments are never changed or removed). */
export async function voidDuesPayment(ctx: Ctx, id: number, body: z.infer<typeof duesVoidBody>) {
  const pay = await findPayment(ctx.db, id);
  const p = pay ? await findMemberInScope(ctx.db, ctx.actor, pay.person_id) : undefined;
  if (!pay || !p || pay.voids_id !== null) throw AppError.of('NOT_FOUND', 'err.dues.paymentNotFound', { id });
  await ctx.db.transaction().execute(async (trx) => {
    await lockPerson(trx, p.id);
    if (await isVoided(trx, id)) throw AppError.of('CONFLICT', 'err.dues.alreadyVoided', { id });
    await insertDuesPayments(trx, [
      {
        person_id: p.id,
        org_id: pay.org_id,
        month: pay.month,
        extra: pay.extra,
        amount: 0,
        paid_on: ctx.today,
        voids_id: id,
        note: body.reason,
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        at: ctx.now,
      },
    ]);
    await audit(trx, ctx, 'dues.void', { entity: 'person', entityId: p.id, orgId: p.org_id }, null, {
      paymentId: id,
      reason: body.reason,
    });
  });
  return memberRowOf(ctx, p.id, Number(ctx.today.slice(0, 4)));
}

type MemberRowDto = DuesReport['members'][number];

/** The dues rows of members: the base in force now, each month of the year, arrears and the lapse flag. */
async function duesRows(ctx: Ctx, members: readonly DuesMemberRow[], year: number): Promise<MemberRowDto[]> {
  const ids = members.map((m) => m.id);
  const thisMonth = month7(ctx.today);
  const rules = ruleSetOn(ctx.today).dues;
  const bases = await listDuesBases(ctx.db, ids);
  const byPerson = new Map<number, typeof bases>();
  for (const b of bases) byPerson.set(b.person_id, [...(byPerson.get(b.person_id) ?? []), b]);
  const arrangementsOfPerson = new Map<number, ArrangementRow[]>();
  for (const a of await listDuesArrangements(ctx.db, ids)) {
    arrangementsOfPerson.set(a.person_id, [...(arrangementsOfPerson.get(a.person_id) ?? []), a]);
  }
  const dueFrom = new Map<number, string>();
  for (const m of members) {
    const first = byPerson.get(m.id)?.[0];
    if (!first) continue;
    const f = month7(String(first.from_month));
    const joined = m.join_date ? month7(m.join_date) : f;
    dueFrom.set(m.id, f > joined ? f : joined);
  }
  const earliest = [...dueFrom.values(), `${year}-01`].sort()[0]!;
  const payments = await listStandingPayments(
    ctx.db,
    ids,
    firstOf(earliest),
    `${year}-12-01` > firstOf(thisMonth) ? `${year}-12-01` : firstOf(thisMonth),
  );
  const paid = new Map<number, Map<string, { id: number; amount: number }>>();
  for (const pm of payments) {
    const m = paid.get(pm.person_id) ?? new Map();
    m.set(pm.month, { id: pm.id, amount: Number(pm.amount) });
    paid.set(pm.person_id, m);
  }
  const yearMonths = monthsBetween(`${year}-01`, `${year}-12`);
  return members.map((m) => {
    const own = byPerson.get(m.id) ?? [];
    const nowBase = [...own].reverse().find((b) => month7(String(b.from_month)) <= thisMonth) ?? own[own.length - 1];
    const from = dueFrom.get(m.id);
    const mine = paid.get(m.id) ?? new Map<string, { id: number; amount: number }>();
    const ways = arrangementsOfPerson.get(m.id) ?? [];
    const standing = from
      ? duesStanding(from, thisMonth, new Set(mine.keys()), rules, arrangementsOf(ways))
      : { unpaid: [], owedThrough: null, runToDate: 0, lapse: false };
    const way = [...ways].reverse().find((a) => month7(String(a.from_month)) <= thisMonth);
    return {
      personId: m.id,
      name: m.name,
      orgId: m.org_id,
      orgName: m.org_name,
      status: m.status,
      base: nowBase
        ? {
            id: nowBase.id,
            fromMonth: month7(String(nowBase.from_month)),
            category: nowBase.category,
            amount: Number(nowBase.amount),
            rate: nowBase.rate === null ? null : Number(nowBase.rate),
            ruleId: nowBase.rule_id,
            reason: nowBase.reason,
            actorName: nowBase.actor_name,
            at: new Date(nowBase.at).toISOString(),
          }
        : null,
      arrangement: way
        ? {
            kind: way.kind,
            fromMonth: month7(String(way.from_month)),
            proxyName: way.proxy_name,
            consentOn: way.consent_on === null ? null : String(way.consent_on),
          }
        : null,
      months: yearMonths.map((ym) => {
        const pm = mine.get(ym);
        if (pm) return { month: ym, status: 'paid' as const, amount: pm.amount, paymentId: pm.id };
        const owed = from !== undefined && standing.owedThrough !== null && ym >= from && ym <= standing.owedThrough;
        return { month: ym, status: owed ? ('unpaid' as const) : ('notDue' as const), amount: null, paymentId: null };
      }),
      unpaidCount: standing.unpaid.length,
      runToDate: standing.runToDate,
      lapse: standing.lapse,
    };
  });
}

async function memberRowOf(ctx: Ctx, personId: number, year: number): Promise<MemberRowDto> {
  const p = (await findMemberInScope(ctx.db, ctx.actor, personId))!;
  const [row] = await duesRows(
    ctx,
    [{ id: p.id, name: p.name, org_id: p.org_id, org_name: p.org_name, status: p.status, join_date: p.join_date }],
    year,
  );
  return row!;
}

const SUBTREE_LIMIT = 200;

/**
 * The dues page of an organisation: a branch (an organisation with members of its own) lists its members; a larger
 * organisation lists the members of its subtree who owe dues (the first ones, longest arrears first).
 */
export async function getDuesReport(ctx: Ctx, q: z.infer<typeof duesQuery>): Promise<DuesReport> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const year = q.year ?? Number(ctx.today.slice(0, 4));
  const own = await listDuesMembersOfOrg(ctx.db, org.id);
  const lastMonth = previousMonth(month7(ctx.today));
  const members =
    own.length > 0 ? own : await listDuesDebtorsInSubtree(ctx.db, org.path, firstOf(lastMonth), SUBTREE_LIMIT + 1);
  const truncated = own.length === 0 && members.length > SUBTREE_LIMIT;
  const all = await duesRows(ctx, members.slice(0, own.length > 0 ? members.length : SUBTREE_LIMIT), year);
  // Below a branch only those in arrears: a quarterly payer's months not yet owed are not arrears (the query counts them).
  const rows = own.length > 0 ? all : all.filter((r) => r.unpaidCount > 0);
  if (own.length === 0) rows.sort((a, b) => b.runToDate - a.runToDate || a.personId - b.personId);
  const extras = await sumExtrasInSubtree(ctx.db, org.path, `${year}-01-01`, `${year}-12-31`);
  return {
    orgId: org.id,
    orgName: org.name,
    year,
    members: rows,
    totals: {
      members: rows.length,
      paidThisYear: await sumPaidInSubtree(ctx.db, org.path, `${year}-01-01`, `${year}-12-01`),
      extraThisYear: extras.extra,
      toCentreThisYear: extras.toCentre,
      inArrears: rows.filter((r) => r.unpaidCount > 0).length,
      lapse: rows.filter((r) => r.lapse).length,
    },
    truncated,
  };
}

// --- Transfers

type Side = { from: boolean; to: boolean };

function sidesOf(ctx: Ctx, t: TransferRow): Side {
  const write = hasPermission(ctx.actor.role, 'member:write');
  return {
    from: write && t.from_path !== null && pathInScope(t.from_path, ctx.actor),
    to: write && t.to_path !== null && pathInScope(t.to_path, ctx.actor),
  };
}

function allowedOf(t: TransferRow, s: Side): TransferDto['allowed'] {
  if (t.state !== 'pending') return [];
  if (t.kind === 'internal')
    return [...(s.to ? (['accept', 'reject'] as const) : []), ...(s.from ? (['cancel'] as const) : [])];
  if (t.kind === 'out') return s.from ? ['receipt', 'cancel'] : [];
  return [];
}

async function transferDtos(ctx: Ctx, rows: TransferRow[]): Promise<TransferDto[]> {
  const events = await listTransferEvents(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((t) => ({
    id: t.id,
    personId: t.person_id,
    personName: t.person_name,
    kind: t.kind,
    fromOrgId: t.from_org_id,
    fromOrgName: t.from_name,
    toOrgId: t.to_org_id,
    toOrgName: t.to_name,
    outsideOrg: t.outside_org,
    letterNo: t.letter_no,
    reason: t.reason,
    crossProvince: t.cross_province,
    state: t.state,
    issuedOn: String(t.issued_on),
    dueOn: String(t.due_on),
    doneOn: t.done_on === null ? null : String(t.done_on),
    overdue: t.state === 'pending' && compareIso(ctx.today, String(t.due_on)) > 0,
    allowed: allowedOf(t, sidesOf(ctx, t)),
    events: events
      .filter((e) => e.transfer_id === t.id)
      .map((e) => ({ event: e.event, note: e.note, actorName: e.actor_name, at: new Date(e.at).toISOString() })),
  }));
}

async function getTransferRow(ctx: Ctx, id: number): Promise<TransferRow> {
  const t = await findTransferInScope(ctx.db, ctx.actor, id);
  if (!t) throw AppError.of('NOT_FOUND', 'err.transfer.notFound', { id });
  return t;
}

export async function getTransfer(ctx: Ctx, id: number): Promise<TransferDto> {
  return (await transferDtos(ctx, [await getTransferRow(ctx, id)]))[0]!;
}

/**
 * The introduction letter (介绍信) of an outgoing transfer as an official document: .docx (Word, WPS) or PDF, by the
 * platform's writer of 通报. Either end may print it; a member received from outside has no letter of the platform's.
 */
export async function transferLetter(ctx: Ctx, id: number, format: 'docx' | 'pdf') {
  const t = await getTransferRow(ctx, id);
  if (t.kind === 'in') throw AppError.of('RULE_VIOLATION', 'err.transfer.letterOutgoingOnly');
  const person = (await findPersonForLetter(ctx.db, t.person_id))!;
  // The validity the letter was issued with (the sender's rules then, a locality's if it set one): issued → due.
  const validMonths = monthsBetween(month7(String(t.issued_on)), month7(String(t.due_on))).length - 1;
  const doc = transferLetterDoc({
    letterNo: t.letter_no,
    transferId: t.id,
    issuedOn: String(t.issued_on),
    dueOn: String(t.due_on),
    validMonths,
    person: {
      name: person.name,
      gender: person.gender,
      birthDate: person.birth_date === null ? null : String(person.birth_date),
      ethnicity: person.ethnicity,
      idNumber: person.id_number,
      status: person.status,
    },
    fromOrg: t.from_name ?? '',
    toOrg: t.to_name ?? t.outside_org ?? '',
    reason: t.reason,
    duesPaidThrough: await findLastPaidMonth(ctx.db, t.person_id),
  });
  const data = format === 'docx' ? await renderOfficialDocx(doc) : await renderOfficialPdf(doc);
  return { data, filename: `组织关系介绍信-${t.person_name}.${format}` };
}

export async function listTransfers(ctx: Ctx, q: z.infer<typeof transferListQuery>): Promise<TransferDto[]> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  return transferDtos(ctx, await listTransfersOfSubtree(ctx.db, org.path, q.state, 200));
}

/**
 * Starts a transfer. Inside the platform the receiving organisation is named by its code (it is usually outside the
 * sender's scope) and the member stays where they are until it accepts; out of the platform the member stays until
 * the receipt (回执) comes back; a member received from outside is recorded with the letter, done at once.
 */
export async function createTransfer(ctx: Ctx, body: z.infer<typeof transferBody>): Promise<TransferDto> {
  const p = await getMemberProper(ctx, body.personId);
  const issuedOn = body.issuedOn ?? ctx.today;
  const valid = (await rulesForOrgPath(ctx.db, p.org_path))(issuedOn).transfer.letterValidMonths.value;
  const dueOn = addMonthsIso(issuedOn, body.crossProvince ? valid.crossProvince : valid.normal);
  let toOrgId: number | null = null;
  if (body.kind === 'internal') {
    if (!body.toOrgCode) throw AppError.of('VALIDATION_FAILED', 'err.transfer.toRequired');
    const to = await findActiveOrgByCode(ctx.db, body.toOrgCode);
    if (!to) throw AppError.of('ORG_NOT_FOUND', 'err.transfer.toNotFound', { code: body.toOrgCode });
    if (to.id === p.org_id) throw AppError.of('RULE_VIOLATION', 'err.transfer.sameOrg', { org: to.name });
    if (to.type === 'committee' || to.type === 'working_committee') {
      throw AppError.of('RULE_VIOLATION', 'err.transfer.notBranch', { org: to.name });
    }
    toOrgId = to.id;
  } else {
    if (!body.outsideOrg) throw AppError.of('VALIDATION_FAILED', 'err.transfer.outsideRequired');
    if (!body.letterNo) throw AppError.of('VALIDATION_FAILED', 'err.transfer.letterRequired');
    if (body.kind === 'in') toOrgId = p.org_id;
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    await lockPerson(trx, p.id);
    let tid: number;
    try {
      tid = await insertTransfer(trx, {
        person_id: p.id,
        kind: body.kind,
        from_org_id: body.kind === 'in' ? null : p.org_id,
        to_org_id: toOrgId,
        outside_org: body.kind === 'internal' ? null : (body.outsideOrg ?? null),
        letter_no: body.letterNo ?? null,
        reason: body.reason,
        cross_province: body.crossProvince ?? false,
        state: body.kind === 'in' ? 'completed' : 'pending',
        issued_on: issuedOn,
        due_on: dueOn,
        done_on: body.kind === 'in' ? issuedOn : null,
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        at: ctx.now,
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') {
        throw AppError.of('CONFLICT', 'err.transfer.pendingExists', { name: p.name });
      }
      throw e;
    }
    await insertTransferEvent(trx, {
      transfer_id: tid,
      event: 'issue',
      note: body.reason,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(trx, ctx, 'transfer.issue', { entity: 'person', entityId: p.id, orgId: p.org_id }, null, {
      transferId: tid,
      ...body,
      dueOn,
    });
    // The receiving organisation inside the platform is told; it sees the transfer in its list and may accept it.
    if (body.kind === 'internal' && toOrgId !== null) {
      await notify(trx, [
        {
          orgId: toOrgId,
          kind: 'transfer',
          title: msg('notice.transfer.incoming', { name: p.name, from: p.org_name }),
          body: msg('notice.transfer.note', { note: body.reason }),
          transferId: tid,
        },
      ]);
    }
    return tid;
  });
  return getTransfer(ctx, id);
}

/** 接收 / 退回 by the receiving side, 撤回 or 回执 by the sending side; the member moves only when it is done. */
export async function transferStep(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof transferEventBody>,
): Promise<TransferDto> {
  const seen = await getTransferRow(ctx, id);
  if (!allowedOf(seen, sidesOf(ctx, seen)).includes(body.event)) {
    throw AppError.of('RULE_VIOLATION', 'err.transfer.stepNotAllowed', {
      step: msg(`label.transfer.${body.event}`),
      state: msg(`label.transfer.state.${seen.state}`),
    });
  }
  const to = body.event === 'accept' ? await getOrgForMove(ctx, seen) : null;
  await ctx.db.transaction().execute(async (trx) => {
    await lockPerson(trx, seen.person_id);
    const t = await lockTransfer(trx, id);
    if (t?.state !== 'pending') throw AppError.of('CONFLICT', 'err.transfer.notPending', { id });
    const done = body.event === 'accept' || body.event === 'receipt';
    await setTransferState(trx, id, {
      state: done ? 'completed' : body.event === 'reject' ? 'rejected' : 'cancelled',
      done_on: done ? ctx.today : null,
    });
    if (to) await moveTransferredPerson(trx, t.person_id, { orgId: to.id, regionId: to.region_id }, ctx.now);
    if (body.event === 'receipt') await moveTransferredPerson(trx, t.person_id, { status: 'transferred_out' }, ctx.now);
    // The sending side is told when the receiving one accepts or returns it.
    if ((body.event === 'accept' || body.event === 'reject') && t.from_org_id !== null) {
      await notify(trx, [
        {
          orgId: t.from_org_id,
          kind: 'transfer',
          title: msg(body.event === 'accept' ? 'notice.transfer.accepted' : 'notice.transfer.rejected', {
            name: seen.person_name,
            to: seen.to_name ?? '',
          }),
          ...(body.note ? { body: msg('notice.transfer.note', { note: body.note }) } : {}),
          transferId: id,
        },
      ]);
    }
    await insertTransferEvent(trx, {
      transfer_id: id,
      event: body.event,
      note: body.note ?? '',
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      `transfer.${body.event}`,
      { entity: 'person', entityId: t.person_id, orgId: t.to_org_id ?? t.from_org_id },
      null,
      {
        transferId: id,
        note: body.note ?? null,
      },
    );
  });
  return getTransfer(ctx, id);
}

async function getOrgForMove(ctx: Ctx, t: TransferRow) {
  const to = await getOrg(ctx, t.to_org_id!);
  if (to.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.org.dissolved', { org: to.name });
  return to;
}
