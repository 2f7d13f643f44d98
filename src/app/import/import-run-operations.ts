import type { Writable } from 'node:stream';
import { requirePermission, type Ctx } from '../context.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { findImportRun, listImportRuns, type ImportRunRow } from '../../db/repos/import-runs.ts';
import type { ReconciliationReport } from './reconciliation.ts';
import { writeReconciliationXlsx } from './write-reconciliation-xlsx.ts';

/** A province account sees the runs of its province; a national account every run. */
const provinceOf = (ctx: Ctx) => (ctx.scope.kind === 'subtree' ? ctx.scope.provinceCode : undefined);

/** Runs and their reports list people and organizations: read with the member-read permission. */
export function listRuns(ctx: Ctx, limit: number): Promise<ImportRunRow[]> {
  requirePermission(ctx, 'member.read');
  return listImportRuns(ctx.db, { provinceCode: provinceOf(ctx), limit });
}

export async function getRun(
  ctx: Ctx,
  id: number,
): Promise<ImportRunRow & { report: ReconciliationReport | null }> {
  requirePermission(ctx, 'member.read');
  const run = await findImportRun(ctx.db, id);
  const province = provinceOf(ctx);
  if (!run || (province !== undefined && run.provinceCode !== province)) {
    throw new AppError('NOT_FOUND', { entity: 'importRun', id });
  }
  return { ...run, report: (run.report as ReconciliationReport | null) ?? null };
}

/** The reconciliation report as an Excel file. Audited as an export: it lists people and organizations. */
export async function exportRunReport(
  ctx: Ctx,
  id: number,
): Promise<{ fileName: string; write: (output: Writable) => Promise<void> }> {
  const run = await getRun(ctx, id);
  const report = run.report;
  if (!report) {
    throw new AppError('NOT_FOUND', {
      entity: 'importReport',
      id,
      message: 'Lần nhập này chưa có biên bản đối soát.',
    });
  }
  await recordAudit(ctx.db, {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action: 'import.report.export',
    entity: 'export',
    entityId: id,
    provinceCode: run.provinceCode,
    after: { runId: id, format: 'xlsx', members: report.totals.members.accepted },
    requestId: ctx.requestId,
  });
  return {
    fileName: `doi-soat-lan-nhap-${id}-tinh-${report.provinceCode}.xlsx`,
    write: (output) => writeReconciliationXlsx(report, output),
  };
}
