import { AppError } from '../../core/errors.ts';
import type { Ctx } from '../context.ts';

/**
 * The province an operation on a whole province runs on: the caller's own province, or for a national
 * account the one it names. A province outside the caller's scope is NOT_FOUND, like any record.
 */
export function provinceOfScope(ctx: Ctx, requested: string | undefined): string {
  if (ctx.scope.kind === 'national') {
    if (!requested) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: 'provinceCode', message: 'Chọn tỉnh, thành phố' }],
      });
    }
    return requested;
  }
  if (requested !== undefined && requested !== ctx.scope.provinceCode) {
    throw new AppError('NOT_FOUND', { entity: 'province', provinceCode: requested });
  }
  return ctx.scope.provinceCode;
}

/** Province-wide data (the register extract) is managed from the province level or above. */
export function requireProvinceLevel(ctx: Ctx): void {
  if (ctx.scope.kind === 'subtree' && ctx.scope.path.split('/').filter(Boolean).length > 1) {
    throw new AppError('FORBIDDEN_ACTION', { reason: 'PROVINCE_LEVEL_ONLY' });
  }
}
