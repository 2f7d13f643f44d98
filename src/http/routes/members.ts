import { z } from 'zod';
import * as ops from '../../app/members/member-operations.ts';
import { foldForSearch } from '../../core/text/fold.ts';
import { GENDERS, MEMBER_STATUSES, isIsoPartialDate } from '../../core/members/member.ts';
import type { ZodApp } from '../zod-app.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const Text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự`).nullable();
const PartialDate = z
  .string()
  .refine(isIsoPartialDate, 'Ngày không hợp lệ (yyyy, yyyy-mm hoặc yyyy-mm-dd)')
  .nullable();
const Code = (pattern: RegExp, message: string) => z.string().regex(pattern, message).nullable();

/** The editable fields. Checks here are about shape; data-quality rules judge content separately. */
const MemberFieldsBody = z
  .object({
    fullName: z.string().trim().min(1, 'Nhập họ và tên').max(200, 'Họ và tên quá dài'),
    otherName: Text(200),
    gender: z.enum(GENDERS, 'Giới tính là Nam hoặc Nữ').nullable(),
    birthDate: PartialDate,
    birthPlace: Text(500),
    hometown: Text(500),
    hometownProvinceCode: Code(/^\d{2}$/, 'Mã tỉnh gồm 2 chữ số'),
    hometownCommuneCode: Code(/^\d{5}$/, 'Mã xã gồm 5 chữ số'),
    residence: Text(500),
    residenceProvinceCode: Code(/^\d{2}$/, 'Mã tỉnh gồm 2 chữ số'),
    residenceCommuneCode: Code(/^\d{5}$/, 'Mã xã gồm 5 chữ số'),
    ethnicityCode: Code(/^\d{2}$/, 'Mã dân tộc gồm 2 chữ số'),
    religion: Text(100),
    citizenId: Code(/^\d{9}(\d{3})?$/, 'Số CCCD gồm 12 chữ số (CMND cũ: 9 chữ số)'),
    phone: Code(/^0\d{9,10}$/, 'Số điện thoại gồm 10 chữ số, bắt đầu bằng 0'),
    email: z.string().trim().email('Địa chỉ thư điện tử không hợp lệ').max(200).nullable(),
    admissionDate: PartialDate,
    officialDate: PartialDate,
    partyCardNo: Code(/^\d{8}$/, 'Số thẻ đảng viên gồm 8 chữ số'),
    generalEducation: Text(20),
    professionalQualification: Text(300),
    politicalTheory: Text(100),
    occupation: Text(300),
    status: z.enum(MEMBER_STATUSES, 'Trạng thái không hợp lệ').nullable(),
    deathDate: PartialDate,
  })
  .strict();

export async function memberRoutes(app: ZodApp) {
  const tags = ['members'];
  app.get(
    '/api/organizations/:id/members',
    {
      schema: {
        tags,
        summary: "An organization's members (or its whole subtree), paginated",
        params: IdParams,
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
          q: z.string().max(200).optional(),
          status: z.enum(MEMBER_STATUSES).optional(),
          gender: z.enum(GENDERS).optional(),
          subtree: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true'),
          sort: z.enum(['fullName', 'birthDate', 'admissionDate', 'status']).default('fullName'),
          order: z.enum(['asc', 'desc']).default('asc'),
        }),
      },
    },
    (req) => {
      const q = req.query.q?.trim();
      return ops.listMembers(req.ctx, {
        ...req.query,
        orgId: req.params.id,
        q: q ? (/^\d+$/.test(q) ? q : foldForSearch(q)) : undefined,
      });
    },
  );

  app.get('/api/members/:id', { schema: { tags, summary: 'One member', params: IdParams } }, (req) =>
    ops.getMember(req.ctx, req.params.id),
  );

  app.post(
    '/api/members',
    {
      schema: {
        tags,
        summary: 'Create a member in a chi bộ',
        body: MemberFieldsBody.partial().extend({
          orgId: z.number().int().positive(),
          fullName: z.string().trim().min(1, 'Nhập họ và tên').max(200),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await ops.createMember(req.ctx, req.body)),
  );

  app.patch(
    '/api/members/:id',
    {
      schema: {
        tags,
        summary: 'Update fields, optimistic locking on version (409 VERSION_CONFLICT when stale)',
        params: IdParams,
        body: z.object({ version: z.number().int().positive(), changes: MemberFieldsBody.partial() }),
      },
    },
    (req) => ops.updateMember(req.ctx, req.params.id, req.body.version, req.body.changes),
  );
}
