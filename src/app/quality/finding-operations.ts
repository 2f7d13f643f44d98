import { randomUUID } from 'node:crypto';
import { CATALOGUE, isRuleCode } from '../../core/quality/catalogue.ts';
import { AppError } from '../../core/errors.ts';
import type { MemberChanges } from '../../core/members/member.ts';
import type { Tx } from '../../db/client.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as findings from '../../db/repos/findings.ts';
import * as members from '../../db/repos/members.ts';
import * as orgs from '../../db/repos/organizations.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { saveMemberChanges } from '../members/member-operations.ts';
import { recheckOrganizationChange } from './check-province.ts';
import { loadQualityEnv } from './check-stored-records.ts';
import { isApplied, memberFixChanges, organizationFixChanges } from './fix-bindings.ts';
import { requestRecheck } from './recheck-job.ts';

/**
 * What people do with findings: read them (scoped like the records they concern), accept a suggestion
 * (through the member/organization update path: optimistic locking, audit, re-check), dismiss a warning
 * with a reason, undo a fix, accept one rule's suggestions for a subtree at once (with a preview, and an
 * undo of the whole operation), start a full re-check, and read or change the rule settings.
 */

const hiddenRules = async (ctx: Ctx) => (await loadQualityEnv(ctx.db)).disabled;

export type ListFindingsInput = Omit<findings.FindingListQuery, 'orgPath' | 'hiddenRules'> & {
  orgId: number;
};

export async function listFindings(ctx: Ctx, input: ListFindingsInput) {
  requirePermission(ctx, 'member.read');
  const org = await orgs.getOrganization(ctx.db, ctx.scope, input.orgId);
  const { orgId: _orgId, ...query } = input;
  const result = await findings.listFindings(ctx.db, ctx.scope, {
    ...query,
    orgPath: org.path,
    hiddenRules: await hiddenRules(ctx),
  });
  return { ...result, page: input.page, pageSize: input.pageSize };
}

export async function listMemberFindings(ctx: Ctx, memberId: number) {
  requirePermission(ctx, 'member.read');
  await members.getMember(ctx.db, ctx.scope, memberId);
  return findings.listRecordFindings(ctx.db, ctx.scope, 'member', memberId, await hiddenRules(ctx));
}

export async function listOrganizationFindings(ctx: Ctx, orgId: number) {
  requirePermission(ctx, 'org.read');
  await orgs.getOrganization(ctx.db, ctx.scope, orgId);
  return findings.listRecordFindings(ctx.db, ctx.scope, 'organization', orgId, await hiddenRules(ctx));
}

export async function countFindings(ctx: Ctx, orgId: number) {
  requirePermission(ctx, 'member.read');
  const org = await orgs.getOrganization(ctx.db, ctx.scope, orgId);
  const rows = await findings.countFindings(ctx.db, ctx.scope, org.path, await hiddenRules(ctx));
  const byGroup = new Map<string, { group: string; open: number; fixed: number; dismissed: number }>();
  for (const r of rows) {
    const g = byGroup.get(r.group) ?? { group: r.group, open: 0, fixed: 0, dismissed: 0 };
    g[r.status] += r.count;
    byGroup.set(r.group, g);
  }
  return { orgId, groups: [...byGroup.values()], rules: rows };
}

function notOpen(finding: findings.StoredFinding): AppError {
  return new AppError('INVALID_OPERATION', {
    reason: 'FINDING_NOT_OPEN',
    findingId: finding.id,
    status: finding.status,
  });
}

/**
 * Applies one open finding's suggestion inside `tx`. Returns false when the finding has no single
 * suggestion that lands in a field (nothing is changed then).
 */
