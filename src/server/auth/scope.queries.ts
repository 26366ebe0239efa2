import { type Expression, type SqlBool, sql } from 'kysely';
import type { Scope } from './scope.ts';

/** What a scope condition depends on: whose scope (a 党员's own organisation, or staff's subtree) and its path. */
export type ScopeShape = Pick<Scope, 'role' | 'orgPath'>;

/** The shape of a scope's SQL: a built-once query is built once for each (server/db/built-once.ts). */
export function scopeShapeOf(scope: ScopeShape): 'member' | 'subtree' {
  return scope.role === 'member' ? 'member' : 'subtree';
}

/** `path` (an ltree column) lies inside the scope: the subtree for staff, the own organisation for 党员. */
export function orgInScope(pathColumn: Expression<string>, scope: ScopeShape): Expression<SqlBool> {
  return scope.role === 'member'
    ? sql<SqlBool>`${pathColumn} = ${scope.orgPath}::ltree`
    : sql<SqlBool>`${pathColumn} <@ ${scope.orgPath}::ltree`;
}
