import { type Kysely, sql, type Transaction } from 'kysely';
import type { RefKind } from '../../contracts/common.ts';
import { rowsOf } from '../db/built-once.ts';
import type { DB } from '../db/schema.ts';
import { builtOncePerScope, orgInScope } from './scope.queries.ts';
import type { Scope } from './scope.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Which of `ids` (rows of one kind, named in a request) exist inside the caller's scope: one query per kind.
 * The rule per kind is the one the areas use when they load such a row themselves: an organisation by its path;
 * a person, problem, deployment, supervision finding or grid by its organisation's path; a task by its owner's path or,
 * as findTaskVisible has it, by an assignment to an organisation inside the scope; a ledger entry by its assignment's
 * receiver.
 */
export async function findRefsInScope(
  db: Q,
  scope: Scope,
  kind: RefKind,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const list = [...ids];
  let rows: { id: number }[];
  switch (kind) {
    case 'org':
      // Most requests carry one organisation id (a page's orgId): that statement is built once.
      rows =
        list.length === 1
          ? await rowsOf(db, oneOrgInScope(db, scope, list[0]!))
          : await db
              .selectFrom('org as o')
              .select('o.id')
              .where('o.id', 'in', list)
              .where(orgInScope(sql.ref('o.path'), scope))
              .execute();
      break;
    case 'orgAbove':
      rows = await db
        .selectFrom('org as o')
        .select('o.id')
        .where('o.id', 'in', list)
        .where((eb) =>
          eb.or([
            orgInScope(sql.ref('o.path'), scope),
            eb(sql.ref('o.path'), '@>', sql<string>`${scope.orgPath}::ltree`),
          ]),
        )
        .execute();
      break;
    case 'person':
      rows = await db
        .selectFrom('person as x')
        .innerJoin('org as o', 'o.id', 'x.org_id')
        .select('x.id')
        .where('x.id', 'in', list)
        .where(orgInScope(sql.ref('o.path'), scope))
        .execute();
      break;
    case 'problem':
      rows = await db
        .selectFrom('problem as x')
        .innerJoin('org as o', 'o.id', 'x.org_id')
        .select('x.id')
        .where('x.id', 'in', list)
        .where(orgInScope(sql.ref('o.path'), scope))
        .execute();
      break;
    case 'deployment':
      rows = await db
        .selectFrom('deployment as x')
        .innerJoin('org as o', 'o.id', 'x.org_id')
        .select('x.id')
        .where('x.id', 'in', list)
        .where(orgInScope(sql.ref('o.path'), scope))
        .execute();
      break;
    case 'task':
      rows = await db
        .selectFrom('task as t')
        .innerJoin('org as o', 'o.id', 't.org_id')
        .select('t.id')
        .where('t.id', 'in', list)
        .where((eb) =>
          eb.or([
            orgInScope(sql.ref('o.path'), scope),
            eb.exists(
              eb
                .selectFrom('assignment as a')
                .innerJoin('org as r', 'r.id', 'a.org_id')
                .select('a.id')
                .whereRef('a.task_id', '=', 't.id')
                .where(orgInScope(sql.ref('r.path'), scope)),
            ),
          ]),
        )
        .execute();
      break;
    case 'ledgerEntry':
      rows = await db
        .selectFrom('ledger_entry as l')
        .innerJoin('assignment as a', 'a.id', 'l.assignment_id')
        .innerJoin('org as r', 'r.id', 'a.org_id')
        .select('l.id')
        .where('l.id', 'in', list)
        .where(orgInScope(sql.ref('r.path'), scope))
        .execute();
      break;
    case 'grid':
      rows = await db
        .selectFrom('grid as x')
        .innerJoin('org as o', 'o.id', 'x.org_id')
        .select('x.id')
        .where('x.id', 'in', list)
        .where(orgInScope(sql.ref('o.path'), scope))
        .execute();
      break;
    case 'finding':
      rows = await db
        .selectFrom('supervision_finding as x')
        .innerJoin('org as o', 'o.id', 'x.org_id')
        .select('x.id')
        .where('x.id', 'in', list)
        .where(orgInScope(sql.ref('o.path'), scope))
        .execute();
      break;
  }
  return new Set(rows.map((r) => Number(r.id)));
}

const oneOrgInScope = builtOncePerScope((db, scope, id: number) =>
  db
    .selectFrom('org as o')
    .select('o.id')
    .where('o.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope)),
);
