import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import { foldForSearch } from '../../core/text/fold.ts';
import type { Tx } from '../client.ts';
import { subtreeEnd, type Scope } from './scope.ts';

export interface AccountRow {
  id: number;
  username: string;
  fullName: string;
  passwordHash: string;
  roles: number[];
  scopeOrgId: number | null;
  isActive: boolean;
  mustChangePassword: boolean;
  totpRequired: boolean;
  totpEnabled: boolean;
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
  'a.totp_required',
  'a.totp_enabled_at',
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
  totp_required: boolean;
  totp_enabled_at: Date | null;
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
    totpRequired: row.totp_required,
    totpEnabled: row.totp_enabled_at !== null,
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
    /** Product-managed accounts: policies apply (fixtures and scripts leave them off). */
    managed?: {
      totpRequired: boolean;
      createdBy: number | null;
      position?: string | null;
      unitName?: string | null;
      phone?: string | null;
      citizenId?: string | null;
      birthDate?: string | null;
    };
  },
): Promise<number> {
  const row = await tx
    .insertInto('accounts')
    .values({
      username: account.username,
      full_name: account.fullName,
      name_search: foldForSearch(account.fullName),
      password_hash: account.passwordHash,
      roles: account.roles,
      scope_org_id: account.scopeOrgId,
      must_change_password: account.mustChangePassword ?? false,
      ...(account.managed
        ? {
            totp_required: account.managed.totpRequired,
            created_by: account.managed.createdBy,
            position: account.managed.position ?? null,
            unit_name: account.managed.unitName ?? null,
            phone: account.managed.phone ?? null,
            citizen_id: account.managed.citizenId ?? null,
            birth_date: account.managed.birthDate ?? null,
          }
        : {}),
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
  meta: { ip: string | null; userAgent: string | null; absoluteHours?: number },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx
    .insertInto('sessions')
    .values({
      id: hashSessionToken(token),
      account_id: accountId,
      expires_at: new Date(Date.now() + idleMinutes * 60_000),
      absolute_expires_at: new Date(Date.now() + (meta.absoluteHours ?? SESSION_ABSOLUTE_HOURS) * 3_600_000),
      ip: meta.ip,
      user_agent: meta.userAgent,
    })
    .execute();
  return token;
}

/** However active, a session ends this long after sign-in (the idle expiry slides, this does not). */
export const SESSION_ABSOLUTE_HOURS = 12;

export interface SessionAccount extends AccountRow {
  sessionId: string;
  sessionHandle: number;
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
      's.handle as session_handle',
      's.last_seen_at',
      'o.path as scope_path',
      'o.province_code as scope_province',
      'o.name as scope_name',
    ])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', new Date())
    .where('s.absolute_expires_at', '>', new Date())
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
  return {
    ...account,
    sessionId: row.session_id,
    sessionHandle: row.session_handle,
    scope,
    scopeName: row.scope_name ?? 'Toàn quốc',
  };
}

export async function deleteSession(tx: Tx, token: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id', '=', hashSessionToken(token)).execute();
}

// ---------------------------------------------------------------------------
// Credentials: lockout, password, two-factor, activation (0004_accounts.sql).
// ---------------------------------------------------------------------------

export interface LoginAccount extends AccountRow {
  totpSecretEnc: string | null;
  totpLastStep: number | null;
  recoveryCodeHashes: string[];
  failedLoginCount: number;
  lockedUntil: Date | null;
  scopeProvinceCode: string | null;
}

export async function findLoginAccount(tx: Tx, by: { username: string } | { id: number }) {
  let query = tx
    .selectFrom('accounts as a')
    .leftJoin('organizations as o', 'o.id', 'a.scope_org_id')
    .select(accountColumns)
    .select([
      'a.totp_secret_enc',
      'a.totp_last_step',
      'a.recovery_code_hashes',
      'a.failed_login_count',
      'a.locked_until',
      'o.province_code as scope_province_code',
    ]);
  query =
    'id' in by
      ? query.where('a.id', '=', by.id)
      : query.where(sql<boolean>`lower(a.username) = ${by.username.toLowerCase()}`);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return {
    ...toAccount(row),
    totpSecretEnc: row.totp_secret_enc,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    recoveryCodeHashes: row.recovery_code_hashes,
    failedLoginCount: row.failed_login_count,
    lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
    scopeProvinceCode: row.scope_province_code,
  } satisfies LoginAccount;
}

export async function recordLoginAttempt(
  tx: Tx,
  attempt: { ip: string | null; username: string; ok: boolean; at: Date },
): Promise<void> {
  await tx
    .insertInto('login_attempts')
    .values({ ip: attempt.ip, username: attempt.username.slice(0, 100), ok: attempt.ok, at: attempt.at })
    .execute();
}

