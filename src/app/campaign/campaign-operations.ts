import { AppError } from '../../core/errors.ts';
import { isRuleCode } from '../../core/quality/catalogue.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as repo from '../../db/repos/campaign.ts';
import {
  getRuleSettingsRow,
  insertCampaignRuleSettings,
  updateCampaignRuleSettings,
} from '../../db/repos/findings.ts';
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
/**
 * A campaign as the centre sets it: its dates, the committees it leaves out, and the rules in force, given as
 * the rules switched off (absent: those of the settings in force when it is created; unchanged on an edit).
 * Its reference date is the reference date of its rules (age and overdue rules).
 */
export type CampaignSettingsInput = Omit<repo.CampaignInput, 'ruleSettingsId'> & {
  disabledRules?: string[] | undefined;
};

async function validate<T extends CampaignSettingsInput>(tx: Tx, input: T): Promise<T> {
  const issues: Array<{ path: string; message: string }> = [];
  const unknownRules = (input.disabledRules ?? []).filter((code) => !isRuleCode(code));
  if (unknownRules.length > 0)
    issues.push({
      path: 'disabledRules',
      message: `Mã quy tắc không có trong danh mục lỗi: ${unknownRules.join(', ')}`,
    });
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
  return {
    ...input,
    excludedRootIds: excluded,
    ...(input.disabledRules ? { disabledRules: [...new Set(input.disabledRules)].sort() } : {}),
  };
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

export async function createCampaign(ctx: Ctx, input: CampaignSettingsInput) {
  requireNationalAdmin(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const { disabledRules, ...fields } = await validate(tx, input);
    // The campaign's own rules start from the settings in force now (between campaigns: the standing ones).
    const standing = await getRuleSettingsRow(tx);
    const inserted = await repo.insertCampaign(tx, { ...fields, ruleSettingsId: null }, ctx.actor.id);
    const ruleSettingsId = await insertCampaignRuleSettings(tx, {
      campaignId: inserted.id,
      referenceDate: inserted.referenceDate,
      disabledRules: disabledRules ?? standing?.disabledRules ?? [],
      severityOverrides: standing?.severityOverrides ?? {},
      actorId: ctx.actor.id,
    });
    await repo.setCampaignRuleSettings(tx, inserted.id, ruleSettingsId);
    const created = await repo.getCampaign(tx, inserted.id);
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

export async function updateCampaign(ctx: Ctx, id: number, input: CampaignSettingsInput, version: number) {
  requireNationalAdmin(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const before = await repo.getCampaign(tx, id);
    if (before.status !== 'open') throw new AppError('INVALID_OPERATION', { reason: 'CAMPAIGN_CLOSED' });
    const { disabledRules, ...fields } = await validate(tx, input);
    await repo.updateCampaign(tx, id, { ...fields, ruleSettingsId: before.ruleSettingsId }, version);
    if (before.ruleSettingsId === null) {
      // A campaign opened before campaigns had their own rules gets its row now.
      const standing = await getRuleSettingsRow(tx);
      const ruleSettingsId = await insertCampaignRuleSettings(tx, {
        campaignId: id,
        referenceDate: fields.referenceDate,
        disabledRules: disabledRules ?? standing?.disabledRules ?? [],
        severityOverrides: standing?.severityOverrides ?? {},
        actorId: ctx.actor.id,
      });
      await repo.setCampaignRuleSettings(tx, id, ruleSettingsId);
    } else {
      await updateCampaignRuleSettings(tx, {
        campaignId: id,
        referenceDate: fields.referenceDate,
        ...(disabledRules ? { disabledRules } : {}),
        actorId: ctx.actor.id,
      });
    }
    const after = await repo.getCampaign(tx, id);
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
