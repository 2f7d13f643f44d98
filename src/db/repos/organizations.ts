import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import { foldForSearch } from '../../core/text/fold.ts';
import { vietnameseSortKey } from '../../core/text/vietnamese-sort-key.ts';
import type { Tx } from '../client.ts';
import { orgInScope, orgInSubtree, type Scope } from './scope.ts';

export interface OrgSummary {
  id: number;
  parentId: number | null;
  name: string;
  type: string | null;
  status: string;
  legacyCode: string | null;
  provinceCode: string;
  childCount: number;
  memberCount: number;
}

export interface Organization extends OrgSummary {
  path: string;
  foundingDate: string | null;
  adminUnitCode: string | null;
  adminUnitName: string | null;
  version: number;
  ancestors: Array<{ id: number; name: string }>;
  createdAt: string;
  updatedAt: string;
}

const ACTIVE_STATUSES = sql.raw(`('CHINH_THUC', 'DU_BI', 'MIEN_SINH_HOAT')`);

function summaryQuery(tx: Tx) {
  return tx
    .selectFrom('organizations as o')
    .select([
      'o.id',
      'o.parent_id',
      'o.name',
      'o.type',
      'o.status',
      'o.legacy_code',
      'o.province_code',
      'o.path',
      sql<number>`(SELECT count(*) FROM organizations c WHERE c.parent_id = o.id)::int`.as('child_count'),
      sql<number>`(SELECT count(*) FROM members m WHERE m.org_id = o.id AND m.merged_into_id IS NULL AND m.status IN ${ACTIVE_STATUSES})::int`.as(
        'member_count',
      ),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

function toSummary(row: SummaryRow): OrgSummary {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    type: row.type,
    status: row.status,
    legacyCode: row.legacy_code,
    provinceCode: row.province_code,
    childCount: row.child_count,
    memberCount: row.member_count,
  };
}

export function idsOfPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

async function ancestorsOf(tx: Tx, path: string) {
  const ids = idsOfPath(path).slice(0, -1);
  if (ids.length === 0) return [];
  const rows = await tx.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r.name]));
  return ids.map((id) => ({ id, name: byId.get(id) ?? '' }));
}

