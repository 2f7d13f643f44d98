import {
  availableActions,
  decideTransition,
  isConfirmedOrChecked,
  relationOf,
  type CampaignPart,
  type UnitAction,
  type UnitStatus,
} from '../../core/campaign/status-machine.ts';
import { AppError } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as repo from '../../db/repos/campaign.ts';
import * as orgs from '../../db/repos/organizations.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { requireOpenCampaign } from './campaign-operations.ts';

const PART_PERMISSION = { organization: 'org.write', members: 'member.write' } as const;

function scopePath(ctx: Ctx): string | null {
  return ctx.scope.kind === 'national' ? null : ctx.scope.path;
}

function assertCovered(campaign: repo.Campaign, org: orgs.Organization): void {
  const rootId = orgs.idsOfPath(org.path)[0];
  if (rootId !== undefined && campaign.excludedRootIds.includes(rootId))
    throw new AppError('INVALID_OPERATION', { reason: 'NOT_COVERED' });
}

function statusOf(rows: repo.UnitStatusRow[], orgId: number, part: CampaignPart): repo.UnitStatusRow {
  return rows.find((r) => r.orgId === orgId && r.part === part) ?? repo.notStarted(orgId, part);
}

/** Organization first: the organization data of the unit and of every ancestor is confirmed or checked. */
async function organizationChain(tx: Tx, campaignId: number, org: orgs.Organization, lock: boolean) {
  const ids = orgs.idsOfPath(org.path);
  const rows = await repo.getUnitStatuses(tx, campaignId, ids, lock ? 'share' : false);
  const pending = ids.filter((id) => !isConfirmedOrChecked(statusOf(rows, id, 'organization').status));
  return { confirmed: pending.length === 0, pendingOrgIds: pending };
}

/** Everything the campaign panel of one organization shows. */
export async function getUnitCampaign(ctx: Ctx, orgId: number) {
  requirePermission(ctx, 'org.read');
  const org = await orgs.getOrganization(ctx.db, ctx.scope, orgId);
  const campaign = await requireOpenCampaign(ctx);
  const rows = await repo.getUnitStatuses(ctx.db, campaign.id, [org.id]);
  const relation = relationOf(scopePath(ctx), org.path);
  const chain = await organizationChain(ctx.db, campaign.id, org, false);
  const excluded = campaign.excludedRootIds.includes(orgs.idsOfPath(org.path)[0] ?? -1);
  const parts = await Promise.all(
    (['organization', 'members'] as const).map(async (part) => {
      const s = statusOf(rows, org.id, part);
      const canWrite = ctx.actor.permissions.includes(PART_PERMISSION[part]);
      return {
        ...s,
        openErrors: await repo.countOpenErrorsOfUnit(ctx.db, org.id, part),
        actions: excluded || !canWrite ? [] : availableActions(s.status, relation),
      };
    }),
  );
  const [rollup] = await repo.listUnitRollups(ctx.db, campaign, { orgIds: [org.id] });
  return {
    campaign,
    orgId: org.id,
    orgName: org.name,
    covered: !excluded,
    relation,
    organizationChainConfirmed: chain.confirmed,
    pendingOrganizationIds: chain.pendingOrgIds,
    organization: parts[0]!,
    members: parts[1]!,
    responsibility: await repo.getResponsibility(ctx.db, campaign.id, org.id),
    history: await repo.listStatusEvents(ctx.db, campaign.id, org.id),
    rollup: rollup ?? null,
  };
}

export interface UnitActionInput {
  orgId: number;
  part: CampaignPart;
  action: UnitAction;
  reason?: string | null | undefined;
  /** The status version the user saw (0 = not started): a concurrent change answers VERSION_CONFLICT. */
  version: number;
}

