import { type Expression, type SqlBool, sql } from 'kysely';
import type { Scope } from './scope.ts';

/** `path` (an ltree column) lies inside the scope: the subtree for staff, the own organisation for 党员. */
export function orgInScope(pathColumn: Expression<string>, scope: Scope): Expression<SqlBool> {
  return scope.role === 'member'
    ? sql<SqlBool>`${pathColumn} = ${scope.orgPath}::ltree`
    : sql<SqlBool>`${pathColumn} <@ ${scope.orgPath}::ltree`;
}
