import { sql } from 'kysely';
import type { Tx } from '../client.ts';

export type ImportRunStatus = 'running' | 'succeeded' | 'failed' | 'rejected' | 'rolled_back';

export interface NewImportRun {
  provinceCode: string | null;
  packageName: string;
  packageShape: string;
  sourceFiles: unknown;
  mapping: unknown;
  acceptRejected: boolean;
  actorId: number | null;
  actorName: string | null;
  jobId: string | null;
}

export interface RejectedRowRecord {
  file: string;
  rowNumber: number;
  column: string | null;
  reason: string;
  message: string;
}

/** Rejected rows kept per run; the count stays exact beyond it. */
export const STORED_REJECTED_ROWS_LIMIT = 10_000;

export async function insertImportRun(tx: Tx, run: NewImportRun): Promise<number> {
  const row = await tx
    .insertInto('import_runs')
    .values({
      province_code: run.provinceCode,
      package_name: run.packageName,
      package_shape: run.packageShape,
      source_files: JSON.stringify(run.sourceFiles),
      mapping: JSON.stringify(run.mapping),
      accept_rejected: run.acceptRejected,
      counts: JSON.stringify({}),
      report: null,
      error_code: null,
      error_message: null,
      actor_id: run.actorId,
      actor_name: run.actorName,
      job_id: run.jobId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishImportRun(
  tx: Tx,
  id: number,
  outcome: {
    status: Exclude<ImportRunStatus, 'running'>;
    counts?: unknown;
    report?: unknown;
    rejectedCount?: number;
    errorCode?: string | null;
    errorMessage?: string | null;
  },
): Promise<void> {
  await tx
    .updateTable('import_runs')
    .set({
      status: outcome.status,
      ...(outcome.counts !== undefined ? { counts: JSON.stringify(outcome.counts) } : {}),
      ...(outcome.report !== undefined ? { report: JSON.stringify(outcome.report) } : {}),
      ...(outcome.rejectedCount !== undefined ? { rejected_count: outcome.rejectedCount } : {}),
      error_code: outcome.errorCode ?? null,
      error_message: outcome.errorMessage ?? null,
      finished_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Runs of the province left 'running' by a process that died: the caller holds the province's import
 * lock, so no other run of it is alive. Their transaction was rolled back by the database.
 */
export async function markInterruptedRuns(tx: Tx, provinceCode: string, exceptId: number): Promise<number> {
  const result = await tx
    .updateTable('import_runs')
    .set({
      status: 'failed',
      error_code: 'INTERRUPTED',
      error_message: 'Lần nhập bị gián đoạn (tiến trình dừng đột ngột); dữ liệu không thay đổi.',
      finished_at: sql<Date>`now()`,
    })
    .where('province_code', '=', provinceCode)
    .where('status', '=', 'running')
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertRejectedRows(tx: Tx, runId: number, rows: RejectedRowRecord[]): Promise<void> {
  const kept = rows.slice(0, STORED_REJECTED_ROWS_LIMIT);
  for (let start = 0; start < kept.length; start += 1000) {
    await tx
      .insertInto('import_rejected_rows')
      .values(
        kept.slice(start, start + 1000).map((r) => ({
          run_id: runId,
          file: r.file,
          row_number: r.rowNumber,
          column_name: r.column,
          reason: r.reason,
          message: r.message,
        })),
      )
      .execute();
  }
}

export interface ImportRunRow {
  id: number;
  provinceCode: string | null;
  packageName: string;
  packageShape: string;
  sourceFiles: unknown;
  mapping: unknown;
  acceptRejected: boolean;
  status: ImportRunStatus;
  counts: unknown;
  rejectedCount: number;
  errorCode: string | null;
  errorMessage: string | null;
  actorName: string | null;
  jobId: string | null;
  startedAt: string;
  finishedAt: string | null;
}

const RUN_COLUMNS = [
  'id',
  'province_code',
  'package_name',
  'package_shape',
  'source_files',
  'mapping',
  'accept_rejected',
  'status',
  'counts',
  'rejected_count',
  'error_code',
  'error_message',
  'actor_name',
  'job_id',
  'started_at',
  'finished_at',
] as const;

type RunSelect = {
  id: number;
  province_code: string | null;
  package_name: string;
  package_shape: string;
  source_files: unknown;
  mapping: unknown;
  accept_rejected: boolean;
  status: ImportRunStatus;
  counts: unknown;
  rejected_count: number;
  error_code: string | null;
  error_message: string | null;
  actor_name: string | null;
  job_id: string | null;
  started_at: Date;
  finished_at: Date | null;
};

function toRun(row: RunSelect): ImportRunRow {
  return {
    id: Number(row.id),
    provinceCode: row.province_code,
    packageName: row.package_name,
    packageShape: row.package_shape,
    sourceFiles: row.source_files,
    mapping: row.mapping,
    acceptRejected: row.accept_rejected,
    status: row.status,
    counts: row.counts,
    rejectedCount: Number(row.rejected_count),
    errorCode: row.error_code,
    errorMessage: row.error_message,
    actorName: row.actor_name,
    jobId: row.job_id,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/** Runs, newest first; `provinceCode` limits them to one province (a province account's scope). */
export async function listImportRuns(
  tx: Tx,
  filter: { provinceCode?: string | undefined; limit: number },
): Promise<ImportRunRow[]> {
  let query = tx.selectFrom('import_runs').select(RUN_COLUMNS);
  if (filter.provinceCode) query = query.where('province_code', '=', filter.provinceCode);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => toRun(r));
}

export async function findImportRun(
  tx: Tx,
  id: number,
): Promise<(ImportRunRow & { report: unknown }) | undefined> {
  const row = await tx
    .selectFrom('import_runs')
    .select([...RUN_COLUMNS, 'report'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...toRun(row), report: row.report } : undefined;
}

export async function listRejectedRows(tx: Tx, runId: number, limit: number): Promise<RejectedRowRecord[]> {
  const rows = await tx
    .selectFrom('import_rejected_rows')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('file')
    .orderBy('row_number')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    file: r.file,
    rowNumber: r.row_number,
    column: r.column_name,
    reason: r.reason,
    message: r.message,
  }));
}
