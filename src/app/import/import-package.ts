import { basename } from 'node:path';
import { sql } from 'kysely';
import { createAdminUnitIndex } from '../../core/codes/admin-units.ts';
import type { CodeLists } from '../../core/codes/code-lists.ts';
import { AppError } from '../../core/errors.ts';
import { isCanonicalColumn, LEGACY_ID_COLUMN } from '../../core/import/column-mapping.ts';
import { PackageReadError } from '../../core/import/package-read-error.ts';
import { compileMapping } from '../../core/import/package-row.ts';
import { createLegacyMemberParser, parseLegacyOrganization } from '../../core/import/parse-legacy-rows.ts';
import { createChecksumAccumulator, createSourceRowEncoder } from '../../core/import/row-checksum.ts';
import { memberNameKeys } from '../../core/members/member.ts';
import { memoizeText } from '../../core/text/memoize.ts';
import type { DbHandle, Tx } from '../../db/client.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import {
  allocateOrganizationIds,
  countMembersPerOrganization,
  countVerbatimMembers,
  createStagingTables,
  DIRECT_MEMBER_COLUMNS,
  findProvinceRoot,
  listImportedOrganizations,
  mergeStagedMembers,
  mergeStagedOrganizations,
  organizationIdsByLegacyCode,
  provinceHasMembers,
  provincesOfOrganizationCodes,
  repairOrganizationPaths,
  STAGE_MEMBER_COLUMNS,
  STAGE_ORG_COLUMNS,
  tryLockProvinceImport,
} from '../../db/repos/import-merge.ts';
import {
  finishImportRun,
  insertImportRun,
  insertRejectedRows,
  markInterruptedRuns,
} from '../../db/repos/import-runs.ts';
import type { Scope } from '../../db/repos/scope.ts';
import type { TextEncoding } from './decode-text.ts';
import {
  fromReaderRejection,
  missingIdRejection,
  rawRecord,
  resolveMappings,
  type ImportRejectedRow,
  type MappingOverrides,
} from './package-mapping.ts';
import {
  organizationKeys,
  planOrganizations,
  stagedOrganizationValues,
  type SourceOrganization,
} from './plan-organizations.ts';
import { openPackage, type Package } from './read-package.ts';
import {
  reconcileOrganizations,
  REPORT_REJECTED_ROWS_LIMIT,
  type KindTotals,
  type ReconciliationReport,
} from './reconciliation.ts';
import { stagingCsvLine } from './staging-csv.ts';

export interface ImportDeps {
  handle: DbHandle;
  codes: CodeLists;
  actor: { id: number | null; name: string };
  /** The caller's scope: a province account imports only its own province; national: any. */
  scope?: Scope;
  requestId?: string | null;
  jobId?: string | null;
  /**
   * Called after the run committed. The data-quality engine hooks in here (the lead connects it:
   * "the import triggers the data-quality engine when it finishes"). A failure of the hook does not undo
   * the import, which is already committed; it is reported to the caller.
   */
  onImported?: (result: ImportResult) => Promise<void> | void;
}

export type ImportPhase = 'reading-organizations' | 'organizations' | 'members' | 'merging' | 'reconciling';

export interface ImportProgress {
  phase: ImportPhase;
  /** Rows processed in this phase. */
  done: number;
  /** Estimated rows of this phase (members: from the bytes read so far), null when unknown. */
  total: number | null;
}

