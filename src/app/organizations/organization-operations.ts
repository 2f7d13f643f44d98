import { canBeChildOf, isCreatableType, isOrganizationType } from '../../core/organizations/hierarchy.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as orgs from '../../db/repos/organizations.ts';
import { recheckOrganizationChange } from '../quality/check-province.ts';
import { requirePermission, type Ctx } from '../context.ts';

// Reads: scope is applied by the repositories; these only check the permission.

export async function getOrganization(ctx: Ctx, id: number) {
  requirePermission(ctx, 'org.read');
  return orgs.getOrganization(ctx.db, ctx.scope, id);
}

export async function listRootOrganizations(ctx: Ctx) {
  requirePermission(ctx, 'org.read');
  return orgs.listRootOrganizations(ctx.db, ctx.scope);
}

export async function listChildOrganizations(ctx: Ctx, parentId: number) {
  requirePermission(ctx, 'org.read');
  return orgs.listChildOrganizations(ctx.db, ctx.scope, parentId);
}

export async function searchOrganizations(ctx: Ctx, q: string, limit: number) {
  requirePermission(ctx, 'org.read');
  return orgs.searchOrganizations(ctx.db, ctx.scope, q, limit);
}

function audit(ctx: Ctx, action: string, org: orgs.Organization, before: unknown, after: unknown) {
  return {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action,
    entity: 'organization' as const,
    entityId: org.id,
    provinceCode: org.provinceCode,
    before,
    after,
    requestId: ctx.requestId,
  };
}

const snapshot = (o: orgs.Organization) => ({
  name: o.name,
  type: o.type,
  status: o.status,
  parentId: o.parentId,
  path: o.path,
  legacyCode: o.legacyCode,
  foundingDate: o.foundingDate,
  adminUnitCode: o.adminUnitCode,
  version: o.version,
});

export interface CreateOrganizationInput {
  parentId: number;
  name: string;
  type: string;
  legacyCode?: string | null | undefined;
  foundingDate?: string | null | undefined;
  adminUnitCode?: string | null | undefined;
}

export async function createOrganization(ctx: Ctx, input: CreateOrganizationInput) {
  requirePermission(ctx, 'org.write');
  if (!isOrganizationType(input.type) || !isCreatableType(input.type)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'type', message: 'Loại tổ chức không hợp lệ' }],
    });
  }
  const type = input.type;
  return ctx.db.transaction().execute(async (tx) => {
    const parent = await orgs.getOrganization(tx, ctx.scope, input.parentId);
    if (parent.status !== 'HOAT_DONG')
      throw new AppError('INVALID_OPERATION', { reason: 'PARENT_NOT_ACTIVE' });
    const parentType = parent.type !== null && isOrganizationType(parent.type) ? parent.type : null;
    if (!canBeChildOf(type, parentType)) {
      throw new AppError('INVALID_OPERATION', { reason: 'TYPE_PARENT_MISMATCH', type, parentType });
    }
    const id = await orgs.insertOrganization(tx, parent.path, {
      parentId: parent.id,
      provinceCode: parent.provinceCode,
      name: input.name.trim(),
      type,
      legacyCode: input.legacyCode ?? null,
      foundingDate: input.foundingDate ?? null,
      adminUnitCode: input.adminUnitCode ?? null,
    });
    const created = await orgs.getOrganization(tx, ctx.scope, id);
    await recordAudit(tx, audit(ctx, 'organization.create', created, null, snapshot(created)));
    await recheckOrganizationChange(tx, {
      provinceCodes: [created.provinceCode],
      orgIds: [id, parent.id],
      actorId: ctx.actor.id,
    });
    return created;
  });
}

export async function renameOrganization(ctx: Ctx, id: number, name: string, version: number) {
  requirePermission(ctx, 'org.write');
  return ctx.db.transaction().execute(async (tx) => {
    const before = await orgs.getOrganization(tx, ctx.scope, id);
    await orgs.renameOrganization(tx, id, name.trim(), version);
    const after = await orgs.getOrganization(tx, ctx.scope, id);
    await recordAudit(
      tx,
      audit(ctx, 'organization.rename', after, { name: before.name }, { name: after.name }),
    );
    await recheckOrganizationChange(tx, {
      provinceCodes: [after.provinceCode],
      orgIds: [id],
      actorId: ctx.actor.id,
    });
    return after;
  });
}

export async function moveOrganization(ctx: Ctx, id: number, newParentId: number, version: number) {
  requirePermission(ctx, 'org.write');
  return ctx.db.transaction().execute(async (tx) => {
    const org = await orgs.getOrganization(tx, ctx.scope, id);
    const newParent = await orgs.getOrganization(tx, ctx.scope, newParentId);
    if (org.version !== version) throw new AppError('VERSION_CONFLICT', { entity: 'organization', id });
    if (org.parentId === null) throw new AppError('INVALID_OPERATION', { reason: 'CANNOT_MOVE_ROOT' });
    if (newParent.path.startsWith(org.path))
      throw new AppError('INVALID_OPERATION', { reason: 'MOVE_INTO_OWN_SUBTREE' });
    if (newParent.status !== 'HOAT_DONG')
      throw new AppError('INVALID_OPERATION', { reason: 'PARENT_NOT_ACTIVE' });
    const parentType = newParent.type !== null && isOrganizationType(newParent.type) ? newParent.type : null;
    if (org.type !== null && isOrganizationType(org.type) && !canBeChildOf(org.type, parentType)) {
      throw new AppError('INVALID_OPERATION', { reason: 'TYPE_PARENT_MISMATCH', type: org.type, parentType });
    }
    await orgs.moveOrganization(tx, org, newParent);
    const after = await orgs.getOrganization(tx, ctx.scope, id);
    await recordAudit(tx, audit(ctx, 'organization.move', after, snapshot(org), snapshot(after)));
    await recheckOrganizationChange(tx, {
      provinceCodes: [org.provinceCode, after.provinceCode],
      orgIds: [id, newParent.id, ...(org.parentId === null ? [] : [org.parentId])],
      actorId: ctx.actor.id,
    });
    return after;
  });
}

/** Dissolving (giải thể) or merging (sáp nhập) needs the unit emptied first: members and units re-attached. */
export async function dissolveOrganization(
  ctx: Ctx,
  id: number,
  status: 'GIAI_THE' | 'SAP_NHAP',
  version: number,
) {
  requirePermission(ctx, 'org.write');
  return ctx.db.transaction().execute(async (tx) => {
    const org = await orgs.getOrganization(tx, ctx.scope, id);
    if (org.status !== 'HOAT_DONG') throw new AppError('INVALID_OPERATION', { reason: 'NOT_ACTIVE' });
    const activeMembers = await orgs.countActiveMembersInSubtree(tx, org.path);
    if (activeMembers > 0)
      throw new AppError('INVALID_OPERATION', { reason: 'HAS_ACTIVE_MEMBERS', activeMembers });
    const activeChildren = await orgs.countActiveChildren(tx, id);
    if (activeChildren > 0)
      throw new AppError('INVALID_OPERATION', { reason: 'HAS_ACTIVE_CHILDREN', activeChildren });
    await orgs.setOrganizationStatus(tx, id, status, version);
    const after = await orgs.getOrganization(tx, ctx.scope, id);
    await recordAudit(tx, audit(ctx, 'organization.dissolve', after, { status: org.status }, { status }));
    await recheckOrganizationChange(tx, {
      provinceCodes: [after.provinceCode],
      orgIds: [id, ...(org.parentId === null ? [] : [org.parentId])],
      actorId: ctx.actor.id,
    });
    return after;
  });
}
