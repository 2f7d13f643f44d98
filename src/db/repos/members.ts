import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import {
  MEMBER_FIELD_NAMES,
  memberNameKeys,
  type Member,
  type MemberFields,
} from '../../core/members/member.ts';
import type { Tx } from '../client.ts';
import type { MembersTable } from '../schema.ts';
import { orgInScope, orgInSubtree, type Scope } from './scope.ts';

/** camelCase field → column. One table, so API, import and repositories agree on names. */
const COLUMN: Record<keyof MemberFields, keyof MembersTable> = {
  fullName: 'full_name',
  otherName: 'other_name',
  gender: 'gender',
  birthDate: 'birth_date',
  birthPlace: 'birth_place',
  hometown: 'hometown',
  hometownProvinceCode: 'hometown_province_code',
  hometownCommuneCode: 'hometown_commune_code',
  residence: 'residence',
  residenceProvinceCode: 'residence_province_code',
  residenceCommuneCode: 'residence_commune_code',
  ethnicityCode: 'ethnicity_code',
  religion: 'religion',
  citizenId: 'citizen_id',
  phone: 'phone',
  email: 'email',
  admissionDate: 'admission_date',
  officialDate: 'official_date',
  partyCardNo: 'party_card_no',
  generalEducation: 'general_education',
  professionalQualification: 'professional_qualification',
  politicalTheory: 'political_theory',
  occupation: 'occupation',
  status: 'status',
  deathDate: 'death_date',
};

type MemberRow = Record<string, unknown>;

function toMember(row: Record<string, unknown>): Member {
  const fields = Object.fromEntries(
    MEMBER_FIELD_NAMES.map((f) => [f, row[COLUMN[f]] ?? null]),
  ) as unknown as MemberFields;
  return {
    ...fields,
    id: Number(row.id),
    provinceCode: row.province_code as string,
    orgId: Number(row.org_id),
    orgName: (row.org_name as string | undefined) ?? '',
    legacyId: (row.legacy_id as string | null) ?? null,
    legacyRaw: (row.legacy_raw as Record<string, string> | null) ?? null,
    version: Number(row.version),
    createdAt: new Date(row.created_at as string).toISOString(),
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}

export function memberColumns(fields: Partial<MemberFields>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const f of MEMBER_FIELD_NAMES) if (f in fields) columns[COLUMN[f]] = fields[f] ?? null;
  if (fields.fullName !== undefined) {
    const keys = memberNameKeys(fields.fullName);
    columns.name_search = keys.nameSearch;
    columns.name_sort = keys.nameSort;
  }
  return columns;
}

/** The member if it belongs to an organization inside the scope; NOT_FOUND otherwise. */
export async function getMember(tx: Tx, scope: Scope, id: number): Promise<Member> {
  const row = await tx
    .selectFrom('members as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .selectAll('m')
    .select('o.name as org_name')
    .where('m.id', '=', id)
    .where(orgInScope(scope, 'o'))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { entity: 'member', id });
  return toMember(row);
}

export interface MemberListQuery {
  orgPath: string;
  subtree: boolean;
  orgId: number;
  page: number;
  pageSize: number;
  q?: string | undefined;
  status?: string | undefined;
  gender?: string | undefined;
  sort: 'fullName' | 'birthDate' | 'admissionDate' | 'status';
  order: 'asc' | 'desc';
}

const SORT_COLUMN = {
  fullName: 'm.name_sort',
  birthDate: 'm.birth_date',
  admissionDate: 'm.admission_date',
  status: 'm.status',
} as const;

/** A page of an organization's members (or of its whole subtree); the caller checked the organization's scope. */
export async function listMembers(tx: Tx, scope: Scope, query: MemberListQuery) {
  let base = tx
    .selectFrom('members as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .where(orgInScope(scope, 'o'))
    // A record merged into another (0005_duplicates.sql) is kept for history but never listed.
    .where('m.merged_into_id', 'is', null);
  base = query.subtree
    ? base.where(orgInSubtree(query.orgPath, 'o'))
    : base.where('m.org_id', '=', query.orgId);
  if (query.q) {
    const needle = query.q.replace(/[\\%_]/g, '\\$&');
    base = base.where((eb) =>
      eb.or([
        eb('m.name_search', 'like', `%${needle}%`),
        eb('m.citizen_id', '=', query.q!),
        eb('m.legacy_id', '=', query.q!),
        eb('m.party_card_no', '=', query.q!),
      ]),
    );
  }
  if (query.status) base = base.where('m.status', '=', query.status);
  if (query.gender) base = base.where('m.gender', '=', query.gender);
  const [{ total }] = [await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()];
  const rows = await base
    .selectAll('m')
    .select('o.name as org_name')
    .orderBy(sql.ref(SORT_COLUMN[query.sort]), (ob) =>
      query.order === 'desc' ? ob.desc().nullsLast() : ob.asc().nullsLast(),
    )
    .orderBy('m.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { total, items: rows.map((r) => toMemberSummary(toMember(r as unknown as MemberRow))) };
}

/** The columns of a list row (docs/api.md MemberSummary): lists never carry the raw legacy row. */
export function toMemberSummary(m: Member) {
  return {
    id: m.id,
    legacyId: m.legacyId,
    fullName: m.fullName,
    gender: m.gender,
    birthDate: m.birthDate,
    citizenId: m.citizenId,
    phone: m.phone,
    status: m.status,
    admissionDate: m.admissionDate,
    officialDate: m.officialDate,
    partyCardNo: m.partyCardNo,
    orgId: m.orgId,
    orgName: m.orgName,
  };
}

export interface NewMember extends MemberFields {
  orgId: number;
  provinceCode: string;
  legacyId: string | null;
  legacyRaw: Record<string, string> | null;
}

export async function insertMember(tx: Tx, member: NewMember): Promise<number> {
  const row = await tx
    .insertInto('members')
    .values({
      ...(memberColumns(member) as Record<string, never>),
      org_id: member.orgId,
      province_code: member.provinceCode,
      legacy_id: member.legacyId,
      legacy_raw: member.legacyRaw ? JSON.stringify(member.legacyRaw) : null,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Compare-and-set on the version: the UPDATE matches only the version the editor read, so two
 * concurrent saves can never both win (no lost update); the loser gets VERSION_CONFLICT.
 */
export async function updateMemberFields(
  tx: Tx,
  id: number,
  expectedVersion: number,
  fields: Partial<MemberFields>,
): Promise<void> {
  const result = await tx
    .updateTable('members')
    .set({
      ...(memberColumns(fields) as Record<string, never>),
      version: sql`version + 1`,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT', { entity: 'member', id });
}
