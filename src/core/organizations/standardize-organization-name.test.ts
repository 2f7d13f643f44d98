import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { standardizeOrganizationName } from './standardize-organization-name.ts';

// TEN_TO_CHUC of samples/*/package/to_chuc.csv with name of truth/organizations.csv, all three samples.
const SAMPLES: Array<[string, string, boolean]> = [
  ['Đảng  bộ phường Phan Đình Phùng', 'Đảng bộ phường Phan Đình Phùng', true],
  ['CB Thôn 1', 'Chi bộ Thôn 1', true],
  ['chi bộ Phòng Kỹ thuật', 'Chi bộ Phòng Kỹ thuật', true],
  ['ĐB huyện Pác Nặm', 'Đảng bộ huyện Pác Nặm', true],
  ['CB Tổ dân phố 1', 'Chi bộ Tổ dân phố 1', true],
  ['đảng bộ xã Đại Phúc', 'Đảng bộ xã Đại Phúc', true],
  ['chi bộ Trường Tiểu học Phúc Lộc', 'Chi bộ Trường Tiểu học Phúc Lộc', true],
  ['Chi  bộ Khoa Nội ', 'Chi bộ Khoa Nội', true],
  ['CB Phòng Tài chính - Kế toán', 'Chi bộ Phòng Tài chính - Kế toán', true],
  ['ĐB  bộ phận Khối Dự án', 'Đảng bộ bộ phận Khối Dự án', true],
  // Encoding and NFC are TEXT_* fixes, not a non-standard name.
  ['Chi boä Thoân 1', 'Chi bộ Thôn 1', false],
  ['Chi boä Quaân söï', 'Chi bộ Quân sự', false],
  ['Ñaûng boä huyeän Ngaân Sôn', 'Đảng bộ huyện Ngân Sơn', false],
  ['Chi boä Baûn Paùc Boù', 'Chi bộ Bản Pác Bó', false],
  ['Chi bé Th«n 1', 'Chi bộ Thôn 1', false],
  ['Chi boä Phoøng Keá hoaïch', 'Chi bộ Phòng Kế hoạch', false],
  ['Chi bộ Thôn 1'.normalize('NFD'), 'Chi bộ Thôn 1', false],
  // Already standard, including odd but proper names that must be kept as found.
  ['Đảng bộ tỉnh Thái Nguyên', 'Đảng bộ tỉnh Thái Nguyên', false],
  ['Đảng bộ thành phố Thành Phố Bắc Kạn', 'Đảng bộ thành phố Thành Phố Bắc Kạn', false],
  ['Đảng bộ Bộ Chỉ huy Quân sự tỉnh', 'Đảng bộ Bộ Chỉ huy Quân sự tỉnh', false],
  ['Chi bộ Sở Văn hóa, Thể thao và Du lịch', 'Chi bộ Sở Văn hóa, Thể thao và Du lịch', false],
];

const GENERAL: Array<[string, string]> = [
  ['ĐBCS Bệnh viện Đa khoa', 'Đảng bộ cơ sở Bệnh viện Đa khoa'],
  ['ĐU xã Tân Lập', 'Đảng ủy xã Tân Lập'],
  ['Dang bo xa Tan Lap', 'Đảng bộ xa Tan Lap'],
  ['CHI BỘ THÔN 3', 'Chi bộ THÔN 3'],
  ['Đảng Bộ Xã Tân Lập', 'Đảng bộ xã Tân Lập'],
  ['Đảng uỷ Khối cơ quan', 'Đảng ủy Khối cơ quan'],
  ['Đảng bộ Thị trấn Chợ Mới', 'Đảng bộ thị trấn Chợ Mới'],
  ['Chi bộ Cb', 'Chi bộ Cb'],
  ['Cbộ Thôn 1', 'Cbộ Thôn 1'],
];

describe('standardizeOrganizationName', () => {
  it.each(SAMPLES)('writes %j as %j (changed: %s)', (raw, value, changed) => {
    expect(standardizeOrganizationName(raw)).toEqual({ value, changed });
  });

  it.each(GENERAL)('writes %j as %j', (raw, value) => {
    expect(standardizeOrganizationName(raw).value).toBe(value);
  });

  const names = fc
    .tuple(
      fc.constantFrom(
        'CB',
        'ĐB',
        'ĐBCS',
        'ĐU',
        'chi bộ',
        'Chi  Bộ',
        'ĐẢNG BỘ',
        'Dang bo',
        'Đảng ủy',
        'Đảng uỷ',
      ),
      fc.constantFrom('', ' xã', ' Phường', ' bộ phận', ' cơ sở', ' Thành phố'),
      fc.constantFrom(' Thôn 1', ' Tân Lập ', ' Trường THCS Lê Lợi', '  Khoa Nội', ''),
    )
    .map((parts) => parts.join(''));

  it('is idempotent and returns NFC', () => {
    fc.assert(
      fc.property(fc.oneof(names, fc.string({ unit: 'grapheme' })), (raw) => {
        const once = standardizeOrganizationName(raw);
        const twice = standardizeOrganizationName(once.value);
        return twice.value === once.value && !twice.changed && once.value === once.value.normalize('NFC');
      }),
    );
  });

  it('always starts a recognized name with a standard prefix', () => {
    fc.assert(
      fc.property(names, (raw) =>
        /^(Chi bộ|Đảng bộ|Đảng ủy)( |$)/.test(standardizeOrganizationName(raw).value),
      ),
    );
  });
});