/** The organization if it exists inside the scope; NOT_FOUND otherwise (existence is not leaked). */
export async function getOrganization(tx: Tx, scope: Scope, id: number): Promise<Organization> {
  const row = await summaryQuery(tx)
    .select([
      'o.founding_date',
      'o.admin_unit_code',
      'o.version',
      'o.created_at',
      'o.updated_at',
      sql<string | null>`(SELECT coalesce(
        (SELECT name FROM ref_commune WHERE code = o.admin_unit_code),
        (SELECT name FROM ref_province WHERE code = o.admin_unit_code)))`.as('admin_unit_name'),
    ])
    .where('o.id', '=', id)
    .where(orgInScope(scope, 'o'))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { entity: 'organization', id });
  return {
    ...toSummary(row),
    path: row.path,
    foundingDate: row.founding_date,
    adminUnitCode: row.admin_unit_code,
    adminUnitName: row.admin_unit_name,
    version: row.version,
    ancestors: await ancestorsOf(tx, row.path),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The top of what the scope sees: every top-level committee nationally, else the scope's own root. */
export async function listRootOrganizations(tx: Tx, scope: Scope): Promise<OrgSummary[]> {
  let query = summaryQuery(tx).orderBy('o.name_sort');
  query =
    scope.kind === 'national'
      ? query.where('o.parent_id', 'is', null)
      : query.where('o.id', '=', scope.orgId);
  return (await query.execute()).map(toSummary);
}

export async function listChildOrganizations(tx: Tx, scope: Scope, parentId: number): Promise<OrgSummary[]> {
  await getOrganization(tx, scope, parentId);
  const rows = await summaryQuery(tx).where('o.parent_id', '=', parentId).orderBy('o.name_sort').execute();
  return rows.map(toSummary);
}

export async function searchOrganizations(tx: Tx, scope: Scope, q: string, limit: number) {
  const needle = foldForSearch(q);
  if (!needle) return [];
  const rows = await summaryQuery(tx)
    .where(orgInScope(scope, 'o'))
    .where(sql<boolean>`o.name_search LIKE ${'%' + needle.replace(/[\\%_]/g, '\\$&') + '%'}`)
    .orderBy(sql`length(o.name)`)
    .orderBy('o.name_sort')
    .limit(limit)
    .execute();
  return Promise.all(
    rows.map(async (row) => ({ ...toSummary(row), ancestors: await ancestorsOf(tx, row.path) })),
  );
}

export interface NewOrganization {
  parentId: number | null;
  provinceCode: string;
  name: string;
  type: string | null;
  legacyCode: string | null;
  status?: string;
  foundingDate: string | null;
  adminUnitCode: string | null;
  legacyRaw?: Record<string, string> | null;
}

/** Inserts under a parent whose path the caller already read; the path ends with the new id. */
export async function insertOrganization(tx: Tx, parentPath: string, org: NewOrganization): Promise<number> {
  const { rows } = await sql<{
    id: number;
  }>`SELECT nextval(pg_get_serial_sequence('organizations', 'id'))::int8 AS id`.execute(tx);
  const id = Number(rows[0]!.id);
  const path = `${parentPath}${id}/`;
  await sql`INSERT INTO organizations (id, province_code, parent_id, path, depth, type, name, name_search, name_sort,
      legacy_code, status, founding_date, admin_unit_code, legacy_raw)
    OVERRIDING SYSTEM VALUE VALUES (${id}, ${org.provinceCode}, ${org.parentId}, ${path}, ${path.split('/').length - 2},
      ${org.type}, ${org.name}, ${foldForSearch(org.name)}, ${vietnameseSortKey(org.name)}, ${org.legacyCode},
      ${org.status ?? 'HOAT_DONG'}, ${org.foundingDate}, ${org.adminUnitCode},
      ${org.legacyRaw ? JSON.stringify(org.legacyRaw) : null})`.execute(tx);
  return id;
}

async function bumpVersion(tx: Tx, id: number, expectedVersion: number, set: Record<string, unknown>) {
  const result = await tx
    .updateTable('organizations')
    .set({ ...set, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0)
    throw new AppError('VERSION_CONFLICT', { entity: 'organization', id });
}

export async function renameOrganization(tx: Tx, id: number, name: string, expectedVersion: number) {
  await bumpVersion(tx, id, expectedVersion, {
    name,
    name_search: foldForSearch(name),
    name_sort: vietnameseSortKey(name),
  });
}

export async function setOrganizationStatus(tx: Tx, id: number, status: string, expectedVersion: number) {
  await bumpVersion(tx, id, expectedVersion, { status });
}

/** Moves a subtree: one prefix rewrite of every path below it, and the province key follows. */
export async function moveOrganization(
  tx: Tx,
  org: { id: number; path: string; version: number },
  newParent: { id: number; path: string; provinceCode: string },
) {
  await bumpVersion(tx, org.id, org.version, { parent_id: newParent.id });
  const newPath = `${newParent.path}${org.id}/`;
  const depthDelta = newPath.split('/').length - org.path.split('/').length;
  await sql`UPDATE organizations
      SET path = ${newPath} || substr(path, ${org.path.length + 1}), depth = depth + ${depthDelta},
          province_code = ${newParent.provinceCode}
      WHERE ${orgInSubtree(org.path, 'organizations')}`.execute(tx);
  await sql`UPDATE members SET province_code = ${newParent.provinceCode}
      WHERE province_code <> ${newParent.provinceCode}
        AND org_id IN (SELECT id FROM organizations WHERE ${orgInSubtree(newPath, 'organizations')})`.execute(
    tx,
  );
}

export async function countActiveMembersInSubtree(tx: Tx, path: string): Promise<number> {
  const row = await tx
    .selectFrom('members as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(orgInSubtree(path, 'o'))
    .where(sql<boolean>`m.status IN ${ACTIVE_STATUSES}`)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function countActiveChildren(tx: Tx, id: number): Promise<number> {
  const row = await tx
    .selectFrom('organizations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('parent_id', '=', id)
    .where('status', '=', 'HOAT_DONG')
    .executeTakeFirstOrThrow();
  return row.n;
}
