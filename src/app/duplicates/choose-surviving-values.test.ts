import { describe, expect, it } from 'vitest';
import type { MemberFields } from '../../core/members/member.ts';
import {
  chooseSurvivor,
  planSurvivorship,
  survivorChanges,
  type MergeCandidate,
} from './choose-surviving-values.ts';

const EMPTY: MemberFields = {
  fullName: 'Trần Minh Hậu',
  otherName: null,
  gender: 'Nam',
  birthDate: '1972-03-27',
  birthPlace: null,
  hometown: null,
  hometownProvinceCode: null,
  hometownCommuneCode: null,
  residence: null,
  residenceProvinceCode: null,
  residenceCommuneCode: null,
  ethnicityCode: '01',
  religion: null,
  citizenId: null,
  phone: null,
  email: null,
  admissionDate: null,
  officialDate: null,
  partyCardNo: null,
  generalEducation: null,
  professionalQualification: null,
  politicalTheory: null,
  occupation: null,
  status: 'CHINH_THUC',
  deathDate: null,
};
const record = (
  id: number,
  fields: Partial<MemberFields>,
  updatedAt = '2025-01-01T00:00:00Z',
): MergeCandidate => ({
  ...EMPTY,
  ...fields,
  id,
  updatedAt,
});

describe('survivorship of a merge', () => {
  it('keeps the record still in the ranks over a transferred one, even if less complete', () => {
    const old = record(1, { status: 'CHUYEN_DI', phone: '0912345678', email: 'a@b.vn' });
    const current = record(2, { status: 'CHINH_THUC' });
    expect(chooseSurvivor(old, current)).toBe('b');
  });

  it('then keeps the more complete record, then the more recent, then the older id', () => {
    expect(chooseSurvivor(record(1, { phone: '0912345678' }), record(2, {}))).toBe('a');
    expect(chooseSurvivor(record(1, {}, '2024-01-01T00:00:00Z'), record(2, {}, '2025-06-01T00:00:00Z'))).toBe(
      'b',
    );
    expect(chooseSurvivor(record(1, {}), record(2, {}))).toBe('a');
  });

  it('takes the filled value, the more precise date, else the more recent record’s value', () => {
    const a = record(1, { phone: null, birthDate: '1972', occupation: 'Nông dân' }, '2024-01-01T00:00:00Z');
    const b = record(
      2,
      { phone: '0912345678', birthDate: '1972-03-27', occupation: 'Giáo viên' },
      '2025-01-01T00:00:00Z',
    );
    const plan = planSurvivorship(a, b, { survivor: 'a' });
    const choice = (field: keyof MemberFields) => plan.fields.find((f) => f.field === field)!.choice;
    expect(choice('phone')).toBe('b');
    expect(choice('birthDate')).toBe('b');
    expect(choice('occupation')).toBe('b');
    expect(choice('fullName')).toBe('a');
    expect(survivorChanges(plan)).toEqual({
      phone: '0912345678',
      birthDate: '1972-03-27',
      occupation: 'Giáo viên',
    });
  });

  it('lets the person pick any side for any field', () => {
    const a = record(1, { occupation: 'Nông dân' });
    const b = record(2, { occupation: 'Giáo viên' }, '2026-01-01T00:00:00Z');
    const plan = planSurvivorship(a, b, { survivor: 'a', fields: { occupation: 'a' } });
    expect(survivorChanges(plan)).toEqual({});
  });
});
