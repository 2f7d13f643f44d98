import { describe, expect, it } from 'vitest';
import { reconcileMember, type MemberForReconciliation, type RegisterRecord } from './reconcile-member.ts';

const record: RegisterRecord = {
  citizenId: '019072160200',
  fullName: 'TRẦN MINH HẬU',
  birthDate: { year: 1972, month: 3, day: 27 },
  gender: 'Nam',
};
const member = (overrides: Partial<MemberForReconciliation> = {}): MemberForReconciliation => ({
  citizenId: '019072160200',
  fullName: 'Trần Minh Hậu',
  birthDate: { year: 1972, month: 3, day: 27 },
  gender: 'Nam',
  ...overrides,
});
const rules = (found: ReturnType<typeof reconcileMember>): string[] => found.map((f) => f.rule);

describe('reconcileMember', () => {
  it('finds nothing when the register agrees (case and tone style aside)', () => {
    expect(reconcileMember(member(), record)).toEqual([]);
    expect(
      reconcileMember(member({ fullName: 'Nguyễn Thị Hoà' }), { ...record, fullName: 'Nguyễn Thị Hòa' }),
    ).toEqual([]);
  });

  it('reports an id the register does not hold', () => {
    expect(reconcileMember(member(), undefined)).toEqual([
      { rule: 'RECON_NOT_FOUND', field: 'SO_CCCD', value: '019072160200', suggested: null },
    ]);
  });

  it.each([
    ['a 9-digit CMND', '035178809'],
    ['an 11-digit id', '06820338752'],
    ['no id', null],
  ])('does not reconcile %s', (_label, citizenId) => {
    expect(reconcileMember(member({ citizenId }), undefined)).toEqual([]);
  });

  it('reports each differing field with the register value as the suggestion', () => {
    const found = reconcileMember(
      member({ fullName: 'Nguyễn Thị Thoa', birthDate: { year: 1962, month: 4, day: 11 }, gender: 'Nữ' }),
      record,
    );
    expect(found).toEqual([
      { rule: 'RECON_NAME_MISMATCH', field: 'HO_TEN', value: 'Nguyễn Thị Thoa', suggested: 'Trần Minh Hậu' },
      { rule: 'RECON_BIRTH_DATE_MISMATCH', field: 'NGAY_SINH', value: '1962-04-11', suggested: '1972-03-27' },
      { rule: 'RECON_GENDER_MISMATCH', field: 'GIOI_TINH', value: 'Nữ', suggested: 'Nam' },
    ]);
  });

  it.each([
    ['a suffix', 'Trần Minh Hậu 2'],
    ['a note', 'Trần Minh Hậu (mới)'],
    ['another middle name', 'Trần Văn Hậu'],
  ])('reports a name with %s', (_label, fullName) => {
    expect(rules(reconcileMember(member({ fullName }), record))).toEqual(['RECON_NAME_MISMATCH']);
  });

  it('treats a name that differs only in diacritics as optional (off by default)', () => {
    const typed = member({ fullName: 'Tran Minh Hau' });
    expect(reconcileMember(typed, record)).toEqual([]);
    expect(rules(reconcileMember(typed, record, { reportDiacriticsOnlyNames: true }))).toEqual([
      'RECON_NAME_MISMATCH',
    ]);
  });

  it('treats a partial birth date that agrees at its precision as optional (off by default)', () => {
    expect(reconcileMember(member({ birthDate: { year: 1972, month: 3 } }), record)).toEqual([]);
    expect(reconcileMember(member({ birthDate: { year: 1972 } }), record)).toEqual([]);
    expect(
      rules(
        reconcileMember(member({ birthDate: { year: 1972 } }), record, { reportImpreciseBirthDates: true }),
      ),
    ).toEqual(['RECON_BIRTH_DATE_MISMATCH']);
    expect(rules(reconcileMember(member({ birthDate: { year: 1972, month: 5 } }), record))).toEqual([
      'RECON_BIRTH_DATE_MISMATCH',
    ]);
  });

  it('leaves fields the member lacks to their own rules', () => {
    expect(reconcileMember(member({ fullName: '', birthDate: null, gender: null }), record)).toEqual([]);
  });
});
