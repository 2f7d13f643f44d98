import { sql } from 'kysely';
import type { OrganizationCandidate } from '../../core/accounts/account-request-form.ts';
import { AppError } from '../../core/errors.ts';
import type { Tx } from '../client.ts';
import { idsOfPath } from './organizations.ts';
import { orgInScope, type Scope } from './scope.ts';

/** Organizations inside the scope whose folded name is `folded`, with what tells them apart. */
export async function findOrganizationsByName(
  tx: Tx,
  scope: Scope,
  folded: string,
): Promise<Array<OrganizationCandidate & { ancestorAdminUnits: Array<string | null> }>> {
  const rows = await tx
    .selectFrom('organizations as o')
    .select(['o.id', 'o.name', 'o.path', 'o.admin_unit_code'])
    .where('o.name_search', '=', folded)
    .where('o.status', '=', 'HOAT_DONG')
    .where(orgInScope(scope, 'o'))
    .limit(20)
    .execute();
  const ancestorIds = [...new Set(rows.flatMap((r) => idsOfPath(r.path).slice(0, -1)))];
  const ancestors = ancestorIds.length
    ? await tx
        .selectFrom('organizations')
        .select(['id', 'name', 'admin_unit_code'])
        .where('id', 'in', ancestorIds)
        .execute()
    : [];
  const byId = new Map(ancestors.map((a) => [a.id, a]));
  return rows.map((r) => {
    const chain = idsOfPath(r.path)
      .slice(0, -1)
      .map((id) => byId.get(id));
    return {
      id: r.id,
      name: r.name,
      path: r.path,
      adminUnitCode: r.admin_unit_code,
      ancestorNames: chain.map((a) => a?.name ?? ''),
      ancestorAdminUnits: chain.map((a) => a?.admin_unit_code ?? null),
    };
  });
}

export async function findOrganizationByIdInScope(tx: Tx, scope: Scope, id: number) {
  return tx
    .selectFrom('organizations as o')
    .select(['o.id', 'o.name', 'o.path', 'o.admin_unit_code', 'o.province_code'])
    .where('o.id', '=', id)
    .where(orgInScope(scope, 'o'))
    .executeTakeFirst();
}

/** Citizen ids that already have an account or a pending request. */
export async function findTakenCitizenIds(tx: Tx, citizenIds: string[]) {
  if (citizenIds.length === 0) return new Map<string, string>();
  const accounts = await tx
    .selectFrom('accounts')
    .select(['citizen_id', 'username'])
    .where('citizen_id', 'in', citizenIds)
    .execute();
  const pending = await tx
    .selectFrom('account_requests')
    .select(['citizen_id', 'id'])
    .where('citizen_id', 'in', citizenIds)
    .where('status', '=', 'pending')
    .execute();
  const taken = new Map<string, string>();
  for (const a of accounts) if (a.citizen_id) taken.set(a.citizen_id, `đã có tài khoản ${a.username}`);
  for (const p of pending) taken.set(p.citizen_id, `đã có đề nghị số ${p.id} đang chờ duyệt`);
  return taken;
}

