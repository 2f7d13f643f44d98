import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as duplicates from '../../db/repos/duplicates.ts';
import { countProvinceMembers, hasRegisterExtract } from '../../db/repos/register.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { loadQualityEnv } from '../quality/check-stored-records.ts';
import { provinceOfScope, requireProvinceLevel } from '../reconciliation/province-of-scope.ts';
import { reconcileProvinceChunk } from '../reconciliation/reconcile-province.ts';
import { StoredRegister } from '../reconciliation/stored-register.ts';
import { detectDuplicates } from './detect-duplicates.ts';

/**
 * Duplicate detection and register reconciliation of a province as background runs with progress,
 * restartable: state lives in duplicate_runs. Detection is one pass that is safe to repeat (a restart runs
 * it again); reconciliation commits chunk by chunk with its cursor and resumes after the last chunk.
 *
 * The run is carried by the job queue (src/jobs/duplicate-run-job.ts): `requestDuplicateRun` records it and
 * hands it to `enqueue`; the job body is `runDuplicateRun`.
 */
export async function requestDuplicateRun(
  ctx: Ctx,
  input: { kind: duplicates.DuplicateRunKind; provinceCode?: string | undefined },
  enqueue: (runId: number) => Promise<void>,
): Promise<duplicates.DuplicateRun> {
  requirePermission(ctx, 'member.write');
  if (input.kind === 'reconcile') requireProvinceLevel(ctx);
  const provinceCode = provinceOfScope(ctx, input.provinceCode);
  const id = await ctx.db.transaction().execute(async (tx) => {
    if (input.kind === 'reconcile' && !(await hasRegisterExtract(tx, provinceCode))) {
      throw new AppError('INVALID_OPERATION', { reason: 'NO_REGISTER_EXTRACT' });
    }
    const active = await duplicates.findActiveRun(tx, input.kind, provinceCode);
    if (active) return { runId: active.id, created: false };
    const runId = await duplicates.insertRun(tx, {
      kind: input.kind,
      provinceCode,
      requestedBy: ctx.actor.id,
      requestedByName: ctx.actor.username,
    });
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: input.kind === 'detect' ? 'duplicate.detect.request' : 'register.reconcile.request',
      entity: 'system',
      entityId: runId,
      provinceCode,
      requestId: ctx.requestId,
    });
    return { runId, created: true };
  });
  // Queued after the commit, so the job never looks for a run it cannot see; a run found active keeps its job.
  if (id.created) await enqueue(id.runId);
  return (await duplicates.getRun(ctx.db, id.runId))!;
}

/** A run of the caller's province (any run for a national account); NOT_FOUND otherwise. */
export async function getDuplicateRun(ctx: Ctx, id: number): Promise<duplicates.DuplicateRun> {
  requirePermission(ctx, 'member.read');
  const run = await duplicates.getRun(ctx.db, id);
  if (!run || (ctx.scope.kind === 'subtree' && run.provinceCode !== ctx.scope.provinceCode)) {
    throw new AppError('NOT_FOUND', { entity: 'duplicateRun', id });
  }
  return run;
}

export async function listDuplicateRuns(ctx: Ctx) {
  requirePermission(ctx, 'member.read');
  const provinceCode = ctx.scope.kind === 'national' ? null : ctx.scope.provinceCode;
  return { items: await duplicates.listRuns(ctx.db, provinceCode) };
}

/**
 * Waits until no run is queued or running in the database (tests; the queue that carries them must be
 * started). Gives up after `timeoutMs`.
 */
export async function waitForDuplicateRuns(db: Db, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await duplicates.listUnfinishedRuns(db)).length > 0) {
    if (Date.now() > deadline) throw new Error('duplicate runs still unfinished');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The job body: runs (or resumes) one run to its end. */
export async function runDuplicateRun(
  db: Db,
  runId: number,
  options: {
    chunkSize?: number;
    /** Checked between steps: a stopped server leaves the run to be resumed from its cursor. */
    signal?: AbortSignal;
    onProgress?: (done: number, total: number | null, phase: string) => void;
  } = {},
): Promise<duplicates.DuplicateRun> {
  const run = await duplicates.getRun(db, runId);
  if (!run) throw new Error(`duplicate run ${runId} not found`);
  if (run.status === 'succeeded' || run.status === 'failed') return run;
  if (run.status === 'queued')
    await duplicates.updateRun(db, runId, { status: 'running', startedAt: new Date() });
  if (run.kind === 'detect') {
    const summary = await detectDuplicates(db, run.provinceCode, {
      onProgress: async (p) => {
        options.signal?.throwIfAborted();
        options.onProgress?.(p.done, p.total, p.phase);
        await duplicates.updateRun(db, runId, { phase: p.phase, done: p.done, total: p.total });
      },
    });
    const { stats, ...rest } = summary;
    await duplicates.updateRun(db, runId, {
      status: 'succeeded',
      phase: 'done',
      result: { ...rest, comparisons: stats.comparisons, allPairs: stats.allPairs },
      finishedAt: new Date(),
    });
  } else {
    const total = await countProvinceMembers(db, run.provinceCode);
    await duplicates.updateRun(db, runId, { phase: 'reconciling', total });
    let cursor = run.cursor;
    let done = run.done;
    let findings = (run.result as { findings?: number } | null)?.findings ?? 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const step = await db.transaction().execute(async (tx) => {
        const env = await loadQualityEnv(tx);
        const result = await reconcileProvinceChunk(tx, {
          provinceCode: run.provinceCode,
          register: new StoredRegister(tx, run.provinceCode),
          env,
          cursor,
          ...(options.chunkSize !== undefined ? { limit: options.chunkSize } : {}),
          actorId: null,
        });
        if (result.count > 0) {
          await duplicates.updateRun(tx, runId, {
            cursor: result.cursor,
            done: done + result.count,
            result: { findings: findings + result.findings },
          });
        }
        return result;
      });
      if (step.count === 0) break;
      cursor = step.cursor;
      done += step.count;
      findings += step.findings;
      options.onProgress?.(done, total, 'reconciling');
    }
    await duplicates.updateRun(db, runId, {
      status: 'succeeded',
      phase: 'done',
      result: { members: done, findings },
      finishedAt: new Date(),
    });
  }
  return (await duplicates.getRun(db, runId))!;
}
