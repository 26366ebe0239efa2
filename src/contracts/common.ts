import { z } from 'zod';

/** Shapes shared by every area's contracts (server, CLI and web use the same schemas). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    '日期无效',
  );

/** The largest id a PostgreSQL integer (int4) column holds. */
export const MAX_ID = 2_147_483_647;

/** A row id in a path, query or body: a positive int4 (beyond it the database could not hold it: 400, never 500). */
export const idSchema = z.coerce.number().int('编号应为整数').min(1, '编号应为正整数').max(MAX_ID, '编号超出范围');

export const idParam = z.object({ id: idSchema });

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const okBody = z.object({ ok: z.literal(true) });
export type OkBody = z.infer<typeof okBody>;

export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** One page of a list, as `paged(item)` answers it; for clients that hold the item's type, not its schema. */
export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const ruleFinding = z.object({
  code: z.string(),
  level: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  rule: z.object({ source: z.string(), article: z.string().nullable(), confidence: z.enum(['C', 'S']) }),
});
export type RuleFindingDto = z.infer<typeof ruleFinding>;
