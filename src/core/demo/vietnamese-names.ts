import { weighted, type Random, type WeightedTable } from './random.ts';

export type Gender = 'Nam' | 'Nữ';

/** Which naming tradition a person's name follows; chosen from the ethnicity. */
export type NameTradition = 'kinh' | 'northern-upland' | 'hmong' | 'khmer' | 'central-highlands';

export interface PersonName {
  family: string;
  middle: string;
  given: string;
  full: string;
}

// Family-name shares for the Kinh majority (approximate national frequencies: Nguyễn ≈ 38%).
const kinhFamily: [string, number][] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 3.2],
  ['Huỳnh', 1.6],
  ['Phan', 4.5],
  ['Vũ', 2.4],
  ['Võ', 1.6],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.9],
  ['Trịnh', 0.8],
  ['Đoàn', 0.7],
  ['Trương', 0.7],
  ['Lâm', 0.5],
  ['Mai', 0.5],
  ['Cao', 0.5],
  ['Lương', 0.4],
  ['Hà', 0.5],
  ['Đào', 0.5],
  ['Tạ', 0.3],
  ['Chu', 0.3],
  ['Lưu', 0.3],
  ['Tô', 0.2],
  ['Kiều', 0.2],
  ['Quách', 0.2],
  ['Vương', 0.2],
  ['Thái', 0.2],
  ['Triệu', 0.2],
  ['La', 0.1],
  ['Tăng', 0.1],
  ['Nịnh', 0.05],
];

// Tày, Nùng, Dao, Thái, Mường, Sán Chay… mostly use these, with Kinh-style middle and given names.
const northernUplandFamily: [string, number][] = [
  ['Hoàng', 12],
  ['Nông', 10],
  ['Lương', 6],
  ['Triệu', 6],
  ['Lục', 4],
  ['Lộc', 4],
  ['Ma', 4],
  ['Hà', 5],
  ['Đàm', 3],
  ['Bế', 3],
  ['Vi', 3],
  ['Lò', 5],
  ['Cầm', 3],
  ['Quàng', 2],
  ['Bàn', 5],
  ['Đinh', 4],
  ['Bùi', 3],
  ['La', 2],
  ['Chu', 2],
  ['Nguyễn', 8],
  ['Lý', 3],
  ['Mông', 1],
];

const hmongFamily: [string, number][] = [
  ['Giàng', 20],
  ['Vàng', 18],
  ['Sùng', 14],
  ['Thào', 14],
  ['Lầu', 8],
  ['Mùa', 8],
  ['Hạng', 6],
  ['Lý', 6],
  ['Mua', 4],
  ['Chảo', 2],
];
const hmongMiddleMale: [string, number][] = [
  ['A', 40],
  ['Mí', 20],
  ['Seo', 15],
  ['Văn', 25],
];
const hmongGivenMale = [
  'Páo',
  'Chá',
  'Sử',
  'Dơ',
  'Lử',
  'Tráng',
  'Chư',
  'Pó',
  'Sính',
  'Vần',
  'Thò',
  'Say',
  'Nủ',
  'Dình',
];
const hmongGivenFemale = ['Mai', 'Dế', 'Pà', 'Máy', 'Sú', 'Chở', 'Mỷ', 'Xúa', 'Dợ', 'Lan', 'Hoa', 'Sua'];

const khmerFamily: [string, number][] = [
  ['Thạch', 30],
  ['Danh', 20],
  ['Sơn', 15],
  ['Kim', 12],
  ['Lâm', 8],
  ['Trần', 5],
  ['Lý', 5],
  ['Chau', 5],
];
const khmerGiven = [
  'Sô Phanh',
  'Sa Ri',
  'Út',
  'Sóc',
  'Phol',
  'Thươl',
  'Sa Rươne',
  'Ni',
  'Đa Ra',
  'Ry',
  'Sang',
  'Khơl',
];

// Ê-đê, Gia-rai, Mnông…: "Y"/"H" before the personal name, the clan name last ("Y Bhin Niê").
const highlandClans = [
  'Niê',
  'Êban',
  'Mlô',
  'Byă',
  'Ksơr',
  'Rơ Châm',
  'Siu',
  'Rơ Mah',
  'Kpă',
  'Buôn Yă',
  'Adrơng',
];
const highlandGivenMale = ['Bhin', 'Ngông', 'Thanh', 'Jut', 'Krông', 'Blô', 'Duyên', 'Sơn', 'Nhí', 'Wem'];
const highlandGivenFemale = ['Hen', 'Nhi', 'Ngơn', 'Blin', 'Jam', 'Lan', 'Duôn', 'Mai', 'Bia', 'Yơn'];

