import { z } from 'zod';
import { listFreezes, scheduleFreeze, switchOffFreeze } from '../../app/maintenance/freeze-operations.ts';
import type { ZodApp } from '../zod-app.ts';

const FreezeBody = z
  .object({
    provinceCode: z
      .string()
      .regex(/^\d{2}$/, 'Mã tỉnh gồm 2 chữ số')
      .nullable()
      .describe('null: toàn hệ thống'),
    startsAt: z.coerce
      .date({ error: 'Thời điểm bắt đầu không hợp lệ' })
      .optional()
      .describe('bỏ trống: ngay bây giờ'),
    endsAt: z.coerce.date({ error: 'Thời điểm kết thúc không hợp lệ' }).nullable().optional(),
    reason: z.string().trim().min(3, 'Nhập lý do tạm dừng').max(500, 'Lý do quá dài'),
  })
  .strict();

export async function maintenanceRoutes(app: ZodApp) {
  const tags = ['maintenance'];
  app.get(
    '/api/maintenance/freezes',
    { schema: { tags, summary: 'Current and scheduled write freezes' } },
    (req) => listFreezes(req.ctx),
  );
  app.post(
    '/api/maintenance/freezes',
    {
      schema: {
        tags,
        summary: 'Schedule a write freeze, or switch one on now (system administrator)',
        body: FreezeBody,
      },
    },
    async (req, reply) => reply.status(201).send(await scheduleFreeze(req.ctx, req.body)),
  );
  app.post(
    '/api/maintenance/freezes/:id/end',
    {
      schema: {
        tags,
        summary: 'Switch a freeze off (or cancel a scheduled one)',
        params: z.object({ id: z.coerce.number().int().positive() }),
      },
    },
    (req) => switchOffFreeze(req.ctx, req.params.id),
  );
}
