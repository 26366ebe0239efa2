import { z } from 'zod';
import { isoDate, orgRef, personRef } from './common.ts';

/** 谈心谈话 (area life): talks between a committee member and a member of the branch. /api/talks… */

const year = z.coerce.number().int().min(1900).max(2100);
const bilingual = z.object({ zh: z.string(), en: z.string() });

/** A talk as recorded: the day, the committee member who talked, the member talked with, an optional short topic. */
export const createTalkBody = z.object({
  orgId: orgRef(),
  heldOn: isoDate,
  committeeId: personRef(),
  memberId: personRef(),
  /** Optional, short; never required (no notes or photos are asked for). */
  topic: z.string().trim().max(200).optional(),
});
export type CreateTalkBody = z.input<typeof createTalkBody>;

export const talkListQuery = z.object({ orgId: orgRef.query(), year: year.optional() });

/** The coverage of a year: pairings owed and done, per committee member; names only to readers of the roster. */
export const talkCoverage = z.object({
  due: z.number().int(),
  done: z.number().int(),
  rate: z.number().nullable(),
  ended: z.boolean(),
  byCommittee: z.array(
    z.object({
      personId: z.number().int(),
      name: z.string().nullable(),
      title: bilingual,
      due: z.number().int(),
      done: z.number().int(),
      missing: z.number().int(),
      missingNames: z.array(z.string()).nullable(),
    }),
  ),
});
export type TalkCoverage = z.infer<typeof talkCoverage>;

export const talkItem = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  heldOn: z.string(),
  committeeId: z.number().int(),
  committeeName: z.string(),
  memberId: z.number().int(),
  memberName: z.string(),
  topic: z.string(),
  actorName: z.string(),
  createdAt: z.string(),
});
export type TalkItem = z.infer<typeof talkItem>;

export const talkList = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  today: z.string(),
  /** Who holds a position today (the first select of the quick form) and the roster (the second). */
  committee: z.array(z.object({ personId: z.number().int(), name: z.string(), title: bilingual })),
  roster: z.array(z.object({ personId: z.number().int(), name: z.string() })),
  items: z.array(talkItem),
  coverage: talkCoverage,
});
export type TalkList = z.infer<typeof talkList>;
