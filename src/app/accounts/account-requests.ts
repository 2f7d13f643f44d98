import {
  chooseOrganization,
  describeCandidate,
  headerOf,
  validateFormRow,
  type CleanFormRow,
  type FormRowError,
} from '../../core/accounts/account-request-form.ts';
import { checkGrant } from '../../core/accounts/delegation.ts';
import type { CodeLists } from '../../core/codes/code-lists.ts';
import { AppError } from '../../core/errors.ts';
import { foldForSearch } from '../../core/text/fold.ts';
import { normalizeFreeText } from '../../core/text/normalize-free-text.ts';
import * as requests from '../../db/repos/account-requests.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { createAccountInTx, principalOf } from './manage-accounts.ts';
import type { CredentialDelivery, IssuedCredential } from './credentials.ts';
import { buildRequestFormTemplate, readRequestForm } from './request-form-file.ts';
import { buildSealedCredentials, SEAL_PASSWORD_MIN } from './sealed-credentials.ts';
import { REFUSAL_MESSAGES } from './refusal-messages.ts';

/** The template for the uploader's scope: a province account gets its own province's communes only. */
export async function getRequestFormTemplate(ctx: Ctx, codes: CodeLists = loadCodeLists()) {
  requirePermission(ctx, 'account.manage');
  const province = ctx.scope.kind === 'subtree' ? ctx.scope.provinceCode : null;
  return buildRequestFormTemplate({
    provinces: province ? codes.provinces.filter((p) => p.code === province) : codes.provinces,
    communes: province ? codes.communes.filter((c) => c.provinceCode === province) : codes.communes,
  });
}

// "Chi bộ Thôn 1 (mã 123)": the id the form's error message offered for an ambiguous name.
const ORG_ID_SUFFIX = /\(\s*(?:mã|ma|id)\s*:?\s*(\d+)\s*\)\s*$/iu;

async function resolveOrganization(
  ctx: Ctx,
  row: number,
  clean: CleanFormRow,
): Promise<{ id: number; provinceCode: string } | FormRowError> {
  const column = headerOf('unit');
  const byId = ORG_ID_SUFFIX.exec(clean.unitName);
  if (byId) {
    const org = await requests.findOrganizationByIdInScope(ctx.db, ctx.scope, Number(byId[1]));
    if (org) return { id: org.id, provinceCode: org.province_code };
    return { row, column, message: `Không có tổ chức mã ${byId[1]} trong phạm vi quản lý của bạn.` };
  }
  const candidates = await requests.findOrganizationsByName(ctx.db, ctx.scope, foldForSearch(clean.unitName));
  const choice = chooseOrganization(
    candidates,
    clean.communeCode,
    (c) => candidates.find((x) => x.id === c.id)?.ancestorAdminUnits ?? [],
  );
  if (choice.kind === 'none')
    return {
      row,
      column,
      message: `Không tìm thấy tổ chức đảng "${clean.unitName}" trong phạm vi quản lý của bạn. Ghi đúng tên tổ chức như trên hệ thống.`,
    };
  if (choice.kind === 'ambiguous')
    return {
      row,
      column,
      message: `Có ${choice.candidates.length} tổ chức tên "${clean.unitName}": ${choice.candidates.map(describeCandidate).join('; ')}. Ghi thêm "(mã …)" sau tên để chọn đúng tổ chức.`,
    };
  const org = await requests.findOrganizationByIdInScope(ctx.db, ctx.scope, choice.org.id);
  return { id: choice.org.id, provinceCode: org!.province_code };
}

export interface UploadResult {
  batchId: number;
  fileName: string;
  rowCount: number;
  requestCount: number;
  errors: FormRowError[];
  requests: requests.AccountRequest[];
}

/**
 * A filled Phụ lục 01 form: every row is validated and cleaned (core/accounts/account-request-form.ts),
 * its unit resolved to an organization inside the uploader's scope, its citizen id checked against
 * existing accounts, pending requests and the rows above it. Valid rows become pending requests; the
 * others come back as row-level Vietnamese errors (and are kept with the batch).
 */
