import type { Db } from '../../db/client.ts';
import { countAccounts, insertAccount } from '../../db/repos/accounts.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { generatePassword, hashPassword } from './passwords.ts';

/**
 * On the first run (no account at all) creates the national administrator. Returns the password
 * when one was generated, so start-up can print it once; it is never stored in clear.
 */
export async function ensureNationalAdmin(
  db: Db,
  options: { username: string; password?: string | undefined },
): Promise<{ created: boolean; username: string; password?: string; generated: boolean }> {
  if ((await countAccounts(db)) > 0) return { created: false, username: options.username, generated: false };
  const password = options.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    const id = await insertAccount(tx, {
      username: options.username,
      fullName: 'Quản trị hệ thống (Trung ương)',
      passwordHash,
      roles: [1, 2, 3, 4, 5],
      scopeOrgId: null,
      // Role 1: two-factor is enrolled at the first sign-in (the password was printed once or chosen by the operator).
      managed: { totpRequired: true, createdBy: null },
    });
    await recordAudit(tx, {
      actorId: null,
      actorName: 'system',
      action: 'account.create',
      entity: 'account',
      entityId: id,
      provinceCode: null,
      after: { username: options.username, roles: [1, 2, 3, 4, 5], scope: 'national' },
    });
  });
  return { created: true, username: options.username, password, generated: options.password === undefined };
}
