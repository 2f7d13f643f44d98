import { describe, expect, it } from 'vitest';
import { createAdminUnitIndex } from '../../codes/admin-units.ts';
import { loadCodeLists } from '../../../reference/load-reference.ts';
import { memberRow, organizationRow } from '../fixtures.ts';
import type { OrganizationRaw, RuleContext } from '../record.ts';
import { checkOrganizations, MemberCrossChecks } from '../run-rules.ts';
import { standardizeMember } from '../standardize-member.ts';
import { standardizeOrganization } from '../standardize-organization.ts';
import { checkMemberOrganization } from './liveness.ts';
import { checkOrganizationMembers, indexOrganizations } from './organizations.ts';

const codes = loadCodeLists();
const ctx: RuleContext = {
  codes,
  adminUnits: createAdminUnitIndex(codes),
  referenceDate: { year: 2025, month: 12, day: 10 },
};

const ROOT = organizationRow('T1', 'DBT', '');
const standardize = (rows: OrganizationRaw[]) => rows.map((r) => standardizeOrganization(r, ctx));
const treeRules = (rows: OrganizationRaw[]) =>
  checkOrganizations(standardize(rows), ctx).map((f) => `${f.legacyId}:${f.rule}`);

describe('organization rules', () => {
  it('report nothing on a clean tree', () => {
    expect(
      treeRules([ROOT, organizationRow('X1', 'DBX', 'T1'), organizationRow('C1', 'CBTT', 'X1')]),
    ).toEqual([]);
  });

  it('ORG_CODE_DUPLICATE once per repeated code', () => {
    const c = organizationRow('C1', 'CBCS', 'T1');
    expect(treeRules([ROOT, c, c])).toEqual(['C1:ORG_CODE_DUPLICATE']);
    expect(treeRules([ROOT, c])).toEqual([]);
  });

  it('ORG_PARENT_MISSING when the parent code is not in the package', () => {
    expect(treeRules([ROOT, organizationRow('C1', 'CBCS', 'T9')])).toEqual(['C1:ORG_PARENT_MISSING']);
  });

  it('ORG_HIERARCHY_CYCLE on every organization of the loop, not on the ones hanging below it', () => {
    const rules = treeRules([
      ROOT,
      organizationRow('C1', 'CBTT', 'C2'),
      organizationRow('C2', 'CBTT', 'C1'),
      organizationRow('C3', 'CBCS', 'T1'),
    ]);
    expect(rules.filter((r) => r.endsWith('CYCLE'))).toEqual([
      'C1:ORG_HIERARCHY_CYCLE',
      'C2:ORG_HIERARCHY_CYCLE',
    ]);
  });

  it('ORG_TYPE_INVALID for an unknown type, and the type is kept as found', () => {
    expect(treeRules([ROOT, organizationRow('C1', 'CB-TT', 'T1')])).toEqual(['C1:ORG_TYPE_INVALID']);
    expect(standardize([organizationRow('C1', 'CB-TT', 'T1')])[0]!.values.type).toBe('CB-TT');
    expect(treeRules([ROOT, organizationRow('C1', 'Chi bộ cơ sở', 'T1')])).toEqual([]);
  });

  it('ORG_TYPE_PARENT_MISMATCH for a chi bộ trực thuộc under the province, not for a DBX under an active DBH', () => {
    expect(treeRules([ROOT, organizationRow('C1', 'CBTT', 'T1')])).toEqual(['C1:ORG_TYPE_PARENT_MISMATCH']);
    const dbh = organizationRow('H1', 'DBH', 'T1', { MA_DVHC: '024' });
    const rules = treeRules([ROOT, dbh, organizationRow('X1', 'DBX', 'H1')]);
    expect(rules).not.toContain('X1:ORG_TYPE_PARENT_MISMATCH');
    expect(rules).toContain('H1:ORG_OBSOLETE_LEVEL');
  });

  it('ORG_OBSOLETE_LEVEL only for an active DBH', () => {
    const dissolved = organizationRow('H1', 'DBH', 'T1', { MA_DVHC: '024', TRANG_THAI: 'Giải thể' });
    expect(treeRules([ROOT, dissolved])).not.toContain('H1:ORG_OBSOLETE_LEVEL');
  });

  it('ORG_ADMIN_UNIT_OBSOLETE fixes a pre-2025 commune code, and leaves a current one alone', () => {
    const old = standardize([ROOT, organizationRow('C1', 'CBCS', 'T1', { MA_DVHC: '00742' })]);
    expect(checkOrganizations(old, ctx)).toEqual([
      expect.objectContaining({ rule: 'ORG_ADMIN_UNIT_OBSOLETE', severity: 'fix', suggested: '00721' }),
    ]);
    expect(old[1]!.values).toMatchObject({ provinceCode: '08', communeCode: '00721' });
    expect(treeRules([ROOT, organizationRow('C1', 'CBCS', 'T1', { MA_DVHC: '00721' })])).toEqual([]);
  });

  it('ORG_NAME_NONSTANDARD for spacing or abbreviations; TEXT_LEGACY_ENCODING for legacy fonts', () => {
    expect(treeRules([ROOT, organizationRow('C1', 'CBCS', 'T1', { TEN_TO_CHUC: 'CB  Thôn 1' })])).toEqual([
      'C1:ORG_NAME_NONSTANDARD',
    ]);
    expect(
      treeRules([ROOT, organizationRow('C1', 'CBCS', 'T1', { TEN_TO_CHUC: 'Chi boä Phoøng Keá hoaïch' })]),
    ).toEqual(['C1:TEXT_LEGACY_ENCODING']);
  });

  describe('with members', () => {
    const orgs = standardize([
      ROOT,
      organizationRow('X1', 'DBX', 'T1'),
      organizationRow('C1', 'CBTT', 'X1'),
      organizationRow('C2', 'CBTT', 'X1'),
      organizationRow('C3', 'CBTT', 'X1', { TRANG_THAI: 'Giải thể' }),
      organizationRow('P1', 'DBBP', 'X1'),
    ]);
    const cross = new MemberCrossChecks();
    const add = (id: string, org: string, changes = {}) =>
      cross.add(standardizeMember(memberRow({ MA_DANG_VIEN: id, MA_TO_CHUC: org, ...changes }), ctx));
    for (const id of ['M1', 'M2', 'M3']) add(id, 'C1');
    add('M4', 'C2');
    add('M5', 'C2', { NGAY_MAT: '2024-01-01' }); // deceased: not an official member
    add('M6', 'C3');
    const rules = checkOrganizationMembers(orgs, cross.counts).map((f) => `${f.legacyId}:${f.rule}`);

    it('ORG_TOO_FEW_MEMBERS for a chi bộ with under 3 official members', () => {
      expect(rules).toContain('C2:ORG_TOO_FEW_MEMBERS');
      expect(rules).not.toContain('C1:ORG_TOO_FEW_MEMBERS');
    });
    it('ORG_EMPTY for an active organization without active members or children', () => {
      expect(rules).toContain('P1:ORG_EMPTY');
      expect(rules).not.toContain('X1:ORG_EMPTY');
      expect(rules).not.toContain('C1:ORG_EMPTY');
    });
    it('ORG_DISSOLVED_HAS_MEMBERS for a dissolved chi bộ with an active member', () => {
      expect(rules).toContain('C3:ORG_DISSOLVED_HAS_MEMBERS');
      expect(rules.filter((r) => r.endsWith('DISSOLVED_HAS_MEMBERS'))).toHaveLength(1);
    });

    const index = indexOrganizations(orgs);
    const memberRules = (org: string, changes = {}) =>
      checkMemberOrganization(standardizeMember(memberRow({ MA_TO_CHUC: org, ...changes }), ctx), index).map(
        (f) => f.rule,
      );
    it('MEMBER_ORG_MISSING when the organization code does not exist', () => {
      expect(memberRules('C9')).toEqual(['MEMBER_ORG_MISSING']);
      expect(memberRules('C1')).toEqual([]);
    });
    it('MEMBER_IN_DISSOLVED_ORG for an active member only', () => {
      expect(memberRules('C3')).toEqual(['MEMBER_IN_DISSOLVED_ORG']);
      expect(memberRules('C3', { TRANG_THAI: 'Đã chuyển đi' })).toEqual([]);
    });
    it('MEMBER_ORG_TYPE_INVALID for a province committee or a đảng bộ xã that has chi bộ', () => {
      expect(memberRules('T1')).toEqual(['MEMBER_ORG_TYPE_INVALID']);
      expect(memberRules('X1')).toEqual(['MEMBER_ORG_TYPE_INVALID']);
      expect(memberRules('P1')).toEqual([]);
    });
  });
});

describe('cross-record member rules', () => {
  it('CITIZEN_ID_DUPLICATE and PARTY_CARD_DUPLICATE on every holder of a shared value', () => {
    const cross = new MemberCrossChecks();
    const add = (id: string, changes = {}) =>
      cross.add(standardizeMember(memberRow({ MA_DANG_VIEN: id, ...changes }), ctx));
    add('M1');
    add('M2', { SO_CCCD: '002 172 537 233', SO_THE_DANG: '11111111' });
    add('M3', { SO_CCCD: '001172537233', SO_THE_DANG: '82373326' });
    add('M4', { SO_CCCD: '001172537234', SO_THE_DANG: '22222222' });
    expect(cross.memberFindings().map((f) => `${f.legacyId}:${f.rule}:${f.value}`)).toEqual([
      'M1:CITIZEN_ID_DUPLICATE:002172537233',
      'M2:CITIZEN_ID_DUPLICATE:002 172 537 233',
      'M1:PARTY_CARD_DUPLICATE:82373326',
      'M3:PARTY_CARD_DUPLICATE:82373326',
    ]);
  });
});
