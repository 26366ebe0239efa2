import { z } from 'zod';
import { messageRef } from './messages.ts';

/** Shapes shared by every area's contracts (server, CLI and web use the same schemas). */

/**
 * The dates the platform accepts, stated once: from the birth of the oldest member (the ID-number rules start at
 * 1900) to the deadlines of this century. PostgreSQL would store year 0 or 9999; here they can only be typing slips.
 */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2100-12-31';

/** A calendar date written 'YYYY-MM-DD' between DATE_MIN and DATE_MAX (400 otherwise, never a database error). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为“年-月-日”，如 2026-03-01', abort: true })
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    { message: '日期无效：没有这一天', abort: true },
  )
  .refine((s) => s >= DATE_MIN && s <= DATE_MAX, `日期超出范围：应在 ${DATE_MIN} 至 ${DATE_MAX} 之间`);

/** The largest id a PostgreSQL integer (int4) column holds. */
export const MAX_ID = 2_147_483_647;

/** A row id in a path, query or body: a positive int4 (beyond it the database could not hold it: 400, never 500). */
export const idSchema = z.coerce.number().int('编号应为整数').min(1, '编号应为正整数').max(MAX_ID, '编号超出范围');

export const idParam = z.object({ id: idSchema });

/**
 * What an id in a body or query string names. Every id field is built with one of the ref helpers below, which
 * mark it with its kind ('x-ref' metadata, shown in the OpenAPI document too); the server then checks every marked
 * id of every request against the caller's scope in one place (src/server/http/ref-scope.ts) before the handler
 * runs. Path ids (`:id`) are checked by each service's own load.
 */
export const REF_KINDS = [
  'org',
  'orgAbove',
  'person',
  'task',
  'problem',
  'deployment',
  'ledgerEntry',
  'finding',
  'grid',
] as const;
export type RefKind = (typeof REF_KINDS)[number];

const REF_KEY = 'x-ref';

/** An id in a JSON body: a number, not text. */
const bodyIdSchema = z.number().int('编号应为整数').min(1, '编号应为正整数').max(MAX_ID, '编号超出范围');

function refTo(kind: RefKind) {
  const one = () => bodyIdSchema.meta({ [REF_KEY]: kind });
  return Object.assign(one, {
    /** In a query string or a multipart form field: read from its text. */
    query: () => idSchema.meta({ [REF_KEY]: kind }),
    /** A list of them in a body. */
    list: (max: number) => z.array(one()).max(max),
  });
}

export const orgRef = refTo('org');
/**
 * An organisation inside the caller's scope or on its line above (the organisations a branch reports to: who decides
 * its approvals). The service narrows it further (e.g. to the line above a case's branch).
 */
export const orgAboveRef = refTo('orgAbove');
export const personRef = refTo('person');
export const taskRef = refTo('task');
export const problemRef = refTo('problem');
export const deploymentRef = refTo('deployment');
export const ledgerEntryRef = refTo('ledgerEntry');
export const findingRef = refTo('finding');
/** A grid (网格, area grid): the grid's organisation lies inside the caller's scope. */
export const gridRef = refTo('grid');

/** The kind a schema built by a ref helper names, or null. */
export function refKindOf(schema: z.core.$ZodType): RefKind | null {
  const kind = z.globalRegistry.get(schema)?.[REF_KEY];
  return (REF_KINDS as readonly unknown[]).includes(kind) ? (kind as RefKind) : null;
}

/**
 * `code` and `message` (zh-CN) are the stable contract; `key` and `params` name the message in the shared table
 * (src/domain/messages.ts) for clients that show it in another language.
 */
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    key: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    details: z.unknown().optional(),
  }),
});

export const okBody = z.object({ ok: z.literal(true) });
export type OkBody = z.infer<typeof okBody>;

export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    /** Counting stopped at `total` (a large subtree's matches are not all counted): there are at least that many. */
    totalCapped: z.boolean().optional(),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** The next page's `cursor` (keyset paging: no row skipped or repeated when rows come in between); null at the end. */
    nextCursor: z.string().nullable(),
  });
}

/** One page of a list, as `paged(item)` answers it; for clients that hold the item's type, not its schema. */
export type Paged<T> = {
  items: T[];
  total: number;
  totalCapped?: boolean;
  page: number;
  pageSize: number;
  nextCursor: string | null;
};

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** A previous answer's `nextCursor`: the page after its last row (replaces the offset of `page`). */
  cursor: z.string().max(1000).optional(),
};

export const ruleFinding = z.object({
  code: z.string(),
  level: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  /** The message by key (render it in the reader's language); `message` is its Chinese text. */
  msg: messageRef.optional(),
  rule: z.object({ source: z.string(), article: z.string().nullable(), confidence: z.enum(['C', 'S']) }),
});
export type RuleFindingDto = z.infer<typeof ruleFinding>;
