import type { CodeLists } from './code-lists.ts';
import { foldForSearch } from '../text/fold.ts';
import { memoizeTextOf } from '../text/memoize.ts';

export interface AdminUnitRef {
  provinceCode: string;
  communeCode: string;
}

/**
 * Where an administrative unit of a legacy record stands after the 1 July 2025 reorganization.
 * - current: a post-2025 unit (province, and commune when one was given).
 * - obsolete: a pre-2025 province, district or commune (code or name) with one new unit; a
 *   district or province gives the province only. Fix: ADDRESS_OBSOLETE_UNIT / ORG_ADMIN_UNIT_OBSOLETE.
 * - ambiguous: the old commune was split (or a name fits several units); warning with candidates.
 * - unknown: a code or name in neither list (ADDRESS_UNKNOWN_UNIT).
 */
export type AdminUnitResolution =
  | { kind: 'current'; provinceCode: string; communeCode?: string }
  | {
      kind: 'obsolete';
      provinceCode: string;
      communeCode?: string;
      level: 'province' | 'district' | 'commune';
    }
  | { kind: 'ambiguous'; provinceCode?: string; candidates: AdminUnitRef[] }
  | { kind: 'unknown' }
  | { kind: 'empty' };

type AdminCodeLists = Pick<
  CodeLists,
  'provinces' | 'communes' | 'provincesPre2025' | 'districtsPre2025' | 'communesPre2025' | 'adminUnitMappings'
>;

interface NamedUnit {
  code: string;
  /** The unit type folded: "xa", "phuong", "thi tran", "dac khu", "huyen", "quan", "thi xa", "thanh pho". */
  type: string;
  /** The name without its type prefix, folded. */
  key: string;
  /** The name without its type prefix, lower case with diacritics, tone marks in the modern place. */
  accented: string;
  provinceCode: string;
}

/** Lookup maps over the code lists, built once per run and shared by every record. */
export interface AdminUnitIndex {
  provinces: Map<string, { code: string; key: string }>;
  communes: Map<string, NamedUnit>;
  /** Alternate codes of Công văn 1027/CTK-CSCL → the code in force (Ba Chẽ, Ia Mơ). */
  communeAltCodes: Map<string, string>;
  oldProvinces: Map<string, { code: string; key: string; newProvinceCode: string }>;
  oldDistricts: Map<string, NamedUnit & { newProvinceCode: string; islandCommune?: AdminUnitRef }>;
  oldCommunes: Map<string, NamedUnit & { districtCode: string; targets: AdminUnitRef[] }>;
  /** Folded province names (post-2025 and pre-2025) → post-2025 province code. */
  provinceByName: Map<string, string>;
  /** Folded province name → pre-2025 province code, for names of provinces that no longer exist. */
  oldProvinceByName: Map<string, string>;
  communesByKey: Map<string, NamedUnit[]>;
  oldCommunesByKey: Map<string, Array<NamedUnit & { districtCode: string; targets: AdminUnitRef[] }>>;
  oldDistrictsByKey: Map<string, Array<NamedUnit & { newProvinceCode: string }>>;
}

const COMMUNE_TYPES = ['thi tran', 'dac khu', 'phuong', 'xa'];
const DISTRICT_TYPES = ['thanh pho', 'thi xa', 'huyen', 'quan'];
const PROVINCE_TYPES = ['thanh pho', 'tinh'];

// Abbreviated prefixes seen in addresses ("TP. Hà Nội", "P. Ba Đình", "TT. Phủ Thông").
const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/^tp\.? ?/, 'thanh pho '],
  [/^tx\.? ?/, 'thi xa '],
  [/^tt\.? ?/, 'thi tran '],
  [/^t\. ?/, 'tinh '],
  [/^h\. ?/, 'huyen '],
  [/^q\. ?/, 'quan '],
  [/^p\. ?/, 'phuong '],
  [/^x\. ?/, 'xa '],
];

/** The folded name of a unit, numbers without leading zeros ("Phường 01" = "Phường 1"). */
function nameKey(text: string): string {
  return foldForSearch(text.replace(/[-–.]+/g, ' '))
    .replace(/\b0+(\d)/g, '$1')
    .trim();
}

// Old-style tone placement at the end of a syllable ("Hoà", "Thuý") → modern ("Hòa", "Thúy"), the
// style of the official lists (reference/SOURCES.md). "Hoàng" keeps its mark: a letter follows.
const OLD_TONE_STYLE: Record<string, string> = {
  oà: 'òa',
  oá: 'óa',
  oả: 'ỏa',
  oã: 'õa',
  oạ: 'ọa',
  oè: 'òe',
  oé: 'óe',
  oẻ: 'ỏe',
  oẽ: 'õe',
  oẹ: 'ọe',
  uỳ: 'ùy',
  uý: 'úy',
  uỷ: 'ủy',
  uỹ: 'ũy',
  uỵ: 'ụy',
};
const OLD_TONE_PATTERN = /(o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?!\p{L})/gu;

