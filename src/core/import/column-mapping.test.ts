import { describe, expect, it } from 'vitest';
import {
  CANONICAL_COLUMNS,
  applyColumnMappingOverrides,
  assertMappingUsable,
  headerKey,
  inferFileKind,
  proposeColumnMapping,
  recognizeFileKind,
  synonymsOf,
} from './column-mapping.ts';
import { PackageReadError } from './package-read-error.ts';

const S202_MEMBER_HEADERS =
  'Mã ĐV;Giới tính;Nơi thường trú;Ngày sinh;Họ tên khai sinh;Quê quán;Bí danh;Thư điện tử;Dân tộc;Tình trạng;Số thẻ;Trình độ chuyên môn;Ngày từ trần;LLCT;Ngày kết nạp;Ghi chú;Mã ĐVHC quê quán;Mã ĐVHC thường trú;Nghề nghiệp;Tôn giáo;Giáo dục phổ thông;Ngày cập nhật;SĐT;Ngày chính thức;Nơi sinh;Mã chi bộ;Số CCCD'.split(
    ';',
  );

describe('proposeColumnMapping', () => {
  it.each(['Mã ĐV', 'MA_DV', 'ma dv', 'MÃ  Đ.V.', 'Mã đảng viên', 'MA_DANG_VIEN', 'ID'])(
    'maps the member id header %j',
    (header) => {
      const mapping = proposeColumnMapping('members', [header]);
      expect(mapping.columns[0]).toMatchObject({ canonical: 'MA_DANG_VIEN', matchedBy: 'synonym' });
    },
  );

  it('maps every canonical name and synonym of the spec to its column, for both kinds', () => {
    for (const kind of ['organizations', 'members'] as const) {
      for (const canonical of CANONICAL_COLUMNS[kind]) {
        for (const label of synonymsOf(kind, canonical)) {
          expect(proposeColumnMapping(kind, [label]).columns[0]!.canonical, `${kind} ${label}`).toBe(
            canonical,
          );
        }
      }
    }
  });

  it('maps the shuffled label headers of sample s202, keeps "Ghi chú" as unknown', () => {
    const mapping = proposeColumnMapping('members', S202_MEMBER_HEADERS);
    expect(mapping.missingRequired).toEqual([]);
    expect(mapping.duplicates).toEqual([]);
    expect(mapping.unknownHeaders).toEqual(['Ghi chú']);
    const mapped = mapping.columns.map((c) => c.canonical).filter(Boolean);
    expect(new Set(mapped).size).toBe(26);
    expect(mapped).toHaveLength(26);
    expect(mapping.columns[16]).toMatchObject({ header: 'Mã ĐVHC quê quán', canonical: 'MA_DVHC_QUE_QUAN' });
  });

  it('lists missing required columns', () => {
    expect(proposeColumnMapping('members', ['Họ tên', 'Ngày sinh']).missingRequired).toEqual([
      'MA_DANG_VIEN',
      'MA_TO_CHUC',
    ]);
    expect(proposeColumnMapping('organizations', ['MA_TC', 'Tên TCĐ']).missingRequired).toEqual([
      'MA_TO_CHUC_CHA',
    ]);
  });

  it('reports two headers that mean the same column instead of choosing one', () => {
    const mapping = proposeColumnMapping('members', [
      'Mã ĐV',
      'Họ tên',
      'Mã chi bộ',
      'Nơi thường trú',
      'Nơi ở hiện nay',
    ]);
    expect(mapping.duplicates).toEqual([
      {
        canonical: 'THUONG_TRU',
        columns: [
          { index: 3, header: 'Nơi thường trú' },
          { index: 4, header: 'Nơi ở hiện nay' },
        ],
      },
    ]);
    expect(() => assertMappingUsable(mapping, 'dang_vien.csv')).toThrowError(
      expect.objectContaining({ code: 'DUPLICATE_COLUMNS' }),
    );
  });

  it('reports an ambiguous header with its candidates and does not map it', () => {
    const mapping = proposeColumnMapping('members', ['Mã ĐV', 'Mã ĐVHC', 'Ngày sinh (dd/mm/yyyy)']);
    expect(mapping.columns[1]!.canonical).toBeNull();
    expect(mapping.ambiguous).toEqual([
      { index: 1, header: 'Mã ĐVHC', candidates: ['MA_DVHC_QUE_QUAN', 'MA_DVHC_THUONG_TRU'] },
      { index: 2, header: 'Ngày sinh (dd/mm/yyyy)', candidates: ['NGAY_SINH'] },
    ]);
    expect(mapping.unknownHeaders).toEqual(['Mã ĐVHC', 'Ngày sinh (dd/mm/yyyy)']);
  });

  it('keys ignore case, diacritics, spacing and punctuation', () => {
    expect(headerKey(' Số CCCD / CMND ')).toBe('socccdcmnd');
    expect(headerKey('SO_CCCD_CMND')).toBe('socccdcmnd');
  });
});

