import { type Compilable, type CompiledQuery, type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { builtOnce } from '../db/built-once.ts';
import type { DB } from '../db/schema.ts';
import type { Scope } from './scope.ts';

/** What a scope condition depends on: whose scope (a 党员's own organisation, or staff's subtree) and its path. */
export type ScopeShape = Pick<Scope, 'role' | 'orgPath'>;

/** The shape of a scope's SQL: a query built once is built once for each (builtOncePerScope). */
function scopeShapeOf(scope: ScopeShape): 'member' | 'subtree' {
  return scope.role === 'member' ? 'member' : 'subtree';
}

/**
 * A query limited to a scope, built once for each shape of scope (a 党员's own organisation, a subtree) with the
 * scope's path as one of its values (server/db/built-once.ts).
 */
export function builtOncePerScope<A extends unknown[], O>(
  build: (db: Kysely<DB>, scope: ScopeShape, ...values: A) => Compilable<O>,
): (db: Kysely<DB>, scope: ScopeShape, ...values: A) => CompiledQuery<O> {
  const member = builtOnce((db, orgPath: string, ...values: A) => build(db, { role: 'member', orgPath }, ...values));
  const subtree = builtOnce((db, orgPath: string, ...values: A) => build(db, { role: 'orgadmin', orgPath }, ...values));
  return (db, scope, ...values) => (scopeShapeOf(scope) === 'member' ? member : subtree)(db, scope.orgPath, ...values);
}

/** `path` (an ltree column) lies inside the scope: the subtree for staff, the own organisation for 党员. */
export function orgInScope(pathColumn: Expression<string>, scope: ScopeShape): Expression<SqlBool> {
  return scope.role === 'member'
    ? sql<SqlBool>`${pathColumn} = ${scope.orgPath}::ltree`
    : sql<SqlBool>`${pathColumn} <@ ${scope.orgPath}::ltree`;
}