export interface ImportOptions {
  path: string;
  /** Shown in reports (an upload keeps the user's file name). Default: the path's last segment. */
  packageName?: string;
  provinceCode?: string;
  encoding?: TextEncoding;
  mappingOverrides?: MappingOverrides;
  /** Load the accepted rows even though some were rejected (the user saw the list and chose so). */
  acceptRejectedRows: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportResult {
  runId: number;
  provinceCode: string;
  report: ReconciliationReport;
}

const MEMBER_CHUNK_CHARS = { postgres: 256 * 1024, pglite: 4 * 1024 * 1024 } as const;

/** Provinces being imported by this process, per database handle: a second import is refused at once. */
const importsInProcess = new WeakMap<DbHandle, Set<string>>();

function importInProgress(provinceCode: string): AppError {
  return new AppError('IMPORT_REJECTED', {
    reason: 'IMPORT_IN_PROGRESS',
    provinceCode,
    message: `Đang có một lần nhập dữ liệu khác của tỉnh ${provinceCode}. Vui lòng chờ lần nhập đó kết thúc rồi thử lại.`,
  });
}

/** A package-level problem (unreadable file, missing columns…) as the operation error the callers show. */
export function packageRejected(error: PackageReadError, runId?: number): AppError {
  const { reason: detail, ...details } = error.details as Record<string, unknown>;
  return new AppError('IMPORT_REJECTED', {
    ...details,
    reason: error.code,
    // The reader's own explanation (e.g. the archive library's message for a corrupt file) is kept beside it.
    ...(detail !== undefined ? { detail } : {}),
    message: error.messageVi,
    ...(runId !== undefined ? { runId } : {}),
  });
}

class RowsRejected extends Error {
  constructor(readonly rejected: ImportRejectedRow[]) {
    super(`${rejected.length} rows rejected`);
  }
}

/**
 * Imports one 3.0 export package (spec/legacy-v3-export.md) into the province, all or nothing:
 * organizations first (tree rebuilt from parent codes), then members, both COPYed into staging tables and
 * merged set-based in ONE transaction (members of a province that has none yet are COPYed straight into
 * `members`, see loadMembers). Keyed on the legacy ids, so importing the same package again changes
 * nothing; a row whose raw legacy value changed is updated (source wins, version + 1). Rejected rows stop the
 * run unless `acceptRejectedRows`. A killed process leaves the database as before (the transaction dies
 * with its session). The run, its counts and rejected rows are recorded in import_runs either way.
 */
export async function importPackage(deps: ImportDeps, options: ImportOptions): Promise<ImportResult> {
  let pkg: Package;
  try {
    pkg = await openPackage(options.path, options.encoding ? { encoding: options.encoding } : {});
  } catch (error) {
    throw error instanceof PackageReadError ? packageRejected(error) : error;
  }
  const { handle } = deps;
  const packageName = options.packageName ?? basename(options.path);
  const sourceFiles = pkg.files.map((f) => ({
    kind: f.kind,
    name: f.name,
    size: f.size,
    sha256: f.sha256 ?? null,
  }));
  let runId: number | undefined;
  let held: { set: Set<string>; province: string } | undefined;
  let provinceCode: string | undefined = options.provinceCode;
  const rejected: ImportRejectedRow[] = [];
  try {
    const mappings = resolveMappings(pkg, options.mappingOverrides);
    const adminUnits = createAdminUnitIndex(deps.codes);
    const allowExcelSerial = pkg.shape === 'xlsx';

    // Organizations are few (a province has thousands, not millions): read them whole to build the tree.
    const orgChecksum = createChecksumAccumulator();
    const orgs: SourceOrganization[] = [];
    let orgSourceRows = 0;
    let orgRejected = 0;
    if (mappings.organizations) {
      for await (const item of pkg.rows('organizations', mappings.organizations)) {
        orgSourceRows++;
        if (item.type === 'rejected') {
          rejected.push(fromReaderRejection(item));
          orgRejected++;
          continue;
        }
        if ((item.values.MA_TO_CHUC ?? '').trim() === '') {
          rejected.push(missingIdRejection(item, LEGACY_ID_COLUMN.organizations));
          orgRejected++;
          continue;
        }
        orgChecksum.addRow(item);
        const raw = rawRecord(item);
        orgs.push({
          parsed: parseLegacyOrganization(raw, adminUnits, { allowExcelSerial }),
          raw,
          rowNumber: item.rowNumber,
        });
      }
      options.onProgress?.({ phase: 'reading-organizations', done: orgs.length, total: orgs.length });
    }

    provinceCode = await decideProvince(deps, pkg, options, orgs);
    if (deps.scope && deps.scope.kind === 'subtree') {
      const isProvinceAccount =
        deps.scope.provinceCode === provinceCode && deps.scope.path.split('/').length === 3;
      if (!isProvinceAccount) throw new AppError('NOT_FOUND', { entity: 'province', provinceCode });
    }
    // Claimed before any write: on PGlite a second import would otherwise queue behind the first one's
    // transaction (one connection) instead of being refused.
    const set = importsInProcess.get(handle) ?? new Set<string>();
    importsInProcess.set(handle, set);
    if (set.has(provinceCode)) throw importInProgress(provinceCode);
    set.add(provinceCode);
    held = { set, province: provinceCode };

    runId = await insertImportRun(handle.db, {
      provinceCode,
      packageName,
      packageShape: pkg.shape,
      sourceFiles,
      mapping: mappings,
      acceptRejected: options.acceptRejectedRows,
      actorId: deps.actor.id,
      actorName: deps.actor.name,
      jobId: deps.jobId ?? null,
    });
    const currentRunId = runId;
    const province = provinceCode;

    const report = await handle.session((session) =>
      session.db.transaction().execute(async (tx) => {
        if (!(await tryLockProvinceImport(tx, province))) throw importInProgress(province);
        if (handle.driver === 'postgres') {
          // A client that vanishes without closing its socket must not hold the province for ever.
          await sql`SET LOCAL idle_in_transaction_session_timeout = '10min'`.execute(tx);
        }
        await markInterruptedRuns(tx, province, currentRunId);
        await createStagingTables(tx);

        const orgTotals = await loadOrganizations(
          tx,
          (t, c, rows) => session.copyFrom(t, c, rows),
          province,
          orgs,
        );
        options.onProgress?.({ phase: 'organizations', done: orgs.length, total: orgs.length });

        const members = mappings.members
          ? await loadMembers(tx, (t, c, rows) => session.copyFrom(t, c, rows), {
              pkg,
              mapping: mappings.members,
              provinceCode: province,
              deps,
              allowExcelSerial,
              adminUnits,
              rejected,
              chunkChars: MEMBER_CHUNK_CHARS[handle.driver],
              onProgress: options.onProgress,
            })
          : undefined;

        if (rejected.length > 0 && !options.acceptRejectedRows) throw new RowsRejected(rejected);

        options.onProgress?.({ phase: 'reconciling', done: 0, total: null });
        const perOrg = await countMembersPerOrganization(tx, province);
        const memberTotals: KindTotals = members
          ? {
              ...members.totals,
              // Loaded straight into an empty province, every stored member is a row of this COPY, which stores
              // every line as sent or fails: counting them back is the check. Otherwise compare raw rows.
              matched: members.isDirect
                ? perOrg.reduce((sum, o) => sum + o.members, 0)
                : await countVerbatimMembers(tx, province),
              targetTotal: perOrg.reduce((sum, o) => sum + o.members, 0),
            }
          : {
              sourceRows: 0,
              rejected: 0,
              accepted: 0,
              inserted: 0,
              updated: 0,
              unchanged: 0,
              matched: 0,
              targetTotal: perOrg.reduce((sum, o) => sum + o.members, 0),
            };
        const organizations: KindTotals = {
          sourceRows: orgSourceRows,
          rejected: orgRejected,
          accepted: orgs.length,
          ...orgTotals.counts,
          matched: orgTotals.matched,
          targetTotal: perOrg.length,
        };
        const report: ReconciliationReport = {
          runId: currentRunId,
          provinceCode: province,
          packageName,
          generatedAt: new Date().toISOString(),
          files: pkg.files.map((f) => ({
            kind: f.kind,
            name: f.name,
            size: f.size,
            sha256: f.sha256 ?? null,
          })),
          totals: { organizations, members: memberTotals },
          checksums: {
            organizations: toChecksum(orgChecksum.digest()),
            members: toChecksum(members?.checksum ?? createChecksumAccumulator().digest()),
          },
          perOrganization: reconcileOrganizations(members?.byOrgCode ?? new Map(), perOrg),
          rejectedRows: rejected.slice(0, REPORT_REJECTED_ROWS_LIMIT),
          rejectedTotal: rejected.length,
          reattachedOrganizations: orgTotals.reattached,
          isComplete:
            organizations.matched === organizations.accepted &&
            memberTotals.matched === memberTotals.accepted,
        };
        if (!report.isComplete) {
          // Cannot happen unless the merge is wrong: refuse to commit a run that lost rows.
          throw new Error(`import verification failed: ${JSON.stringify(report.totals)}`);
        }
        await insertRejectedRows(tx, currentRunId, rejected.map(toStoredRejection));
        await recordAudit(tx, {
          actorId: deps.actor.id,
          actorName: deps.actor.name,
          action: 'import.package',
          entity: 'system',
          entityId: currentRunId,
          provinceCode: province,
          after: {
            runId: currentRunId,
            package: report.packageName,
            files: report.files,
            totals: report.totals,
            checksums: report.checksums,
            rejected: rejected.length,
          },
          requestId: deps.requestId ?? null,
        });
        await finishImportRun(tx, currentRunId, {
          status: 'succeeded',
          counts: report.totals,
          report,
          rejectedCount: rejected.length,
        });
        return report;
      }),
    );
    const result: ImportResult = { runId: currentRunId, provinceCode: province, report };
    const written = report.totals.members.inserted + report.totals.members.updated;
    if (written >= ANALYZE_AFTER_ROWS) {
      // Plans made before the load (a first import starts from empty tables) would scan instead of seek.
      await sql`ANALYZE members, organizations`.execute(handle.db);
    }
    if (deps.onImported) await deps.onImported(result);
    return result;
  } catch (error) {
    const refusedAtOnce =
      error instanceof AppError && error.details.reason === 'IMPORT_IN_PROGRESS' && !runId;
    if (!refusedAtOnce) {
      runId ??= await insertImportRun(handle.db, {
        provinceCode: provinceCode ?? null,
        packageName,
        packageShape: pkg.shape,
        sourceFiles,
        mapping: {},
        acceptRejected: options.acceptRejectedRows,
        actorId: deps.actor.id,
        actorName: deps.actor.name,
        jobId: deps.jobId ?? null,
      }).catch(() => undefined);
      if (runId !== undefined) await recordFailure(handle, runId, error, rejected);
    }
    if (error instanceof RowsRejected) {
      throw new AppError('IMPORT_REJECTED', {
        reason: 'ROWS_REJECTED',
        runId,
        message:
          `Có ${error.rejected.length} dòng không nhập được; chưa có dữ liệu nào được ghi.` +
          ' Hãy sửa các dòng này, hoặc chọn "nhập các dòng còn lại".',
        rejectedTotal: error.rejected.length,
        rejectedRows: error.rejected.slice(0, REPORT_REJECTED_ROWS_LIMIT),
      });
    }
    if (error instanceof PackageReadError) throw packageRejected(error, runId);
    if (error instanceof AppError) throw new AppError(error.code, { ...error.details, runId });
    throw error;
  } finally {
    held?.set.delete(held.province);
  }
}

/** Members written by one run from which the planner statistics are refreshed right after it commits. */
const ANALYZE_AFTER_ROWS = 10_000;

const toChecksum = (d: { count: number; checksum: string }) => ({ rows: d.count, sha256Sum: d.checksum });

const toStoredRejection = (r: ImportRejectedRow) => ({
  file: r.file,
  rowNumber: r.rowNumber,
  column: r.column,
  reason: r.reason,
  message: r.messageVi,
});

async function recordFailure(
  handle: DbHandle,
  runId: number,
  error: unknown,
  rejected: ImportRejectedRow[],
): Promise<void> {
  const status = error instanceof RowsRejected ? 'rejected' : 'failed';
  const code =
    error instanceof RowsRejected
      ? 'ROWS_REJECTED'
      : error instanceof PackageReadError
        ? error.code
        : error instanceof AppError
          ? typeof error.details.reason === 'string'
            ? error.details.reason
            : error.code
          : 'INTERNAL';
  const message =
    error instanceof PackageReadError
      ? error.messageVi
      : error instanceof AppError && typeof error.details.message === 'string'
        ? error.details.message
        : error instanceof Error
          ? error.message
          : String(error);
  try {
    await handle.db.transaction().execute(async (tx) => {
      await insertRejectedRows(tx, runId, rejected.map(toStoredRejection));
      await finishImportRun(tx, runId, {
        status,
        rejectedCount: rejected.length,
        errorCode: code,
        errorMessage: message,
      });
    });
  } catch {
    // The run row stays 'running'; the next run of the province marks it interrupted.
  }
}

async function decideProvince(
  deps: ImportDeps,
  pkg: Package,
  options: ImportOptions,
  orgs: SourceOrganization[],
): Promise<string> {
  const root =
    orgs.find(
      (o) => o.parsed.parentLegacyCode === null && (o.parsed.type === 'DBT' || o.parsed.type === 'DUTW'),
    ) ?? orgs.find((o) => o.parsed.parentLegacyCode === null);
  const fromPackage = root?.parsed.provinceCode ?? null;
  if (options.provinceCode) {
    if (fromPackage && fromPackage !== options.provinceCode) {
      throw new AppError('IMPORT_REJECTED', {
        reason: 'PROVINCE_MISMATCH',
        provinceCode: options.provinceCode,
        packageProvinceCode: fromPackage,
        message: `Gói dữ liệu là của tỉnh có mã ${fromPackage}, không phải tỉnh ${options.provinceCode} đã chọn.`,
      });
    }
    return options.provinceCode;
  }
  if (fromPackage) return fromPackage;
  if (deps.scope?.kind === 'subtree') return deps.scope.provinceCode;
  if (orgs.length === 0 && pkg.files.some((f) => f.kind === 'members')) {
    // Members only: the province whose organizations carry the codes the first members name.
    const codes = new Set<string>();
    const mapping = pkg.proposeMapping('members');
    if (mapping.missingRequired.length === 0) {
      for await (const item of pkg.rows('members', mapping)) {
        if (item.type === 'row' && item.values.MA_TO_CHUC) codes.add(item.values.MA_TO_CHUC.trim());
        if (codes.size >= 200) break;
      }
    }
    const provinces = await provincesOfOrganizationCodes(deps.handle.db, [...codes]);
    if (provinces.length === 1) return provinces[0]!;
  }
  throw new AppError('IMPORT_REJECTED', {
    reason: 'PROVINCE_UNKNOWN',
    message:
      'Không xác định được tỉnh của gói dữ liệu (không có đảng bộ tỉnh với mã đơn vị hành chính hợp lệ).' +
      ' Hãy chọn tỉnh khi nhập.',
  });
}

async function loadOrganizations(
  tx: Tx,
  copyFrom: (table: string, columns: string[], chunks: Iterable<string>) => Promise<void>,
  provinceCode: string,
  orgs: SourceOrganization[],
): Promise<{
  counts: Pick<KindTotals, 'inserted' | 'updated' | 'unchanged'>;
  matched: number;
  reattached: string[];
}> {
  if (orgs.length === 0)
    return { counts: { inserted: 0, updated: 0, unchanged: 0 }, matched: 0, reattached: [] };
  const existing = await listImportedOrganizations(tx, provinceCode);
  const rootId = await findProvinceRoot(tx, provinceCode);
  const root = rootId === null ? null : (existing.find((e) => e.id === rootId) ?? null);
  const existingKeys = new Set(existing.map((e) => e.legacyKey));
  const newCount = organizationKeys(orgs).filter((k) => !existingKeys.has(k)).length;
  const fresh = await allocateOrganizationIds(tx, newCount);
  let next = 0;
  const plan = planOrganizations(orgs, existing, root ? { id: root.id, path: root.path } : null, () => {
    const id = fresh[next++];
    if (id === undefined) throw new Error('organization id allocation exhausted');
    return id;
  });
  const changed = plan.organizations.filter((p) => !p.isUnchanged);
  let counts = { inserted: 0, updated: 0 };
  if (changed.length > 0) {
    await copyFrom(
      'import_stage_orgs',
      [...STAGE_ORG_COLUMNS],
      chunkLines(changed.map(stagedOrganizationValues)),
    );
    counts = await mergeStagedOrganizations(tx, provinceCode);
    await repairOrganizationPaths(tx, provinceCode);
  }
  // Verify: every accepted row is now stored under its key with the identical raw row.
  const after = new Map((await listImportedOrganizations(tx, provinceCode)).map((e) => [e.legacyKey, e]));
  const matched = plan.organizations.filter((p) => {
    const stored = after.get(p.key)?.legacyRaw;
    return (
      stored !== undefined &&
      stored !== null &&
      JSON.stringify(sortKeys(stored)) === JSON.stringify(sortKeys(p.source.raw))
    );
  }).length;
  return {
    counts: { ...counts, unchanged: plan.organizations.length - changed.length },
    matched,
    reattached: plan.reattached,
  };
}

const sortKeys = (record: Record<string, string>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function* chunkLines(rows: Array<ReadonlyArray<string | number | boolean | null>>): Generator<string> {
  let buffer = '';
  for (const row of rows) {
    buffer += stagingCsvLine(row);
    if (buffer.length > 1024 * 1024) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

interface MemberLoadInput {
  pkg: Package;
  mapping: NonNullable<ReturnType<typeof resolveMappings>['members']>;
  provinceCode: string;
  deps: ImportDeps;
  allowExcelSerial: boolean;
  adminUnits: ReturnType<typeof createAdminUnitIndex>;
  rejected: ImportRejectedRow[];
  chunkChars: number;
  onProgress: ImportOptions['onProgress'];
}

/**
 * Streams the member rows to the database while they are read: parsed, checksummed and written as COPY lines
 * in one pass, in bounded chunks (COPY backpressure holds the reader), so memory does not grow with the file.
 * A province without members yet is loaded straight into `members` (one COPY, the server inserting while the
 * file is read); otherwise rows go to the staging table and are merged (insert new, update changed, keep the
 * rest). Both give the same rows: the organization of a row is its legacy code's organization in the
 * province, or the province root.
 */
async function loadMembers(
  tx: Tx,
  copyFrom: (table: string, columns: string[], chunks: AsyncIterable<string>) => Promise<void>,
  input: MemberLoadInput,
): Promise<{
  totals: Pick<KindTotals, 'sourceRows' | 'rejected' | 'accepted' | 'inserted' | 'updated' | 'unchanged'>;
  checksum: { count: number; checksum: string };
  byOrgCode: Map<string, number>;
  /** Loaded straight into an empty province: every member of the province is a row of this run. */
  isDirect: boolean;
}> {
  const { pkg, mapping, deps, rejected } = input;
  const file = pkg.files.find((f) => f.kind === 'members');
  const fileSize = file?.size ?? 0;
  const rootId = await findProvinceRoot(tx, input.provinceCode);
  const isDirect = rootId !== null && !(await provinceHasMembers(tx, input.provinceCode));
  const orgIds = isDirect ? await organizationIdsByLegacyCode(tx, input.provinceCode) : null;
  const encoder = createSourceRowEncoder(compileMapping(mapping, file?.name ?? ''));
  const parse = createLegacyMemberParser(deps.codes, input.adminUnits, {
    allowExcelSerial: input.allowExcelSerial,
  });
  const nameKeys = memoizeText(memberNameKeys);
  // The parser reads canonical names. An unmapped column headed with one (the user unmapped it) reaches it
  // through the raw record, as before; otherwise the mapped values are the raw record's canonical part.
  const mapped = new Set(mapping.columns.map((c) => c.canonical));
  const isShadowed = mapping.columns.some(
    (c) => !c.canonical && isCanonicalColumn('members', c.header) && !mapped.has(c.header),
  );
  const byOrgCode = new Map<string, number>();
  let sourceRows = 0;
  let accepted = 0;
  let rejectedCount = 0;
  let bytesSeen = 0;
  // The progress estimate compares bytes of the file with bytes read: a row's JSON as a CSV field, minus its
  // keys and quotes (`""KEY"":""value"",` against `value,`), is about its CSV line.
  const keyOverhead = mapping.columns.reduce(
    (sum, c) => sum + Buffer.byteLength(c.canonical ?? c.header) + 9,
    3,
  );

  async function* chunks(): AsyncGenerator<string> {
    let buffer = '';
    for await (const batch of pkg.rowBatches('members', mapping, { rejectDuplicateIds: true })) {
      for (const item of batch) {
        sourceRows++;
        if (item.type === 'rejected') {
          rejected.push(fromReaderRejection(item));
          rejectedCount++;
          continue;
        }
        const legacyId = (item.values.MA_DANG_VIEN ?? '').trim();
        if (legacyId === '') {
          rejected.push(missingIdRejection(item, LEGACY_ID_COLUMN.members));
          rejectedCount++;
          continue;
        }
        const rawJsonCsv = encoder.encode(item);
        const fields: Readonly<Record<string, string | undefined>> = isShadowed
          ? rawRecord(item)
          : item.values;
        const p = parse(fields);
        if (p.orgLegacyCode) byOrgCode.set(p.orgLegacyCode, (byOrgCode.get(p.orgLegacyCode) ?? 0) + 1);
        bytesSeen += Math.max(1, Buffer.byteLength(rawJsonCsv) - keyOverhead);
        const name = nameKeys(p.fullName);
        buffer += stagingCsvLine(
          [
            ...(orgIds
              ? [input.provinceCode, (p.orgLegacyCode && orgIds.get(p.orgLegacyCode)) || rootId, legacyId]
              : [item.rowNumber, legacyId, p.orgLegacyCode]),
            p.fullName,
            name.nameSearch,
            name.nameSort,
            p.otherName,
            p.gender,
            p.birthDate,
            p.birthPlace,
            p.hometown,
            p.hometownProvinceCode,
            p.hometownCommuneCode,
            p.residence,
            p.residenceProvinceCode,
            p.residenceCommuneCode,
            p.ethnicityCode,
            p.religion,
            p.citizenId,
            p.phone,
            p.email,
            p.admissionDate,
            p.officialDate,
            p.partyCardNo,
            p.generalEducation,
            p.professionalQualification,
            p.politicalTheory,
            p.occupation,
            p.status,
            p.deathDate,
            (fields.NGAY_CAP_NHAT ?? '').trim() || null,
          ],
          rawJsonCsv,
        );
        accepted++;
      }
      if (buffer.length >= input.chunkChars) {
        yield buffer;
        buffer = '';
        const estimate =
          bytesSeen > 0 ? Math.max(sourceRows, Math.round((sourceRows * fileSize) / bytesSeen)) : null;
        input.onProgress?.({ phase: 'members', done: sourceRows, total: estimate });
      }
    }
    if (buffer) yield buffer;
    input.onProgress?.({ phase: 'members', done: sourceRows, total: sourceRows });
  }

  if (isDirect) {
    await copyFrom('members', [...DIRECT_MEMBER_COLUMNS], chunks());
    input.onProgress?.({ phase: 'merging', done: accepted, total: accepted });
    return {
      totals: { sourceRows, rejected: rejectedCount, accepted, inserted: accepted, updated: 0, unchanged: 0 },
      checksum: encoder.digest(),
      byOrgCode,
      isDirect,
    };
  }
  await copyFrom('import_stage_members', [...STAGE_MEMBER_COLUMNS], chunks());
  input.onProgress?.({ phase: 'merging', done: 0, total: accepted });
  if (rootId === null) {
    throw new AppError('IMPORT_REJECTED', {
      reason: 'NO_ORGANIZATIONS',
      provinceCode: input.provinceCode,
      message: `Tỉnh ${input.provinceCode} chưa có tổ chức đảng nào: hãy nhập tệp tổ chức (to_chuc) trước hoặc cùng lúc với tệp đảng viên.`,
    });
  }
  const merged = await mergeStagedMembers(tx, input.provinceCode, rootId);
  input.onProgress?.({ phase: 'merging', done: accepted, total: accepted });
  return {
    totals: {
      sourceRows,
      rejected: rejectedCount,
      accepted,
      inserted: merged.inserted,
      updated: merged.updated,
      unchanged: accepted - merged.inserted - merged.updated,
    },
    checksum: encoder.digest(),
    byOrgCode,
    isDirect,
  };
}
