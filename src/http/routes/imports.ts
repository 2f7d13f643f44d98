import { PassThrough } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { exportRunReport, getRun, listRuns } from '../../app/import/import-run-operations.ts';
import { previewUpload, saveUpload } from '../../app/import/package-uploads.ts';
import { AppError } from '../../core/errors.ts';
import { getImportJob, startImportJob } from '../../jobs/import-package-job.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { ZodApp } from '../zod-app.ts';

export interface ImportRouteOptions {
  queue: JobQueue;
  /** Where uploaded packages are kept (DATA_DIR/uploads). */
  uploadDir: string;
  /** Largest file accepted (bytes). */
  uploadMaxBytes: number;
}

const MappingOverride = z.array(
  z.object({
    index: z.number().int().min(0),
    canonical: z.string().max(64).nullable(),
  }),
);
const MappingOverrides = z
  .object({ organizations: MappingOverride.optional(), members: MappingOverride.optional() })
  .strict();
const Encoding = z.enum(['utf-8', 'windows-1258'], 'Bảng mã chỉ có thể là utf-8 hoặc windows-1258');
const UploadIdParams = z.object({ uploadId: z.uuid('Mã tệp tải lên không hợp lệ') });
const RunIdParams = z.object({ id: z.coerce.number().int().positive() });

/** Multipart reader errors, in Vietnamese: the only ones a user can cause with a file. */
function uploadError(error: unknown, maxBytes: number): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const invalid = (message: string) =>
    new AppError('VALIDATION_FAILED', { issues: [{ path: 'files', message }] });
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return invalid(`Tệp vượt quá dung lượng cho phép (${Math.round(maxBytes / 1024 / 1024)} MB).`);
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return invalid('Chỉ tải lên một tệp .zip hoặc .xlsx, hoặc hai tệp .csv (tệp tổ chức và tệp đảng viên).');
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_PROTO_VIOLATION') {
    return invalid('Hãy chọn tệp gói dữ liệu: một tệp .zip hoặc .xlsx, hoặc hai tệp .csv.');
  }
  return error;
}

/** The web wizard of the migration from 3.0: upload, preview, import job, runs and their reconciliation. */
export function importRoutes(options: ImportRouteOptions) {
  const { queue, uploadDir, uploadMaxBytes } = options;
  return async function routes(app: ZodApp) {
    await app.register(fastifyMultipart, { limits: { fileSize: uploadMaxBytes, files: 2, fields: 0 } });
    const tags = ['imports'];

    app.post(
      '/api/imports/uploads',
      {
        schema: {
          tags,
          summary:
            'Upload a 3.0 export package: one .zip or .xlsx, or the two .csv files (multipart field "files")',
        },
      },
      async (req, reply) => {
        if (!req.isMultipart())
          throw uploadError({ code: 'FST_INVALID_MULTIPART_CONTENT_TYPE' }, uploadMaxBytes);
        try {
          return await reply.status(201).send(await saveUpload(req.ctx, uploadDir, req.files()));
        } catch (error) {
          throw uploadError(error, uploadMaxBytes);
        }
      },
    );

    app.post(
      '/api/imports/uploads/:uploadId/preview',
      {
        schema: {
          tags,
          summary:
            'Dry run of an upload: column mapping (editable), first rows, rejected rows; writes nothing',
          params: UploadIdParams,
          body: z
            .object({ mappingOverrides: MappingOverrides.optional(), encoding: Encoding.optional() })
            .strict()
            .default({}),
        },
      },
      (req) => previewUpload(req.ctx, uploadDir, req.params.uploadId, req.body),
    );

    app.post(
      '/api/imports',
      {
        schema: {
          tags,
          summary:
            'Start importing an upload as a background job (role 1). It continues without the browser and after a restart',
          body: z
            .object({
              uploadId: z.uuid('Mã tệp tải lên không hợp lệ'),
              provinceCode: z
                .string()
                .regex(/^\d{2}$/, 'Mã tỉnh gồm 2 chữ số')
                .optional(),
              mappingOverrides: MappingOverrides.optional(),
              acceptRejectedRows: z.boolean().default(false),
              encoding: Encoding.optional(),
            })
            .strict(),
        },
      },
      async (req, reply) =>
        reply.status(202).send(await startImportJob(req.ctx, { queue, uploadDir }, req.body)),
    );

    app.get(
      '/api/imports/jobs/:jobId',
      {
        schema: {
          tags,
          summary: 'Progress of an import job: status, phase, rows done, then the run id or the error',
          params: z.object({ jobId: z.string().max(64) }),
        },
      },
      (req) => getImportJob(req.ctx, queue, req.params.jobId),
    );

    app.get(
      '/api/imports/runs',
      {
        schema: {
          tags,
          summary: 'Import runs, newest first (a province account: its own province)',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        },
      },
      async (req) => ({ items: await listRuns(req.ctx, req.query.limit) }),
    );

    app.get(
      '/api/imports/runs/:id',
      {
        schema: {
          tags,
          summary: 'One import run with its reconciliation report (JSON)',
          params: RunIdParams,
        },
      },
      (req) => getRun(req.ctx, req.params.id),
    );

    app.get(
      '/api/imports/runs/:id/report.xlsx',
      {
        schema: {
          tags,
          summary: 'The reconciliation report of a run as an Excel file (audited as an export)',
          params: RunIdParams,
        },
      },
      async (req, reply) => {
        const file = await exportRunReport(req.ctx, req.params.id);
        const body = new PassThrough();
        file.write(body).catch((error: unknown) => body.destroy(error as Error));
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(body);
      },
    );
  };
}
