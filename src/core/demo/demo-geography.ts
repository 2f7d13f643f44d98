import type { CodeLists, Commune, DistrictPre2025, Province } from '../codes/code-lists.ts';
import { weighted, type WeightedTable } from './random.ts';

export type Region = 'north-upland' | 'north-delta' | 'central' | 'highlands' | 'south';

/** A pre-2025 commune with its post-2025 successor, as addresses and birth places use them. */
export interface OldCommuneRef {
  code: string;
  oldProvinceCode: string;
  newCommuneCode: string;
  newProvinceCode: string;
  /** "Xã Sĩ Bình, Huyện Bạch Thông, Tỉnh Bắc Kạn" */
  oldText: string;
  /** "Xã Phong Quang, Tỉnh Thái Nguyên" */
  newText: string;
  citizenIdPrefix: string;
}

export interface NewCommuneRef {
  commune: Commune;
  /** "Xã Thượng Quan, Tỉnh Thái Nguyên" */
  text: string;
  /** The pre-2025 communes merged into this one (at least one when the reference data has it). */
  oldCommunes: OldCommuneRef[];
}

export interface Geography {
  province: Province;
  region: Region;
  communes: NewCommuneRef[];
  /** Pre-2025 districts of the old provinces the target province was formed from. */
  districts: DistrictPre2025[];
  localOldCommunes: OldCommuneRef[];
  nationalOldCommunes: OldCommuneRef[];
  /** Every code of any admin unit, old or new, so an "unknown unit" can be made to be really unknown. */
  knownUnitCodes: Set<string>;
  /** 3-digit prefixes that are no province in the citizen-id list. */
  invalidCitizenIdPrefixes: string[];
  ethnicities: (newProvinceCode: string) => WeightedTable<string>;
}

const regionByProvince: Record<string, Region> = {};
for (const code of ['04', '08', '11', '12', '14', '15', '19', '20']) regionByProvince[code] = 'north-upland';
for (const code of ['01', '22', '24', '25', '31', '33', '37']) regionByProvince[code] = 'north-delta';
for (const code of ['38', '40', '42', '44', '46', '48', '51', '56']) regionByProvince[code] = 'central';
for (const code of ['52', '66', '68']) regionByProvince[code] = 'highlands';
for (const code of ['75', '79', '80', '82', '86', '91', '92', '96']) regionByProvince[code] = 'south';

/**
 * Approximate ethnic make-up of party members by post-2025 province (census shares, rounded), used for
 * members born there. Names must match the official list in reference/ethnicities.csv.
 */
