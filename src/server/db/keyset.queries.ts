import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';

/**
 * Keyset paging: a list's ORDER BY as keys, the last one unique (an id), each never null (a nullable column is
 * compared through coalesce with a sentinel that sorts where the nulls belong). The next page starts after the
 * last row's keys, so a deep page is an index range read instead of an OFFSET that reads and drops every earlier row.
 */
export type SortKey = {
  /** What is ordered and compared (never null). */
  expr: RawBuilder<unknown>;
  desc?: boolean;
  /** What is read back for the cursor, when the expression's own value would not round-trip (a timestamp as text). */
  read?: RawBuilder<unknown>;
};

/** A page: from an offset (page numbers), or after the keys of the previous page's last row (a cursor). */
export type PageAt = { limit: number; offset: number } | { limit: number; after: readonly unknown[] };

/** The ORDER BY of the keys. */
export function keysetOrder(keys: readonly SortKey[]): RawBuilder<unknown> {
  return sql.join(keys.map((k) => sql`${k.expr} ${sql.raw(k.desc ? 'desc' : 'asc')}`));
}

/** The rows after `values` in the keys' order: one row comparison when the directions agree, else its expansion. */
export function keysetAfter(keys: readonly SortKey[], values: readonly unknown[]): RawBuilder<boolean> {
  const desc = keys[0]?.desc ?? false;
  if (keys.every((k) => (k.desc ?? false) === desc)) {
    const tuple = sql.join(keys.map((k) => k.expr));
    const after = sql.join(values.map((v) => sql`${v}`));
    return desc ? sql<boolean>`(${tuple}) < (${after})` : sql<boolean>`(${tuple}) > (${after})`;
  }
  const branches = keys.map((k, i) => {
    const equal = keys.slice(0, i).map((p, j) => sql`${p.expr} = ${values[j]}`);
    const beyond = k.desc ? sql`${k.expr} < ${values[i]}` : sql`${k.expr} > ${values[i]}`;
    return sql`(${sql.join([...equal, beyond], sql` and `)})`;
  });
  return sql<boolean>`(${sql.join(branches, sql` or `)})`;
}

/** The keys as selected columns k0, k1 … (read back by `pageOf`). */
export function keysetColumns(keys: readonly SortKey[]): RawBuilder<unknown>[] {
  return keys.map((k, i) => sql`${k.read ?? k.expr}`.as(`_k${i}`) as unknown as RawBuilder<unknown>);
}

/**
 * A page's rows and the keys of its last row when more follow (null at the end), from a query that read one row
 * more than the page holds; the key columns are taken off the rows.
 */
export function pageOf<R extends object>(
  rows: readonly R[],
  limit: number,
  arity: number,
): { rows: R[]; next: unknown[] | null } {
  const strip = (r: R): R => {
    const copy = { ...r } as Record<string, unknown>;
    for (let i = 0; i < arity; i++) delete copy[`_k${i}`];
    return copy as R;
  };
  if (rows.length <= limit) return { rows: rows.map(strip), next: null };
  const last = rows[limit - 1] as Record<string, unknown>;
  return {
    rows: rows.slice(0, limit).map(strip),
    next: Array.from({ length: arity }, (_, i) => last[`_k${i}`]),
  };
}

/** The query ordered by the keys, reading them back, one row beyond the page, from the offset or after the cursor. */
export function withPage<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  keys: readonly SortKey[],
  page: PageAt,
): SelectQueryBuilder<DB, TB, O> {
  let out = q.select(keysetColumns(keys) as never).orderBy(keysetOrder(keys)) as unknown as SelectQueryBuilder<
    DB,
    TB,
    O
  >;
  out = 'after' in page ? out.where(keysetAfter(keys, page.after) as never) : out.offset(page.offset);
  return out.limit(page.limit + 1);
}
