import { checkPasswordPolicy } from '../../core/accounts/password-policy.ts';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import {
  deleteSessionsOfAccount,
  findLoginAccount,
  updatePassword,
  updateTotp,
  type SessionAccount,
} from '../../db/repos/accounts.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { openSecret, sealSecret } from './secret-box.ts';

/** VALIDATION_FAILED on one field, in the shape of the schema errors (the form shows it under the field). */
export function fieldError(path: string, messages: string[]): AppError {
  return new AppError('VALIDATION_FAILED', { issues: messages.map((message) => ({ path, message })) });
}

export function assertPasswordPolicy(password: string, account: { username: string; fullName: string }) {
  const problems = checkPasswordPolicy(password, account);
  if (problems.length) throw fieldError('newPassword', problems);
}

/**
 * The signed-in account changes its own password: the current one is checked, the new one must pass the
 * policy and differ. Clears a first-login "must change" flag, re-seals the 2FA secret under the new
 * password and ends every other session of the account.
 */
export async function changeOwnPassword(
  db: Db,
  session: SessionAccount,
  input: { currentPassword: string; newPassword: string; requestId: string; now?: Date },
): Promise<void> {
  const account = await findLoginAccount(db, { id: session.id });
  if (!account) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(account.passwordHash, input.currentPassword)))
    throw fieldError('currentPassword', ['Mật khẩu hiện tại không đúng.']);
  if (input.newPassword === input.currentPassword)
    throw fieldError('newPassword', ['Mật khẩu mới phải khác mật khẩu hiện tại.']);
  assertPasswordPolicy(input.newPassword, account);
  const secret = account.totpSecretEnc
    ? await openSecret(account.totpSecretEnc, input.currentPassword)
    : null;
  const passwordHash = await hashPassword(input.newPassword);
  const sealed = secret ? await sealSecret(secret, input.newPassword) : null;
  const now = input.now ?? new Date();
  await db.transaction().execute(async (tx) => {
    await updatePassword(tx, account.id, { passwordHash, mustChangePassword: false, at: now });
    if (sealed) await updateTotp(tx, account.id, { secretEnc: sealed });
    const ended = await deleteSessionsOfAccount(tx, account.id, session.sessionId);
    await recordAudit(tx, {
      actorId: account.id,
      actorName: account.username,
      action: 'account.password_changed',
      entity: 'account',
      entityId: account.id,
      provinceCode: account.scopeProvinceCode,
      after: { wasTemporary: account.mustChangePassword, otherSessionsEnded: ended },
      requestId: input.requestId,
    });
  });
}