const ethnicMix: Record<string, [string, number][]> = {
  '04': [
    ['Tày', 40],
    ['Nùng', 30],
    ['Kinh', 8],
    ['HMông', 10],
    ['Dao', 10],
    ['Sán Chay', 2],
  ],
  '08': [
    ['Kinh', 35],
    ['Tày', 25],
    ['HMông', 12],
    ['Dao', 12],
    ['Nùng', 5],
    ['Sán Chay', 6],
    ['Giáy', 2],
    ['Lô Lô', 1],
    ['Pà Thẻn', 1],
    ['Sán Dìu', 1],
  ],
  '11': [
    ['Thái', 38],
    ['HMông', 30],
    ['Kinh', 20],
    ['Khơ-mú', 4],
    ['Dao', 3],
    ['Hà Nhì', 2],
    ['Lào', 2],
    ['Cống', 1],
  ],
  '12': [
    ['Thái', 30],
    ['HMông', 25],
    ['Kinh', 15],
    ['Dao', 12],
    ['Hà Nhì', 8],
    ['Giáy', 5],
    ['Lự', 2],
    ['Mảng', 2],
    ['Cống', 1],
  ],
  '14': [
    ['Thái', 50],
    ['Kinh', 20],
    ['HMông', 15],
    ['Mường', 8],
    ['Dao', 3],
    ['Khơ-mú', 2],
    ['Xinh-mun', 2],
  ],
  '15': [
    ['Kinh', 45],
    ['Tày', 15],
    ['HMông', 12],
    ['Dao', 12],
    ['Giáy', 4],
    ['Nùng', 4],
    ['Thái', 4],
    ['Phù Lá', 2],
    ['Hà Nhì', 2],
  ],
  '19': [
    ['Kinh', 60],
    ['Tày', 22],
    ['Nùng', 6],
    ['Dao', 5],
    ['Sán Dìu', 3],
    ['Sán Chay', 2],
    ['HMông', 2],
  ],
  '20': [
    ['Nùng', 40],
    ['Tày', 35],
    ['Kinh', 17],
    ['Dao', 5],
    ['Sán Chay', 2],
    ['HMông', 1],
  ],
  '22': [
    ['Kinh', 88],
    ['Dao', 5],
    ['Tày', 3],
    ['Sán Dìu', 2],
    ['Sán Chay', 1],
    ['Hoa', 1],
  ],
  '25': [
    ['Kinh', 72],
    ['Mường', 22],
    ['Dao', 2],
    ['Tày', 2],
    ['Sán Dìu', 2],
  ],
  '38': [
    ['Kinh', 85],
    ['Mường', 9],
    ['Thái', 5],
    ['HMông', 1],
  ],
  '40': [
    ['Kinh', 86],
    ['Thái', 9],
    ['Khơ-mú', 2],
    ['HMông', 2],
    ['Ơ Đu', 1],
  ],
  '44': [
    ['Kinh', 93],
    ['Bru-Vân Kiều', 5],
    ['Tà-ôi', 2],
  ],
  '46': [
    ['Kinh', 96],
    ['Tà-ôi', 2],
    ['Cơ-tu', 2],
  ],
  '48': [
    ['Kinh', 93],
    ['Cơ-tu', 4],
    ['Xơ-Đăng', 2],
    ['Gié Triêng', 1],
  ],
  '51': [
    ['Kinh', 75],
    ['Xơ-Đăng', 10],
    ['Hrê', 8],
    ['Ba na', 4],
    ['Gié Triêng', 2],
    ['Co', 1],
  ],
  '52': [
    ['Kinh', 70],
    ['Gia-rai', 18],
    ['Ba na', 10],
    ['Chăm', 1],
    ['Hrê', 1],
  ],
  '56': [
    ['Kinh', 82],
    ['Chăm', 8],
    ['Ra-glai', 9],
    ['Cơ-ho', 1],
  ],
  '66': [
    ['Kinh', 75],
    ['Ê-đê', 14],
    ['Mnông', 3],
    ['Gia-rai', 2],
    ['Tày', 3],
    ['Nùng', 3],
  ],
  '68': [
    ['Kinh', 78],
    ['Cơ-ho', 8],
    ['Mnông', 4],
    ['Mạ', 3],
    ['Chăm', 3],
    ['Ra-glai', 2],
    ['Tày', 1],
    ['Nùng', 1],
  ],
  '75': [
    ['Kinh', 90],
    ['Xtiêng', 4],
    ['Hoa', 3],
    ['Nùng', 1],
    ['Chơ-ro', 1],
    ['Mnông', 1],
  ],
  '79': [
    ['Kinh', 93],
    ['Hoa', 6],
    ['Khơ-me', 0.5],
    ['Chăm', 0.5],
  ],
  '80': [
    ['Kinh', 98],
    ['Khơ-me', 1],
    ['Chăm', 0.5],
    ['Hoa', 0.5],
  ],
  '82': [
    ['Kinh', 98],
    ['Khơ-me', 1],
    ['Hoa', 1],
  ],
  '86': [
    ['Kinh', 88],
    ['Khơ-me', 11],
    ['Hoa', 1],
  ],
  '91': [
    ['Kinh', 88],
    ['Khơ-me', 9],
    ['Hoa', 2],
    ['Chăm', 1],
  ],
  '92': [
    ['Kinh', 82],
    ['Khơ-me', 14],
    ['Hoa', 4],
  ],
  '96': [
    ['Kinh', 94],
    ['Khơ-me', 4],
    ['Hoa', 2],
  ],
};
const defaultMix: [string, number][] = [
  ['Kinh', 98],
  ['Tày', 0.5],
  ['Mường', 0.5],
  ['Hoa', 0.5],
  ['Nùng', 0.5],
];

