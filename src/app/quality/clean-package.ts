import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createAdminUnitIndex } from '../../core/codes/admin-units.ts';
import type { CodeLists } from '../../core/codes/code-lists.ts';
import type { PackageFileKind } from '../../core/import/column-mapping.ts';
import type { RejectedRow } from '../../core/import/package-read-error.ts';
import { parseLegacyDate } from '../../core/members/partial-date.ts';
import { finding, type Finding } from '../../core/quality/finding.ts';
import type { MemberRecord, OrganizationRecord, RuleContext } from '../../core/quality/record.ts';
import { findDuplicatePairs } from '../../core/matching/find-duplicate-pairs.ts';
import type { PersonForMatching } from '../../core/matching/person-for-matching.ts';
import { checkDuplicatePairs, toPersonForMatching } from '../../core/quality/rules/duplicates.ts';
import { indexOrganizations } from '../../core/quality/rules/organizations.ts';
import { checkMember, checkOrganizations, MemberCrossChecks } from '../../core/quality/run-rules.ts';
import { applySettings, createRuleSettings, type RuleSettings } from '../../core/quality/settings.ts';
import { standardizeMember } from '../../core/quality/standardize-member.ts';
import { standardizeOrganization } from '../../core/quality/standardize-organization.ts';
import { openPackage, type Package } from '../import/read-package.ts';
import { FileRegister } from '../reconciliation/file-register.ts';
import { reconcileMembers } from '../reconciliation/reconcile-members.ts';
import { CsvFileWriter } from './csv-file-writer.ts';

/** Column lists of spec/batch-contract.md. */
export const FINDING_COLUMNS = [
  'record_type',
  'legacy_id',
  'rule',
  'field',
  'severity',
  'value',
  'suggested',
];
export const MEMBER_COLUMNS = [
  'legacy_id',
  'full_name',
  'gender',
  'birth_date',
  'citizen_id',
  'phone',
  'email',
  'ethnicity_code',
  'religion',
  'hometown_province_code',
  'hometown_commune_code',
  'residence_province_code',
  'residence_commune_code',
  'admission_date',
  'official_date',
  'party_card_no',
  'status',
  'org_legacy_id',
];
export const ORGANIZATION_COLUMNS = [
  'legacy_id',
  'name',
  'type',
  'parent_legacy_id',
  'province_code',
  'commune_code',
  'status',
];
export const DUPLICATE_COLUMNS = ['legacy_id_a', 'legacy_id_b', 'score', 'reasons'];

export interface CleanPackageInput {
  packagePath: string;
  outDir: string;
  codes: CodeLists;
  /** yyyy-mm-dd; the campaign start date when absent. */
  referenceDate?: string;
  /** The population-register extract (--registry). */
  registryPath?: string;
  settings?: Partial<RuleSettings>;
  /** Called with rows done / rows expected (an estimate until the end) for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface CleanPackageSummary {
  organizations: number;
  members: number;
  findings: number;
  rejectedRows: number;
  /** Steps the run could not take, in English (e.g. reconciliation not available yet). */
  notes: string[];
}

interface SourceCounts {
  organizations: number;
  members: number;
  membersPerOrganization: Map<string, number>;
}

/**
 * The batch `clean` command of spec/batch-contract.md: reads a 3.0 export package, applies the safe fixes,
 * runs every rule and writes findings.csv, members.csv, organizations.csv, duplicates.csv and
 * reconciliation.json. Organizations are held in memory (a province has thousands); members stream through,
 * and per member only the cross-record keys are kept (citizen id, card number, organization).
 */
