import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { CodeLists } from '../core/codes/code-lists.ts';
import type { Db } from './client.ts';

interface ListLoad {
  list: string;
  table: string;
  columns: string[];
  rows: unknown[][];
}

function loadsFor(codes: CodeLists): ListLoad[] {
  return [
    {
      list: 'provinces_2025',
      table: 'ref_province',
      columns: ['code', 'name', 'type', 'short_name', 'former_name'],
      rows: codes.provinces.map((p) => [p.code, p.name, p.type, p.shortName, p.formerName]),
    },
    {
      list: 'communes_2025',
      table: 'ref_commune',
      columns: ['code', 'name', 'type', 'province_code', 'short_name', 'code_in_1027', 'former_name'],
      rows: codes.communes.map((c) => [
        c.code,
        c.name,
        c.type,
        c.provinceCode,
        c.shortName,
        c.codeIn1027,
        c.formerName,
      ]),
    },
    {
      list: 'provinces_pre2025',
      table: 'ref_province_pre2025',
      columns: ['code', 'name', 'type', 'short_name'],
      rows: codes.provincesPre2025.map((p) => [p.code, p.name, p.type, p.shortName]),
    },
    {
      list: 'districts_pre2025',
      table: 'ref_district_pre2025',
      columns: ['code', 'name', 'type', 'province_code'],
      rows: codes.districtsPre2025.map((d) => [d.code, d.name, d.type, d.provinceCode]),
    },
    {
      list: 'communes_pre2025',
      table: 'ref_commune_pre2025',
      columns: ['code', 'name', 'type', 'district_code', 'province_code'],
      rows: codes.communesPre2025.map((c) => [c.code, c.name, c.type, c.districtCode, c.provinceCode]),
    },
    {
      list: 'admin_unit_mapping_2025',
      table: 'ref_admin_unit_mapping',
      columns: [
        'old_province_code',
        'old_district_code',
        'old_commune_code',
        'new_province_code',
        'new_commune_code',
        'merge_type',
      ],
      rows: codes.adminUnitMappings.map((m) => [
        m.oldProvinceCode,
        m.oldDistrictCode,
        m.oldCommuneCode,
        m.newProvinceCode,
        m.newCommuneCode,
        m.mergeType,
      ]),
    },
    {
      list: 'ethnicities',
      table: 'ref_ethnicity',
      columns: ['code', 'name', 'aliases', 'spelling_variants', 'code_2008', 'name_2008'],
      rows: codes.ethnicities.map((e) => [
        e.code,
        e.name,
        e.aliases,
        e.spellingVariants,
        e.code2008,
        e.name2008,
      ]),
    },
    {
      list: 'religions',
      table: 'ref_religion',
      columns: ['name', 'code', 'aliases'],
      rows: codes.religions.map((r) => [r.name, r.code, r.aliases]),
    },
    {
      list: 'citizen_id_provinces',
      table: 'ref_citizen_id_province',
      columns: ['code', 'province_name', 'gso_province_code', 'new_province_code'],
      rows: codes.citizenIdProvinces.map((c) => [
        c.code,
        c.provinceName,
        c.gsoProvinceCode,
        c.newProvinceCode,
      ]),
    },
    {
      list: 'phone_prefixes',
      table: 'ref_phone_prefix',
      columns: ['prefix', 'kind', 'total_digits', 'carrier', 'converted_to'],
      rows: codes.phonePrefixes.map((p) => [p.prefix, p.kind, p.totalDigits, p.carrier, p.convertedTo]),
    },
  ];
}

const CHUNK = 500;

/**
 * Loads the code lists into their reference tables, reloading a list only when its content changed.
 * One transaction: a reader never sees a half-loaded list.
 */
export async function seedCodeLists(db: Db, codes: CodeLists): Promise<string[]> {
  const loads = loadsFor(codes);
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('ref_code_list_version').select(['list', 'checksum']).execute();
    const known = new Map(current.map((r) => [r.list, r.checksum]));
    const changed = loads
      .map((load) => ({
        load,
        checksum: createHash('sha256').update(JSON.stringify(load.rows)).digest('hex'),
      }))
      .filter(({ load, checksum }) => known.get(load.list) !== checksum);
    // Communes reference provinces: delete children first, insert parents first.
    for (const { load } of [...changed].reverse())
      await sql`DELETE FROM ${sql.table(load.table)}`.execute(tx);
    for (const { load, checksum } of changed) {
      for (let i = 0; i < load.rows.length; i += CHUNK) {
        const chunk = load.rows.slice(i, i + CHUNK);
        await sql`INSERT INTO ${sql.table(load.table)} (${sql.join(load.columns.map((c) => sql.ref(c)))})
          VALUES ${sql.join(chunk.map((row) => sql`(${sql.join(row.map((v) => sql`${v}`))})`))}`.execute(tx);
      }
      await tx
        .insertInto('ref_code_list_version')
        .values({ list: load.list, checksum, row_count: load.rows.length })
        .onConflict((oc) =>
          oc.column('list').doUpdateSet({ checksum, row_count: load.rows.length, loaded_at: new Date() }),
        )
        .execute();
    }
    return changed.map(({ load }) => load.list);
  });
}
