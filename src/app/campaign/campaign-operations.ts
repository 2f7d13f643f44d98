import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as repo from '../../db/repos/campaign.ts';
import type { Tx } from '../../db/client.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { captureDailySnapshots } from './snapshot-scheduler.ts';

/** Campaigns are set by the centre: system administrators (role 1) with a national scope. */
function requireNationalAdmin(ctx: Ctx): void {
  requirePermission(ctx, 'account.manage');
  if (ctx.scope.kind !== 'national') throw new AppError('FORBIDDEN_ACTION', { reason: 'NATIONAL_ONLY' });
}

/**
 * Dates in order, and each excluded id a top-level committee (Plan 291-KH/BTCTW leaves out whole committees,
 * e.g. the Army and the Central Public Security party committees: never a unit inside a province).
 */
async function validate(tx: Tx, input: repo.CampaignInput): Promise<repo.CampaignInput> {
  const issues: Array<{ path: string; message: string }> = [];
  if (input.endsOn < input.startsOn)
    issues.push({ path: 'endsOn', message: 'Ngày kết thúc phải sau ngày bắt đầu' });
  const excluded = [...new Set(input.excludedRootIds)];
  const topLevel = await repo.findTopLevelIds(tx, excluded);
  const invalid = excluded.filter((id) => !topLevel.includes(id));
  if (invalid.length > 0)
    issues.push({
      path: 'excludedRootIds',
      message: `Chỉ loại trừ được đảng bộ trực thuộc Trung ương (cấp cao nhất); mã không hợp lệ: ${invalid.join(', ')}`,
    });
  if (issues.length > 0)
    throw new AppError('VALIDATION_FAILED', {
      issues,
      ...(invalid.length > 0 ? { reason: 'EXCLUDED_NOT_TOP_LEVEL', invalidIds: invalid } : {}),
    });
  return { ...input, excludedRootIds: excluded };
}

export async function listCampaigns(ctx: Ctx) {
  requirePermission(ctx, 'org.read');
  return repo.listCampaigns(ctx.db);
}

export async function getCurrentCampaign(ctx: Ctx) {
  requirePermission(ctx, 'org.read');
  return repo.getOpenCampaign(ctx.db);
}

/** The open campaign, or NOT_FOUND (reason NO_OPEN_CAMPAIGN) for the operations that need one. */
export async function requireOpenCampaign(ctx: Pick<Ctx, 'db'>): Promise<repo.Campaign> {
  const campaign = await repo.getOpenCampaign(ctx.db);
  if (!campaign) throw new AppError('NOT_FOUND', { entity: 'campaign', reason: 'NO_OPEN_CAMPAIGN' });
  return campaign;
}

export async function createCampaign(ctx: Ctx, input: repo.CampaignInput) {
  requireNationalAdmin(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const created = await repo.insertCampaign(tx, await validate(tx, input), ctx.actor.id);
    // The burndown starts the day the campaign opens, without waiting for the scheduler's next tick.
    await captureDailySnapshots(tx);
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'campaign.create',
      entity: 'system',
      entityId: `campaign:${created.id}`,
      provinceCode: null,
      after: created,
      requestId: ctx.requestId,
    });
    return created;
  });
}

export async function updateCampaign(ctx: Ctx, id: number, input: repo.CampaignInput, version: number) {
  requireNationalAdmin(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const before = await repo.getCampaign(tx, id);
    if (before.status !== 'open') throw new AppError('INVALID_OPERATION', { reason: 'CAMPAIGN_CLOSED' });
    const after = await repo.updateCampaign(tx, id, await validate(tx, input), version);
    // The covered committees may have changed: today's national point follows.
    await captureDailySnapshots(tx);
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'campaign.update',
      entity: 'system',
      entityId: `campaign:${id}`,
      provinceCode: null,
      before,
      after,
      requestId: ctx.requestId,
    });
    return after;
  });
}

export async function closeCampaign(ctx: Ctx, id: number, version: number) {
  requireNationalAdmin(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const before = await repo.getCampaign(tx, id);
    const after = await repo.closeCampaign(tx, id, version, ctx.actor.id);
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'campaign.close',
      entity: 'system',
      entityId: `campaign:${id}`,
      provinceCode: null,
      before: { status: before.status },
      after: { status: after.status },
      requestId: ctx.requestId,
    });
    return after;
  });
}
