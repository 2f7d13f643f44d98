import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { cleanPackage, FINDING_COLUMNS, MEMBER_COLUMNS, ORGANIZATION_COLUMNS } from './clean-package.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../../shared/samples/s303-small');
type Row = Record<string, string>;

describe('cleanPackage on samples/s303-small', () => {
  const out = mkdtempSync(join(tmpdir(), 'clean-s303-'));
  const read = (file: string): { header: string[]; rows: Row[] } => {
    const text = readFileSync(join(out, file), 'utf8');
    return {
      header: text.split('\n', 1)[0]!.split(','),
      rows: parse(text, { columns: true, skip_empty_lines: true }) as Row[],
    };
  };
  let summary: Awaited<ReturnType<typeof cleanPackage>>;

  beforeAll(async () => {
    summary = await cleanPackage({
      packagePath: join(SAMPLE, 'package'),
      outDir: out,
      codes: loadCodeLists(),
      referenceDate: '2025-12-10',
      registryPath: join(SAMPLE, 'registry.csv'),
    });
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes the batch-contract files with their headers and one row per record', () => {
    expect(read('members.csv').header).toEqual(MEMBER_COLUMNS);
    expect(read('members.csv').rows).toHaveLength(300);
    expect(read('organizations.csv').header).toEqual(ORGANIZATION_COLUMNS);
    expect(read('organizations.csv').rows).toHaveLength(43); // 44 rows, one code repeated
    expect(read('findings.csv').header).toEqual(FINDING_COLUMNS);
    expect(read('duplicates.csv').header).toEqual(['legacy_id_a', 'legacy_id_b', 'score', 'reasons']);
    expect(summary).toMatchObject({ organizations: 43, members: 300, rejectedRows: 0 });
  });

  it('reports findings with the source value and the suggested fix', () => {
    const findings = read('findings.csv').rows;
    const has = (id: string, rule: string) => findings.find((f) => f.legacy_id === id && f.rule === rule);
    expect(has('TC0004149', 'ORG_CODE_DUPLICATE')).toBeDefined();
    expect(has('TC0004124', 'ORG_OBSOLETE_LEVEL')).toMatchObject({
      severity: 'error',
      field: 'LOAI_TO_CHUC',
    });
    expect(has('TC0004160', 'TEXT_LEGACY_ENCODING')).toMatchObject({
      value: 'Chi boä Phoøng Keá hoaïch',
      suggested: 'Chi bộ Phòng Kế hoạch',
    });
    expect(has('TC0004164', 'ORG_EMPTY')).toBeDefined();
    expect(has('TC0004164', 'ORG_TOO_FEW_MEMBERS')).toBeDefined();
    expect(has('DV00559038', 'ADDRESS_OBSOLETE_UNIT')).toMatchObject({ severity: 'fix', value: '00739' });
    expect(
      findings
        .filter((f) => f.rule === 'DUPLICATE_PERSON_PROBABLE')
        .map((f) => f.legacy_id)
        .sort(),
    ).toEqual(['DV00559045', 'DV00559056', 'DV00559249', 'DV00559253']);
  });

  it('writes standardized cells', () => {
    const members = new Map(read('members.csv').rows.map((m) => [m.legacy_id, m]));
    expect(members.get('DV00559038')).toMatchObject({
      birth_date: '1994-05-26',
      ethnicity_code: '09',
      hometown_province_code: '86',
      hometown_commune_code: '29416',
      residence_commune_code: '00721',
      status: 'CHINH_THUC',
    });
    const orgs = new Map(read('organizations.csv').rows.map((o) => [o.legacy_id, o]));
    expect(orgs.get('TC0004123')).toMatchObject({ type: 'DBT', province_code: '08', commune_code: '' });
    expect(orgs.get('TC0004142')).toMatchObject({ commune_code: '00808', status: 'HOAT_DONG' });
    expect(orgs.get('TC0004160')).toMatchObject({ name: 'Chi bộ Phòng Kế hoạch', type: 'CB-TT' });
  });

  it('writes the reconciliation evidence: counts and checksums of the source', () => {
    const report = JSON.parse(readFileSync(join(out, 'reconciliation.json'), 'utf8')) as {
      source: { organizationRows: number; memberRows: number };
      target: { members: number };
      files: Array<{ sha256: string }>;
      perOrganization: Array<{ sourceMembers: number; targetMembers: number }>;
    };
    expect(report.source).toEqual({ organizationRows: 44, memberRows: 300 });
    expect(report.target.members).toBe(300);
    expect(report.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(report.perOrganization.every((o) => o.sourceMembers === o.targetMembers)).toBe(true);
  });
});
