/**
 * The shared code lists as plain data (no I/O). Loaded from the project's `reference/` files by
 * `src/reference/load-reference.ts` and into the database by `src/db/seed-code-lists.ts`.
 */
export interface Province {
  code: string; // 2 digits, post-2025 (Công văn 915/CTK-CSCL)
  name: string; // "Thành phố Hà Nội"
  type: string; // "Tỉnh" | "Thành phố"
  shortName: string; // "Hà Nội"
  formerName: string;
}

export interface Commune {
  code: string; // 5 digits, post-2025 (Công văn 1027/CTK-CSCL, GSO codes)
  name: string; // "Phường Ba Đình"
  type: string; // "Xã" | "Phường" | "Đặc khu"
  provinceCode: string;
  shortName: string;
  codeIn1027: string; // the earlier code where it differs; accept both when reading legacy data
  formerName: string;
}

export interface ProvincePre2025 {
  code: string;
  name: string;
  type: string;
  shortName: string;
}

export interface DistrictPre2025 {
  code: string; // 3 digits
  name: string;
  type: string; // "Quận" | "Huyện" | "Thị xã" | "Thành phố"
  provinceCode: string;
}

export interface CommunePre2025 {
  code: string; // 5 digits
  name: string;
  type: string; // "Phường" | "Xã" | "Thị trấn"
  districtCode: string;
  provinceCode: string;
}

/** One row of the old → new mapping; a split old commune has several rows with mergeType 'partial'. */
export interface AdminUnitMapping {
  oldProvinceCode: string;
  oldDistrictCode: string;
  oldCommuneCode: string; // empty for island districts without communes
  newProvinceCode: string;
  newCommuneCode: string;
  mergeType: 'full' | 'partial';
}

export interface Ethnicity {
  code: string; // QĐ 121-TCTK/PPCĐ (1979) code, the one the batch contract uses
  name: string;
  aliases: string[];
  spellingVariants: string[];
  code2008: string;
  name2008: string;
}

export interface Religion {
  code: string; // may be empty (two recognised religions have no 2008 code)
  name: string;
  aliases: string[];
}

export interface CitizenIdProvince {
  code: string; // 3 digits: first 3 digits of a CCCD
  provinceName: string;
  gsoProvinceCode: string;
  newProvinceCode: string;
}

export interface PhonePrefix {
  prefix: string;
  kind: 'mobile_old_11_digit' | 'mobile_current';
  totalDigits: number;
  carrier: string;
  convertedTo: string;
}

export interface CodeLists {
  provinces: Province[];
  communes: Commune[];
  provincesPre2025: ProvincePre2025[];
  districtsPre2025: DistrictPre2025[];
  communesPre2025: CommunePre2025[];
  adminUnitMappings: AdminUnitMapping[];
  ethnicities: Ethnicity[];
  religions: Religion[];
  citizenIdProvinces: CitizenIdProvince[];
  phonePrefixes: PhonePrefix[];
}
