import { sql, type RawBuilder } from 'kysely';

/**
 * The organization subtree an account may see and change. Enforced here, in the data layer: every
 * repository read of organizations or members takes a Scope, and there is no unscoped variant.
 */
export type Scope =
  { kind: 'national' } | { kind: 'subtree'; orgId: number; path: string; provinceCode: string };

export const NATIONAL_SCOPE: Scope = { kind: 'national' };

/** Upper bound of a path prefix range: '~' sorts after digits and '/' in the "C" collation. */
export const subtreeEnd = (path: string) => `${path}~`;

/** SQL condition: the organization aliased `alias` lies inside the scope. */
export function orgInScope(scope: Scope, alias: string): RawBuilder<boolean> {
  if (scope.kind === 'national') return sql<boolean>`true`;
  const path = sql.ref(`${alias}.path`);
  return sql<boolean>`(${path} >= ${scope.path} AND ${path} < ${subtreeEnd(scope.path)} AND ${sql.ref(`${alias}.province_code`)} = ${scope.provinceCode})`;
}

/** SQL condition: the organization aliased `alias` lies in the subtree rooted at `path`. */
export function orgInSubtree(path: string, alias: string): RawBuilder<boolean> {
  const ref = sql.ref(`${alias}.path`);
  return sql<boolean>`(${ref} >= ${path} AND ${ref} < ${subtreeEnd(path)})`;
}

export function isPathInScope(scope: Scope, path: string): boolean {
  return scope.kind === 'national' || path.startsWith(scope.path);
}
