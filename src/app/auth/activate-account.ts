import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import { findAccountByActivationToken, setActivationToken, updatePassword } from '../../db/repos/accounts.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { assertPasswordPolicy } from './change-password.ts';
import { hashPassword } from './passwords.ts';

export const hashActivationToken = (token: string) => createHash('sha256').update(token.trim()).digest('hex');

/**
 * A one-time activation link: the person chooses their own password (under the policy) and the token is
 * spent. Only the token's SHA-256 is stored, so the database cannot replay it.
 */
export async function activateAccount(
  db: Db,
  input: { token: string; newPassword: string; requestId: string; now?: Date },
): Promise<{ username: string }> {
  const now = input.now ?? new Date();
  const account = await findAccountByActivationToken(db, hashActivationToken(input.token), now);
  if (!account) throw new AppError('INVALID_TOKEN');
  assertPasswordPolicy(input.newPassword, account);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await updatePassword(tx, account.id, { passwordHash, mustChangePassword: false, at: now });
    await setActivationToken(tx, account.id, null);
    await recordAudit(tx, {
      actorId: account.id,
      actorName: account.username,
      action: 'account.activated',
      entity: 'account',
      entityId: account.id,
      provinceCode: null,
      requestId: input.requestId,
    });
  });
  return { username: account.username };
}