async function applySuggestion(
  tx: Tx,
  ctx: Ctx,
  finding: findings.StoredFinding,
  options: { version?: number | undefined; batchId: string | null },
): Promise<boolean> {
  const audit = {
    findingId: finding.id,
    rule: finding.rule,
    ...(options.batchId ? { batchId: options.batchId } : {}),
  };
  if (finding.recordType === 'member') {
    const changes = memberFixChanges(finding.rule, finding.field, finding.suggested);
    if (!changes) return false;
    const before = await members.getMember(tx, ctx.scope, finding.recordId);
    const version = options.version ?? before.version;
    const previous = Object.fromEntries(
      Object.keys(changes).map((k) => [k, (before as unknown as Record<string, unknown>)[k] ?? null]),
    );
    await findings.recordAppliedFix(tx, finding.id, {
      oldValue: finding.value,
      undo: previous,
      batchId: options.batchId,
    });
    await saveMemberChanges(tx, ctx, finding.recordId, version, changes as MemberChanges, {
      action: 'finding.accept',
      auditExtra: { finding: audit },
    });
    return true;
  }
  const changes = organizationFixChanges(finding.field, finding.suggested);
  if (!changes?.name) return false;
  const org = await orgs.getOrganization(tx, ctx.scope, finding.recordId);
  if (options.version !== undefined && options.version !== org.version) {
    throw new AppError('VERSION_CONFLICT', { entity: 'organization', id: org.id });
  }
  await findings.recordAppliedFix(tx, finding.id, {
    oldValue: finding.value,
    undo: { name: org.name },
    batchId: options.batchId,
  });
  await orgs.renameOrganization(tx, org.id, changes.name, org.version);
  await recordAudit(tx, {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action: 'finding.accept',
    entity: 'organization',
    entityId: org.id,
    provinceCode: org.provinceCode,
    before: { name: org.name },
    after: { name: changes.name, finding: audit },
    requestId: ctx.requestId,
  });
  await recheckOrganizationChange(tx, {
    provinceCodes: [org.provinceCode],
    orgIds: [org.id],
    actorId: ctx.actor.id,
  });
  return true;
}

/** Accepts one suggestion; `version` is the record version the user saw (optimistic locking). */
export async function acceptFinding(ctx: Ctx, id: number, version?: number) {
  requirePermission(ctx, 'member.write');
  return ctx.db.transaction().execute(async (tx) => {
    const finding = await findings.getFinding(tx, ctx.scope, id);
    if (finding.status !== 'open') throw notOpen(finding);
    const applied = await applySuggestion(tx, ctx, finding, { version, batchId: null });
    if (!applied)
      throw new AppError('INVALID_OPERATION', { reason: 'NO_APPLICABLE_SUGGESTION', findingId: id });
    return findings.getFinding(tx, ctx.scope, id);
  });
}

/** A warning can be dismissed with a reason (kept with who and when); an error must be corrected. */
export async function dismissFinding(ctx: Ctx, id: number, reason: string) {
  requirePermission(ctx, 'member.write');
  return ctx.db.transaction().execute(async (tx) => {
    const finding = await findings.getFinding(tx, ctx.scope, id);
    if (finding.status !== 'open') throw notOpen(finding);
    if (finding.severity !== 'warning') {
      throw new AppError('INVALID_OPERATION', {
        reason: 'ONLY_WARNINGS_DISMISSABLE',
        findingId: id,
        severity: finding.severity,
      });
    }
    await findings.setFindingStatus(tx, id, {
      status: 'dismissed',
      actorId: ctx.actor.id,
      dismissReason: reason,
    });
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'finding.dismiss',
      entity: finding.recordType,
      entityId: finding.recordId,
      provinceCode: finding.provinceCode,
      before: { findingId: id, status: finding.status },
      after: { findingId: id, rule: finding.rule, field: finding.field, status: 'dismissed', reason },
      requestId: ctx.requestId,
    });
    return findings.getFinding(tx, ctx.scope, id);
  });
}

/**
 * Undoes a fix (automatic or accepted): the fields go back to what they held before, through the update
 * path (audited, re-checked), so the finding reopens with its suggestion. Returns false when the record
 * changed since the fix (the fixed value is no longer there): nothing is touched then.
 */
async function undoOne(
  tx: Tx,
  ctx: Ctx,
  finding: findings.StoredFinding,
  batchId: string | null,
): Promise<boolean> {
  if (finding.status !== 'fixed' || !finding.undo) throw notOpen(finding);
  const audit = { findingId: finding.id, rule: finding.rule, ...(batchId ? { batchId } : {}) };
  if (finding.recordType === 'member') {
    const member = await members.getMember(tx, ctx.scope, finding.recordId);
    const target = memberFixChanges(finding.rule, finding.field, finding.suggested);
    if (target && !isApplied(target, member as unknown as Record<string, unknown>)) return false;
    await saveMemberChanges(tx, ctx, member.id, member.version, finding.undo, {
      action: 'finding.undo',
      auditExtra: { finding: audit },
    });
    return true;
  }
  const name = typeof finding.undo.name === 'string' ? finding.undo.name : null;
  if (name === null) return false;
  const org = await orgs.getOrganization(tx, ctx.scope, finding.recordId);
  if (finding.suggested !== null && org.name !== finding.suggested) return false;
  await orgs.renameOrganization(tx, org.id, name, org.version);
  await recordAudit(tx, {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action: 'finding.undo',
    entity: 'organization',
    entityId: org.id,
    provinceCode: org.provinceCode,
    before: { name: org.name },
    after: { name, finding: audit },
    requestId: ctx.requestId,
  });
  await recheckOrganizationChange(tx, {
    provinceCodes: [org.provinceCode],
    orgIds: [org.id],
    actorId: ctx.actor.id,
  });
  return true;
}