const middleMale: [string, number][] = [
  ['Văn', 30],
  ['Đức', 8],
  ['Minh', 8],
  ['Quang', 6],
  ['Hữu', 6],
  ['Công', 5],
  ['Thanh', 4],
  ['Xuân', 4],
  ['Ngọc', 3],
  ['Tiến', 3],
  ['Mạnh', 2],
  ['Quốc', 4],
  ['Trọng', 3],
  ['Đình', 4],
  ['Duy', 3],
  ['Anh', 2],
  ['Hoàng', 2],
  ['Huy', 2],
  ['Việt', 2],
  ['Bá', 2],
  ['Trung', 2],
  ['Khắc', 1],
  ['Thế', 2],
  ['Kim', 1],
];
const middleFemale: [string, number][] = [
  ['Thị', 45],
  ['Thu', 6],
  ['Ngọc', 6],
  ['Thanh', 5],
  ['Minh', 4],
  ['Phương', 4],
  ['Thùy', 4],
  ['Hồng', 4],
  ['Kim', 3],
  ['Bích', 3],
  ['Mai', 2],
  ['Lan', 2],
  ['Hải', 2],
  ['Diệu', 2],
  ['Khánh', 2],
  ['Quỳnh', 2],
  ['Thúy', 2],
  ['Hoài', 2],
  ['Mỹ', 2],
  ['Tuyết', 1],
];
const givenMale: [string, number][] = [
  ['Hùng', 5],
  ['Dũng', 5],
  ['Tuấn', 5],
  ['Minh', 4],
  ['Nam', 4],
  ['Hải', 4],
  ['Long', 3],
  ['Sơn', 4],
  ['Thắng', 3],
  ['Cường', 3],
  ['Quang', 3],
  ['Trung', 3],
  ['Hiếu', 3],
  ['Đức', 3],
  ['Phong', 2],
  ['Thành', 3],
  ['Tùng', 2],
  ['Hưng', 2],
  ['Bình', 3],
  ['Huy', 3],
  ['Khoa', 1],
  ['Toàn', 2],
  ['Tâm', 2],
  ['Hòa', 2],
  ['Lâm', 1],
  ['Vinh', 2],
  ['Thịnh', 1],
  ['Quân', 2],
  ['Đạt', 2],
  ['Hoàng', 2],
  ['Kiên', 1],
  ['Tú', 1],
  ['Việt', 2],
  ['Nghĩa', 2],
  ['Tiến', 2],
  ['Hậu', 1],
  ['Lợi', 1],
  ['Chiến', 2],
  ['Định', 1],
  ['Thọ', 1],
  ['An', 2],
  ['Khánh', 2],
  ['Phúc', 1],
  ['Lộc', 1],
  ['Tài', 1],
  ['Bảo', 1],
  ['Hiệp', 1],
  ['Thuận', 1],
  ['Trường', 1],
  ['Tín', 1],
  ['Giang', 1],
  ['Dương', 1],
  ['Thủy', 1],
  ['Quý', 1],
  ['Vượng', 1],
];
const givenFemale: [string, number][] = [
  ['Hương', 5],
  ['Lan', 4],
  ['Mai', 4],
  ['Hoa', 3],
  ['Hạnh', 3],
  ['Hằng', 4],
  ['Linh', 4],
  ['Trang', 4],
  ['Thảo', 4],
  ['Ngọc', 2],
  ['Hà', 3],
  ['Nga', 3],
  ['Huyền', 3],
  ['Thủy', 3],
  ['Yến', 3],
  ['Dung', 3],
  ['Phương', 3],
  ['Thúy', 2],
  ['Vân', 2],
  ['Anh', 3],
  ['Loan', 2],
  ['Liên', 2],
  ['Nhung', 2],
  ['Oanh', 1],
  ['Quyên', 1],
  ['Tuyết', 1],
  ['Hiền', 3],
  ['Hồng', 2],
  ['Lệ', 1],
  ['Nhàn', 1],
  ['Uyên', 1],
  ['Chi', 1],
  ['Giang', 2],
  ['Nhi', 1],
  ['Trinh', 1],
  ['Hòa', 1],
  ['Ánh', 1],
  ['Duyên', 1],
  ['Lý', 1],
  ['Thanh', 2],
  ['Xuân', 1],
  ['Ý', 1],
  ['Thơ', 1],
];
// A second middle name ("Nguyễn Thị Thanh Dung", "Trịnh Văn Xuân Chiến") comes from the given-name pool.
const secondMiddleMale = ['Xuân', 'Quang', 'Minh', 'Thanh', 'Hoàng', 'Anh', 'Việt', 'Hữu'];
const secondMiddleFemale = ['Thanh', 'Thu', 'Ngọc', 'Minh', 'Phương', 'Hồng', 'Kim', 'Thúy'];

