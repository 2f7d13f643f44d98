import { permissionsOf } from '../../core/auth/permissions.ts';
import { AppError } from '../../core/errors.ts';
import type { Db, Tx } from '../../db/client.ts';
import {
  clearLoginFailures,
  countFailedAttemptsFromIp,
  createSession,
  deleteSession,
  findLoginAccount,
  recordLoginAttempt,
  registerLoginFailure,
  updateTotp,
  type LoginAccount,
  type SessionAccount,
} from '../../db/repos/accounts.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { openSecret } from './secret-box.ts';
import { hashRecoveryCode, verifyTotp } from './totp.ts';

/** Failures in a row before an account is locked, and for how long. */
export const MAX_ACCOUNT_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** Failed attempts from one address within the window before it must wait (shared by every API node). */
export const MAX_IP_FAILURES = 20;
export const IP_WINDOW_MINUTES = 15;

export interface LoginInput {
  username: string;
  password: string;
  /** A 6-digit code of the authenticator app, when the account has two-factor on. */
  totpCode?: string | undefined;
  /** Or one of the account's recovery codes (each works once). */
  recoveryCode?: string | undefined;
  ip: string | null;
  userAgent: string | null;
  idleMinutes: number;
  requestId: string;
  now?: Date;
}

// Verifying against a dummy hash when the user does not exist keeps the timing the same.
let dummyHash: Promise<string> | undefined;

function failureAudit(input: LoginInput, account: LoginAccount | undefined, reason: string) {
  return {
    actorId: account?.id ?? null,
    actorName: input.username.slice(0, 100),
    action: 'login.failed',
    entity: 'session' as const,
    entityId: null,
    provinceCode: account?.scopeProvinceCode ?? null,
    after: { ip: input.ip, reason },
    requestId: input.requestId,
  };
}

/**
 * Counts a failed attempt against the address and the account, locking the account at the limit.
 * Written before the error is thrown, in its own transaction, so the failure is never rolled back.
 */
async function countFailure(
  db: Db,
  input: LoginInput,
  account: LoginAccount | undefined,
  reason: string,
  now: Date,
) {
  await db.transaction().execute(async (tx) => {
    await recordLoginAttempt(tx, { ip: input.ip, username: input.username, ok: false, at: now });
    await recordAudit(tx, failureAudit(input, account, reason));
    if (!account) return;
    const { locked } = await registerLoginFailure(
      tx,
      account.id,
      MAX_ACCOUNT_FAILURES,
      new Date(now.getTime() + LOCK_MINUTES * 60_000),
    );
    if (locked) {
      await recordAudit(tx, {
        actorId: null,
        actorName: 'system',
        action: 'account.locked',
        entity: 'account',
        entityId: account.id,
        provinceCode: account.scopeProvinceCode,
        after: { minutes: LOCK_MINUTES, failures: MAX_ACCOUNT_FAILURES, ip: input.ip },
        requestId: input.requestId,
      });
    }
  });
}

/** The second factor, when the account has one: a fresh TOTP code or an unused recovery code. */
async function checkSecondFactor(
  tx: Tx,
  account: LoginAccount,
  input: LoginInput,
  now: Date,
): Promise<boolean> {
  if (input.recoveryCode) {
    const hash = hashRecoveryCode(input.recoveryCode);
    if (!account.recoveryCodeHashes.includes(hash)) return false;
    await updateTotp(tx, account.id, {
      recoveryCodeHashes: account.recoveryCodeHashes.filter((h) => h !== hash),
    });
    await recordAudit(tx, {
      actorId: account.id,
      actorName: account.username,
      action: 'login.recovery_code_used',
      entity: 'account',
      entityId: account.id,
      provinceCode: account.scopeProvinceCode,
      after: { remaining: account.recoveryCodeHashes.length - 1 },
      requestId: input.requestId,
    });
    return true;
  }
  const secret = account.totpSecretEnc ? await openSecret(account.totpSecretEnc, input.password) : null;
  const step =
    secret && input.totpCode ? verifyTotp(secret, input.totpCode, now, account.totpLastStep) : null;
  if (step === null) return false;
  await updateTotp(tx, account.id, { lastStep: step });
  return true;
}

