import { type Compilable, type CompiledQuery, createQueryId, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Queries built once. Kysely builds every query from scratch at each call (an operation tree, frozen, then visited
 * into SQL text): 40–60 µs a statement, about a quarter of the server's own time on a ledger submission (25
 * statements) and a tenth on a dashboard. A query whose SQL text does not depend on its values is built and compiled
 * by Kysely once, with stand-ins for the values; each call only puts its values in their places.
 *
 * `build` receives the stand-ins, in the order of its parameters after `db`. Each must reach the SQL as a value: the
 * right side of a comparison, a value set or inserted, a parameter of a `sql` template, a limit. A stand-in that
 * does not (not used, or used for the text itself: a list for `in`, whose length is in the SQL; a branch on its
 * value) is refused when the query is first built. Several shapes of one query (with or without a scope, a member's
 * or a subtree's) are several built-once queries.
 */
export function builtOnce<A extends unknown[], O>(
  build: (db: Kysely<DB>, ...values: A) => Compilable<O>,
): (db: Kysely<DB>, ...values: A) => CompiledQuery<O> {
  let made: Made<O> | null = null;
  return (db, ...values) => {
    if (!made) made = make(db, build, values.length);
    const { slotOf, fixed } = made;
    const parameters: unknown[] = new Array(fixed.length);
    for (let i = 0; i < fixed.length; i++) {
      const s = slotOf[i] as number;
      parameters[i] = s < 0 ? fixed[i] : values[s];
    }
    return { sql: made.sql, query: made.query, queryId: made.queryId, parameters };
  };
}

/** The rows of a built-once query, run on a database or in a transaction. */
export async function rowsOf<O>(db: Kysely<DB>, query: CompiledQuery<O>): Promise<O[]> {
  return (await db.executeQuery(query)).rows;
}

/** The first row of a built-once query (undefined for none). */
export async function firstOf<O>(db: Kysely<DB>, query: CompiledQuery<O>): Promise<O | undefined> {
  return (await db.executeQuery(query)).rows[0];
}

/** How many rows a built-once update or delete changed. */
export async function changedBy(db: Kysely<DB>, query: CompiledQuery<unknown>): Promise<number> {
  return Number((await db.executeQuery(query)).numAffectedRows ?? 0n);
}

/** A stand-in for the value at `index` while the query is built. */
class Slot {
  constructor(readonly index: number) {}
}

type Made<O> = {
  sql: string;
  query: CompiledQuery<O>['query'];
  queryId: CompiledQuery<O>['queryId'];
  /** The parameters as compiled: the fixed ones are sent as they are. */
  fixed: readonly unknown[];
  /** For each parameter, the index of the value that takes its place, or -1 for a fixed one. */
  slotOf: Int32Array;
};

function make<A extends unknown[], O>(
  db: Kysely<DB>,
  build: (db: Kysely<DB>, ...values: A) => Compilable<O>,
  arity: number,
): Made<O> {
  const slots = Array.from({ length: arity }, (_, i) => new Slot(i));
  const compiled = build(db, ...(slots as unknown as A)).compile();
  const slotOf = new Int32Array(compiled.parameters.length);
  const seen = new Set<number>();
  compiled.parameters.forEach((p, i) => {
    slotOf[i] = p instanceof Slot ? p.index : -1;
    if (p instanceof Slot) seen.add(p.index);
  });
  const lost = slots.findIndex((s) => !seen.has(s.index));
  if (lost >= 0) {
    throw new Error(`builtOnce: value ${lost + 1} of ${arity} does not reach the SQL as a parameter: ${compiled.sql}`);
  }
  return { sql: compiled.sql, query: compiled.query, queryId: createQueryId(), fixed: compiled.parameters, slotOf };
}
