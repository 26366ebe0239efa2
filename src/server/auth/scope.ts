import type { Role } from '../../domain/auth/roles.ts';

/**
 * The acting account and the part of the tree it may see. Every query that reads or writes tree data
 * takes a Scope; `orgInScope` is the one predicate that enforces it.
 */
export type Scope = {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  orgId: number;
  orgPath: string;
  personId: number | null;
};

/** The system itself (demo creation, CLI as administrator): the whole tree. */
export function systemScope(rootPath: string, rootId: number): Scope {
  return {
    userId: 0,
    username: 'system',
    displayName: '系统',
    role: 'sysadmin',
    orgId: rootId,
    orgPath: rootPath,
    personId: null,
  };
}

/** Whether `path` is `ancestor` itself or lies below it. */
export function isWithinPath(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}

/** Whether a path string (already loaded) is inside the scope. */
export function pathInScope(path: string, scope: Scope): boolean {
  return scope.role === 'member' ? path === scope.orgPath : isWithinPath(path, scope.orgPath);
}