export async function countFailedAttemptsFromIp(tx: Tx, ip: string | null, since: Date): Promise<number> {
  if (ip === null) return 0;
  const row = await tx
    .selectFrom('login_attempts')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('ip', '=', ip)
    .where('ok', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** One more failure; at `maxFailures` the account is locked until `lockUntil`. Returns the new count. */
export async function registerLoginFailure(
  tx: Tx,
  accountId: number,
  maxFailures: number,
  lockUntil: Date,
): Promise<{ failures: number; locked: boolean }> {
  const row = await tx
    .updateTable('accounts')
    .set({ failed_login_count: sql`failed_login_count + 1` })
    .where('id', '=', accountId)
    .returning('failed_login_count')
    .executeTakeFirstOrThrow();
  if (row.failed_login_count < maxFailures) return { failures: row.failed_login_count, locked: false };
  await tx
    .updateTable('accounts')
    .set({ locked_until: lockUntil, failed_login_count: 0 })
    .where('id', '=', accountId)
    .execute();
  return { failures: row.failed_login_count, locked: true };
}

export async function clearLoginFailures(tx: Tx, accountId: number): Promise<void> {
  await tx
    .updateTable('accounts')
    .set({ failed_login_count: 0, locked_until: null })
    .where('id', '=', accountId)
    .execute();
}

export async function updatePassword(
  tx: Tx,
  accountId: number,
  change: { passwordHash: string; mustChangePassword: boolean; at: Date },
): Promise<void> {
  await tx
    .updateTable('accounts')
    .set({
      password_hash: change.passwordHash,
      must_change_password: change.mustChangePassword,
      password_changed_at: change.at,
      failed_login_count: 0,
      locked_until: null,
      updated_at: change.at,
    })
    .where('id', '=', accountId)
    .execute();
}

export async function updateTotp(
  tx: Tx,
  accountId: number,
  totp: {
    secretEnc?: string | null;
    enabledAt?: Date | null;
    lastStep?: number | null;
    recoveryCodeHashes?: string[];
  },
): Promise<void> {
  await tx
    .updateTable('accounts')
    .set({
      ...(totp.secretEnc !== undefined ? { totp_secret_enc: totp.secretEnc } : {}),
      ...(totp.enabledAt !== undefined ? { totp_enabled_at: totp.enabledAt } : {}),
      ...(totp.lastStep !== undefined ? { totp_last_step: totp.lastStep } : {}),
      ...(totp.recoveryCodeHashes !== undefined ? { recovery_code_hashes: totp.recoveryCodeHashes } : {}),
    })
    .where('id', '=', accountId)
    .execute();
}

export async function setActivationToken(
  tx: Tx,
  accountId: number,
  token: { hash: string; expiresAt: Date } | null,
): Promise<void> {
  await tx
    .updateTable('accounts')
    .set({ activation_token_hash: token?.hash ?? null, activation_expires_at: token?.expiresAt ?? null })
    .where('id', '=', accountId)
    .execute();
}

export async function findAccountByActivationToken(tx: Tx, tokenHash: string, now: Date) {
  const row = await tx
    .selectFrom('accounts as a')
    .select(accountColumns)
    .where('a.activation_token_hash', '=', tokenHash)
    .where('a.activation_expires_at', '>', now)
    .where('a.is_active', '=', true)
    .executeTakeFirst();
  return row && toAccount(row);
}

// ---------------------------------------------------------------------------
// Sessions of one account ("my sessions").
// ---------------------------------------------------------------------------

export async function listSessionsOfAccount(tx: Tx, accountId: number, now: Date) {
  return tx
    .selectFrom('sessions')
    .select([
      'id',
      'handle',
      'created_at',
      'last_seen_at',
      'expires_at',
      'absolute_expires_at',
      'ip',
      'user_agent',
    ])
    .where('account_id', '=', accountId)
    .where('expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function deleteSessionByHandle(tx: Tx, accountId: number, handle: number): Promise<boolean> {
  const result = await tx
    .deleteFrom('sessions')
    .where('account_id', '=', accountId)
    .where('handle', '=', handle)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of an account, or every other one when `exceptSessionId` is given. */
export async function deleteSessionsOfAccount(tx: Tx, accountId: number, exceptSessionId?: string) {
  let query = tx.deleteFrom('sessions').where('account_id', '=', accountId);
  if (exceptSessionId) query = query.where('id', '<>', exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---------------------------------------------------------------------------
// Administration: accounts inside a scope. An account lies inside a scope when its scope organization
// does; national accounts (no scope organization) are seen by national administrators only.
// ---------------------------------------------------------------------------

export interface ManagedAccount {
  id: number;
  username: string;
  fullName: string;
  roles: number[];
  scopeOrgId: number | null;
  scopePath: string | null;
  scopeName: string;
  provinceCode: string | null;
  isActive: boolean;
  mustChangePassword: boolean;
  totpRequired: boolean;
  totpEnabled: boolean;
  lockedUntil: string | null;
  position: string | null;
  unitName: string | null;
  phone: string | null;
  citizenId: string | null;
  birthDate: string | null;
  createdAt: string;
  passwordChangedAt: string | null;
  activationPending: boolean;
}

function managedQuery(tx: Tx) {
  return tx
    .selectFrom('accounts as a')
    .leftJoin('organizations as o', 'o.id', 'a.scope_org_id')
    .select([
      'a.id',
      'a.username',
      'a.full_name',
      'a.roles',
      'a.scope_org_id',
      'o.path as scope_path',
      'o.name as scope_name',
      'o.province_code',
      'a.is_active',
      'a.must_change_password',
      'a.totp_required',
      'a.totp_enabled_at',
      'a.locked_until',
      'a.position',
      'a.unit_name',
      'a.phone',
      'a.citizen_id',
      'a.birth_date',
      'a.created_at',
      'a.password_changed_at',
      'a.activation_token_hash',
    ]);
}

type ManagedRow = Awaited<ReturnType<ReturnType<typeof managedQuery>['execute']>>[number];

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toManaged(row: ManagedRow): ManagedAccount {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    roles: row.roles.map(Number),
    scopeOrgId: row.scope_org_id,
    scopePath: row.scope_path,
    scopeName: row.scope_name ?? 'Toàn quốc',
    provinceCode: row.province_code,
    isActive: row.is_active,
    mustChangePassword: row.must_change_password,
    totpRequired: row.totp_required,
    totpEnabled: row.totp_enabled_at !== null,
    lockedUntil: iso(row.locked_until),
    position: row.position,
    unitName: row.unit_name,
    phone: row.phone,
    citizenId: row.citizen_id,
    birthDate: row.birth_date,
    createdAt: iso(row.created_at)!,
    passwordChangedAt: iso(row.password_changed_at),
    activationPending: row.activation_token_hash !== null,
  };
}

function accountInScope(scope: Scope) {
  if (scope.kind === 'national') return sql<boolean>`true`;
  return sql<boolean>`(o.path >= ${scope.path} AND o.path < ${subtreeEnd(scope.path)} AND o.province_code = ${scope.provinceCode})`;
}

export interface AccountFilters {
  q?: string | undefined;
  role?: number | undefined;
  isActive?: boolean | undefined;
  /** Accounts whose scope lies in this organization's subtree. */
  orgId?: number | undefined;
  limit: number;
  offset: number;
}

export async function listAccountsInScope(tx: Tx, scope: Scope, filters: AccountFilters) {
  let query = managedQuery(tx).where(accountInScope(scope));
  if (filters.role !== undefined) query = query.where(sql<boolean>`${filters.role}::smallint = ANY(a.roles)`);
  if (filters.isActive !== undefined) query = query.where('a.is_active', '=', filters.isActive);
  if (filters.orgId !== undefined) {
    const orgId = filters.orgId;
    query = query.where(
      sql<boolean>`o.path >= (SELECT path FROM organizations WHERE id = ${orgId}) AND o.path < (SELECT path || '~' FROM organizations WHERE id = ${orgId})`,
    );
  }
  const q = foldForSearch(filters.q ?? '');
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(a.username)`, 'like', like),
        eb(sql`coalesce(nullif(a.name_search, ''), lower(a.full_name))`, 'like', like),
      ]),
    );
  }
  const total = await query
    .clearSelect()
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query.orderBy('a.username').limit(filters.limit).offset(filters.offset).execute();
  return { items: rows.map(toManaged), total: total.n };
}

/** The account if it lies inside the scope; NOT_FOUND otherwise (existence is not leaked). */
export async function getAccountInScope(tx: Tx, scope: Scope, id: number): Promise<ManagedAccount> {
  const row = await managedQuery(tx).where('a.id', '=', id).where(accountInScope(scope)).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { entity: 'account', id });
  return toManaged(row);
}

export async function isUsernameTaken(tx: Tx, username: string): Promise<boolean> {
  const row = await tx
    .selectFrom('accounts')
    .select('id')
    .where(sql<boolean>`lower(username) = ${username.toLowerCase()}`)
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateAccountAccess(
  tx: Tx,
  id: number,
  change: { isActive?: boolean; roles?: number[]; scopeOrgId?: number | null; totpRequired?: boolean },
): Promise<void> {
  await tx
    .updateTable('accounts')
    .set({
      ...(change.isActive !== undefined ? { is_active: change.isActive } : {}),
      ...(change.roles !== undefined ? { roles: change.roles } : {}),
      ...(change.scopeOrgId !== undefined ? { scope_org_id: change.scopeOrgId } : {}),
      ...(change.totpRequired !== undefined ? { totp_required: change.totpRequired } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}
