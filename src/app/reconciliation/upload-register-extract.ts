import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { listRegisterExtracts, replaceRegisterExtract } from '../../db/repos/register.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { FileRegister } from './file-register.ts';
import { RegisterError } from './register-error.ts';
import { provinceOfScope, requireProvinceLevel } from './province-of-scope.ts';

/**
 * Stores a population register extract (spec/batch-contract.md CSV) for a province: the file is checked
 * whole (a malformed row rejects it: the register is authoritative), then replaces the province's extract.
 */
export async function uploadRegisterExtract(
  ctx: Ctx,
  input: { provinceCode?: string | undefined; fileName: string; content: Buffer },
) {
  requirePermission(ctx, 'member.write');
  requireProvinceLevel(ctx);
  const provinceCode = provinceOfScope(ctx, input.provinceCode);
  let register: FileRegister;
  try {
    register = FileRegister.fromCsv(input.content.toString('utf8'), input.fileName);
  } catch (error) {
    if (error instanceof RegisterError) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: 'file', message: registerFileMessage(error) }],
      });
    }
    throw error;
  }
  const records = [...register.all()];
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  return ctx.db.transaction().execute(async (tx) => {
    const id = await replaceRegisterExtract(tx, {
      provinceCode,
      fileName: input.fileName,
      sha256,
      records,
      uploadedBy: ctx.actor.id,
      uploadedByName: ctx.actor.username,
    });
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'register.upload',
      entity: 'system',
      entityId: id,
      provinceCode,
      after: { fileName: input.fileName, sha256, recordCount: records.length },
      requestId: ctx.requestId,
    });
    return { id, provinceCode, fileName: input.fileName, recordCount: records.length, sha256 };
  });
}

function registerFileMessage(error: RegisterError): string {
  const line = typeof error.details.line === 'number' ? ` (dòng ${error.details.line})` : '';
  if (Array.isArray(error.details.missing)) {
    return `Tệp dữ liệu dân cư thiếu cột: ${error.details.missing.join(', ')}. Cần các cột SO_DINH_DANH, HO_TEN, NGAY_SINH, GIOI_TINH.`;
  }
  return `Tệp dữ liệu dân cư không đúng định dạng${line}: số định danh 12 chữ số, ngày sinh dd/mm/yyyy, giới tính Nam hoặc Nữ, không lặp số định danh.`;
}

export async function listRegisterUploads(ctx: Ctx) {
  requirePermission(ctx, 'member.read');
  const provinceCode = ctx.scope.kind === 'national' ? null : ctx.scope.provinceCode;
  return { items: await listRegisterExtracts(ctx.db, provinceCode) };
}