const tables = {
  kinhFamily: weighted(kinhFamily),
  northernUplandFamily: weighted(northernUplandFamily),
  hmongFamily: weighted(hmongFamily),
  khmerFamily: weighted(khmerFamily),
  hmongMiddleMale: weighted(hmongMiddleMale),
  middleMale: weighted(middleMale),
  middleFemale: weighted(middleFemale),
  givenMale: weighted(givenMale),
  givenFemale: weighted(givenFemale),
};

export const familyNameShares: WeightedTable<string> = tables.kinhFamily;

const upland = new Set([
  'Tày',
  'Nùng',
  'Dao',
  'Thái',
  'Mường',
  'Sán Chay',
  'Sán Dìu',
  'Giáy',
  'Khơ-mú',
  'Lào',
  'Lự',
  'Phù Lá',
  'Hà Nhì',
  'La Chí',
  'Lô Lô',
  'Pà Thẻn',
  'Cống',
  'Bố Y',
  'Si La',
  'Pu Péo',
  'Xinh-mun',
  'Kháng',
  'Mảng',
  'La Ha',
  'La Hủ',
  'Thổ',
  'Ngái',
]);
const highlands = new Set([
  'Ê-đê',
  'Gia-rai',
  'Ba na',
  'Mnông',
  'Xơ-Đăng',
  'Cơ-ho',
  'Hrê',
  'Ra-glai',
  'Xtiêng',
  'Mạ',
]);

export function nameTraditionOf(ethnicity: string): NameTradition {
  if (ethnicity === 'HMông') return 'hmong';
  if (ethnicity === 'Khơ-me') return 'khmer';
  if (highlands.has(ethnicity)) return 'central-highlands';
  if (upland.has(ethnicity)) return 'northern-upland';
  return 'kinh';
}

function kinhStyle(rng: Random, gender: Gender, family: string): PersonName {
  const male = gender === 'Nam';
  let middle = rng.pickWeighted(male ? tables.middleMale : tables.middleFemale);
  if (rng.chance(0.15)) {
    const second = rng.pick(male ? secondMiddleMale : secondMiddleFemale);
    if (second !== middle) middle += ' ' + second;
  }
  let given = rng.pickWeighted(male ? tables.givenMale : tables.givenFemale);
  // Avoid "Nguyễn Văn Minh Minh".
  if (middle.endsWith(given)) given = rng.pickWeighted(male ? tables.givenMale : tables.givenFemale);
  return { family, middle, given, full: `${family} ${middle} ${given}` };
}

export function generateName(rng: Random, gender: Gender, tradition: NameTradition = 'kinh'): PersonName {
  const male = gender === 'Nam';
  switch (tradition) {
    case 'kinh':
      return kinhStyle(rng, gender, rng.pickWeighted(tables.kinhFamily));
    case 'northern-upland':
      return kinhStyle(rng, gender, rng.pickWeighted(tables.northernUplandFamily));
    case 'hmong': {
      const family = rng.pickWeighted(tables.hmongFamily);
      const middle = male ? rng.pickWeighted(tables.hmongMiddleMale) : 'Thị';
      const given = rng.pick(male ? hmongGivenMale : hmongGivenFemale);
      return { family, middle, given, full: `${family} ${middle} ${given}` };
    }
    case 'khmer': {
      const family = rng.pickWeighted(tables.khmerFamily);
      const middle = male ? '' : rng.chance(0.5) ? 'Thị' : '';
      const given = rng.chance(0.5)
        ? rng.pick(khmerGiven)
        : rng.pickWeighted(male ? tables.givenMale : tables.givenFemale);
      return { family, middle, given, full: [family, middle, given].filter(Boolean).join(' ') };
    }
    case 'central-highlands': {
      const family = rng.pick(highlandClans);
      const middle = male ? 'Y' : 'H';
      const given = rng.pick(male ? highlandGivenMale : highlandGivenFemale);
      return { family, middle, given, full: `${middle} ${given} ${family}` };
    }
    default: {
      const unreachable: never = tradition;
      throw new Error(`unknown name tradition ${String(unreachable)}`);
    }
  }
}

/**
 * The old tone-mark placement ("Hoà", "Thuý", "Thuỷ") that many records still use; both styles are correct
 * Vietnamese, so a cleaner must treat them as equal.
 */
export function toOldToneStyle(text: string): string {
  const moveTone: Record<string, string> = {
    òa: 'oà',
    óa: 'oá',
    ỏa: 'oả',
    õa: 'oã',
    ọa: 'oạ',
    òe: 'oè',
    óe: 'oé',
    ỏe: 'oẻ',
    õe: 'oẽ',
    ọe: 'oẹ',
    ùy: 'uỳ',
    úy: 'uý',
    ủy: 'uỷ',
    ũy: 'uỹ',
    ụy: 'uỵ',
  };
  return text
    .normalize('NFC')
    .replace(/([òóỏõọ][ae]|[ùúủũụ]y)(?![\p{L}])/gu, (pair) => moveTone[pair] ?? pair);
}
