import { sql } from 'kysely';
import type { Tx } from '../client.ts';

/**
 * The importer's SQL: rows are COPYed into temp staging tables of the import transaction (dropped at its
 * end), then merged into organizations/members with set-based statements keyed on the legacy ids:
 * a row whose raw legacy value is unchanged is not touched (no write, no version bump), a changed one
 * is updated (version + 1), a new one inserted. Nothing is ever deleted by an import.
 */

/** Advisory lock namespace of per-province imports (727000/727001 are migrations and the audit chain). */
const IMPORT_LOCK_NAMESPACE = 727100;

/**
 * The per-province import lock, held until the import transaction ends. A killed process loses its
 * session, so the server rolls the transaction back and the lock goes with it: nothing to clean up.
 */
export async function tryLockProvinceImport(tx: Tx, provinceCode: string): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    SELECT pg_try_advisory_xact_lock(${IMPORT_LOCK_NAMESPACE}, hashtext(${provinceCode})) AS locked`.execute(
    tx,
  );
  return rows[0]?.locked === true;
}

export const STAGE_ORG_COLUMNS = [
  'id',
  'is_new',
  'parent_id',
  'path',
  'depth',
  'type',
  'name',
  'name_search',
  'name_sort',
  'legacy_code',
  'legacy_key',
  'status',
  'founding_date',
  'admin_unit_code',
  'legacy_raw',
] as const;

export const STAGE_MEMBER_COLUMNS = [
  'row_number',
  'legacy_id',
  'org_legacy_code',
  'full_name',
  'name_search',
  'name_sort',
  'other_name',
  'gender',
  'birth_date',
  'birth_place',
  'hometown',
  'hometown_province_code',
  'hometown_commune_code',
  'residence',
  'residence_province_code',
  'residence_commune_code',
  'ethnicity_code',
  'religion',
  'citizen_id',
  'phone',
  'email',
  'admission_date',
  'official_date',
  'party_card_no',
  'general_education',
  'professional_qualification',
  'political_theory',
  'occupation',
  'status',
  'death_date',
  'legacy_updated_at',
  'legacy_raw',
] as const;

/** Member columns copied from staging (everything but the staging-only ones). */
const MEMBER_DATA_COLUMNS = STAGE_MEMBER_COLUMNS.filter(
  (c) => c !== 'row_number' && c !== 'org_legacy_code' && c !== 'legacy_id',
);

/**
 * Columns of a COPY straight into members (a province without members yet): the same values the merge
 * would insert, with the organization id resolved by the importer.
 */
export const DIRECT_MEMBER_COLUMNS = [
  'province_code',
  'org_id',
  'legacy_id',
  ...MEMBER_DATA_COLUMNS,
] as const;

/** Whether the province holds any member (imported or not): only an empty province is loaded directly. */
export async function provinceHasMembers(tx: Tx, provinceCode: string): Promise<boolean> {
  const row = await tx
    .selectFrom('members')
    .select('id')
    .where('province_code', '=', provinceCode)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Organization id by legacy code in the province: the join the merge makes, for the direct load. */
export async function organizationIdsByLegacyCode(
  tx: Tx,
  provinceCode: string,
): Promise<Map<string, number>> {
  const rows = await tx
    .selectFrom('organizations')
    .select(['id', 'legacy_code'])
    .where('province_code', '=', provinceCode)
    .where('legacy_code', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.legacy_code!, Number(r.id)]));
}

export async function createStagingTables(tx: Tx): Promise<void> {
  await sql`CREATE TEMP TABLE import_stage_orgs (
      id bigint NOT NULL, is_new boolean NOT NULL, parent_id bigint, path text NOT NULL, depth integer NOT NULL,
      type text, name text NOT NULL, name_search text NOT NULL, name_sort text NOT NULL, legacy_code text,
      legacy_key text NOT NULL, status text NOT NULL, founding_date text, admin_unit_code text, legacy_raw jsonb
    ) ON COMMIT DROP`.execute(tx);
  await sql`CREATE TEMP TABLE import_stage_members (
      row_number integer NOT NULL, legacy_id text NOT NULL, org_legacy_code text,
      ${sql.raw(MEMBER_DATA_COLUMNS.map((c) => `${c} ${c === 'legacy_raw' ? 'jsonb' : 'text'}`).join(', '))}
    ) ON COMMIT DROP`.execute(tx);
}

export interface ExistingOrganization {
  id: number;
  legacyKey: string;
  parentId: number | null;
  path: string;
  legacyRaw: Record<string, string> | null;
}

/** The province's organizations that carry an import key. */
export async function listImportedOrganizations(
  tx: Tx,
  provinceCode: string,
): Promise<ExistingOrganization[]> {
  const rows = await tx
    .selectFrom('organizations')
    .select(['id', 'legacy_key', 'parent_id', 'path', 'legacy_raw'])
    .where('province_code', '=', provinceCode)
    .where('legacy_key', 'is not', null)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    legacyKey: r.legacy_key!,
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    path: r.path,
    legacyRaw: (r.legacy_raw as Record<string, string> | null) ?? null,
  }));
}

export async function allocateOrganizationIds(tx: Tx, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await sql<{ id: string | number }>`
    SELECT nextval(pg_get_serial_sequence('organizations', 'id')) AS id FROM generate_series(1, ${count})`.execute(
    tx,
  );
  return rows.map((r) => Number(r.id));
}

/** The province committee: the first root organization of the province, if any. */
export async function findProvinceRoot(tx: Tx, provinceCode: string): Promise<number | null> {
  const row = await tx
    .selectFrom('organizations')
    .select('id')
    .where('province_code', '=', provinceCode)
    .where('parent_id', 'is', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** Provinces holding organizations with these legacy codes (to place a members-only package). */
export async function provincesOfOrganizationCodes(tx: Tx, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await tx
    .selectFrom('organizations')
    .select('province_code')
    .distinct()
    .where('legacy_code', 'in', codes)
    .execute();
  return rows.map((r) => r.province_code);
}

/** Inserts the staged new organizations and rewrites the staged changed ones (version + 1). */
export async function mergeStagedOrganizations(
  tx: Tx,
  provinceCode: string,
): Promise<{ inserted: number; updated: number }> {
  const inserted = await sql`
    INSERT INTO organizations (id, province_code, parent_id, path, depth, type, name, name_search, name_sort,
      legacy_code, legacy_key, status, founding_date, admin_unit_code, legacy_raw)
    OVERRIDING SYSTEM VALUE
    SELECT id, ${provinceCode}, parent_id, path, depth, type, name, name_search, name_sort,
      legacy_code, legacy_key, status, founding_date, admin_unit_code, legacy_raw
    FROM import_stage_orgs WHERE is_new`.execute(tx);
  const updated = await sql`
    UPDATE organizations o SET parent_id = s.parent_id, path = s.path, depth = s.depth, type = s.type,
      name = s.name, name_search = s.name_search, name_sort = s.name_sort, legacy_code = s.legacy_code,
      status = s.status, founding_date = s.founding_date, admin_unit_code = s.admin_unit_code,
      legacy_raw = s.legacy_raw, version = o.version + 1, updated_at = now()
    FROM import_stage_orgs s WHERE o.id = s.id AND NOT s.is_new`.execute(tx);
  return { inserted: Number(inserted.numAffectedRows ?? 0), updated: Number(updated.numAffectedRows ?? 0) };
}

/**
 * Recomputes the materialized paths of the province from its roots, writing only rows whose path or
 * depth is wrong (descendants of an organization that moved). A no-op when nothing moved.
 */
export async function repairOrganizationPaths(tx: Tx, provinceCode: string): Promise<number> {
  const result = await sql`
    WITH RECURSIVE tree AS (
      SELECT id, '/' || id || '/' AS path, 1 AS depth FROM organizations
        WHERE province_code = ${provinceCode} AND parent_id IS NULL
      UNION ALL
      SELECT o.id, t.path || o.id || '/', t.depth + 1 FROM organizations o JOIN tree t ON o.parent_id = t.id
    )
    UPDATE organizations o SET path = tree.path, depth = tree.depth
    FROM tree WHERE o.id = tree.id AND (o.path <> tree.path OR o.depth <> tree.depth)`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Upserts the staged members. A member whose organization code is unknown goes under `rootId` (its raw
 * row keeps the code for the quality rules). Only rows whose raw legacy value differs are updated.
 */
export async function mergeStagedMembers(
  tx: Tx,
  provinceCode: string,
  rootId: number,
): Promise<{ inserted: number; updated: number }> {
  const columns = sql.raw(MEMBER_DATA_COLUMNS.join(', '));
  const fromStage = sql.raw(MEMBER_DATA_COLUMNS.map((c) => `s.${c}`).join(', '));
  const updates = sql.raw(MEMBER_DATA_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', '));
  const { rows } = await sql<{ inserted: number; updated: number }>`
    WITH up AS (
      INSERT INTO members (province_code, org_id, legacy_id, ${columns})
      SELECT ${provinceCode}, coalesce(o.id, ${rootId}), s.legacy_id, ${fromStage}
      FROM import_stage_members s
      LEFT JOIN organizations o ON o.province_code = ${provinceCode} AND o.legacy_code = s.org_legacy_code
      ON CONFLICT (province_code, legacy_id) DO UPDATE SET org_id = excluded.org_id, ${updates},
        version = members.version + 1, updated_at = now()
      WHERE members.legacy_raw IS DISTINCT FROM excluded.legacy_raw
      RETURNING (xmax = 0) AS inserted
    )
    SELECT (count(*) FILTER (WHERE inserted))::int AS inserted, (count(*) FILTER (WHERE NOT inserted))::int AS updated
    FROM up`.execute(tx);
  return { inserted: Number(rows[0]?.inserted ?? 0), updated: Number(rows[0]?.updated ?? 0) };
}

/** Staged (source) members found in the target with the identical raw row: the "nothing lost" proof. */
export async function countVerbatimMembers(tx: Tx, provinceCode: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM import_stage_members s
    JOIN members m ON m.province_code = ${provinceCode} AND m.legacy_id = s.legacy_id AND m.legacy_raw = s.legacy_raw`.execute(
    tx,
  );
  return Number(rows[0]?.n ?? 0);
}

export interface TargetOrganizationCount {
  id: number;
  legacyCode: string | null;
  legacyKey: string | null;
  name: string;
  members: number;
}

/** Members per organization of the province, as stored. */
export async function countMembersPerOrganization(
  tx: Tx,
  provinceCode: string,
): Promise<TargetOrganizationCount[]> {
  const { rows } = await sql<{
    id: number;
    legacy_code: string | null;
    legacy_key: string | null;
    name: string;
    members: number;
  }>`
    SELECT o.id, o.legacy_code, o.legacy_key, o.name, count(m.id)::int AS members
    FROM organizations o LEFT JOIN members m ON m.org_id = o.id
    WHERE o.province_code = ${provinceCode}
    GROUP BY o.id ORDER BY o.path`.execute(tx);
  return rows.map((r) => ({
    id: Number(r.id),
    legacyCode: r.legacy_code,
    legacyKey: r.legacy_key,
    name: r.name,
    members: Number(r.members),
  }));
}
