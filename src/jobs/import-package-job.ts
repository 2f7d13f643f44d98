import type { Ctx } from '../app/context.ts';
import type { TextEncoding } from '../app/import/decode-text.ts';
import { importPackage, type ImportDeps, type ImportPhase } from '../app/import/import-package.ts';
import type { MappingOverrides } from '../app/import/package-mapping.ts';
import { findUpload, removeUpload } from '../app/import/package-uploads.ts';
import type { CodeLists } from '../core/codes/code-lists.ts';
import { requirePermission } from '../app/context.ts';
import { AppError } from '../core/errors.ts';
import type { DbHandle } from '../db/client.ts';
import type { Scope } from '../db/repos/scope.ts';
import { JobAlreadyQueuedError, type JobFailure, type JobQueue, type JobStatus } from './queue.ts';

/**
 * The web wizard's import as a job: it goes on when the browser closes, and a server restart runs it again
 * (importPackage is all-or-nothing: the interrupted run left nothing, the next one marks it interrupted).
 */
export const IMPORT_PACKAGE_JOB = 'import-package';

export interface ImportPackagePayload {
  uploadId: string;
  path: string;
  packageName: string;
  /** The province chosen (national account) or the caller's own (province account); null: from the package. */
  provinceCode: string | null;
  /** Who may follow the job: the province of the account that started it, null for national accounts. */
  visibleToProvince: string | null;
  mappingOverrides?: MappingOverrides | undefined;
  acceptRejectedRows: boolean;
  encoding?: TextEncoding | undefined;
  actor: { id: number; name: string };
  scope: Scope;
  requestId: string;
}

export interface ImportJobResult {
  runId: number;
  provinceCode: string;
  isComplete: boolean;
}

export function registerImportPackageJob(
  queue: JobQueue,
  deps: Pick<ImportDeps, 'handle' | 'codes' | 'onImported'> & {
    handle: DbHandle;
    codes: CodeLists;
    /** Where the wizard keeps uploads: an upload whose import committed is removed from it. */
    uploadDir?: string;
  },
): void {
  queue.register<ImportPackagePayload>(IMPORT_PACKAGE_JOB, async (job, { reportProgress }) => {
    const p = job.payload;
    const result = await importPackage(
      {
        handle: deps.handle,
        codes: deps.codes,
        actor: p.actor,
        scope: p.scope,
        requestId: p.requestId,
        jobId: job.id,
        ...(deps.onImported ? { onImported: deps.onImported } : {}),
      },
      {
        path: p.path,
        packageName: p.packageName,
        acceptRejectedRows: p.acceptRejectedRows,
        ...(p.provinceCode ? { provinceCode: p.provinceCode } : {}),
        ...(p.encoding ? { encoding: p.encoding } : {}),
        ...(p.mappingOverrides ? { mappingOverrides: p.mappingOverrides } : {}),
        onProgress: (progress) => reportProgress(progress.done, progress.total, progress.phase),
      },
    );
    // The run keeps the reconciliation report and the source checksums; the uploaded files are not needed
    // again. A failed run keeps them, so it can be started again from the wizard.
    if (deps.uploadDir) await removeUpload(deps.uploadDir, p.uploadId);
    const outcome: ImportJobResult = {
      runId: result.runId,
      provinceCode: result.provinceCode,
      isComplete: result.report.isComplete,
    };
    return outcome;
  });
}

export interface StartImportInput {
  uploadId: string;
  provinceCode?: string | undefined;
  mappingOverrides?: MappingOverrides | undefined;
  acceptRejectedRows: boolean;
  encoding?: TextEncoding | undefined;
}

/** Queues the import of an upload. Only a system administrator (role 1) starts an import. */
export async function startImportJob(
  ctx: Ctx,
  services: { queue: JobQueue; uploadDir: string },
  input: StartImportInput,
): Promise<{ jobId: string }> {
  const upload = await findUpload(ctx, services.uploadDir, input.uploadId);
  // Phụ lục 01: loading a province's data is the system administrator's task (role 1), not data entry's.
  if (!ctx.actor.roles.includes(1)) throw new AppError('FORBIDDEN_ACTION', { role: 1 });
  const ownProvince = ctx.scope.kind === 'subtree' ? ctx.scope.provinceCode : null;
  if (ownProvince && input.provinceCode && input.provinceCode !== ownProvince) {
    throw new AppError('NOT_FOUND', { entity: 'province', provinceCode: input.provinceCode });
  }
  const provinceCode = ownProvince ?? input.provinceCode ?? null;
  const payload: ImportPackagePayload = {
    uploadId: upload.id,
    path: upload.path,
    packageName: upload.packageName,
    provinceCode,
    visibleToProvince: ownProvince,
    mappingOverrides: input.mappingOverrides,
    acceptRejectedRows: input.acceptRejectedRows,
    encoding: input.encoding,
    actor: { id: ctx.actor.id, name: ctx.actor.username },
    scope: ctx.scope,
    requestId: ctx.requestId,
  };
  try {
    const jobId = await services.queue.enqueue(IMPORT_PACKAGE_JOB, payload, {
      singletonKey: provinceCode ?? `upload:${upload.id}`,
    });
    return { jobId };
  } catch (error) {
    if (!(error instanceof JobAlreadyQueuedError)) throw error;
    throw new AppError('IMPORT_REJECTED', {
      reason: 'IMPORT_IN_PROGRESS',
      jobId: error.existingJobId,
      message: `Đang có một lần nhập dữ liệu khác của tỉnh ${provinceCode ?? ''}. Vui lòng chờ lần nhập đó kết thúc rồi thử lại.`,
    });
  }
}

export interface ImportJobView {
  jobId: string;
  status: JobStatus;
  packageName: string;
  provinceCode: string | null;
  phase: ImportPhase | null;
  done: number;
  total: number | null;
  result: ImportJobResult | null;
  error: JobFailure | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** How far an import job is. NOT_FOUND for a job the caller may not follow. */
export async function getImportJob(ctx: Ctx, queue: JobQueue, jobId: string): Promise<ImportJobView> {
  requirePermission(ctx, 'member.read');
  const job = /^[0-9a-f-]{36}$/.test(jobId) ? await queue.getJob(jobId) : undefined;
  const payload = job?.payload as ImportPackagePayload | undefined;
  const ownProvince = ctx.scope.kind === 'subtree' ? ctx.scope.provinceCode : null;
  if (!job || !payload || job.name !== IMPORT_PACKAGE_JOB) {
    throw new AppError('NOT_FOUND', { entity: 'job', id: jobId });
  }
  const result = (job.result as ImportJobResult | null) ?? null;
  // The province the job is about: chosen, or read from the package once the run is done.
  const province = result?.provinceCode ?? payload.provinceCode ?? payload.visibleToProvince;
  if (ownProvince !== null && province !== ownProvince) {
    throw new AppError('NOT_FOUND', { entity: 'job', id: jobId });
  }
  return {
    jobId: job.id,
    status: job.status,
    packageName: payload.packageName,
    provinceCode: payload.provinceCode,
    phase: (job.progress?.note as ImportPhase | undefined) ?? null,
    done: job.progress?.done ?? 0,
    total: job.progress?.total ?? null,
    result,
    error: job.error,
    attempts: job.attempts,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}
