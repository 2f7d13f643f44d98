import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyMemberChanges, changedFields, isIsoPartialDate, type MemberFields } from './member.ts';

const base: MemberFields = {
  fullName: 'Nguyễn Văn Hải',
  otherName: null,
  gender: 'Nam',
  birthDate: '1975-04-30',
  birthPlace: null,
  hometown: null,
  hometownProvinceCode: null,
  hometownCommuneCode: null,
  residence: null,
  residenceProvinceCode: null,
  residenceCommuneCode: null,
  ethnicityCode: '01',
  religion: 'Không',
  citizenId: '001075012345',
  phone: null,
  email: null,
  admissionDate: '2000-05-19',
  officialDate: '2001-05-19',
  partyCardNo: '12345678',
  generalEducation: '12/12',
  professionalQualification: null,
  politicalTheory: null,
  occupation: null,
  status: 'CHINH_THUC',
  deathDate: null,
};

describe('isIsoPartialDate', () => {
  it.each(['1975', '1975-04', '1975-04-30', '2000-02-29'])('accepts %s', (v) =>
    expect(isIsoPartialDate(v)).toBe(true),
  );
  it.each(['1975-02-31', '1975-13', '75', '1975-4-3', '2001-02-29', '30/04/1975', ''])('refuses %j', (v) =>
    expect(isIsoPartialDate(v)).toBe(false),
  );
  it('accepts every real calendar day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (d) => isIsoPartialDate(d.toISOString().slice(0, 10)),
      ),
    );
  });
});

describe('applyMemberChanges', () => {
  it('changes only the given fields and reports them', () => {
    const after = applyMemberChanges(base, { phone: '0912345678', religion: null });
    expect(after.phone).toBe('0912345678');
    expect(after.religion).toBeNull();
    expect(changedFields(base, after)).toEqual(['religion', 'phone']);
  });

  it('never empties the full name', () => {
    expect(applyMemberChanges(base, { fullName: '  ' }).fullName).toBe('Nguyễn Văn Hải');
  });
});