describe('applyColumnMappingOverrides', () => {
  it('lets the user resolve an ambiguous header and a duplicate', () => {
    const proposed = proposeColumnMapping('members', [
      'Mã ĐV',
      'Họ tên',
      'Chi bộ',
      'Mã ĐVHC',
      'Thường trú',
      'Nơi ở hiện nay',
    ]);
    const edited = applyColumnMappingOverrides(proposed, [
      { index: 3, canonical: 'MA_DVHC_THUONG_TRU' },
      { index: 5, canonical: null },
    ]);
    expect(edited.columns[3]).toMatchObject({ canonical: 'MA_DVHC_THUONG_TRU', matchedBy: 'user' });
    expect(edited.duplicates).toEqual([]);
    expect(edited.unknownHeaders).toEqual(['Nơi ở hiện nay']);
    expect(() => assertMappingUsable(edited, 'dang_vien.csv')).not.toThrow();
    expect(proposed.columns[3]!.canonical).toBeNull(); // the proposal is not mutated
  });

  it('reports, rather than resolves, a conflict the user creates', () => {
    const proposed = proposeColumnMapping('members', ['Mã ĐV', 'Họ tên', 'Chi bộ', 'Tên']);
    const edited = applyColumnMappingOverrides(proposed, [{ index: 3, canonical: 'HO_TEN' }]);
    expect(edited.duplicates.map((d) => d.canonical)).toEqual(['HO_TEN']);
  });

  it('refuses a column that does not exist for the kind', () => {
    const proposed = proposeColumnMapping('organizations', ['MA_TO_CHUC']);
    expect(() => applyColumnMappingOverrides(proposed, [{ index: 0, canonical: 'HO_TEN' }])).toThrow(
      PackageReadError,
    );
    expect(() => applyColumnMappingOverrides(proposed, [{ index: 7, canonical: null }])).toThrow(
      PackageReadError,
    );
  });
});

describe('file kinds', () => {
  it.each([
    ['to_chuc.csv', 'organizations'],
    ['TO_CHUC.CSV', 'organizations'],
    ['Tổ chức', 'organizations'],
    ['ToChuc', 'organizations'],
    ['dang_vien.csv', 'members'],
    ['Đảng viên', 'members'],
    ['DangVien', 'members'],
    ['Sheet1', null],
  ])('recognises %j as %j', (name, kind) => {
    expect(recognizeFileKind(name)).toBe(kind);
  });

  it('infers the kind of an unnamed file from its header when only one kind fits', () => {
    expect(inferFileKind(['MA_TO_CHUC', 'TEN_TO_CHUC', 'MA_TO_CHUC_CHA'])).toBe('organizations');
    expect(inferFileKind(['MA_DANG_VIEN', 'HO_TEN', 'MA_TO_CHUC'])).toBe('members');
    expect(inferFileKind(['A', 'B'])).toBeNull();
  });
});
