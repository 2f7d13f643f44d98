import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import * as requestsOps from '../../app/accounts/account-requests.ts';
import { buildSealedCredentials } from '../../app/accounts/sealed-credentials.ts';
import * as ops from '../../app/accounts/manage-accounts.ts';
import { AppError } from '../../core/errors.ts';
import type { ZodApp } from '../zod-app.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const Role = z.number().int().min(1, 'Quyền từ 1 đến 5').max(5, 'Quyền từ 1 đến 5');
const Roles = z.array(Role).min(1, 'Chọn ít nhất một quyền').max(5);
const Delivery = z.enum(
  ['activation', 'password'],
  'Chọn cách cấp: đường dẫn kích hoạt hoặc mật khẩu tạm thời',
);
const SealPassword = z.string().min(8, 'Mật khẩu niêm phong phải có ít nhất 8 ký tự').max(200).optional();
const Ids = z.array(z.number().int().positive()).min(1, 'Chọn ít nhất một đề nghị').max(500);
const Page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

const baseUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** Accounts (delegated administration) and Phụ lục 01 account requests. */
export async function accountRoutes(app: ZodApp) {
  // Uploads are parsed only in this plugin's context.
  await app.register(fastifyMultipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1 } });
  const tags = ['accounts'];

  app.get(
    '/api/accounts',
    {
      schema: {
        tags,
        summary: 'Accounts inside the caller’s scope',
        querystring: z.object({
          q: z.string().max(100).optional(),
          role: z.coerce.number().int().min(1).max(5).optional(),
          active: z.enum(['true', 'false']).optional(),
          orgId: z.coerce.number().int().positive().optional(),
          ...Page,
        }),
      },
    },
    (req) =>
      ops.listAccounts(req.ctx, {
        q: req.query.q,
        role: req.query.role,
        isActive: req.query.active === undefined ? undefined : req.query.active === 'true',
        orgId: req.query.orgId,
        limit: req.query.limit,
        offset: req.query.offset,
      }),
  );

  app.get('/api/accounts/:id', { schema: { tags, summary: 'One account', params: IdParams } }, (req) =>
    ops.getAccount(req.ctx, req.params.id),
  );

  app.post(
    '/api/accounts',
    {
      schema: {
        tags,
        summary: 'Create an account (inside one’s scope, with rights one holds)',
        body: z.object({
          username: z
            .string()
            .trim()
            .regex(
              /^[a-z0-9._-]{3,40}$/,
              'Tên đăng nhập 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch',
            )
            .optional(),
          fullName: z.string().trim().min(3, 'Nhập họ và tên').max(100),
          roles: Roles,
          scopeOrgId: z.number().int().positive().nullable(),
          position: z.string().trim().max(200).nullish(),
          unitName: z.string().trim().max(300).nullish(),
          phone: z.string().trim().max(20).nullish(),
          delivery: Delivery,
          sealPassword: SealPassword,
        }),
      },
    },
    async (req, reply) => {
      const { sealPassword, ...input } = req.body;
      const result = await ops.createAccount(req.ctx, input);
      const sealed = sealPassword
        ? await buildSealedCredentials([result.credential], {
            password: sealPassword,
            baseUrl: baseUrlOf(req),
          })
        : null;
      return reply.status(201).send({ ...result, sealed });
    },
  );

  app.post(
    '/api/accounts/:id/deactivate',
    { schema: { tags, summary: 'Deactivate (signs the account out everywhere)', params: IdParams } },
    (req) => ops.setAccountActive(req.ctx, req.params.id, false),
  );

  app.post(
    '/api/accounts/:id/reactivate',
    { schema: { tags, summary: 'Reactivate', params: IdParams } },
    (req) => ops.setAccountActive(req.ctx, req.params.id, true),
  );

  app.post(
    '/api/accounts/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'New activation link or temporary password (shown once)',
        params: IdParams,
        body: z.object({ delivery: Delivery, sealPassword: SealPassword }),
      },
    },
    async (req) => {
      const credential = await ops.resetAccountPassword(req.ctx, req.params.id, req.body.delivery);
      const baseUrl = baseUrlOf(req);
      const sealed = req.body.sealPassword
        ? await buildSealedCredentials([credential], { password: req.body.sealPassword, baseUrl })
        : null;
      return {
        credential: {
          ...credential,
          ...(credential.activationPath ? { activationUrl: `${baseUrl}${credential.activationPath}` } : {}),
        },
        sealed,
      };
    },
  );

  app.post(
    '/api/accounts/:id/access',
    {
      schema: {
        tags,
        summary: 'Change rights and/or scope (never one’s own)',
        params: IdParams,
        body: z.object({
          roles: Roles.optional(),
          scopeOrgId: z.number().int().positive().nullable().optional(),
        }),
      },
    },
    (req) => ops.changeAccountAccess(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/account-requests/template',
    { schema: { tags, summary: 'The Phụ lục 01 form as an Excel template' } },
    async (req, reply) => {
      const file = await requestsOps.getRequestFormTemplate(req.ctx);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="phu-luc-01-de-nghi-cap-tai-khoan.xlsx"`)
        .send(file);
    },
  );

  app.post(
    '/api/account-requests/upload',
    { schema: { tags, summary: 'Upload a filled Phụ lục 01 form (.xlsx, multipart field "file")' } },
    async (req, reply) => {
      if (!req.isMultipart())
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ path: 'file', message: 'Chọn tệp biểu mẫu (.xlsx)' }],
        });
      const part = await req.file();
      if (!part)
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ path: 'file', message: 'Chọn tệp biểu mẫu (.xlsx)' }],
        });
      const file = await part.toBuffer();
      return reply
        .status(201)
        .send(await requestsOps.uploadAccountRequests(req.ctx, { fileName: part.filename, file }));
    },
  );

  app.get(
    '/api/account-requests',
    {
      schema: {
        tags,
        summary: 'Account requests of organizations inside the caller’s scope',
        querystring: z.object({
          status: z.enum(['pending', 'approved', 'rejected']).optional(),
          batchId: z.coerce.number().int().positive().optional(),
          ...Page,
        }),
      },
    },
    (req) => requestsOps.listAccountRequests(req.ctx, req.query),
  );

  app.get(
    '/api/account-requests/batches',
    { schema: { tags, summary: 'Uploaded forms with their row errors' } },
    async (req) => ({ items: await requestsOps.listAccountRequestBatches(req.ctx) }),
  );

  app.post(
    '/api/account-requests/approve',
    {
      schema: {
        tags,
        summary: 'Approve requests (single or bulk); credentials shown once, optionally sealed',
        body: z.object({ ids: Ids, delivery: Delivery, sealPassword: SealPassword }),
      },
    },
    (req) => requestsOps.approveAccountRequests(req.ctx, { ...req.body, baseUrl: baseUrlOf(req) }),
  );

  app.post(
    '/api/account-requests/reject',
    {
      schema: {
        tags,
        summary: 'Reject requests with a reason',
        body: z.object({ ids: Ids, reason: z.string().trim().min(3, 'Nhập lý do từ chối').max(500) }),
      },
    },
    (req) => requestsOps.rejectAccountRequests(req.ctx, req.body),
  );
}
