import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../../core/errors.ts';
import { relationOf } from '../../core/campaign/status-machine.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { getOpenCampaign } from '../../db/repos/campaign.ts';
import * as orgs from '../../db/repos/organizations.ts';
import * as repo from '../../db/repos/problem-reports.ts';
import { requirePermission, type Ctx } from '../context.ts';

/**
 * Problem reports (vướng mắc), Plan 291-KH/BTCTW: a unit files; the province focal point (an account whose
 * scope is a top-level committee) answers or escalates to the centre (national accounts), who answers.
 * Everyone who sees a report (its unit is in their scope) may add to it; an answer from the level above
 * marks it answered; the filer or the level handling it closes it as resolved.
 */
export const MAX_ATTACHMENT_BYTES = 3 * 1024 * 1024;

export function attachmentDir(dataDir: string, reportId: number): string {
  return join(resolve(dataDir), 'problem-reports', String(reportId));
}

function who(ctx: Ctx) {
  return { id: ctx.actor.id, name: ctx.actor.fullName || ctx.actor.username };
}

function audit(
  ctx: Ctx,
  action: string,
  report: { id: number; orgId: number; provinceCode: string },
  after: unknown,
) {
  return {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action,
    entity: 'organization' as const,
    entityId: report.orgId,
    provinceCode: report.provinceCode,
    after: { problemReportId: report.id, ...(after as object) },
    requestId: ctx.requestId,
  };
}

export interface NewAttachment {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

export interface NewProblemReport {
  orgId: number;
  category: repo.ProblemCategory;
  title: string;
  body: string;
  attachments: NewAttachment[];
}

export async function createProblemReport(ctx: Ctx, dataDir: string, input: NewProblemReport) {
  requirePermission(ctx, 'org.read');
  const files = input.attachments.map((a) => ({ ...a, bytes: Buffer.from(a.contentBase64, 'base64') }));
  if (files.some((f) => f.bytes.length === 0 || f.bytes.length > MAX_ATTACHMENT_BYTES))
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'attachments', message: 'Tệp đính kèm trống hoặc lớn hơn 3 MB' }],
    });
  const id = await ctx.db.transaction().execute(async (tx) => {
    const org = await orgs.getOrganization(tx, ctx.scope, input.orgId);
    const campaign = await getOpenCampaign(tx);
    const me = who(ctx);
    const reportId = await repo.insertProblemReport(tx, {
      campaignId: campaign?.id ?? null,
      orgId: org.id,
      provinceCode: org.provinceCode,
      category: input.category,
      title: input.title.trim(),
      body: input.body.trim(),
      actorId: me.id,
      actorName: me.name,
    });
    const dir = attachmentDir(dataDir, reportId);
    if (files.length > 0) await mkdir(dir, { recursive: true });
    for (const f of files) {
      const storageName = randomUUID();
      // Written before the commit: a rolled-back report leaves an orphan file, never a row without its bytes.
      await writeFile(join(dir, storageName), f.bytes);
      await repo.insertAttachment(tx, {
        reportId,
        fileName: f.fileName.slice(0, 200),
        contentType: f.contentType.slice(0, 100) || 'application/octet-stream',
        size: f.bytes.length,
        sha256: createHash('sha256').update(f.bytes).digest('hex'),
        storageName,
        actorId: me.id,
      });
    }
    await recordAudit(
      tx,
      audit(
        ctx,
        'problem.create',
        { id: reportId, orgId: org.id, provinceCode: org.provinceCode },
        {
          category: input.category,
          title: input.title,
          attachments: files.length,
        },
      ),
    );
    return reportId;
  });
  return getProblemReport(ctx, id);
}

export async function listProblemReports(
  ctx: Ctx,
  q: {
    status?: repo.ProblemStatus | undefined;
    level?: repo.ProblemLevel | undefined;
    limit: number;
    offset: number;
  },
) {
  requirePermission(ctx, 'org.read');
  return repo.listProblemReports(ctx.db, ctx.scope, q);
}

