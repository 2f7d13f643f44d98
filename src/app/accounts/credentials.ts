import { randomBytes } from 'node:crypto';
import type { Tx } from '../../db/client.ts';
import { setActivationToken, updatePassword } from '../../db/repos/accounts.ts';
import { hashActivationToken } from '../auth/activate-account.ts';
import { hashPassword } from '../auth/passwords.ts';

/** How a new or reset account gets its first password. */
export type CredentialDelivery = 'activation' | 'password';

export const ACTIVATION_DAYS = 7;

export interface IssuedCredential {
  accountId: number;
  username: string;
  fullName: string;
  scopeName: string;
  delivery: CredentialDelivery;
  /** The path of the one-time activation page; the token is in the fragment, never sent to a server log. */
  activationPath?: string;
  activationExpiresAt?: string;
  /** A temporary password, changed at first sign-in. */
  initialPassword?: string;
}

/** 14 characters from lower case, upper case and digits (each at least once), without look-alikes. */
export function generateInitialPassword(length = 14): string {
  const sets = ['abcdefghjkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789'];
  const all = sets.join('');
  const bytes = randomBytes(length * 2);
  const chars = Array.from({ length }, (_, i) => all[bytes[i]! % all.length]!);
  sets.forEach((set, i) => (chars[i * 3] = set[bytes[length + i]! % set.length]!));
  return chars.join('');
}

/**
 * Gives the account a fresh credential that only the person receives: an activation token (its hash is
 * stored) or a temporary password (its argon2id hash is stored). Either way nothing in clear is kept:
 * what is returned is shown once and can be sealed into the list for the requesting unit.
 */
export async function issueCredential(
  tx: Tx,
  account: { id: number; username: string; fullName: string; scopeName: string },
  delivery: CredentialDelivery,
  now: Date,
): Promise<IssuedCredential> {
  const base = {
    accountId: account.id,
    username: account.username,
    fullName: account.fullName,
    scopeName: account.scopeName,
    delivery,
  };
  // Either way the old password stops working at once.
  const unusable = randomBytes(32).toString('base64url');
  if (delivery === 'activation') {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + ACTIVATION_DAYS * 86_400_000);
    await updatePassword(tx, account.id, {
      passwordHash: await hashPassword(unusable),
      mustChangePassword: true,
      at: now,
    });
    await setActivationToken(tx, account.id, { hash: hashActivationToken(token), expiresAt });
    return { ...base, activationPath: `/kich-hoat#${token}`, activationExpiresAt: expiresAt.toISOString() };
  }
  const initialPassword = generateInitialPassword();
  await updatePassword(tx, account.id, {
    passwordHash: await hashPassword(initialPassword),
    mustChangePassword: true,
    at: now,
  });
  await setActivationToken(tx, account.id, null);
  return { ...base, initialPassword };
}