export function buildGeography(codes: CodeLists, provinceCode: string): Geography {
  const province = codes.provinces.find((p) => p.code === provinceCode);
  if (!province) throw new Error(`unknown post-2025 province code ${provinceCode}`);

  const provincesPre = new Map(codes.provincesPre2025.map((p) => [p.code, p]));
  const districtsPre = new Map(codes.districtsPre2025.map((d) => [d.code, d]));
  const communesPre = new Map(codes.communesPre2025.map((c) => [c.code, c]));
  const provincesNew = new Map(codes.provinces.map((p) => [p.code, p]));
  const communesNew = new Map(codes.communes.map((c) => [c.code, c]));
  const citizenIdPrefix = new Map(codes.citizenIdProvinces.map((c) => [c.gsoProvinceCode, c.code]));

  const oldByCode = new Map<string, OldCommuneRef>();
  const oldByNewCommune = new Map<string, OldCommuneRef[]>();
  for (const row of codes.adminUnitMappings) {
    if (!row.oldCommuneCode || oldByCode.has(row.oldCommuneCode)) continue;
    const old = communesPre.get(row.oldCommuneCode);
    const district = districtsPre.get(row.oldDistrictCode);
    const oldProvince = provincesPre.get(row.oldProvinceCode);
    const successor = communesNew.get(row.newCommuneCode);
    const newProvince = provincesNew.get(row.newProvinceCode);
    const prefix = citizenIdPrefix.get(row.oldProvinceCode);
    if (!old || !district || !oldProvince || !successor || !newProvince || !prefix) continue;
    const ref: OldCommuneRef = {
      code: old.code,
      oldProvinceCode: oldProvince.code,
      newCommuneCode: successor.code,
      newProvinceCode: newProvince.code,
      oldText: `${old.name}, ${district.name}, ${oldProvince.name}`,
      newText: `${successor.name}, ${newProvince.name}`,
      citizenIdPrefix: prefix,
    };
    oldByCode.set(ref.code, ref);
    const list = oldByNewCommune.get(successor.code) ?? [];
    list.push(ref);
    oldByNewCommune.set(successor.code, list);
  }

  const communes = codes.communes
    .filter((c) => c.provinceCode === provinceCode)
    .map((commune) => ({
      commune,
      text: `${commune.name}, ${province.name}`,
      oldCommunes: oldByNewCommune.get(commune.code) ?? [],
    }));
  if (communes.length === 0) throw new Error(`no post-2025 commune in province ${provinceCode}`);

  const nationalOldCommunes = [...oldByCode.values()];
  const localOldCommunes = nationalOldCommunes.filter((c) => c.newProvinceCode === provinceCode);
  const oldProvinceCodes = new Set(localOldCommunes.map((c) => c.oldProvinceCode));
  const districts = codes.districtsPre2025.filter((d) => oldProvinceCodes.has(d.provinceCode));

  const knownUnitCodes = new Set<string>([
    ...codes.provinces.map((p) => p.code),
    ...codes.provincesPre2025.map((p) => p.code),
    ...codes.districtsPre2025.map((d) => d.code),
    ...codes.communesPre2025.map((c) => c.code),
    ...codes.communes.map((c) => c.code),
    ...codes.communes.map((c) => c.codeIn1027).filter(Boolean),
  ]);
  const validPrefixes = new Set(codes.citizenIdProvinces.map((c) => c.code));
  const invalidCitizenIdPrefixes: string[] = [];
  for (let i = 0; i < 100; i++) {
    const prefix = String(i).padStart(3, '0');
    if (!validPrefixes.has(prefix)) invalidCitizenIdPrefixes.push(prefix);
  }

  const officialNames = new Set(codes.ethnicities.map((e) => e.name));
  const tables = new Map<string, WeightedTable<string>>();
  const ethnicities = (newProvinceCode: string): WeightedTable<string> => {
    let table = tables.get(newProvinceCode);
    if (!table) {
      const mix = (ethnicMix[newProvinceCode] ?? defaultMix).filter(([name]) => officialNames.has(name));
      table = weighted(mix.length > 0 ? mix : [['Kinh', 1]]);
      tables.set(newProvinceCode, table);
    }
    return table;
  };

  return {
    province,
    region: regionByProvince[provinceCode] ?? 'north-delta',
    communes,
    districts,
    localOldCommunes: localOldCommunes.length > 0 ? localOldCommunes : nationalOldCommunes,
    nationalOldCommunes,
    knownUnitCodes,
    invalidCitizenIdPrefixes,
    ethnicities,
  };
}

/** Ethnic groups used by the tables above, for tests. */
export const ethnicityNamesInMixes = (): string[] =>
  [...new Set([...Object.values(ethnicMix), defaultMix].flat().map(([name]) => name))].sort();