export async function actOnUnit(ctx: Ctx, input: UnitActionInput) {
  requirePermission(ctx, PART_PERMISSION[input.part]);
  const campaign = await requireOpenCampaign(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const org = await orgs.getOrganization(tx, ctx.scope, input.orgId);
    assertCovered(campaign, org);
    const [locked] = [await repo.getUnitStatuses(tx, campaign.id, [org.id], 'update')];
    const current = statusOf(locked, org.id, input.part);
    if (current.version !== input.version)
      throw new AppError('VERSION_CONFLICT', { entity: 'campaignUnitStatus', orgId: org.id });
    const chain =
      input.part === 'members' && input.action === 'confirm'
        ? await organizationChain(tx, campaign.id, org, true)
        : { confirmed: true, pendingOrgIds: [] };
    const decision = decideTransition({
      action: input.action,
      part: input.part,
      current: current.status,
      relation: relationOf(scopePath(ctx), org.path),
      actorId: ctx.actor.id,
      openErrors: input.action === 'confirm' ? await repo.countOpenErrorsOfUnit(tx, org.id, input.part) : 0,
      organizationChainConfirmed: chain.confirmed,
      confirmedBy: current.confirmedBy,
      reason: input.reason,
    });
    if (!decision.ok) {
      throw new AppError('INVALID_OPERATION', {
        reason: decision.refusal,
        ...decision.details,
        ...(decision.refusal === 'ORGANIZATION_NOT_CONFIRMED' ? { pendingOrgIds: chain.pendingOrgIds } : {}),
      });
    }
    const now = new Date().toISOString();
    const who = { id: ctx.actor.id, name: ctx.actor.fullName || ctx.actor.username };
    const next: repo.UnitStatusRow = { ...current, status: decision.to };
    if (input.action === 'confirm') {
      Object.assign(next, { confirmedBy: who.id, confirmedByName: who.name, confirmedAt: now });
      Object.assign(next, { checkedBy: null, checkedByName: null, checkedAt: null });
    } else if (input.action === 'check') {
      Object.assign(next, { checkedBy: who.id, checkedByName: who.name, checkedAt: now });
    } else if (input.action === 'return') {
      Object.assign(next, {
        returnedBy: who.id,
        returnedByName: who.name,
        returnedAt: now,
        returnReason: (input.reason ?? '').trim(),
      });
    }
    await repo.saveUnitStatus(tx, campaign.id, next, current.version);
    await repo.insertStatusEvent(tx, {
      campaignId: campaign.id,
      orgId: org.id,
      part: input.part,
      action: input.action,
      from: current.status,
      to: decision.to,
      reason: input.action === 'return' ? (input.reason ?? '').trim() : null,
      actorId: ctx.actor.id,
      actorName: who.name,
    });
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: `campaign.${input.action}`,
      entity: 'organization',
      entityId: org.id,
      provinceCode: org.provinceCode,
      before: { campaignId: campaign.id, part: input.part, status: current.status },
      after: { campaignId: campaign.id, part: input.part, status: decision.to, reason: input.reason ?? null },
      requestId: ctx.requestId,
    });
  });
  return getUnitCampaign(ctx, input.orgId);
}

/** The accounts the responsibility form offers for a unit (those setResponsibility accepts from this caller). */
/**
 * The campaign on the organization tree: both statuses and the responsible person of the nodes the tree shows
 * (one loaded level at a time). Organizations outside the caller's scope are left out; no open campaign: none.
 */
export async function listTreeUnitStatuses(ctx: Ctx, orgIds: readonly number[]) {
  requirePermission(ctx, 'org.read');
  const campaign = await repo.getOpenCampaign(ctx.db);
  if (!campaign) return { items: [] };
  return { items: await repo.listTreeUnitStatuses(ctx.db, campaign.id, ctx.scope, orgIds) };
}

export async function listAssignableAccounts(ctx: Ctx, orgId: number) {
  requirePermission(ctx, 'org.read');
  const org = await orgs.getOrganization(ctx.db, ctx.scope, orgId);
  return { items: await repo.listAssignableAccounts(ctx.db, ctx.scope, org.path) };
}

export interface ResponsibilityInput {
  orgId: number;
  personName: string;
  position: string | null;
  contact: string | null;
  accountIds: number[];
  version: number;
}

/** The responsible person of a unit is named by the unit itself or the level above (org.write in scope). */
export async function setResponsibility(ctx: Ctx, input: ResponsibilityInput) {
  requirePermission(ctx, 'org.write');
  const campaign = await requireOpenCampaign(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const org = await orgs.getOrganization(tx, ctx.scope, input.orgId);
    const visible = await repo.accountIdsInScope(tx, ctx.scope, input.accountIds);
    const unknown = input.accountIds.filter((id) => !visible.includes(id));
    if (unknown.length > 0) throw new AppError('NOT_FOUND', { entity: 'account', ids: unknown });
    const before = await repo.getResponsibility(tx, campaign.id, org.id);
    await repo.saveResponsibility(
      tx,
      campaign.id,
      { ...input, accountIds: [...new Set(input.accountIds)] },
      input.version,
      ctx.actor.id,
    );
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'campaign.responsibility',
      entity: 'organization',
      entityId: org.id,
      provinceCode: org.provinceCode,
      before,
      after: input,
      requestId: ctx.requestId,
    });
  });
  return getUnitCampaign(ctx, input.orgId);
}

export type { UnitStatus };
