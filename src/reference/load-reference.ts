import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { CodeLists } from '../core/codes/code-lists.ts';

/** The project's copy of the public reference files (see reference/SOURCES.md). */
export const referenceDir = fileURLToPath(new URL('../../reference/', import.meta.url));

type Row = Record<string, string>;

function readCsv(relativePath: string): Row[] {
  return parse(readFileSync(referenceDir + relativePath), { columns: true, skip_empty_lines: true, bom: true });
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

let cached: CodeLists | undefined;

/** Reads every code list once per process. */
export function loadCodeLists(): CodeLists {
  cached ??= {
    provinces: readCsv('admin-units-2025/provinces.csv').map((r) => ({
      code: r.code!,
      name: r.name!,
      type: r.type!,
      shortName: r.short_name!,
      formerName: r.former_name ?? '',
    })),
    communes: readCsv('admin-units-2025/communes.csv').map((r) => ({
      code: r.code!,
      name: r.name!,
      type: r.type!,
      provinceCode: r.province_code!,
      shortName: r.short_name!,
      codeIn1027: r.code_in_1027_CTK_CSCL ?? '',
      formerName: r.former_name ?? '',
    })),
    provincesPre2025: readCsv('admin-units-pre2025/provinces.csv').map((r) => ({
      code: r.code!,
      name: r.name!,
      type: r.type!,
      shortName: r.short_name!,
    })),
    districtsPre2025: readCsv('admin-units-pre2025/districts.csv').map((r) => ({
      code: r.code!,
      name: r.name!,
      type: r.type!,
      provinceCode: r.province_code!,
    })),
    communesPre2025: readCsv('admin-units-pre2025/communes.csv').map((r) => ({
      code: r.code!,
      name: r.name!,
      type: r.type!,
      districtCode: r.district_code!,
      provinceCode: r.province_code!,
    })),
    adminUnitMappings: readCsv('admin-units-2025/old-to-new-mapping.csv').map((r) => ({
      oldProvinceCode: r.old_province_code!,
      oldDistrictCode: r.old_district_code!,
      oldCommuneCode: r.old_commune_code ?? '',
      newProvinceCode: r.new_province_code!,
      newCommuneCode: r.new_commune_code!,
      mergeType: r.merge_type === 'partial' ? 'partial' : 'full',
    })),
    ethnicities: readCsv('ethnicities.csv').map((r) => ({
      code: r.code!,
      name: r.name!,
      aliases: list(r.aliases),
      spellingVariants: list(r.spelling_variants),
      code2008: r.code_2008 ?? '',
      name2008: r.name_2008 ?? '',
    })),
    religions: readCsv('religions.csv').map((r) => ({ code: r.code ?? '', name: r.name!, aliases: list(r.aliases) })),
    citizenIdProvinces: readCsv('cccd-province-codes.csv').map((r) => ({
      code: r.code!,
      provinceName: r.province_name!,
      gsoProvinceCode: r.gso_province_code!,
      newProvinceCode: r.new_province_code!,
    })),
    phonePrefixes: readCsv('phone-prefixes.csv').map((r) => ({
      prefix: r.prefix!,
      kind: r.kind === 'mobile_old_11_digit' ? 'mobile_old_11_digit' : 'mobile_current',
      totalDigits: Number(r.total_digits),
      carrier: r.carrier ?? '',
      convertedTo: r.converted_to ?? '',
    })),
  };
  return cached;
}
