import {
  checkGrant,
  checkManage,
  checkRoleChange,
  type DelegationRefusal,
  type Principal,
} from '../../core/accounts/delegation.ts';
import { suggestUsername } from '../../core/accounts/suggest-username.ts';
import { AppError } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import * as accounts from '../../db/repos/accounts.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { getOrganization } from '../../db/repos/organizations.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { hashPassword } from '../auth/passwords.ts';
import { issueCredential, type CredentialDelivery, type IssuedCredential } from './credentials.ts';
import { randomBytes } from 'node:crypto';

export function principalOf(ctx: Ctx): Principal {
  return {
    id: ctx.actor.id,
    roles: ctx.actor.roles,
    scopePath: ctx.scope.kind === 'national' ? null : ctx.scope.path,
  };
}

/** A refusal of the delegation rules as an operation error: outside the scope is "not found". */
export function refuse(refusal: DelegationRefusal | null, entity: { entity: string; id?: number }): void {
  if (refusal === null) return;
  if (refusal === 'OUTSIDE_SCOPE') throw new AppError('NOT_FOUND', entity);
  throw new AppError('FORBIDDEN_ACTION', { reason: refusal });
}

const targetOf = (a: accounts.ManagedAccount): Principal => ({
  id: a.id,
  roles: a.roles,
  scopePath: a.scopePath,
});

function audit(
  ctx: Ctx,
  action: string,
  account: { id: number; provinceCode: string | null },
  before?: unknown,
  after?: unknown,
) {
  return {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action,
    entity: 'account' as const,
    entityId: account.id,
    provinceCode: account.provinceCode,
    before,
    after,
    requestId: ctx.requestId,
  };
}

export async function listAccounts(ctx: Ctx, filters: accounts.AccountFilters) {
  requirePermission(ctx, 'account.manage');
  return accounts.listAccountsInScope(ctx.db, ctx.scope, filters);
}

export async function getAccount(ctx: Ctx, id: number) {
  requirePermission(ctx, 'account.manage');
  return accounts.getAccountInScope(ctx.db, ctx.scope, id);
}