export async function login(db: Db, input: LoginInput): Promise<{ token: string; accountId: number }> {
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000);
  if ((await countFailedAttemptsFromIp(db, input.ip, since)) >= MAX_IP_FAILURES) {
    await recordAudit(db, {
      ...failureAudit(input, undefined, 'rate_limited'),
      action: 'login.rate_limited',
    });
    throw new AppError('TOO_MANY_ATTEMPTS', { retryAfterMinutes: IP_WINDOW_MINUTES });
  }
  const account = await findLoginAccount(db, { username: input.username.trim() });
  if (account?.lockedUntil && account.lockedUntil > now) {
    await recordLoginAttempt(db, { ip: input.ip, username: input.username, ok: false, at: now });
    await recordAudit(db, failureAudit(input, account, 'locked'));
    throw new AppError('ACCOUNT_LOCKED', { lockedUntil: account.lockedUntil.toISOString() });
  }
  dummyHash ??= hashPassword('dummy-password-for-timing');
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyHash), input.password);
  if (!account || !ok || !account.isActive) {
    await countFailure(db, input, account, !account ? 'unknown_user' : !ok ? 'password' : 'inactive', now);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (account.totpEnabled && !input.totpCode && !input.recoveryCode) throw new AppError('TOTP_REQUIRED');

  const result = await db.transaction().execute(async (tx) => {
    if (account.totpEnabled && !(await checkSecondFactor(tx, account, input, now))) return null;
    await clearLoginFailures(tx, account.id);
    await recordLoginAttempt(tx, { ip: input.ip, username: input.username, ok: true, at: now });
    const token = await createSession(tx, account.id, input.idleMinutes, {
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await recordAudit(tx, {
      actorId: account.id,
      actorName: account.username,
      action: 'login',
      entity: 'session',
      entityId: null,
      provinceCode: account.scopeProvinceCode,
      after: { ip: input.ip, userAgent: input.userAgent, secondFactor: account.totpEnabled },
      requestId: input.requestId,
    });
    return { token, accountId: account.id };
  });
  if (!result) {
    await countFailure(db, input, account, 'totp', now);
    throw new AppError('INVALID_TOTP');
  }
  return result;
}

export async function logout(
  db: Db,
  token: string,
  actor: { id: number; username: string },
  requestId: string,
) {
  await db.transaction().execute(async (tx) => {
    await deleteSession(tx, token);
    await recordAudit(tx, {
      actorId: actor.id,
      actorName: actor.username,
      action: 'logout',
      entity: 'session',
      entityId: null,
      provinceCode: null,
      requestId,
    });
  });
}

/** What an account must do before it may use the system: change a temporary password, then enrol 2FA. */
export function pendingStepOf(account: {
  mustChangePassword: boolean;
  totpRequired: boolean;
  totpEnabled: boolean;
}): 'PASSWORD_CHANGE_REQUIRED' | 'TOTP_ENROLLMENT_REQUIRED' | null {
  if (account.mustChangePassword) return 'PASSWORD_CHANGE_REQUIRED';
  if (account.totpRequired && !account.totpEnabled) return 'TOTP_ENROLLMENT_REQUIRED';
  return null;
}

export function describeMe(account: SessionAccount) {
  return {
    id: account.id,
    username: account.username,
    fullName: account.fullName,
    roles: account.roles,
    permissions: permissionsOf(account.roles),
    scope: { orgId: account.scope.kind === 'national' ? null : account.scope.orgId, name: account.scopeName },
    mustChangePassword: account.mustChangePassword,
    totpRequired: account.totpRequired,
    totpEnabled: account.totpEnabled,
    pendingStep: pendingStepOf(account),
  };
}