/** What the caller may do with a report: derived from the relation of their scope to the filing unit. */
function permissionsOn(ctx: Ctx, report: repo.ProblemReport) {
  const relation = relationOf(ctx.scope.kind === 'national' ? null : ctx.scope.path, report.orgPath);
  const isNational = ctx.scope.kind === 'national';
  const isProvinceFocal = ctx.scope.kind === 'subtree' && orgs.idsOfPath(ctx.scope.path).length === 1;
  const handles = report.level === 'centre' ? isNational : relation === 'above' || isNational;
  return {
    canReply: report.status !== 'resolved',
    canEscalate: report.level === 'province' && report.status !== 'resolved' && isProvinceFocal,
    canResolve: report.status !== 'resolved' && (handles || report.createdBy === ctx.actor.id),
    handles,
  };
}

export async function getProblemReport(ctx: Ctx, id: number) {
  requirePermission(ctx, 'org.read');
  const report = await repo.getProblemReport(ctx.db, ctx.scope, id);
  const { orgPath: _path, ...rest } = report;
  return {
    ...rest,
    replies: await repo.listReplies(ctx.db, id),
    attachments: (await repo.listAttachments(ctx.db, id)).map(({ storageName: _s, ...a }) => a),
    permissions: permissionsOn(ctx, report),
  };
}

export async function actOnProblemReport(
  ctx: Ctx,
  id: number,
  input: { action: 'reply' | 'escalate' | 'resolve'; body: string; version: number },
) {
  requirePermission(ctx, 'org.read');
  await ctx.db.transaction().execute(async (tx) => {
    const report = await repo.getProblemReport(tx, ctx.scope, id, true);
    const can = permissionsOn(ctx, report);
    const me = who(ctx);
    if (input.action === 'reply') {
      if (!can.canReply) throw new AppError('INVALID_OPERATION', { reason: 'PROBLEM_RESOLVED' });
      await repo.insertReply(tx, {
        reportId: id,
        body: input.body,
        kind: 'reply',
        actorId: me.id,
        actorName: me.name,
      });
      await repo.updateProblemReport(tx, id, input.version, {
        status: can.handles ? 'answered' : 'open',
        ...(can.handles ? { assigneeId: me.id, assigneeName: me.name } : {}),
      });
    } else if (input.action === 'escalate') {
      if (!can.canEscalate) throw new AppError('FORBIDDEN_ACTION', { reason: 'ESCALATE_PROVINCE_ONLY' });
      await repo.insertReply(tx, {
        reportId: id,
        body: input.body,
        kind: 'escalation',
        actorId: me.id,
        actorName: me.name,
      });
      await repo.updateProblemReport(tx, id, input.version, {
        level: 'centre',
        status: 'open',
        assigneeId: null,
        assigneeName: null,
        escalatedBy: me.id,
      });
    } else {
      if (!can.canResolve) throw new AppError('FORBIDDEN_ACTION', { reason: 'RESOLVE_NOT_ALLOWED' });
      await repo.insertReply(tx, {
        reportId: id,
        body: input.body,
        kind: 'resolution',
        actorId: me.id,
        actorName: me.name,
      });
      await repo.updateProblemReport(tx, id, input.version, { status: 'resolved' });
    }
    await recordAudit(tx, audit(ctx, `problem.${input.action}`, report, { body: input.body }));
  });
  return getProblemReport(ctx, id);
}

export async function readAttachment(ctx: Ctx, dataDir: string, reportId: number, attachmentId: number) {
  requirePermission(ctx, 'org.read');
  await repo.getProblemReport(ctx.db, ctx.scope, reportId);
  const a = (await repo.listAttachments(ctx.db, reportId)).find((x) => x.id === attachmentId);
  if (!a) throw new AppError('NOT_FOUND', { entity: 'attachment', id: attachmentId });
  return { ...a, bytes: await readFile(join(attachmentDir(dataDir, reportId), a.storageName)) };
}
