import { z } from 'zod';
import * as ops from '../../app/organizations/organization-operations.ts';
import { ORGANIZATION_TYPES } from '../../core/organizations/hierarchy.ts';
import { isIsoPartialDate } from '../../core/members/member.ts';
import type { ZodApp } from '../zod-app.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const Version = z.number().int().positive();
const Name = z.string().trim().min(2, 'Tên tổ chức quá ngắn').max(300, 'Tên tổ chức quá dài');
const PartialDate = z.string().refine(isIsoPartialDate, 'Ngày không hợp lệ (yyyy, yyyy-mm hoặc yyyy-mm-dd)');

export async function organizationRoutes(app: ZodApp) {
  const tags = ['organizations'];
  app.get(
    '/api/organizations/roots',
    { schema: { tags, summary: 'Top organizations in scope' } },
    async (req) => ({
      items: await ops.listRootOrganizations(req.ctx),
    }),
  );

  app.get(
    '/api/organizations/search',
    {
      schema: {
        tags,
        summary: 'Accent-insensitive search within scope',
        querystring: z.object({
          q: z.string().max(200),
          limit: z.coerce.number().int().min(1).max(50).default(20),
        }),
      },
    },
    async (req) => ({ items: await ops.searchOrganizations(req.ctx, req.query.q, req.query.limit) }),
  );

  app.get(
    '/api/organizations/:id',
    { schema: { tags, summary: 'One organization', params: IdParams } },
    (req) => ops.getOrganization(req.ctx, req.params.id),
  );

  app.get(
    '/api/organizations/:id/children',
    { schema: { tags, summary: 'Child organizations', params: IdParams } },
    async (req) => ({ items: await ops.listChildOrganizations(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/organizations',
    {
      schema: {
        tags,
        summary: 'Create an organization',
        body: z.object({
          parentId: z.number().int().positive(),
          name: Name,
          type: z.enum(ORGANIZATION_TYPES, 'Loại tổ chức không hợp lệ'),
          legacyCode: z.string().trim().max(50).nullish(),
          foundingDate: PartialDate.nullish(),
          adminUnitCode: z
            .string()
            .regex(/^\d{2}(\d{3})?$/, 'Mã đơn vị hành chính gồm 2 hoặc 5 chữ số')
            .nullish(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await ops.createOrganization(req.ctx, req.body)),
  );

  app.post(
    '/api/organizations/:id/rename',
    {
      schema: { tags, summary: 'Rename', params: IdParams, body: z.object({ name: Name, version: Version }) },
    },
    (req) => ops.renameOrganization(req.ctx, req.params.id, req.body.name, req.body.version),
  );

  app.post(
    '/api/organizations/:id/move',
    {
      schema: {
        tags,
        summary: 'Move under another parent',
        params: IdParams,
        body: z.object({ parentId: z.number().int().positive(), version: Version }),
      },
    },
    (req) => ops.moveOrganization(req.ctx, req.params.id, req.body.parentId, req.body.version),
  );

  app.post(
    '/api/organizations/:id/dissolve',
    {
      schema: {
        tags,
        summary: 'Dissolve (giải thể) or mark merged (sáp nhập)',
        params: IdParams,
        body: z.object({ version: Version, status: z.enum(['GIAI_THE', 'SAP_NHAP']).default('GIAI_THE') }),
      },
    },
    (req) => ops.dissolveOrganization(req.ctx, req.params.id, req.body.status, req.body.version),
  );
}
