import { z } from 'zod';
import { DUES_ARRANGEMENTS, DUES_CATEGORIES } from '../domain/people/dues.ts';
import { CONTACT_CHANNELS } from '../domain/people/floating.ts';
import { isoDate, orgRef, personRef } from './common.ts';
import { importIssue, MAPPING_MATCHED_BY } from './people.ts';

/** Dues (党费) and transfers (组织关系转接), area people. */

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为“年-月”，如 2026-03' });
const money = z.number().min(0).max(1_000_000);

export const duesBaseBody = z.object({
  personId: personRef(),
  /** From this month on ('YYYY-MM'). */
  fromMonth: month,
  category: z.enum(DUES_CATEGORIES),
  /** In work or retired: the month's regular pay after tax, in yuan (used to compute the amount; not kept). */
  monthlyIncome: money.optional(),
  /** Farmers, and reduced or waived amounts: the monthly amount in yuan. */
  amount: money.optional(),
  /** Reduced or waived: the branch's study and the next level's approval. */
  reason: z.string().trim().max(500).optional(),
});

export const duesBase = z.object({
  id: z.number().int(),
  fromMonth: z.string(),
  category: z.enum(DUES_CATEGORIES),
  amount: z.number(),
  rate: z.number().nullable(),
  ruleId: z.string().nullable(),
  reason: z.string().nullable(),
  actorName: z.string(),
  at: z.string(),
});

const proxyName = z.string().trim().min(1).max(50);

export const duesPaymentBody = z.object({
  personId: personRef(),
  /** The months paid ('YYYY-MM'); each at the base amount unless `amount` is given. */
  months: z.array(month).min(1).max(24),
  amount: money.optional(),
  paidOn: isoDate,
  /** Needed to pay back more than the rule's months (补交). */
  note: z.string().trim().max(500).optional(),
  /** Who paid it for the member (代缴); by default the proxy of a member who pays by proxy. */
  proxyName: proxyName.optional(),
});

/** How a member pays from a month on; quarterly and by proxy need the branch's consent (its date). */
export const duesArrangementBody = z.object({
  personId: personRef(),
  fromMonth: month,
  kind: z.enum(DUES_ARRANGEMENTS),
  /** By proxy: who pays (代缴人). */
  proxyName: proxyName.optional(),
  /** The day the branch consented (支部同意); needed for quarterly and by proxy. */
  consentOn: isoDate.optional(),
  note: z.string().trim().max(500).optional(),
});

/** A one-off extra payment (自愿多交党费); one of 1000 yuan or more goes to the centre. */
export const duesExtraBody = z.object({
  personId: personRef(),
  amount: z.number().positive().max(10_000_000),
  paidOn: isoDate,
  proxyName: proxyName.optional(),
  note: z.string().trim().max(500).optional(),
});

export const duesArrangement = z.object({
  kind: z.enum(DUES_ARRANGEMENTS),
  fromMonth: z.string(),
  proxyName: z.string().nullable(),
  consentOn: z.string().nullable(),
});

export const duesPaymentListQuery = z.object({
  orgId: orgRef.query().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const duesPaymentItem = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  orgName: z.string(),
  /** The month paid; null for a one-off extra payment. */
  month: z.string().nullable(),
  amount: z.number(),
  paidOn: z.string(),
  proxyName: z.string().nullable(),
  extra: z.boolean(),
  /** 上缴中央: an extra payment of at least the rule's amount. */
  toCentre: z.boolean(),
  note: z.string(),
  voided: z.boolean(),
  actorName: z.string(),
});
export const duesPaymentList = z.object({
  items: z.array(duesPaymentItem),
  /** Only the newest are listed. */
  truncated: z.boolean(),
});
export type DuesPaymentList = z.infer<typeof duesPaymentList>;

export const duesVoidBody = z.object({ reason: z.string().trim().min(1).max(500) });

export const duesQuery = z.object({
  orgId: orgRef.query().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

const monthCell = z.object({
  month: z.string(),
  /** paid: a payment stands; unpaid: owed and not paid; notDue: before dues were owed or not yet due. */
  status: z.enum(['paid', 'unpaid', 'notDue']),
  amount: z.number().nullable(),
  paymentId: z.number().int().nullable(),
});

export const duesMemberRow = z.object({
  personId: z.number().int(),
  name: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  status: z.string(),
  base: duesBase.nullable(),
  /** How the member pays now (null: monthly, nothing recorded). */
  arrangement: duesArrangement.nullable(),
  months: z.array(monthCell),
  unpaidCount: z.number().int(),
  /** Consecutive unpaid months up to last month. */
  runToDate: z.number().int(),
  /** The lapse rule reached (党章 Art.9, 6 months): for the branch to look into. */
  lapse: z.boolean(),
});

export const duesReport = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  /** The members of the organisation itself (a branch's roster), or, for a larger organisation, those in arrears. */
  members: z.array(duesMemberRow),
  totals: z.object({
    members: z.number().int(),
    /** Monthly dues paid for months of the year. */
    paidThisYear: z.number(),
    /** One-off extra payments made in the year that stay with the branch's line (under the rule's amount). */
    extraThisYear: z.number(),
    /** One-off extra payments of the rule's amount or more, made in the year: 上缴中央, summed apart. */
    toCentreThisYear: z.number(),
    inArrears: z.number().int(),
    lapse: z.number().int(),
  }),
  /** Truncated: a subtree lists the first members in arrears only. */
  truncated: z.boolean(),
});
export type DuesReport = z.infer<typeof duesReport>;

// --- The dues ledger import (党费收缴登记表)

