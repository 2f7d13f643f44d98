import { permissionsOf } from '../../core/auth/permissions.ts';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import {
  createSession,
  deleteSession,
  findAccountByUsername,
  type SessionAccount,
} from '../../db/repos/accounts.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  idleMinutes: number;
  requestId: string;
}

// Verifying against a dummy hash when the user does not exist keeps the timing the same.
let dummyHash: Promise<string> | undefined;

export async function login(db: Db, input: LoginInput): Promise<{ token: string; accountId: number }> {
  const account = await findAccountByUsername(db, input.username.trim());
  dummyHash ??= hashPassword('dummy-password-for-timing');
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyHash), input.password);
  if (!account || !ok || !account.isActive) {
    await recordAudit(db, {
      actorId: account?.id ?? null,
      actorName: input.username.slice(0, 100),
      action: 'login.failed',
      entity: 'session',
      entityId: null,
      provinceCode: null,
      after: { ip: input.ip },
      requestId: input.requestId,
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  return db.transaction().execute(async (tx) => {
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
      provinceCode: null,
      after: { ip: input.ip, userAgent: input.userAgent },
      requestId: input.requestId,
    });
    return { token, accountId: account.id };
  });
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

export function describeMe(account: SessionAccount) {
  return {
    id: account.id,
    username: account.username,
    fullName: account.fullName,
    roles: account.roles,
    permissions: permissionsOf(account.roles),
    scope: { orgId: account.scope.kind === 'national' ? null : account.scope.orgId, name: account.scopeName },
    mustChangePassword: account.mustChangePassword,
  };
}
