import { AppError } from '../../core/errors.ts';
import { isCell } from '../../core/organizations/hierarchy.ts';
import {
  applyMemberChanges,
  changedFields,
  type MemberChanges,
  type MemberFields,
} from '../../core/members/member.ts';
import type { Tx } from '../../db/client.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as members from '../../db/repos/members.ts';
import * as orgs from '../../db/repos/organizations.ts';
import { recheckMembers } from '../quality/check-stored-records.ts';
import { requirePermission, type Ctx } from '../context.ts';

export async function getMember(ctx: Ctx, id: number) {
  requirePermission(ctx, 'member.read');
  return members.getMember(ctx.db, ctx.scope, id);
}

export type ListMembersInput = Omit<members.MemberListQuery, 'orgPath'>;

export async function listMembers(ctx: Ctx, input: ListMembersInput) {
  requirePermission(ctx, 'member.read');
  const org = await orgs.getOrganization(ctx.db, ctx.scope, input.orgId);
  const result = await members.listMembers(ctx.db, ctx.scope, { ...input, orgPath: org.path });
  return { ...result, page: input.page, pageSize: input.pageSize };
}

export async function createMember(
  ctx: Ctx,
  input: { orgId: number } & Partial<MemberFields> & { fullName: string },
) {
  requirePermission(ctx, 'member.write');
  return ctx.db.transaction().execute(async (tx) => {
    const org = await orgs.getOrganization(tx, ctx.scope, input.orgId);
    if (!isCell(org.type) || org.status !== 'HOAT_DONG') {
      throw new AppError('INVALID_OPERATION', { reason: 'ORG_HOLDS_NO_MEMBERS' });
    }
    const { orgId, ...changes } = input;
    const fields = applyMemberChanges(EMPTY_MEMBER, changes);
    const id = await members.insertMember(tx, {
      ...fields,
      orgId,
      provinceCode: org.provinceCode,
      legacyId: null,
      legacyRaw: null,
    });
    // The data-quality rules judge the new member in the same transaction (issue 5).
    await recheckMembers(tx, { memberIds: [id], actorId: ctx.actor.id });
    const created = await members.getMember(tx, ctx.scope, id);
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'member.create',
      entity: 'member',
      entityId: id,
      provinceCode: created.provinceCode,
      after: { ...fields, orgId },
      requestId: ctx.requestId,
    });
    return created;
  });
}

const EMPTY_MEMBER: MemberFields = {
  fullName: '',
  otherName: null,
  gender: null,
  birthDate: null,
  birthPlace: null,
  hometown: null,
  hometownProvinceCode: null,
  hometownCommuneCode: null,
  residence: null,
  residenceProvinceCode: null,
  residenceCommuneCode: null,
  ethnicityCode: null,
  religion: null,
  citizenId: null,
  phone: null,
  email: null,
  admissionDate: null,
  officialDate: null,
  partyCardNo: null,
  generalEducation: null,
  professionalQualification: null,
  politicalTheory: null,
  occupation: null,
  status: null,
  deathDate: null,
};

/**
 * The update path inside a transaction (also used to accept a data-quality suggestion or undo a fix):
 * compare-and-set on the version, audit, re-check. `auditExtra` lands in the audit row's `after`.
 */
export async function saveMemberChanges(
  tx: Tx,
  ctx: Ctx,
  id: number,
  version: number,
  changes: MemberChanges,
  options: { action?: string; auditExtra?: Record<string, unknown> } = {},
) {
  const before = await members.getMember(tx, ctx.scope, id);
  if (before.version !== version) throw new AppError('VERSION_CONFLICT', { entity: 'member', id });
  const after = applyMemberChanges(before, changes);
  const fields = changedFields(before, after);
  if (fields.length === 0) return before;
  const patch = Object.fromEntries(fields.map((f) => [f, after[f]])) as Partial<MemberFields>;
  await members.updateMemberFields(tx, id, version, patch);
  await recordAudit(tx, {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action: options.action ?? 'member.update',
    entity: 'member',
    entityId: id,
    provinceCode: before.provinceCode,
    before: Object.fromEntries(fields.map((f) => [f, before[f]])),
    after: { ...patch, ...options.auditExtra },
    requestId: ctx.requestId,
  });
  // Re-check in the same transaction: its own rules and the cross-record ones for old and new values.
  await recheckMembers(tx, {
    memberIds: [id],
    before: [{ citizenId: before.citizenId, partyCardNo: before.partyCardNo, orgId: before.orgId }],
    actorId: ctx.actor.id,
  });
  return members.getMember(tx, ctx.scope, id);
}

/**
 * Saves the changes made on top of `version`. The version check is in the UPDATE itself, so of two
 * people saving the same member at once exactly one wins; the other gets VERSION_CONFLICT with the
 * record as it is now, and nothing is lost silently.
 */
export async function updateMember(ctx: Ctx, id: number, version: number, changes: MemberChanges) {
  requirePermission(ctx, 'member.write');
  try {
    return await ctx.db.transaction().execute((tx) => saveMemberChanges(tx, ctx, id, version, changes));
  } catch (error) {
    if (error instanceof AppError && error.code === 'VERSION_CONFLICT') {
      const current = await members.getMember(ctx.db, ctx.scope, id);
      throw new AppError('VERSION_CONFLICT', { entity: 'member', id, current });
    }
    throw error;
  }
}