export const duesImportQuery = z.object({
  orgId: orgRef.query(),
  /** 'true': import when every row is right; otherwise only check. */
  commit: z.enum(['true', 'false']).optional(),
});
export const duesImportErrorsQuery = duesImportQuery.omit({ commit: true });

export const duesImportResult = z.object({
  committed: z.boolean(),
  /** Records found in the file. */
  total: z.number().int(),
  valid: z.number().int(),
  created: z.number().int(),
  /** Months already paid (a ledger imported again), left as they are. */
  existing: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      sheet: z.string().optional(),
      personId: z.number().int(),
      name: z.string(),
      orgName: z.string(),
      month: z.string(),
      amount: z.number(),
      paidOn: z.string(),
      proxyName: z.string().nullable(),
      outcome: z.enum(['new', 'existing']),
    }),
  ),
  /** Per row and column, in Chinese, with the message by key. */
  errors: z.array(importIssue),
  skipped: z.array(z.object({ sheet: z.string(), row: z.number().int(), reason: z.string() })),
  /** The column mapping used: header as written → field (null: ignored), and how each was matched. */
  mapping: z.record(z.string(), z.string().nullable()),
  matchedBy: z.record(z.string(), z.enum(MAPPING_MATCHED_BY)),
  /** The mapping the user confirmed for a file of this header shape before was applied. */
  remembered: z.boolean(),
});
export type DuesImportResult = z.infer<typeof duesImportResult>;

export const TRANSFER_KINDS = ['internal', 'out', 'in'] as const;
export const TRANSFER_STATES = ['pending', 'completed', 'rejected', 'cancelled'] as const;

export const transferBody = z.object({
  personId: personRef(),
  kind: z.enum(TRANSFER_KINDS),
  /** Inside the platform: the receiving organisation's code (it may be outside the caller's scope). */
  toOrgCode: z.string().trim().min(1).max(50).optional(),
  /** Out to, or in from, an organisation outside the platform: its name. */
  outsideOrg: z.string().trim().min(1).max(200).optional(),
  letterNo: z.string().trim().max(50).optional(),
  reason: z.string().trim().min(1).max(500),
  crossProvince: z.boolean().optional(),
  issuedOn: isoDate.optional(),
});

export const transferEventBody = z.object({
  event: z.enum(['accept', 'reject', 'cancel', 'receipt']),
  note: z.string().trim().max(500).optional(),
});

/** The introduction letter (介绍信) of an outgoing transfer: .docx (default) or PDF. */
export const transferLetterQuery = z.object({ format: z.enum(['docx', 'pdf']).default('docx') });

export const transferListQuery = z.object({
  orgId: orgRef.query().optional(),
  state: z.enum(TRANSFER_STATES).optional(),
});

export const transferDto = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  kind: z.enum(TRANSFER_KINDS),
  fromOrgId: z.number().int().nullable(),
  fromOrgName: z.string().nullable(),
  toOrgId: z.number().int().nullable(),
  toOrgName: z.string().nullable(),
  outsideOrg: z.string().nullable(),
  letterNo: z.string().nullable(),
  reason: z.string(),
  crossProvince: z.boolean(),
  state: z.enum(TRANSFER_STATES),
  issuedOn: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  /** Still pending after the letter's validity. */
  overdue: z.boolean(),
  /** The steps the caller may take now. */
  allowed: z.array(z.enum(['accept', 'reject', 'cancel', 'receipt'])),
  events: z.array(z.object({ event: z.string(), note: z.string(), actorName: z.string(), at: z.string() })),
});
export type TransferDto = z.infer<typeof transferDto>;

// --- Floating members (流动党员)

export const floatingBody = z.object({
  personId: personRef(),
  /** Where they are (city, unit). */
  location: z.string().trim().min(1).max(200),
  leftOn: isoDate,
  /** The organisation managing them there: a platform organisation by code, or one outside it by name. */
  managingOrgCode: z.string().trim().min(1).max(50).optional(),
  managingOutside: z.string().trim().min(1).max(200).optional(),
  note: z.string().trim().max(1000).optional(),
});

export const floatingContactBody = z.object({
  contactedOn: isoDate,
  channel: z.enum(CONTACT_CHANNELS),
  note: z.string().trim().max(1000).optional(),
});

export const floatingReturnBody = z.object({ returnedOn: isoDate, note: z.string().trim().max(1000).optional() });

export const floatingListQuery = z.object({
  orgId: orgRef.query().optional(),
  /** open (default): members away now; all: with those who came back. */
  show: z.enum(['open', 'all']).default('open'),
});

export const floatingDto = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  homeOrgId: z.number().int(),
  homeOrgName: z.string(),
  managingOrgId: z.number().int().nullable(),
  managingOrgName: z.string().nullable(),
  managingOutside: z.string().nullable(),
  location: z.string(),
  leftOn: z.string(),
  returnedOn: z.string().nullable(),
  note: z.string(),
  lastContactOn: z.string().nullable(),
  /** Lost contact (6 months without one): 党籍 is suspended by rule — the organisation decides. */
  lostContact: z.boolean(),
  lostContactOn: z.string(),
  /** Away 6 months or more: if at a fixed place, the membership should be transferred. */
  awayLong: z.boolean(),
  canWrite: z.boolean(),
  contacts: z.array(
    z.object({
      contactedOn: z.string(),
      channel: z.enum(CONTACT_CHANNELS),
      note: z.string(),
      actorName: z.string(),
    }),
  ),
});
export type FloatingDto = z.infer<typeof floatingDto>;