export async function undoFix(ctx: Ctx, id: number) {
  requirePermission(ctx, 'member.write');
  return ctx.db.transaction().execute(async (tx) => {
    const finding = await findings.getFinding(tx, ctx.scope, id);
    const undone = await undoOne(tx, ctx, finding, null);
    if (!undone) throw new AppError('INVALID_OPERATION', { reason: 'FIX_CHANGED_SINCE', findingId: id });
    return findings.getFinding(tx, ctx.scope, id);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Bulk acceptance of one rule's suggestions in a subtree
// ---------------------------------------------------------------------------------------------------------

export interface BulkInput {
  orgId: number;
  rule: string;
}

function checkBulkRule(rule: string): void {
  if (!isRuleCode(rule)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'rule', message: 'Mã quy tắc không có trong danh mục' }],
    });
  }
}

export async function previewBulkAccept(ctx: Ctx, input: BulkInput & { limit: number }) {
  requirePermission(ctx, 'member.write');
  checkBulkRule(input.rule);
  const org = await orgs.getOrganization(ctx.db, ctx.scope, input.orgId);
  const q = { orgPath: org.path, rule: input.rule };
  const total = await findings.countAcceptableFindings(ctx.db, ctx.scope, q);
  const first = await findings.listAcceptableFindings(ctx.db, ctx.scope, { ...q, limit: input.limit });
  return {
    orgId: org.id,
    rule: input.rule,
    total,
    changes: first.map((f) => ({
      findingId: f.id,
      recordType: f.recordType,
      recordId: f.recordId,
      legacyId: f.legacyId,
      orgName: f.orgName,
      field: f.field,
      value: f.value,
      suggested: f.suggested!,
    })),
  };
}

/** Applies every acceptable suggestion of the rule in the subtree, in one transaction, under one batch id. */
export async function applyBulkAccept(ctx: Ctx, input: BulkInput) {
  requirePermission(ctx, 'member.write');
  checkBulkRule(input.rule);
  const batchId = randomUUID();
  return ctx.db.transaction().execute(async (tx) => {
    const org = await orgs.getOrganization(tx, ctx.scope, input.orgId);
    let applied = 0;
    let skipped = 0;
    let afterId = 0;
    for (;;) {
      const page = await findings.listAcceptableFindings(tx, ctx.scope, {
        orgPath: org.path,
        rule: input.rule,
        afterId,
        limit: 500,
      });
      if (page.length === 0) break;
      for (const finding of page) {
        const current = await findings.getFinding(tx, ctx.scope, finding.id);
        if (current.status === 'open' && (await applySuggestion(tx, ctx, current, { batchId }))) applied++;
        else skipped++;
      }
      afterId = page[page.length - 1]!.id;
    }
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'finding.bulk-accept',
      entity: 'organization',
      entityId: org.id,
      provinceCode: org.provinceCode,
      after: { batchId, rule: input.rule, applied, skipped },
      requestId: ctx.requestId,
    });
    return { batchId, rule: input.rule, orgId: org.id, applied, skipped };
  });
}