export async function uploadAccountRequests(
  ctx: Ctx,
  input: { fileName: string; file: Buffer; now?: Date },
  codes: CodeLists = loadCodeLists(),
): Promise<UploadResult> {
  requirePermission(ctx, 'account.manage');
  const rows = await readRequestForm(input.file);
  const year = (input.now ?? new Date()).getFullYear();
  const errors: FormRowError[] = [];
  const valid: Array<{
    row: number;
    raw: Record<string, string>;
    clean: CleanFormRow;
    org: { id: number; provinceCode: string };
  }> = [];
  const seen = new Map<string, number>();
  const taken = await requests.findTakenCitizenIds(
    ctx.db,
    rows.map((r) => r.cells.citizenId.replace(/\D/g, '').padStart(12, '0')),
  );
  for (const { row, cells } of rows) {
    const result = validateFormRow(row, cells, codes, { year });
    if (!result.ok) {
      errors.push(...result.errors);
      // Report an unknown unit too, so the whole row is corrected at once.
      const unitName = normalizeFreeText(cells.unit).value;
      if (unitName && !result.errors.some((e) => e.column === headerOf('unit'))) {
        const org = await resolveOrganization(ctx, row, { unitName, communeCode: null } as CleanFormRow);
        if ('message' in org) errors.push(org);
      }
      continue;
    }
    const clean = result.value;
    const rowErrors: FormRowError[] = [];
    const earlier = seen.get(clean.citizenId);
    if (earlier !== undefined)
      rowErrors.push({
        row,
        column: headerOf('citizenId'),
        message: `Số CCCD trùng với dòng ${earlier} của biểu mẫu.`,
      });
    const already = taken.get(clean.citizenId);
    if (already)
      rowErrors.push({ row, column: headerOf('citizenId'), message: `Người có số CCCD này ${already}.` });
    const org = await resolveOrganization(ctx, row, clean);
    if ('message' in org) rowErrors.push(org);
    if (rowErrors.length || 'message' in org) {
      errors.push(...rowErrors);
      continue;
    }
    // Only a row that becomes a request counts: a corrected copy of a failed row is fine.
    seen.set(clean.citizenId, row);
    valid.push({ row, raw: cells, clean, org });
  }
  errors.sort((a, b) => a.row - b.row);

  return ctx.db.transaction().execute(async (tx) => {
    const batchId = await requests.insertBatch(tx, {
      fileName: input.fileName,
      uploadedBy: ctx.actor.id,
      scopeOrgId: ctx.scope.kind === 'national' ? null : ctx.scope.orgId,
      rowCount: rows.length,
      requestCount: valid.length,
      rowErrors: errors,
    });
    for (const v of valid) {
      await requests.insertAccountRequest(tx, {
        batchId,
        rowNumber: v.row,
        raw: v.raw,
        fullName: v.clean.fullName,
        birthDate: v.clean.birthDate,
        citizenId: v.clean.citizenId,
        phone: v.clean.phone,
        position: v.clean.position,
        unitName: v.clean.unitName,
        adminProvinceCode: v.clean.provinceCode,
        adminCommuneCode: v.clean.communeCode,
        orgId: v.org.id,
        provinceCode: v.org.provinceCode,
        roles: v.clean.roles,
        requestedBy: ctx.actor.id,
      });
    }
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'account_request.upload',
      entity: 'account',
      entityId: null,
      provinceCode: ctx.scope.kind === 'subtree' ? ctx.scope.provinceCode : null,
      after: {
        batchId,
        fileName: input.fileName,
        rows: rows.length,
        requests: valid.length,
        errors: errors.length,
      },
      requestId: ctx.requestId,
    });
    const created = await requests.listAccountRequests(tx, ctx.scope, { batchId, limit: 1000, offset: 0 });
    return {
      batchId,
      fileName: input.fileName,
      rowCount: rows.length,
      requestCount: valid.length,
      errors,
      requests: created.items,
    };
  });
}

export async function listAccountRequests(
  ctx: Ctx,
  filters: {
    status?: 'pending' | 'approved' | 'rejected' | undefined;
    batchId?: number | undefined;
    limit: number;
    offset: number;
  },
) {
  requirePermission(ctx, 'account.manage');
  const result = await requests.listAccountRequests(ctx.db, ctx.scope, filters);
  // Whether this administrator may approve each one ("of the right level"): shown before they try.
  const actor = principalOf(ctx);
  return {
    ...result,
    items: result.items.map((r) => {
      const refusal =
        r.status === 'pending' ? checkGrant(actor, { roles: r.roles, scopePath: r.orgPath }) : null;
      return {
        ...r,
        canApprove: r.status === 'pending' && refusal === null,
        refusal: refusal ? REFUSAL_MESSAGES[refusal] : null,
      };
    }),
  };
}

