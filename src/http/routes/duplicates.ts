import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { mergePair } from '../../app/duplicates/merge-pair.ts';
import { escalatePair, markDifferentPeople } from '../../app/duplicates/decide-pair.ts';
import {
  countDuplicatePairs,
  getPairComparison,
  listDuplicatePairs,
} from '../../app/duplicates/duplicate-queue.ts';
import {
  getDuplicateRun,
  listDuplicateRuns,
  requestDuplicateRun,
} from '../../app/duplicates/duplicate-runs.ts';
import { listMemberMerges, undoMerge } from '../../app/duplicates/undo-merge.ts';
import {
  listRegisterUploads,
  uploadRegisterExtract,
} from '../../app/reconciliation/upload-register-extract.ts';
import { AppError } from '../../core/errors.ts';
import { MEMBER_FIELD_NAMES } from '../../core/members/member.ts';
import { enqueueDuplicateRun } from '../../jobs/duplicate-run-job.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { ZodApp } from '../zod-app.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const Side = z.enum(['a', 'b'], 'Chọn hồ sơ A hoặc B');
const Note = z.string().trim().max(1000, 'Ghi chú tối đa 1000 ký tự').nullable().optional();
const Version = z.number().int().positive();
const ProvinceCode = z.string().regex(/^\d{2}$/, 'Mã tỉnh gồm 2 chữ số');
const Choices = z.partialRecord(z.enum(MEMBER_FIELD_NAMES), Side);

/**
 * One person, one record: the duplicates queue, side-by-side comparison, decisions (merge, different
 * people, not sure → the level above), undo of a merge; the register extract and the background runs of
 * detection and reconciliation. A pair is visible when either of its records is in the caller's scope.
 */
export const duplicateRoutes = (options: { queue?: JobQueue | undefined }) =>
  async function duplicateRoutesPlugin(app: ZodApp) {
    const enqueue = (runId: number) => {
      if (!options.queue) throw new Error('duplicate runs need a job queue (buildApp options.queue)');
      return enqueueDuplicateRun(options.queue, runId);
    };
    await app.register(fastifyMultipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
    const tags = ['duplicates'];

    app.get(
      '/api/duplicates',
      {
        schema: {
          tags,
          summary: 'Duplicate pairs visible in the caller’s scope, highest score first',
          querystring: z.object({
            status: z.enum(['pending', 'merged', 'different', 'unsure']).optional(),
            band: z.enum(['probable', 'review']).optional(),
            escalatedToMe: z
              .enum(['true', 'false'])
              .optional()
              .transform((v) => v === 'true'),
            memberId: z.coerce.number().int().positive().optional(),
            page: z.coerce.number().int().min(1).default(1),
            pageSize: z.coerce.number().int().min(1).max(200).default(50),
          }),
        },
      },
      (req) => listDuplicatePairs(req.ctx, req.query),
    );

    app.get(
      '/api/duplicates/counts',
      { schema: { tags, summary: 'Pairs per status and band in the caller’s scope' } },
      (req) => countDuplicatePairs(req.ctx),
    );

    app.get(
      '/api/duplicates/:id',
      {
        schema: {
          tags,
          summary: 'Side-by-side comparison: both records, differing fields, default surviving values',
          params: IdParams,
        },
      },
      (req) => getPairComparison(req.ctx, req.params.id),
    );

    app.post(
      '/api/duplicates/:id/merge',
      {
        schema: {
          tags,
          summary: 'Same person: merge (field-by-field choice; optimistic locking on both records)',
          params: IdParams,
          body: z
            .object({
              versionA: Version,
              versionB: Version,
              pairVersion: Version.optional(),
              survivor: Side.optional(),
              choices: Choices.optional(),
              note: Note,
            })
            .strict(),
        },
      },
      (req) => mergePair(req.ctx, req.params.id, req.body),
    );

    app.post(
      '/api/duplicates/:id/different',
      {
        schema: {
          tags,
          summary: 'Different people (remembered: the pair never comes back on re-detection)',
          params: IdParams,
          body: z.object({ version: Version.optional(), note: Note }).strict(),
        },
      },
      (req) => markDifferentPeople(req.ctx, req.params.id, req.body),
    );

    app.post(
      '/api/duplicates/:id/escalate',
      {
        schema: {
          tags,
          summary: 'Not sure: escalate the pair to the level above the caller’s',
          params: IdParams,
          body: z.object({ version: Version.optional(), note: Note }).strict(),
        },
      },
      (req) => escalatePair(req.ctx, req.params.id, req.body),
    );

    app.post(
      '/api/duplicate-merges/:id/undo',
      {
        schema: {
          tags,
          summary: 'Undo a merge: both records restored exactly, findings back, pair pending again',
          params: IdParams,
        },
      },
      (req) => undoMerge(req.ctx, req.params.id),
    );

    app.get(
      '/api/members/:id/merges',
      {
        schema: {
          tags,
          summary: 'Merges a member took part in (survivor or merged record)',
          params: IdParams,
        },
      },
      (req) => listMemberMerges(req.ctx, req.params.id),
    );

    app.post(
      '/api/duplicate-runs',
      {
        schema: {
          tags,
          summary:
            'Start duplicate detection or register reconciliation of a province (background, progress)',
          body: z
            .object({ kind: z.enum(['detect', 'reconcile']), provinceCode: ProvinceCode.optional() })
            .strict(),
        },
      },
      async (req, reply) => reply.status(202).send(await requestDuplicateRun(req.ctx, req.body, enqueue)),
    );

    app.get(
      '/api/duplicate-runs',
      { schema: { tags, summary: 'Recent detection and reconciliation runs of the caller’s province' } },
      (req) => listDuplicateRuns(req.ctx),
    );

    app.get(
      '/api/duplicate-runs/:id',
      { schema: { tags, summary: 'One run with its progress', params: IdParams } },
      (req) => getDuplicateRun(req.ctx, req.params.id),
    );

    app.post(
      '/api/register-extracts',
      {
        schema: {
          tags,
          summary: 'Upload a population register extract (CSV of batch-contract.md, multipart field "file")',
          querystring: z.object({ provinceCode: ProvinceCode.optional() }),
        },
      },
      async (req, reply) => {
        const part = req.isMultipart() ? await req.file() : undefined;
        if (!part) {
          throw new AppError('VALIDATION_FAILED', {
            issues: [{ path: 'file', message: 'Chọn tệp dữ liệu dân cư (.csv)' }],
          });
        }
        const content = await part.toBuffer();
        return reply.status(201).send(
          await uploadRegisterExtract(req.ctx, {
            provinceCode: req.query.provinceCode,
            fileName: part.filename,
            content,
          }),
        );
      },
    );

    app.get(
      '/api/register-extracts',
      { schema: { tags, summary: 'Register extracts uploaded for the caller’s province' } },
      (req) => listRegisterUploads(req.ctx),
    );
  };
