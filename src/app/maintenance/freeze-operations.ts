import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import {
  endFreeze,
  findActiveFreeze,
  findFreeze,
  insertFreeze,
  listOpenFreezes,
  type WriteFreeze,
} from '../../db/repos/write-freezes.ts';
import type { Ctx } from '../context.ts';

/**
 * Write freeze (maintenance mode) of the cut-over: Plan 291 stops all writes on 3.0 and 4.0 while the data
 * moves. Only a system administrator (role 1) manages freezes; a system-wide freeze needs a national
 * account, a province freeze the national account or the province's own administrator.
 */
function requireFreezeAdmin(ctx: Ctx, provinceCode: string | null): void {
  if (!ctx.actor.roles.includes(1))
    throw new AppError('FORBIDDEN_ACTION', { permission: 'maintenance.manage' });
  if (ctx.scope.kind === 'national') return;
  if (provinceCode === null || provinceCode !== ctx.scope.provinceCode) {
    throw new AppError('FORBIDDEN_ACTION', { permission: 'maintenance.manage', provinceCode });
  }
}

export interface FreezeInput {
  /** null: the whole system. */
  provinceCode: string | null;
  /** Omitted: now (switch on). */
  startsAt?: Date | undefined;
  /** Omitted: until switched off. */
  endsAt?: Date | null | undefined;
  reason: string;
}

export async function scheduleFreeze(ctx: Ctx, input: FreezeInput): Promise<WriteFreeze> {
  requireFreezeAdmin(ctx, input.provinceCode);
  const startsAt = input.startsAt ?? new Date();
  const endsAt = input.endsAt ?? null;
  if (endsAt && endsAt <= startsAt) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'endsAt', message: 'Thời điểm kết thúc phải sau thời điểm bắt đầu' }],
    });
  }
  return ctx.db.transaction().execute(async (tx) => {
    const freeze = await insertFreeze(tx, {
      provinceCode: input.provinceCode,
      startsAt,
      endsAt,
      reason: input.reason,
      createdBy: ctx.actor.id,
      createdByName: ctx.actor.fullName,
    });
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'maintenance.freeze',
      entity: 'system',
      entityId: freeze.id,
      provinceCode: input.provinceCode,
      after: freeze,
      requestId: ctx.requestId,
    });
    return freeze;
  });
}

export async function switchOffFreeze(ctx: Ctx, id: number): Promise<WriteFreeze> {
  return ctx.db.transaction().execute(async (tx) => {
    const freeze = await findFreeze(tx, id);
    if (!freeze) throw new AppError('NOT_FOUND', { entity: 'freeze', id });
    requireFreezeAdmin(ctx, freeze.provinceCode);
    if (!(await endFreeze(tx, id, ctx.actor.id))) {
      throw new AppError('INVALID_OPERATION', { reason: 'FREEZE_ALREADY_ENDED', id });
    }
    const after = (await findFreeze(tx, id))!;
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorName: ctx.actor.username,
      action: 'maintenance.unfreeze',
      entity: 'system',
      entityId: id,
      provinceCode: freeze.provinceCode,
      before: freeze,
      after,
      requestId: ctx.requestId,
    });
    return after;
  });
}

/** Current and scheduled freezes the caller is concerned by (a province account: its own and system-wide). */
export function listFreezes(ctx: Ctx): Promise<WriteFreeze[]> {
  return listOpenFreezes(ctx.db, ctx.scope.kind === 'subtree' ? ctx.scope.provinceCode : undefined);
}

export { findActiveFreeze };

const TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** "Hệ thống đang tạm dừng cập nhật dữ liệu … đến 24:00 09/12/2025." */
export function frozenMessage(freeze: WriteFreeze): string {
  const scope = freeze.provinceCode ? `dữ liệu của tỉnh có mã ${freeze.provinceCode}` : 'toàn hệ thống';
  const until = freeze.endsAt
    ? `đến ${TIME.format(new Date(freeze.endsAt))}`
    : 'cho đến khi quản trị viên mở lại';
  return `Đang tạm dừng cập nhật ${scope} (${freeze.reason}) ${until}. Bạn vẫn xem được dữ liệu; việc thêm, sửa, xóa sẽ thực hiện được sau thời gian này.`;
}