export async function insertBatch(
  tx: Tx,
  batch: {
    fileName: string;
    uploadedBy: number;
    scopeOrgId: number | null;
    rowCount: number;
    requestCount: number;
    rowErrors: unknown;
  },
): Promise<number> {
  const row = await tx
    .insertInto('account_request_batches')
    .values({
      file_name: batch.fileName,
      uploaded_by: batch.uploadedBy,
      scope_org_id: batch.scopeOrgId,
      row_count: batch.rowCount,
      request_count: batch.requestCount,
      row_errors: JSON.stringify(batch.rowErrors),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewAccountRequest {
  batchId: number;
  rowNumber: number;
  raw: Record<string, string>;
  fullName: string;
  birthDate: string;
  citizenId: string;
  phone: string | null;
  position: string | null;
  unitName: string;
  adminProvinceCode: string;
  adminCommuneCode: string | null;
  orgId: number;
  provinceCode: string;
  roles: number[];
  requestedBy: number;
}

export async function insertAccountRequest(tx: Tx, r: NewAccountRequest): Promise<number> {
  const row = await tx
    .insertInto('account_requests')
    .values({
      batch_id: r.batchId,
      row_number: r.rowNumber,
      raw: JSON.stringify(r.raw),
      full_name: r.fullName,
      birth_date: r.birthDate,
      citizen_id: r.citizenId,
      phone: r.phone,
      position: r.position,
      unit_name: r.unitName,
      admin_province_code: r.adminProvinceCode,
      admin_commune_code: r.adminCommuneCode,
      org_id: r.orgId,
      province_code: r.provinceCode,
      roles: r.roles,
      requested_by: r.requestedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function requestQuery(tx: Tx) {
  return tx
    .selectFrom('account_requests as r')
    .innerJoin('organizations as o', 'o.id', 'r.org_id')
    .leftJoin('accounts as req', 'req.id', 'r.requested_by')
    .leftJoin('accounts as dec', 'dec.id', 'r.decided_by')
    .leftJoin('accounts as acc', 'acc.id', 'r.account_id')
    .select([
      'r.id',
      'r.batch_id',
      'r.row_number',
      'r.raw',
      'r.full_name',
      'r.birth_date',
      'r.citizen_id',
      'r.phone',
      'r.position',
      'r.unit_name',
      'r.admin_province_code',
      'r.admin_commune_code',
      'r.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'r.province_code',
      'r.roles',
      'r.status',
      'req.username as requested_by',
      'r.requested_at',
      'dec.username as decided_by',
      'r.decided_at',
      'r.decision_reason',
      'r.account_id',
      'acc.username as account_username',
      sql<string | null>`(SELECT name FROM ref_commune WHERE code = r.admin_commune_code)`.as('commune_name'),
      sql<string | null>`(SELECT name FROM ref_province WHERE code = r.admin_province_code)`.as(
        'province_name',
      ),
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['execute']>>[number];

export type AccountRequest = ReturnType<typeof toRequest>;

function toRequest(r: RequestRow) {
  return {
    id: r.id,
    batchId: r.batch_id,
    rowNumber: r.row_number,
    raw: r.raw as Record<string, string>,
    fullName: r.full_name,
    birthDate: r.birth_date,
    citizenId: r.citizen_id,
    phone: r.phone,
    position: r.position,
    unitName: r.unit_name,
    provinceName: r.province_name,
    communeName: r.commune_name,
    orgId: r.org_id,
    orgName: r.org_name,
    orgPath: r.org_path,
    provinceCode: r.province_code,
    roles: r.roles.map(Number),
    status: r.status,
    requestedBy: r.requested_by,
    requestedAt: new Date(r.requested_at).toISOString(),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at === null ? null : new Date(r.decided_at).toISOString(),
    decisionReason: r.decision_reason,
    accountId: r.account_id,
    accountUsername: r.account_username,
  };
}

export async function listAccountRequests(
  tx: Tx,
  scope: Scope,
  filters: {
    status?: 'pending' | 'approved' | 'rejected' | undefined;
    batchId?: number | undefined;
    limit: number;
    offset: number;
  },
) {
  let query = requestQuery(tx).where(orgInScope(scope, 'o'));
  if (filters.status) query = query.where('r.status', '=', filters.status);
  if (filters.batchId !== undefined) query = query.where('r.batch_id', '=', filters.batchId);
  const total = await query
    .clearSelect()
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query.orderBy('r.id', 'desc').limit(filters.limit).offset(filters.offset).execute();
  return { items: rows.map(toRequest), total: total.n };
}

/** The requests if every one lies inside the scope (locked for the decision); NOT_FOUND otherwise. */
export async function getAccountRequestsForDecision(tx: Tx, scope: Scope, ids: number[]) {
  const rows = await requestQuery(tx)
    .where('r.id', 'in', ids)
    .where(orgInScope(scope, 'o'))
    .forUpdate('r')
    .execute();
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw new AppError('NOT_FOUND', { entity: 'accountRequest', id: missing });
  return rows.map(toRequest);
}

export async function markAccountRequestDecided(
  tx: Tx,
  id: number,
  decision: {
    status: 'approved' | 'rejected';
    decidedBy: number;
    at: Date;
    reason: string | null;
    accountId: number | null;
  },
) {
  await tx
    .updateTable('account_requests')
    .set({
      status: decision.status,
      decided_by: decision.decidedBy,
      decided_at: decision.at,
      decision_reason: decision.reason,
      account_id: decision.accountId,
    })
    .where('id', '=', id)
    .execute();
}

export async function listBatches(tx: Tx, scope: Scope, limit: number) {
  let query = tx
    .selectFrom('account_request_batches as b')
    .leftJoin('organizations as o', 'o.id', 'b.scope_org_id')
    .leftJoin('accounts as a', 'a.id', 'b.uploaded_by')
    .select([
      'b.id',
      'b.file_name',
      'b.uploaded_at',
      'a.username as uploaded_by',
      'b.row_count',
      'b.request_count',
      'b.row_errors',
    ]);
  // A batch belongs to the scope of whoever uploaded it: national uploads are seen nationally only.
  query = scope.kind === 'national' ? query : query.where(orgInScope(scope, 'o'));
  const rows = await query.orderBy('b.id', 'desc').limit(limit).execute();
  return rows.map((b) => ({
    id: b.id,
    fileName: b.file_name,
    uploadedAt: new Date(b.uploaded_at).toISOString(),
    uploadedBy: b.uploaded_by,
    rowCount: b.row_count,
    requestCount: b.request_count,
    rowErrors: b.row_errors as Array<{ row: number; column: string; message: string }>,
  }));
}
