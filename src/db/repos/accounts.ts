import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../client.ts';
import type { Scope } from './scope.ts';

export interface AccountRow {
  id: number;
  username: string;
  fullName: string;
  passwordHash: string;
  roles: number[];
  scopeOrgId: number | null;
  isActive: boolean;
  mustChangePassword: boolean;
}

const accountColumns = [
  'a.id',
  'a.username',
  'a.full_name',
  'a.password_hash',
  'a.roles',
  'a.scope_org_id',
  'a.is_active',
  'a.must_change_password',
] as const;

function toAccount(row: {
  id: number;
  username: string;
  full_name: string;
  password_hash: string;
  roles: number[];
  scope_org_id: number | null;
  is_active: boolean;
  must_change_password: boolean;
}): AccountRow {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    passwordHash: row.password_hash,
    roles: row.roles.map(Number),
    scopeOrgId: row.scope_org_id,
    isActive: row.is_active,
    mustChangePassword: row.must_change_password,
  };
}

export async function findAccountByUsername(tx: Tx, username: string): Promise<AccountRow | undefined> {
  const row = await tx
    .selectFrom('accounts as a')
    .select(accountColumns)
    .where(sql<boolean>`lower(a.username) = ${username.toLowerCase()}`)
    .executeTakeFirst();
  return row && toAccount(row);
}

export async function countAccounts(tx: Tx): Promise<number> {
  const row = await tx
    .selectFrom('accounts')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function insertAccount(
  tx: Tx,
  account: {
    username: string;
    fullName: string;
    passwordHash: string;
    roles: number[];
    scopeOrgId: number | null;
    mustChangePassword?: boolean;
  },
): Promise<number> {
  const row = await tx
    .insertInto('accounts')
    .values({
      username: account.username,
      full_name: account.fullName,
      password_hash: account.passwordHash,
      roles: account.roles,
      scope_org_id: account.scopeOrgId,
      must_change_password: account.mustChangePassword ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(
  tx: Tx,
  accountId: number,
  idleMinutes: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx
    .insertInto('sessions')
    .values({
      id: hashSessionToken(token),
      account_id: accountId,
      expires_at: new Date(Date.now() + idleMinutes * 60_000),
      ip: meta.ip,
      user_agent: meta.userAgent,
    })
    .execute();
  return token;
}

export interface SessionAccount extends AccountRow {
  sessionId: string;
  scope: Scope;
  scopeName: string;
}

/**
 * The account behind a session token, if the session is alive and the account active. Touching the
 * session slides its idle expiry.
 */
export async function resolveSession(
  tx: Tx,
  token: string,
  idleMinutes: number,
): Promise<SessionAccount | undefined> {
  const id = hashSessionToken(token);
  const row = await tx
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .leftJoin('organizations as o', 'o.id', 'a.scope_org_id')
    .select(accountColumns)
    .select([
      's.id as session_id',
      's.last_seen_at',
      'o.path as scope_path',
      'o.province_code as scope_province',
      'o.name as scope_name',
    ])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', new Date())
    .where('a.is_active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  // Write the sliding expiry at most once a minute, not on every request.
  if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
    await tx
      .updateTable('sessions')
      .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() + idleMinutes * 60_000) })
      .where('id', '=', id)
      .execute();
  }
  const account = toAccount(row);
  const scope: Scope =
    row.scope_org_id === null || row.scope_path === null || row.scope_province === null
      ? { kind: 'national' }
      : { kind: 'subtree', orgId: row.scope_org_id, path: row.scope_path, provinceCode: row.scope_province };
  return { ...account, sessionId: row.session_id, scope, scopeName: row.scope_name ?? 'Toàn quốc' };
}

export async function deleteSession(tx: Tx, token: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id', '=', hashSessionToken(token)).execute();
}