/** A free username from the person's name: "hainv", then "hainv2", "hainv3"… */
export async function uniqueUsername(tx: Tx, fullName: string): Promise<string> {
  const base = suggestUsername(fullName);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}${n}`;
    if (!(await accounts.isUsernameTaken(tx, candidate))) return candidate;
  }
}

export interface NewAccountInput {
  username?: string | undefined;
  fullName: string;
  roles: number[];
  /** null: the whole country (only a national administrator can give it). */
  scopeOrgId: number | null;
  position?: string | null | undefined;
  unitName?: string | null | undefined;
  phone?: string | null | undefined;
  citizenId?: string | null | undefined;
  birthDate?: string | null | undefined;
  delivery: CredentialDelivery;
}

/**
 * Creates an account inside the actor's scope with rights the actor holds (core/accounts/delegation.ts),
 * in the caller's transaction. Administrators must enrol two-factor; everyone changes the first password.
 */
export async function createAccountInTx(
  tx: Tx,
  ctx: Ctx,
  input: NewAccountInput,
  now: Date,
): Promise<{ account: accounts.ManagedAccount; credential: IssuedCredential }> {
  requirePermission(ctx, 'account.manage');
  const org = input.scopeOrgId === null ? null : await getOrganization(tx, ctx.scope, input.scopeOrgId);
  const roles = [...new Set(input.roles)].sort((a, b) => a - b);
  refuse(checkGrant(principalOf(ctx), { roles, scopePath: org?.path ?? null }), {
    entity: 'organization',
    id: input.scopeOrgId ?? 0,
  });
  const username = input.username?.trim() || (await uniqueUsername(tx, input.fullName));
  if (await accounts.isUsernameTaken(tx, username))
    throw new AppError('INVALID_OPERATION', { reason: 'USERNAME_TAKEN', username });
  const id = await accounts.insertAccount(tx, {
    username,
    fullName: input.fullName,
    passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
    roles,
    scopeOrgId: org?.id ?? null,
    mustChangePassword: true,
    managed: {
      totpRequired: roles.includes(1),
      createdBy: ctx.actor.id,
      position: input.position ?? null,
      unitName: input.unitName ?? null,
      phone: input.phone ?? null,
      citizenId: input.citizenId ?? null,
      birthDate: input.birthDate ?? null,
    },
  });
  const account = await accounts.getAccountInScope(tx, ctx.scope, id);
  const credential = await issueCredential(tx, account, input.delivery, now);
  await recordAudit(
    tx,
    audit(ctx, 'account.create', account, undefined, {
      username,
      roles,
      scopeOrgId: account.scopeOrgId,
      scopeName: account.scopeName,
      delivery: input.delivery,
    }),
  );
  return { account: await accounts.getAccountInScope(tx, ctx.scope, id), credential };
}

export async function createAccount(ctx: Ctx, input: NewAccountInput, now = new Date()) {
  requirePermission(ctx, 'account.manage');
  return ctx.db.transaction().execute((tx) => createAccountInTx(tx, ctx, input, now));
}

/** Reads the target inside the scope (NOT_FOUND outside) and checks the actor may manage it. */
async function managedTarget(tx: Tx, ctx: Ctx, id: number) {
  requirePermission(ctx, 'account.manage');
  const target = await accounts.getAccountInScope(tx, ctx.scope, id);
  refuse(checkManage(principalOf(ctx), targetOf(target)), { entity: 'account', id });
  return target;
}

export async function setAccountActive(ctx: Ctx, id: number, isActive: boolean) {
  return ctx.db.transaction().execute(async (tx) => {
    const target = await managedTarget(tx, ctx, id);
    await accounts.updateAccountAccess(tx, id, { isActive });
    // A deactivated account is signed out everywhere at once; a reactivated one starts clean.
    const ended = isActive ? 0 : await accounts.deleteSessionsOfAccount(tx, id);
    if (isActive) await accounts.clearLoginFailures(tx, id);
    await recordAudit(
      tx,
      audit(
        ctx,
        isActive ? 'account.reactivate' : 'account.deactivate',
        target,
        { isActive: target.isActive },
        { isActive, sessionsEnded: ended },
      ),
    );
    return accounts.getAccountInScope(tx, ctx.scope, id);
  });
}

/**
 * A new credential for the person (activation link or temporary password). The old password stops
 * working, every session ends, a lockout is lifted, and two-factor is reset (its secret was sealed with
 * the old password): an administrator account enrols again at its next sign-in.
 */
export async function resetAccountPassword(
  ctx: Ctx,
  id: number,
  delivery: CredentialDelivery,
  now = new Date(),
) {
  return ctx.db.transaction().execute(async (tx) => {
    const target = await managedTarget(tx, ctx, id);
    const credential = await issueCredential(tx, target, delivery, now);
    await accounts.updateTotp(tx, id, {
      secretEnc: null,
      enabledAt: null,
      lastStep: null,
      recoveryCodeHashes: [],
    });
    await accounts.clearLoginFailures(tx, id);
    const ended = await accounts.deleteSessionsOfAccount(tx, id);
    await recordAudit(
      tx,
      audit(ctx, 'account.reset_password', target, undefined, {
        delivery,
        sessionsEnded: ended,
        twoFactorReset: target.totpEnabled,
      }),
    );
    return credential;
  });
}

/**
 * Changes an account's rights and/or scope. Never one's own account, never a scope outside one's own,
 * never a right one lacks (core/accounts/delegation.ts).
 */
export async function changeAccountAccess(
  ctx: Ctx,
  id: number,
  change: { roles?: number[] | undefined; scopeOrgId?: number | null | undefined },
) {
  return ctx.db.transaction().execute(async (tx) => {
    requirePermission(ctx, 'account.manage');
    const target = await accounts.getAccountInScope(tx, ctx.scope, id);
    const roles = change.roles ? [...new Set(change.roles)].sort((a, b) => a - b) : target.roles;
    let scopeOrgId = target.scopeOrgId;
    let scopePath = target.scopePath;
    if (change.scopeOrgId !== undefined) {
      if (change.scopeOrgId === null) {
        scopeOrgId = null;
        scopePath = null;
      } else {
        const org = await getOrganization(tx, ctx.scope, change.scopeOrgId);
        scopeOrgId = org.id;
        scopePath = org.path;
      }
    }
    refuse(checkRoleChange(principalOf(ctx), targetOf(target), roles, scopePath), { entity: 'account', id });
    await accounts.updateAccountAccess(tx, id, {
      roles,
      scopeOrgId,
      ...(roles.includes(1) ? { totpRequired: true } : {}),
    });
    const after = await accounts.getAccountInScope(tx, ctx.scope, id);
    await recordAudit(
      tx,
      audit(
        ctx,
        'account.change_access',
        target,
        { roles: target.roles, scopeOrgId: target.scopeOrgId, scopeName: target.scopeName },
        {
          roles: after.roles,
          scopeOrgId: after.scopeOrgId,
          scopeName: after.scopeName,
        },
      ),
    );
    return after;
  });
}