/** Lower case, NFC, modern tone placement, single spaces: the name as written, for a closer match. */
function accentedKey(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(OLD_TONE_PATTERN, (m) => OLD_TONE_STYLE[m] ?? m)
    .replace(/[-–.]+/g, ' ')
    .replace(/\b0+(\d)/g, '$1')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

interface TypedName {
  type: string;
  key: string;
  accented: string;
}

/** Splits "Xã Tân Lập" into its folded type and name; the type is empty when there is no prefix. */
function splitType(text: string, types: string[]): TypedName {
  const words = text
    .normalize('NFC')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
  let folded = foldForSearch(words);
  let dropped = 0;
  for (const [pattern, replacement] of ABBREVIATIONS) {
    const m = pattern.exec(folded);
    if (m) {
      folded = replacement + folded.slice(m[0].length);
      dropped = m[0].length - replacement.length;
      break;
    }
  }
  for (const type of types) {
    if (folded.startsWith(type + ' ')) {
      // Folding keeps the length of NFC Vietnamese letters, so the prefix has the same length in `words`.
      const rest = words.slice(type.length + 1 + dropped);
      return { type, key: nameKey(folded.slice(type.length + 1)), accented: accentedKey(rest) };
    }
  }
  return { type: '', key: nameKey(folded), accented: accentedKey(words) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = '';
  let bestCount = 0;
  for (const [v, n] of counts) {
    if (n > bestCount || (n === bestCount && v < best)) [best, bestCount] = [v, n];
  }
  return best;
}

export function createAdminUnitIndex(codes: AdminCodeLists): AdminUnitIndex {
  const provinces = new Map(
    codes.provinces.map((p) => [p.code, { code: p.code, key: nameKey(p.shortName) }]),
  );
  const communes = new Map<string, NamedUnit>();
  const communeAltCodes = new Map<string, string>();
  const communesByKey = new Map<string, NamedUnit[]>();
  for (const c of codes.communes) {
    const unit = {
      code: c.code,
      type: foldForSearch(c.type),
      key: nameKey(c.shortName),
      accented: accentedKey(c.shortName),
      provinceCode: c.provinceCode,
    };
    communes.set(c.code, unit);
    push(communesByKey, unit.key, unit);
    if (c.codeIn1027 && c.codeIn1027 !== c.code) communeAltCodes.set(c.codeIn1027, c.code);
    // A commune renamed since 1 July 2025 (Xã → Phường in Đồng Nai) is still found by its former name.
    if (c.formerName) {
      const former = splitType(c.formerName, COMMUNE_TYPES);
      if (former.key !== unit.key)
        push(communesByKey, former.key, { ...unit, type: former.type, accented: former.accented });
    }
  }

  // Whole provinces and districts moved together; the mapping's majority gives their new province
  // (one An Giang commune is mapped outside the province, a data quirk the majority ignores).
  const newProvinceOfOldProvince = new Map<string, string[]>();
  const newProvinceOfOldDistrict = new Map<string, string[]>();
  const targets = new Map<string, AdminUnitRef[]>();
  const islandDistricts = new Map<string, AdminUnitRef>();
  for (const m of codes.adminUnitMappings) {
    push(newProvinceOfOldProvince, m.oldProvinceCode, m.newProvinceCode);
    push(newProvinceOfOldDistrict, m.oldDistrictCode, m.newProvinceCode);
    const ref = { provinceCode: m.newProvinceCode, communeCode: m.newCommuneCode };
    if (m.oldCommuneCode === '') islandDistricts.set(m.oldDistrictCode, ref);
    else if (!targets.get(m.oldCommuneCode)?.some((t) => t.communeCode === ref.communeCode)) {
      push(targets, m.oldCommuneCode, ref);
    }
  }

  const oldProvinces = new Map(
    codes.provincesPre2025.map((p) => [
      p.code,
      {
        code: p.code,
        key: nameKey(p.shortName),
        newProvinceCode: mostCommon(newProvinceOfOldProvince.get(p.code) ?? []) || p.code,
      },
    ]),
  );
  const oldDistricts: AdminUnitIndex['oldDistricts'] = new Map();
  const oldDistrictsByKey: AdminUnitIndex['oldDistrictsByKey'] = new Map();
  for (const d of codes.districtsPre2025) {
    const { type, key, accented } = splitType(d.name, DISTRICT_TYPES);
    const newProvinceCode =
      mostCommon(newProvinceOfOldDistrict.get(d.code) ?? []) ||
      oldProvinces.get(d.provinceCode)?.newProvinceCode ||
      '';
    const unit = { code: d.code, type, key, accented, provinceCode: d.provinceCode, newProvinceCode };
    const island = islandDistricts.get(d.code);
    oldDistricts.set(d.code, island ? { ...unit, islandCommune: island } : unit);
    push(oldDistrictsByKey, key, unit);
  }
  const oldCommunes: AdminUnitIndex['oldCommunes'] = new Map();
  const oldCommunesByKey: AdminUnitIndex['oldCommunesByKey'] = new Map();
  for (const c of codes.communesPre2025) {
    const { type, key, accented } = splitType(c.name, COMMUNE_TYPES);
    const unit = {
      code: c.code,
      type: type || foldForSearch(c.type),
      key,
      accented,
      provinceCode: c.provinceCode,
      districtCode: c.districtCode,
      targets: targets.get(c.code) ?? [],
    };
    oldCommunes.set(c.code, unit);
    push(oldCommunesByKey, key, unit);
  }

  const provinceByName = new Map<string, string>();
  const oldProvinceByName = new Map<string, string>();
  for (const p of codes.provinces) {
    provinceByName.set(nameKey(p.shortName), p.code);
    if (p.formerName) provinceByName.set(splitType(p.formerName, PROVINCE_TYPES).key, p.code);
  }
  for (const p of oldProvinces.values()) {
    if (!provinceByName.has(p.key)) oldProvinceByName.set(p.key, p.code);
  }
  // Common short forms of Thành phố Hồ Chí Minh.
  for (const alias of ['hcm', 'tp hcm', 'tphcm', 'ho chi minh', 'sai gon']) {
    if (provinces.has('79') && !provinceByName.has(alias)) provinceByName.set(alias, '79');
  }

  return {
    provinces,
    communes,
    communeAltCodes,
    oldProvinces,
    oldDistricts,
    oldCommunes,
    provinceByName,
    oldProvinceByName,
    communesByKey,
    oldCommunesByKey,
    oldDistrictsByKey,
  };
}

export interface AdminUnitInput {
  code?: string | null;
  text?: string | null;
}

/**
 * Resolves a unit from its code, its address text, or both. The code wins when it is present: in
 * the samples' truth a code that is a post-2025 commune code stays as it is even when it is also
 * the code of a pre-2025 commune that was split (new codes reuse old ones, so "in the 2025 list"
 * is read first), and an unknown code stays unknown whatever the text says. The text decides only
 * when there is no code, or to choose between the two readings of a Công văn 1027 alternate code.
 */
export function resolveAdminUnit(index: AdminUnitIndex, input: AdminUnitInput): AdminUnitResolution {
  const code = (input.code ?? '').replace(/[\s\u00a0]+/g, '');
  const text = (input.text ?? '').trim();
  if (code === '' && text === '') return { kind: 'empty' };
  return resolveMemo(index, `${code}\u0000${text}`);
}

// Keyed by code and text: addresses repeat across members, and resolving the text is the costly part.
const resolveMemo = memoizeTextOf((index: AdminUnitIndex, key: string): AdminUnitResolution => {
  const split = key.indexOf('\u0000');
  const code = key.slice(0, split);
  const text = key.slice(split + 1);
  return code !== '' ? resolveCode(index, code, text) : resolveText(index, text);
});

function resolveCode(index: AdminUnitIndex, raw: string, text: string): AdminUnitResolution {
  if (!/^\d{1,5}$/.test(raw)) return { kind: 'unknown' };
  // Spreadsheets drop leading zeros: a 4-digit number is a commune code, 1 digit a province.
  const code = raw.length === 4 ? raw.padStart(5, '0') : raw.length === 1 ? raw.padStart(2, '0') : raw;

  if (code.length === 5) {
    const current = index.communes.get(code);
    if (current) return { kind: 'current', provinceCode: current.provinceCode, communeCode: current.code };
    const alt = index.communeAltCodes.get(code);
    const old = index.oldCommunes.get(code);
    if (alt) {
      const altUnit = index.communes.get(alt);
      const altRef = {
        kind: 'current' as const,
        provinceCode: altUnit?.provinceCode ?? '',
        communeCode: alt,
      };
      const oldReading = old ? resolveOldCommune(old) : undefined;
      if (!oldReading || sameUnit(oldReading, altRef)) return altRef;
      // Both readings exist (23737: Ia Mơ in Công văn 1027, Ia Mơ Nông before 2025): let the text choose.
      const byText = text === '' ? undefined : resolveText(index, text);
      if (byText && byText.kind !== 'unknown' && byText.kind !== 'ambiguous') {
        if (sameUnit(byText, altRef)) return altRef;
        if (sameUnit(byText, oldReading)) return oldReading;
      }
      return {
        kind: 'ambiguous',
        provinceCode: altRef.provinceCode,
        candidates: [refOf(altRef), ...refsOf(oldReading)],
      };
    }
    if (old) return resolveOldCommune(old);
    return { kind: 'unknown' };
  }
  if (code.length === 3) {
    const district = index.oldDistricts.get(code);
    if (!district) return { kind: 'unknown' };
    if (district.islandCommune) {
      return { kind: 'obsolete', level: 'district', ...district.islandCommune };
    }
    return { kind: 'obsolete', level: 'district', provinceCode: district.newProvinceCode };
  }
  if (code.length === 2) {
    if (index.provinces.has(code)) return { kind: 'current', provinceCode: code };
    const old = index.oldProvinces.get(code);
    if (old) return { kind: 'obsolete', level: 'province', provinceCode: old.newProvinceCode };
  }
  return { kind: 'unknown' };
}

type OldCommune = AdminUnitIndex['oldCommunes'] extends Map<string, infer V> ? V : never;

function resolveOldCommune(old: OldCommune): AdminUnitResolution {
  const [first, ...rest] = old.targets;
  if (!first) return { kind: 'unknown' };
  if (rest.length === 0) return { kind: 'obsolete', level: 'commune', ...first };
  return ambiguous(old.targets);
}

function ambiguous(candidates: AdminUnitRef[]): AdminUnitResolution {
  const unique = dedupe(candidates);
  if (unique.length === 1) return { kind: 'obsolete', level: 'commune', ...unique[0]! };
  const provinces = new Set(unique.map((c) => c.provinceCode));
  const [province] = provinces;
  return provinces.size === 1 && province
    ? { kind: 'ambiguous', provinceCode: province, candidates: unique }
    : { kind: 'ambiguous', candidates: unique };
}

function dedupe(refs: AdminUnitRef[]): AdminUnitRef[] {
  const seen = new Map<string, AdminUnitRef>();
  for (const r of refs) seen.set(`${r.provinceCode}|${r.communeCode}`, r);
  return [...seen.values()].sort((a, b) => a.communeCode.localeCompare(b.communeCode));
}

function refOf(r: { provinceCode: string; communeCode?: string }): AdminUnitRef {
  return { provinceCode: r.provinceCode, communeCode: r.communeCode ?? '' };
}

function refsOf(r: AdminUnitResolution): AdminUnitRef[] {
  if (r.kind === 'ambiguous') return r.candidates;
  if (r.kind === 'current' || r.kind === 'obsolete') return [refOf(r)];
  return [];
}

function sameUnit(a: AdminUnitResolution, b: AdminUnitResolution): boolean {
  const x = refsOf(a);
  const y = refsOf(b);
  return (
    x.length === 1 &&
    y.length === 1 &&
    x[0]!.provinceCode === y[0]!.provinceCode &&
    x[0]!.communeCode === y[0]!.communeCode
  );
}

interface ParsedAddress {
  /** Post-2025 province code the text names (a pre-2025 province is mapped to its new one). */
  provinceCode?: string;
  /** Pre-2025 province code, when the text names a province that no longer exists. */
  oldProvinceCode?: string;
  provinceNamed: boolean;
  commune?: TypedName;
  district?: TypedName;
}

/**
 * Reads "…, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội" from the right: province, then an
 * optional district (a pre-2025 address), then the commune. Parts without a unit prefix (village,
 * street, "Thôn 3") are skipped; a bare last part is tried as a province ("Phường Ba Đình, Hà Nội").
 */
function parseAddress(index: AdminUnitIndex, text: string): ParsedAddress {
  const parts = text
    .split(/[,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const result: ParsedAddress = { provinceNamed: false };
  let i = parts.length - 1;
  const last = parts[i];
  if (last !== undefined) {
    const { type, key } = splitType(last, PROVINCE_TYPES);
    const current = index.provinceByName.get(key);
    const old = index.oldProvinceByName.get(key);
    // "Thành phố X" as the last part is a province only when X is a province name.
    if (current || old) {
      result.provinceNamed = true;
      if (current) result.provinceCode = current;
      else if (old) {
        result.oldProvinceCode = old;
        result.provinceCode = index.oldProvinces.get(old)?.newProvinceCode;
      }
      i--;
    } else if (type === 'tinh') {
      result.provinceNamed = true; // a province we do not know: nothing below can be trusted
      return result;
    }
  }
  for (; i >= 0; i--) {
    const part = parts[i]!;
    const commune = splitType(part, COMMUNE_TYPES);
    if (commune.type) {
      result.commune = commune;
      break;
    }
    const district = splitType(part, DISTRICT_TYPES);
    if (district.type && !result.district) {
      result.district = district;
      continue;
    }
    // An unprefixed part right after the province may be the commune of a short address ("Ba Đình, Hà Nội").
    if (!result.commune && i === parts.length - 2 && result.provinceNamed && !result.district) {
      result.commune = { ...splitType(part, []), type: '' };
    }
  }
  return result;
}

function resolveText(index: AdminUnitIndex, text: string): AdminUnitResolution {
  const address = parseAddress(index, text);
  if (!address.commune && !address.district) {
    if (!address.provinceCode) return { kind: 'unknown' };
    return address.oldProvinceCode
      ? { kind: 'obsolete', level: 'province', provinceCode: address.provinceCode }
      : { kind: 'current', provinceCode: address.provinceCode };
  }
  if (address.provinceNamed && !address.provinceCode) return { kind: 'unknown' };

  // A district or a province that no longer exists marks a pre-2025 address: read it in the old lists first.
  const oldStyle = address.district !== undefined || address.oldProvinceCode !== undefined;
  const readers = oldStyle ? [readOld, readCurrent] : [readCurrent, readOld];
  for (const read of readers) {
    const found = read(index, address);
    if (found) return found;
  }
  if (address.district && !address.commune) {
    const districts = (index.oldDistrictsByKey.get(address.district.key) ?? []).filter(
      (d) =>
        (!address.provinceCode || d.newProvinceCode === address.provinceCode) &&
        (!address.district?.type || d.type === address.district.type),
    );
    const provinces = new Set(districts.map((d) => d.newProvinceCode));
    const [province] = provinces;
    if (provinces.size === 1 && province)
      return { kind: 'obsolete', level: 'district', provinceCode: province };
  }
  return { kind: 'unknown' };
}

/**
 * Narrows name matches: first to the type written as prefix ("Xã" vs "Phường" of the same name), then
 * to the exact accented spelling, since folding merges names such as "Tân Thành" and "Tân Thạnh".
 */
function narrow<T extends { type: string; accented: string }>(units: T[], name: TypedName): T[] {
  let result = units;
  if (name.type) {
    const typed = result.filter((u) => u.type === name.type);
    if (typed.length > 0) result = typed;
  }
  if (result.length > 1) {
    const spelled = result.filter((u) => u.accented === name.accented);
    if (spelled.length > 0) result = spelled;
  }
  return result;
}

function readCurrent(index: AdminUnitIndex, address: ParsedAddress): AdminUnitResolution | undefined {
  if (!address.commune) return undefined;
  let hits = index.communesByKey.get(address.commune.key) ?? [];
  if (address.provinceCode) hits = hits.filter((c) => c.provinceCode === address.provinceCode);
  hits = narrow(hits, address.commune);
  if (hits.length === 0) return undefined;
  if (hits.length === 1)
    return { kind: 'current', provinceCode: hits[0]!.provinceCode, communeCode: hits[0]!.code };
  return ambiguous(hits.map((h) => ({ provinceCode: h.provinceCode, communeCode: h.code })));
}

function readOld(index: AdminUnitIndex, address: ParsedAddress): AdminUnitResolution | undefined {
  if (!address.commune) return undefined;
  let hits = index.oldCommunesByKey.get(address.commune.key) ?? [];
  if (address.oldProvinceCode) hits = hits.filter((c) => c.provinceCode === address.oldProvinceCode);
  else if (address.provinceCode) {
    hits = hits.filter((c) => c.targets.some((t) => t.provinceCode === address.provinceCode));
  }
  if (address.district) {
    const { key, type } = address.district;
    const inDistrict = hits.filter((c) => {
      const d = index.oldDistricts.get(c.districtCode);
      return d !== undefined && d.key === key && (!type || d.type === type);
    });
    if (inDistrict.length > 0) hits = inDistrict;
  }
  hits = narrow(hits, address.commune);
  if (hits.length === 0) return undefined;
  const refs = hits.flatMap((h) => h.targets);
  if (refs.length === 0) return undefined;
  if (hits.length === 1) return resolveOldCommune(hits[0]!);
  return ambiguous(refs);
}
