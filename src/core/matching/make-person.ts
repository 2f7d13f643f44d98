import type { PersonForMatching } from './person-for-matching.ts';

/** Test factory: a fresh, minimal person for matching tests; override what the test is about. */
export function makePerson(overrides: Partial<PersonForMatching> = {}): PersonForMatching {
  return {
    key: 'DV00000001',
    fullName: 'Trần Minh Hậu',
    birthDate: { year: 1972, month: 3, day: 27 },
    gender: 'Nam',
    citizenId: '019072160200',
    partyCardNo: '87327871',
    hometownProvinceCode: '19',
    hometownCommuneCode: '05692',
    residenceProvinceCode: '19',
    residenceCommuneCode: '05665',
    orgKey: 'TC0005960',
    status: 'CHINH_THUC',
    ...overrides,
  };
}