export async function cleanPackage(input: CleanPackageInput): Promise<CleanPackageSummary> {
  const settings = createRuleSettings({
    ...input.settings,
    ...(input.referenceDate ? { referenceDate: input.referenceDate } : {}),
  });
  const reference = parseLegacyDate(settings.referenceDate);
  if (!reference.ok) throw new RangeError(`invalid reference date ${settings.referenceDate}`);
  const ctx: RuleContext = {
    codes: input.codes,
    adminUnits: createAdminUnitIndex(input.codes),
    referenceDate: reference.date,
  };
  const pkg = await openPackage(input.packagePath);
  await mkdir(input.outDir, { recursive: true });
  const notes: string[] = [];
  const rejected: RejectedRow[] = [];
  const source: SourceCounts = { organizations: 0, members: 0, membersPerOrganization: new Map() };
  const allowExcelSerial = pkg.shape === 'xlsx';
  const totalBytes = pkg.files.reduce((sum, f) => sum + f.size, 0);

  // 1. Organizations first (Plan 291-KH/BTCTW): all of them, since the tree rules need the whole tree.
  const organizations: OrganizationRecord[] = [];
  for await (const item of readKind(pkg, 'organizations')) {
    if (item.type === 'rejected') {
      rejected.push(item);
      continue;
    }
    source.organizations++;
    organizations.push(standardizeOrganization(item.values, ctx));
  }
  const orgIndex = indexOrganizations(organizations);
  const orgFindings = checkOrganizations(organizations, ctx);

  // 2. Members, streamed: write each one and its own findings at once.
  const memberFindingsPath = join(input.outDir, '.member-findings.tmp.csv');
  const membersOut = new CsvFileWriter(join(input.outDir, 'members.csv'), MEMBER_COLUMNS);
  const memberFindingsOut = new CsvFileWriter(memberFindingsPath, FINDING_COLUMNS);
  const cross = new MemberCrossChecks();
  // The matching input is a few short strings per member (about 300 bytes): 1 million members fit in memory.
  const people: PersonForMatching[] = [];
  const targetPerOrganization = new Map<string, number>();
  let processed = 0;
  const estimatedMembers = Math.max(1, Math.round(totalBytes / 350));
  try {
    for await (const item of readKind(pkg, 'members')) {
      if (item.type === 'rejected') {
        rejected.push(item);
        continue;
      }
      source.members++;
      const orgCode = (item.values.MA_TO_CHUC ?? '').trim();
      increment(source.membersPerOrganization, orgCode);
      const record = standardizeMember(item.values, ctx, { allowExcelSerial });
      membersOut.writeRow(memberRow(record));
      increment(targetPerOrganization, record.values.orgLegacyId);
      for (const f of applySettings(checkMember(record, ctx, orgIndex), settings)) {
        memberFindingsOut.writeRow(findingRow(f));
      }
      cross.add(record);
      people.push(toPersonForMatching(record));
      processed++;
      if (input.onProgress && processed % 500 === 0) {
        input.onProgress(processed, Math.max(processed, estimatedMembers));
      }
    }
  } finally {
    membersOut.close();
    memberFindingsOut.close();
  }
  input.onProgress?.(processed, processed);

  // 3. Organizations out; then findings: organizations first, then members, then cross-record rules.
  const orgsOut = new CsvFileWriter(join(input.outDir, 'organizations.csv'), ORGANIZATION_COLUMNS);
  const written = new Set<string>();
  for (const record of organizations) {
    if (written.has(record.legacyId)) continue; // a repeated code is ORG_CODE_DUPLICATE, written once
    written.add(record.legacyId);
    orgsOut.writeRow(organizationRow(record));
  }
  orgsOut.close();

  // 4. One person, one record: probable pairs of the matching engine (src/core/matching).
  const pairs = findDuplicatePairs(people).filter((p) => p.band === 'probable');
  const duplicatesOut = new CsvFileWriter(join(input.outDir, 'duplicates.csv'), DUPLICATE_COLUMNS);
  for (const pair of pairs)
    duplicatesOut.writeRow([pair.a, pair.b, pair.score.toFixed(3), pair.reasons.join('; ')]);
  duplicatesOut.close();

  // 5. Reconciliation with the population register (--registry), through the register adapter.
  const reconFindings: Finding[] = [];
  if (input.registryPath) {
    const register = await FileRegister.load(input.registryPath);
    for (const f of await reconcileMembers(register, people)) {
      reconFindings.push(
        finding('member', f.key, f.rule, { field: f.field, value: f.value, suggested: f.suggested }),
      );
    }
  }

  const findingsOut = new CsvFileWriter(join(input.outDir, 'findings.csv'), FINDING_COLUMNS);
  let findingCount = 0;
  const emit = (findings: Finding[]) => {
    for (const f of applySettings(findings, settings)) {
      findingsOut.writeRow(findingRow(f));
      findingCount++;
    }
  };
  try {
    emit([...orgFindings, ...cross.organizationFindings(organizations)]);
    findingCount += await appendFindings(memberFindingsPath, findingsOut);
    emit([...cross.memberFindings(), ...checkDuplicatePairs(pairs), ...reconFindings]);
  } finally {
    findingsOut.close();
    await rm(memberFindingsPath, { force: true });
  }

  await writeFile(
    join(input.outDir, 'reconciliation.json'),
    JSON.stringify(
      reconciliationReport(pkg, source, written.size, processed, targetPerOrganization, rejected, notes),
      null,
      2,
    ) + '\n',
  );
  return {
    organizations: written.size,
    members: processed,
    findings: findingCount,
    rejectedRows: rejected.length,
    notes,
  };
}

