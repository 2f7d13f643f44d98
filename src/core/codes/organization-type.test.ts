import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { organizationTypes, parseOrganizationStatus, parseOrganizationType } from './organization-type.ts';

describe('parseOrganizationType', () => {
  // LOAI_TO_CHUC values of the samples and the truth's type column.
  it.each([
    ['CBTT', 'CBTT', true],
    ['DBX', 'DBX', true],
    ['cbcs', 'CBCS', false],
    ['Chi bộ trực thuộc', 'CBTT', false],
    ['Chi bộ cơ sở', 'CBCS', false],
    ['Đảng bộ xã', 'DBX', false],
    ['Đảng bộ phường', 'DBX', false],
    ['Đảng bộ huyện', 'DBH', false],
    ['Đảng bộ tỉnh', 'DBT', false],
    ['Đảng bộ cơ sở', 'DBCS', false],
    ['Đảng bộ bộ phận', 'DBBP', false],
    ['Đảng ủy trực thuộc Trung ương', 'DUTW', false],
    ['ĐẢNG BỘ XÃ', 'DBX', false],
  ])('reads %j as %j', (raw, value, exact) => {
    expect(parseOrganizationType(raw)).toEqual({ ok: true, value, exact });
  });

  // ORG_TYPE_INVALID findings of the samples; "Đảng bộ thành phố" may be DBT or DBH.
  it.each(['Tổ đảng', '99', 'CB-TT', 'Đảng bộ thành phố'])('does not guess %j', (raw) => {
    expect(parseOrganizationType(raw)).toEqual({ ok: false, reason: 'unrecognized' });
  });

  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...organizationTypes)), (s) => {
        const once = parseOrganizationType(s);
        if (once.ok)
          expect(parseOrganizationType(once.value)).toEqual({ ok: true, value: once.value, exact: true });
      }),
    );
  });
});

describe('parseOrganizationStatus', () => {
  it.each([
    ['Hoạt động', 'HOAT_DONG'],
    ['Giải thể', 'GIAI_THE'],
    ['Sáp nhập', 'SAP_NHAP'],
    ['hoat dong', 'HOAT_DONG'],
    ['ĐÃ GIẢI THỂ', 'GIAI_THE'],
    ['SAP_NHAP', 'SAP_NHAP'],
  ])('reads %j as %s', (raw, value) => {
    expect(parseOrganizationStatus(raw)).toMatchObject({ ok: true, value });
  });

  it('does not guess other words', () => {
    expect(parseOrganizationStatus('Tạm ngưng')).toEqual({ ok: false, reason: 'unrecognized' });
  });

  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = parseOrganizationStatus(s);
        if (once.ok)
          expect(parseOrganizationStatus(once.value)).toEqual({ ok: true, value: once.value, exact: true });
      }),
    );
  });
});