export async function listAccountRequestBatches(ctx: Ctx) {
  requirePermission(ctx, 'account.manage');
  return requests.listBatches(ctx.db, ctx.scope, 50);
}

export interface ApproveInput {
  ids: number[];
  delivery: CredentialDelivery;
  /** When given, the credentials also come back as an AES-encrypted ZIP under this password. */
  sealPassword?: string | undefined;
  baseUrl: string;
  now?: Date;
}

/**
 * Approves requests, singly or in bulk: each becomes an account at the request's organization with the
 * requested rights, if this administrator may grant them there (core/accounts/delegation.ts). Requests it
 * may not grant are refused one by one with the reason; the others are approved together.
 */
export async function approveAccountRequests(ctx: Ctx, input: ApproveInput) {
  requirePermission(ctx, 'account.manage');
  if (input.sealPassword !== undefined && input.sealPassword.length < SEAL_PASSWORD_MIN)
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        { path: 'sealPassword', message: `Mật khẩu niêm phong phải có ít nhất ${SEAL_PASSWORD_MIN} ký tự.` },
      ],
    });
  const now = input.now ?? new Date();
  const ids = [...new Set(input.ids)];
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const found = await requests.getAccountRequestsForDecision(tx, ctx.scope, ids);
    const approved: Array<IssuedCredential & { requestId: number }> = [];
    const refused: Array<{ requestId: number; reason: string; message: string }> = [];
    for (const request of found) {
      if (request.status !== 'pending') {
        refused.push({
          requestId: request.id,
          reason: 'REQUEST_DECIDED',
          message: 'Đề nghị này đã được xử lý.',
        });
        continue;
      }
      const refusal = checkGrant(principalOf(ctx), { roles: request.roles, scopePath: request.orgPath });
      if (refusal) {
        refused.push({ requestId: request.id, reason: refusal, message: REFUSAL_MESSAGES[refusal] });
        continue;
      }
      const { account, credential } = await createAccountInTx(
        tx,
        ctx,
        {
          fullName: request.fullName,
          roles: request.roles,
          scopeOrgId: request.orgId,
          position: request.position,
          unitName: request.unitName,
          phone: request.phone,
          citizenId: request.citizenId,
          birthDate: request.birthDate,
          delivery: input.delivery,
        },
        now,
      );
      await requests.markAccountRequestDecided(tx, request.id, {
        status: 'approved',
        decidedBy: ctx.actor.id,
        at: now,
        reason: null,
        accountId: account.id,
      });
      await recordAudit(tx, {
        actorId: ctx.actor.id,
        actorName: ctx.actor.username,
        action: 'account_request.approve',
        entity: 'account',
        entityId: account.id,
        provinceCode: request.provinceCode,
        after: { requestId: request.id, username: account.username, roles: request.roles },
        requestId: ctx.requestId,
      });
      approved.push({ ...credential, requestId: request.id });
    }
    return { approved, refused };
  });
  const sealed =
    input.sealPassword && outcome.approved.length
      ? await buildSealedCredentials(outcome.approved, {
          password: input.sealPassword,
          baseUrl: input.baseUrl,
          now,
        })
      : null;
  return {
    approved: outcome.approved.map((c) => ({
      ...c,
      ...(c.activationPath ? { activationUrl: `${input.baseUrl}${c.activationPath}` } : {}),
    })),
    refused: outcome.refused,
    sealed,
  };
}

export async function rejectAccountRequests(ctx: Ctx, input: { ids: number[]; reason: string; now?: Date }) {
  requirePermission(ctx, 'account.manage');
  const now = input.now ?? new Date();
  return ctx.db.transaction().execute(async (tx) => {
    const found = await requests.getAccountRequestsForDecision(tx, ctx.scope, [...new Set(input.ids)]);
    const decided = found.find((r) => r.status !== 'pending');
    if (decided) throw new AppError('INVALID_OPERATION', { reason: 'REQUEST_DECIDED', id: decided.id });
    for (const request of found) {
      await requests.markAccountRequestDecided(tx, request.id, {
        status: 'rejected',
        decidedBy: ctx.actor.id,
        at: now,
        reason: input.reason,
        accountId: null,
      });
      await recordAudit(tx, {
        actorId: ctx.actor.id,
        actorName: ctx.actor.username,
        action: 'account_request.reject',
        entity: 'account',
        entityId: null,
        provinceCode: request.provinceCode,
        after: { requestId: request.id, reason: input.reason },
        requestId: ctx.requestId,
      });
    }
    return { rejected: found.map((r) => r.id) };
  });
}
