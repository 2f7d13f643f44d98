import { describe, expect, it } from 'vitest';
import { createAdminUnitIndex } from '../codes/admin-units.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { cleanLegacyName, createPersonConverter, toPersonForMatching } from './person-for-matching.ts';

const codes = loadCodeLists();
const adminIndex = createAdminUnitIndex(codes);

// Rows of samples/s101-canonical (DV00990811 / DV00990830, one person).
const row = {
  MA_DANG_VIEN: 'DV00990830',
  HO_TEN: 'Phaïm Vaên Huy',
  GIOI_TINH: '1',
  NGAY_SINH: '00/05/1945',
  QUE_QUAN: 'Thôn 12, Xã Lục Dạ, Huyện Con Cuông, Tỉnh Nghệ An',
  MA_DVHC_QUE_QUAN: '17260',
  THUONG_TRU: 'Thôn 6, Xã Đại Phúc, Tỉnh Thái Nguyên',
  MA_DVHC_THUONG_TRU: '05488',
  SO_CCCD: '040.045.714.084',
  SO_THE_DANG: '',
  MA_TO_CHUC: 'TC0005952',
  TRANG_THAI: 'chính thức',
};

describe('toPersonForMatching', () => {
  it('cleans a legacy row with the project normalizers', () => {
    expect(toPersonForMatching(row, codes, adminIndex)).toMatchObject({
      key: 'DV00990830',
      fullName: 'Phạm Văn Huy',
      birthDate: { year: 1945, month: 5 },
      gender: 'Nam',
      citizenId: '040045714084',
      partyCardNo: null,
      hometownProvinceCode: '40',
      residenceProvinceCode: '19',
      residenceCommuneCode: '05488',
      orgKey: 'TC0005952',
      status: 'CHINH_THUC',
    });
  });

  it('gives the same result through the caching converter', () => {
    const convert = createPersonConverter(codes, adminIndex);
    expect(convert(row)).toEqual(toPersonForMatching(row, codes));
    expect(convert(row)).toEqual(toPersonForMatching(row, codes));
  });

  it('keeps unusable values out (null), never guessing them', () => {
    const person = toPersonForMatching(
      { MA_DANG_VIEN: 'X', HO_TEN: '', SO_CCCD: '12345', NGAY_SINH: '31/02/1970' },
      codes,
    );
    expect(person).toMatchObject({
      fullName: '',
      citizenId: null,
      birthDate: null,
      hometownProvinceCode: null,
    });
  });
});

describe('cleanLegacyName', () => {
  it('decodes a short VNI name with the help of the row addresses in the same encoding', () => {
    // samples/s202-labels DV00286071: "Thò" is VNI for "Thị", and also a Vietnamese word.
    expect(cleanLegacyName('Phan Thò Nhung')).toBe('Phan Thò Nhung');
    expect(cleanLegacyName('Phan Thò Nhung', ['Xaõ Phuù Cöôøng, Huyeän Ñaïi Töø, Tænh Thaùi Nguyeân'])).toBe(
      'Phan Thị Nhung',
    );
  });

  it('keeps a name that decodes alone, whatever the addresses are written in', () => {
    expect(cleanLegacyName('Nguyeãn Thò YÙ', ['Ph­êng Phóc ThuËn, TØnh Th¸i Nguyªn'])).toBe('Nguyễn Thị Ý');
    expect(cleanLegacyName('Hà Tú', ['Xã Lục Dạ, Tỉnh Nghệ An'])).toBe('Hà Tú');
  });
});