function readKind(pkg: Package, kind: PackageFileKind) {
  if (!pkg.files.some((f) => f.kind === kind)) return [];
  return pkg.rows(kind, pkg.proposeMapping(kind));
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

async function appendFindings(path: string, out: CsvFileWriter): Promise<number> {
  // The temporary file was written by CsvFileWriter: one record per line (line breaks inside values are
  // quoted, so a record may span lines; copy raw text and count records by header-less lines of complete quotes).
  let count = 0;
  let pending = '';
  let first = true;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    pending = pending === '' ? line : `${pending}\n${line}`;
    if ((pending.match(/"/g)?.length ?? 0) % 2 === 1) continue;
    out.writeRaw(pending + '\n');
    pending = '';
    count++;
  }
  return count;
}

function memberRow(record: MemberRecord): string[] {
  const v = record.values;
  return [
    v.legacyId,
    v.fullName,
    v.gender,
    v.birthDate,
    v.citizenId,
    v.phone,
    v.email,
    v.ethnicityCode,
    v.religion,
    v.hometownProvinceCode,
    v.hometownCommuneCode,
    v.residenceProvinceCode,
    v.residenceCommuneCode,
    v.admissionDate,
    v.officialDate,
    v.partyCardNo,
    v.status,
    v.orgLegacyId,
  ];
}

function organizationRow(record: OrganizationRecord): string[] {
  const v = record.values;
  return [v.legacyId, v.name, v.type, v.parentLegacyId, v.provinceCode, v.communeCode, v.status];
}

function findingRow(f: Finding): string[] {
  return [f.recordType, f.legacyId, f.rule, f.field ?? '', f.severity, f.value, f.suggested ?? ''];
}

function reconciliationReport(
  pkg: Package,
  source: SourceCounts,
  targetOrganizations: number,
  targetMembers: number,
  targetPerOrganization: Map<string, number>,
  rejected: RejectedRow[],
  notes: string[],
) {
  const orgCodes = [
    ...new Set([...source.membersPerOrganization.keys(), ...targetPerOrganization.keys()]),
  ].sort();
  return {
    package: pkg.path,
    shape: pkg.shape,
    files: pkg.files.map((f) => ({ kind: f.kind, name: f.name, bytes: f.size, sha256: f.sha256 ?? null })),
    source: { organizationRows: source.organizations, memberRows: source.members },
    target: { organizations: targetOrganizations, members: targetMembers },
    perOrganization: orgCodes.map((code) => ({
      organization: code,
      sourceMembers: source.membersPerOrganization.get(code) ?? 0,
      targetMembers: targetPerOrganization.get(code) ?? 0,
    })),
    rejectedRows: rejected.map((r) => ({
      file: r.file,
      row: r.rowNumber,
      column: r.column ?? null,
      reason: r.reason,
      message: r.message,
    })),
    notes,
  };
}
