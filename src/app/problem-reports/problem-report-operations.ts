import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../../core/errors.ts';
import { relationOf } from '../../core/campaign/status-machine.ts';
import type { Tx } from '../../db/client.ts';
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
export const MAX_ATTACHMENTS_PER_REPORT = 10;

/** What a unit attaches to a problem report: a document, a scan or a screenshot. The extension decides. */
const ATTACHMENT_TYPES: Record<string, { contentType: string; magic?: readonly number[] }> = {
  pdf: { contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  png: { contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  jpg: { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  webp: { contentType: 'image/webp', magic: [0x52, 0x49, 0x46, 0x46] },
  doc: { contentType: 'application/msword', magic: [0xd0, 0xcf, 0x11, 0xe0] },
  xls: { contentType: 'application/vnd.ms-excel', magic: [0xd0, 0xcf, 0x11, 0xe0] },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  csv: { contentType: 'text/csv' },
  txt: { contentType: 'text/plain' },
};

const invalidAttachment = (reason: string, fileName: string) =>
  new AppError('VALIDATION_FAILED', { reason, fileName, issues: [{ path: 'file', message: reason }] });

/**
 * Checks one attachment: not empty, at most 3 MB, an accepted extension whose content starts as that kind of
 * file (a renamed executable is refused). Returns the content type stored and served for it.
 */
export function checkAttachment(fileName: string, bytes: Buffer): string {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const type = ATTACHMENT_TYPES[extension];
  if (!type) throw invalidAttachment('ATTACHMENT_TYPE', fileName);
  if (bytes.length === 0) throw invalidAttachment('ATTACHMENT_EMPTY', fileName);
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw invalidAttachment('ATTACHMENT_TOO_LARGE', fileName);
  if (type.magic && !type.magic.every((b, i) => bytes[i] === b))
    throw invalidAttachment('ATTACHMENT_CONTENT_MISMATCH', fileName);
  return type.contentType;
}

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

/** Writes the bytes under DATA_DIR/problem-reports/<id>/ and indexes them (in the caller's transaction). */
async function storeAttachment(
  tx: Tx,
  dataDir: string,
  reportId: number,
  f: { fileName: string; contentType: string; bytes: Buffer },
  actorId: number,
): Promise<void> {
  const dir = attachmentDir(dataDir, reportId);
  await mkdir(dir, { recursive: true });
  const storageName = randomUUID();
  // Written before the commit: a rolled-back report leaves an orphan file, never a row without its bytes.
  await writeFile(join(dir, storageName), f.bytes);
  await repo.insertAttachment(tx, {
    reportId,
    fileName: f.fileName.slice(0, 200),
    contentType: f.contentType,
    size: f.bytes.length,
    sha256: createHash('sha256').update(f.bytes).digest('hex'),
    storageName,
    actorId,
  });
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
  const files = input.attachments.map((a) => {
    const bytes = Buffer.from(a.contentBase64, 'base64');
    return { fileName: a.fileName, bytes, contentType: checkAttachment(a.fileName, bytes) };
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
    for (const f of files) await storeAttachment(tx, dataDir, reportId, f, me.id);
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

/**
 * Adds one file to a report (the multipart upload of the web UI): whoever sees the report, until it is
 * resolved, up to MAX_ATTACHMENTS_PER_REPORT files. Returns the report as getProblemReport does.
 */
export async function addAttachment(
  ctx: Ctx,
  dataDir: string,
  reportId: number,
  file: { fileName: string; bytes: Buffer },
) {
  requirePermission(ctx, 'org.read');
  await ctx.db.transaction().execute(async (tx) => {
    const report = await repo.getProblemReport(tx, ctx.scope, reportId, true); // NOT_FOUND before any detail
    const contentType = checkAttachment(file.fileName, file.bytes);
    if (report.status === 'resolved') throw new AppError('INVALID_OPERATION', { reason: 'PROBLEM_RESOLVED' });
    const existing = await repo.listAttachments(tx, reportId);
    if (existing.length >= MAX_ATTACHMENTS_PER_REPORT)
      throw new AppError('INVALID_OPERATION', {
        reason: 'TOO_MANY_ATTACHMENTS',
        max: MAX_ATTACHMENTS_PER_REPORT,
      });
    await storeAttachment(tx, dataDir, reportId, { ...file, contentType }, ctx.actor.id);
    await recordAudit(
      tx,
      audit(ctx, 'problem.attach', report, {
        fileName: file.fileName,
        contentType,
        size: file.bytes.length,
      }),
    );
  });
  return getProblemReport(ctx, reportId);
}