/** Undoes a whole bulk acceptance; a record changed since keeps its current value (counted as skipped). */
export async function undoBulkAccept(ctx: Ctx, batchId: string) {
  requirePermission(ctx, 'member.write');
  return ctx.db.transaction().execute(async (tx) => {
    const batch = await findings.listBatchFindings(tx, ctx.scope, batchId);
    if (batch.length === 0) throw new AppError('NOT_FOUND', { entity: 'bulk-accept', batchId });
    let restored = 0;
    let skipped = 0;
    for (const finding of batch) {
      const current = await findings.getFinding(tx, ctx.scope, finding.id);
      if (current.status === 'fixed' && current.undo && (await undoOne(tx, ctx, current, batchId)))
        restored++;
      else skipped++;
    }
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'finding.bulk-undo',
      entity: 'system',
      entityId: batchId,
      provinceCode: batch[0]?.provinceCode ?? null,
      after: { batchId, restored, skipped },
      requestId: ctx.requestId,
    });
    return { batchId, restored, skipped };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Full re-check and rule settings
// ---------------------------------------------------------------------------------------------------------

/** Starts a full re-check of the organization's province (national accounts: of everything, without orgId). */
export async function startRecheck(ctx: Ctx, input: { orgId?: number | undefined }) {
  requirePermission(ctx, 'org.write');
  let provinceCode: string | null = null;
  if (input.orgId !== undefined) {
    provinceCode = (await orgs.getOrganization(ctx.db, ctx.scope, input.orgId)).provinceCode;
  } else if (ctx.scope.kind === 'subtree') {
    provinceCode = ctx.scope.provinceCode;
  }
  return requestRecheck(ctx.db, {
    provinceCode,
    applySafeFixes: false,
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    requestId: ctx.requestId,
  });
}

export async function getRecheck(ctx: Ctx, id: number) {
  requirePermission(ctx, 'member.read');
  const run = await findings.getQualityRun(ctx.db, id);
  const visible =
    run !== null &&
    (ctx.scope.kind === 'national' ||
      (run.provinceCode !== null && run.provinceCode === ctx.scope.provinceCode));
  if (!visible) throw new AppError('NOT_FOUND', { entity: 'recheck', id });
  return run;
}

export async function getRuleSettings(ctx: Ctx) {
  requirePermission(ctx, 'member.read');
  const env = await loadQualityEnv(ctx.db);
  const row = await findings.getRuleSettingsRow(ctx.db);
  return {
    referenceDate: env.settings.referenceDate,
    disabledRules: env.disabled,
    severityOverrides: env.settings.severityOverrides as Record<string, 'error' | 'warning'>,
    version: row?.version ?? 0,
    updatedBy: row?.updatedBy ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

export interface RuleSettingsInput {
  referenceDate: string;
  disabledRules: string[];
  severityOverrides: Partial<Record<string, 'error' | 'warning'>>;
  version: number;
}

/** Role 1 (Quản trị hệ thống) only. New settings apply to the next checks (start a full re-check to apply them everywhere). */
export async function updateRuleSettings(ctx: Ctx, input: RuleSettingsInput) {
  if (!ctx.actor.roles.includes(1)) throw new AppError('FORBIDDEN_ACTION', { role: 1 });
  const issues: Array<{ path: string; message: string }> = [];
  for (const rule of input.disabledRules) {
    if (!isRuleCode(rule))
      issues.push({ path: 'disabledRules', message: `Mã quy tắc không có trong danh mục: ${rule}` });
  }
  for (const rule of Object.keys(input.severityOverrides)) {
    if (!isRuleCode(rule))
      issues.push({ path: 'severityOverrides', message: `Mã quy tắc không có trong danh mục: ${rule}` });
    else if (CATALOGUE[rule].severity === 'fix')
      issues.push({
        path: 'severityOverrides',
        message: `Quy tắc ${rule} là chuẩn hóa tự động, không đổi mức được`,
      });
  }
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { issues });
  return ctx.db
    .transaction()
    .execute(async (tx) => {
      const before = await findings.getRuleSettingsRow(tx);
      await findings.saveRuleSettingsRow(tx, {
        referenceDate: input.referenceDate,
        disabledRules: [...new Set(input.disabledRules)].sort(),
        severityOverrides: Object.fromEntries(
          Object.entries(input.severityOverrides).filter((e): e is [string, 'error' | 'warning'] => !!e[1]),
        ),
        expectedVersion: input.version,
        actorId: ctx.actor.id,
      });
      await recordAudit(tx, {
        actorId: ctx.actor.id,
        actorName: ctx.actor.username,
        action: 'quality.settings.update',
        entity: 'system',
        entityId: 'rule_settings',
        provinceCode: null,
        before,
        after: {
          referenceDate: input.referenceDate,
          disabledRules: input.disabledRules,
          severityOverrides: input.severityOverrides,
        },
        requestId: ctx.requestId,
      });
    })
    .then(() => getRuleSettings(ctx));
}
