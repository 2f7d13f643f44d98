import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import * as ops from '../../app/problem-reports/problem-report-operations.ts';
import { AppError } from '../../core/errors.ts';
import type { ZodApp } from '../zod-app.ts';
import { campaignErrorHandler } from './campaign.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export interface ProblemReportRouteOptions {
  /** DATA_DIR: attachments are kept under <dataDir>/problem-reports/<report id>/. */
  dataDir: string;
}

/** Multipart reader errors of the attachment upload, as the Vietnamese reasons of CAMPAIGN_REASON_MESSAGES. */
function uploadError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const invalid = (reason: string) =>
    new AppError('VALIDATION_FAILED', { reason, issues: [{ path: 'file', message: reason }] });
  if (code === 'FST_REQ_FILE_TOO_LARGE') return invalid('ATTACHMENT_TOO_LARGE');
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return invalid('ONE_FILE_PER_UPLOAD');
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_PROTO_VIOLATION')
    return invalid('ATTACHMENT_MISSING');
  return error;
}

export function problemReportRoutes(options: ProblemReportRouteOptions) {
  const { dataDir } = options;
  return async function routes(app: ZodApp) {
    app.setErrorHandler(campaignErrorHandler);
    await app.register(fastifyMultipart, {
      limits: { fileSize: ops.MAX_ATTACHMENT_BYTES, files: 1, fields: 5, parts: 6 },
    });
    const tags = ['problem-reports'];

    app.get(
      '/api/problem-reports',
      {
        schema: {
          tags,
          summary: 'Problem reports (vướng mắc) of the units in scope',
          querystring: z.object({
            status: z.enum(['open', 'answered', 'resolved']).optional(),
            level: z.enum(['province', 'centre']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
      },
      (req) => ops.listProblemReports(req.ctx, req.query),
    );
    app.post(
      '/api/problem-reports',
      {
        schema: {
          tags,
          summary: 'File a problem report (attachments as base64, 3 MB each)',
          body: z.object({
            orgId: z.number().int().positive(),
            category: z.enum(['technical', 'data', 'access'], 'Chọn loại vướng mắc'),
            title: z.string().trim().min(5, 'Tiêu đề quá ngắn').max(300, 'Tiêu đề quá dài'),
            body: z
              .string()
              .trim()
              .min(10, 'Hãy mô tả vướng mắc (ít nhất 10 ký tự)')
              .max(10_000, 'Nội dung quá dài'),
            attachments: z
              .array(
                z.object({
                  fileName: z.string().trim().min(1).max(200),
                  contentType: z.string().max(100).default('application/octet-stream'),
                  contentBase64: z.string().min(1).max(4_200_000),
                }),
              )
              .max(3, 'Tối đa 3 tệp đính kèm')
              .default([]),
          }),
        },
      },
      async (req, reply) => reply.status(201).send(await ops.createProblemReport(req.ctx, dataDir, req.body)),
    );
    app.get(
      '/api/problem-reports/:id',
      { schema: { tags, summary: 'One problem report with replies and attachments', params: IdParams } },
      (req) => ops.getProblemReport(req.ctx, req.params.id),
    );
    app.post(
      '/api/problem-reports/:id/actions',
      {
        schema: {
          tags,
          summary: 'Reply, escalate to the centre, or resolve',
          params: IdParams,
          body: z.object({
            action: z.enum(['reply', 'escalate', 'resolve'], 'Thao tác không hợp lệ'),
            body: z.string().trim().min(2, 'Hãy nhập nội dung').max(10_000, 'Nội dung quá dài'),
            version: z.number().int().positive(),
          }),
        },
      },
      (req) => ops.actOnProblemReport(req.ctx, req.params.id, req.body),
    );
    app.get(
      '/api/problem-reports/:id/attachments/:attachmentId',
      {
        schema: {
          tags,
          summary: 'Download an attachment',
          params: IdParams.extend({ attachmentId: z.coerce.number().int().positive() }),
        },
      },
      async (req, reply) => {
        const file = await ops.readAttachment(req.ctx, dataDir, req.params.id, req.params.attachmentId);
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
          .header('x-content-type-options', 'nosniff')
          .send(file.bytes);
      },
    );
    app.post(
      '/api/problem-reports/:id/attachments',
      {
        schema: {
          tags,
          summary:
            'Attach one file to a report (multipart/form-data, field "file"; PDF, PNG, JPG, WEBP, DOC(X), XLS(X), CSV, TXT; 3 MB; 10 per report)',
          params: IdParams,
        },
      },
      async (req, reply) => {
        if (!req.isMultipart()) throw uploadError({ code: 'FST_INVALID_MULTIPART_CONTENT_TYPE' });
        try {
          const part = await req.file();
          if (!part || part.fieldname !== 'file')
            throw uploadError({ code: 'FST_INVALID_MULTIPART_CONTENT_TYPE' });
          const bytes = await part.toBuffer();
          return await reply
            .status(201)
            .send(
              await ops.addAttachment(req.ctx, dataDir, req.params.id, { fileName: part.filename, bytes }),
            );
        } catch (error) {
          throw uploadError(error);
        }
      },
    );
  };
}
