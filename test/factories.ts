import { hashPassword } from '../src/app/auth/passwords.ts';
import type { MemberFields } from '../src/core/members/member.ts';
import type { DbHandle } from '../src/db/client.ts';
import { insertAccount } from '../src/db/repos/accounts.ts';
import { insertMember } from '../src/db/repos/members.ts';
import { getOrganization, insertOrganization } from '../src/db/repos/organizations.ts';
import { NATIONAL_SCOPE } from '../src/db/repos/scope.ts';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function makeOrganization(
  handle: DbHandle,
  input: { parentId: number | null; type: string; name?: string; provinceCode?: string; status?: string },
): Promise<{ id: number; path: string; provinceCode: string }> {
  const parent =
    input.parentId === null ? null : await getOrganization(handle.db, NATIONAL_SCOPE, input.parentId);
  const provinceCode = parent?.provinceCode ?? input.provinceCode ?? '01';
  const id = await insertOrganization(handle.db, parent?.path ?? '/', {
    parentId: parent?.id ?? null,
    provinceCode,
    name: input.name ?? `Tổ chức ${unique()}`,
    type: input.type,
    legacyCode: `ORG-${unique()}`,
    status: input.status ?? 'HOAT_DONG',
    foundingDate: null,
    adminUnitCode: null,
  });
  const org = await getOrganization(handle.db, NATIONAL_SCOPE, id);
  return { id, path: org.path, provinceCode };
}

export async function makeMember(
  handle: DbHandle,
  input: { orgId: number } & Partial<MemberFields>,
): Promise<{ id: number }> {
  const org = await getOrganization(handle.db, NATIONAL_SCOPE, input.orgId);
  const { orgId, ...fields } = input;
  const id = await insertMember(handle.db, {
    fullName: 'Nguyễn Văn Hải',
    otherName: null,
    gender: 'Nam',
    birthDate: '1980-05-01',
    birthPlace: null,
    hometown: null,
    hometownProvinceCode: null,
    hometownCommuneCode: null,
    residence: null,
    residenceProvinceCode: null,
    residenceCommuneCode: null,
    ethnicityCode: '01',
    religion: 'Không',
    citizenId: null,
    phone: null,
    email: null,
    admissionDate: '2005-03-03',
    officialDate: '2006-03-03',
    partyCardNo: null,
    generalEducation: '12/12',
    professionalQualification: null,
    politicalTheory: null,
    occupation: null,
    status: 'CHINH_THUC',
    deathDate: null,
    ...fields,
    orgId,
    provinceCode: org.provinceCode,
    legacyId: `DV-${unique()}`,
    legacyRaw: null,
  });
  return { id };
}

/** A province committee with one đảng bộ xã and two chi bộ, three members in the first. */
export async function makeProvince(handle: DbHandle, provinceCode: string, name: string) {
  const province = await makeOrganization(handle, {
    parentId: null,
    type: 'DBT',
    provinceCode,
    name: `Đảng bộ ${name}`,
  });
  const commune = await makeOrganization(handle, {
    parentId: province.id,
    type: 'DBX',
    name: `Đảng bộ xã ${name} ${unique()}`,
  });
  const cell = await makeOrganization(handle, {
    parentId: commune.id,
    type: 'CBTT',
    name: `Chi bộ Thôn 1 ${unique()}`,
  });
  const cell2 = await makeOrganization(handle, {
    parentId: commune.id,
    type: 'CBTT',
    name: `Chi bộ Thôn 2 ${unique()}`,
  });
  const members = [
    await makeMember(handle, { orgId: cell.id, fullName: 'Nguyễn Văn Hải' }),
    await makeMember(handle, { orgId: cell.id, fullName: 'Trần Thị Thuý', gender: 'Nữ' }),
    await makeMember(handle, { orgId: cell.id, fullName: 'Lê Đức Anh' }),
  ];
  return { province, commune, cell, cell2, members };
}

export async function makeAccount(
  handle: DbHandle,
  input: { roles: number[]; scopeOrgId: number | null; username?: string; password?: string },
): Promise<{ id: number; username: string; password: string }> {
  const username = input.username ?? `user_${unique()}`;
  const password = input.password ?? 'mat-khau-thu-nghiem-1';
  const id = await insertAccount(handle.db, {
    username,
    fullName: `Cán bộ ${username}`,
    passwordHash: await hashPassword(password),
    roles: input.roles,
    scopeOrgId: input.scopeOrgId,
  });
  return { id, username, password };
}

/** A finding written straight into the table (the roll-up triggers see it as any writer's): PHONE_FORMAT error by default. */
export async function makeFinding(
  handle: DbHandle,
  f: {
    recordType: 'member' | 'organization';
    recordId: number;
    orgId: number;
    provinceCode: string;
    rule?: string;
    severity?: 'error' | 'warning';
  },
): Promise<number> {
  const row = await handle.db
    .insertInto('findings')
    .values({
      province_code: f.provinceCode,
      record_type: f.recordType,
      record_id: f.recordId,
      org_id: f.orgId,
      rule: f.rule ?? 'PHONE_FORMAT',
      rule_group: 'ID',
      severity: f.severity ?? 'error',
      undo: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
