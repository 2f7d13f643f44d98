/**
 * Delegated administration (Plan 291-KH/BTCTW, Phụ lục 01): the centre creates province administrators,
 * a province administrator creates accounts for its communes and grassroots units. An administrator acts
 * only inside their own scope and grants only rights they hold. Pure rules over scope paths:
 * `null` is the whole country, otherwise the materialized path of the scope organization ("/12/345/").
 */
export interface Principal {
  id: number;
  roles: readonly number[];
  scopePath: string | null;
}

export type DelegationRefusal =
  'NOT_ADMIN' | 'ROLE_NOT_HELD' | 'OUTSIDE_SCOPE' | 'ADMIN_AT_OWN_LEVEL' | 'OWN_ACCOUNT' | 'NO_ROLES';

export const ADMIN_ROLE = 1;

/** `inner` lies inside `outer` (equal counts). */
export function isScopeWithin(inner: string | null, outer: string | null): boolean {
  if (outer === null) return true;
  return inner !== null && inner.startsWith(outer);
}

export function isScopeStrictlyBelow(inner: string | null, outer: string | null): boolean {
  return isScopeWithin(inner, outer) && inner !== outer;
}

/**
 * May `actor` give an account with `roles` at `scopePath`? The scope must lie inside the actor's, every
 * role must be one the actor holds, and the administrator role is handed only one level down or more
 * (an administrator never creates a peer: province administrators come from the centre).
 */
export function checkGrant(
  actor: Principal,
  target: { roles: readonly number[]; scopePath: string | null },
): DelegationRefusal | null {
  if (!actor.roles.includes(ADMIN_ROLE)) return 'NOT_ADMIN';
  if (target.roles.length === 0) return 'NO_ROLES';
  if (!isScopeWithin(target.scopePath, actor.scopePath)) return 'OUTSIDE_SCOPE';
  if (target.roles.some((r) => !actor.roles.includes(r))) return 'ROLE_NOT_HELD';
  if (target.roles.includes(ADMIN_ROLE) && !isScopeStrictlyBelow(target.scopePath, actor.scopePath))
    return 'ADMIN_AT_OWN_LEVEL';
  return null;
}

/**
 * May `actor` manage (deactivate, reset, rescope) the existing account `target`? Only inside the actor's
 * scope, never their own account, and never an administrator at the actor's own level or above.
 * OUTSIDE_SCOPE is answered as "not found" by the caller.
 */
export function checkManage(actor: Principal, target: Principal): DelegationRefusal | null {
  if (!actor.roles.includes(ADMIN_ROLE)) return 'NOT_ADMIN';
  if (!isScopeWithin(target.scopePath, actor.scopePath)) return 'OUTSIDE_SCOPE';
  if (actor.id === target.id) return 'OWN_ACCOUNT';
  if (target.roles.includes(ADMIN_ROLE) && !isScopeStrictlyBelow(target.scopePath, actor.scopePath))
    return 'ADMIN_AT_OWN_LEVEL';
  return null;
}

/**
 * A change of roles: the roles added and removed must all be roles the actor holds (roles the actor
 * lacks stay as they were), and the result must still be grantable at the target's scope.
 */
export function checkRoleChange(
  actor: Principal,
  target: Principal,
  nextRoles: readonly number[],
  nextScopePath: string | null,
): DelegationRefusal | null {
  const manage = checkManage(actor, target);
  if (manage) return manage;
  const changed = [
    ...nextRoles.filter((r) => !target.roles.includes(r)),
    ...target.roles.filter((r) => !nextRoles.includes(r)),
  ];
  if (changed.some((r) => !actor.roles.includes(r))) return 'ROLE_NOT_HELD';
  if (nextRoles.length === 0) return 'NO_ROLES';
  if (!isScopeWithin(nextScopePath, actor.scopePath)) return 'OUTSIDE_SCOPE';
  if (nextRoles.includes(ADMIN_ROLE) && !isScopeStrictlyBelow(nextScopePath, actor.scopePath))
    return 'ADMIN_AT_OWN_LEVEL';
  return null;
}
