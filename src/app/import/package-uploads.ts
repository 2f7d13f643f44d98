import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { requirePermission, type Ctx } from '../context.ts';
import { CANONICAL_COLUMNS, REQUIRED_COLUMNS } from '../../core/import/column-mapping.ts';
import { AppError } from '../../core/errors.ts';
import { PackageReadError } from '../../core/import/package-read-error.ts';
import type { TextEncoding } from './decode-text.ts';
import { packageRejected } from './import-package.ts';
import type { MappingOverrides } from './package-mapping.ts';
import { previewPackage } from './preview-package.ts';

/**
 * A package uploaded through the web wizard, kept under DATA_DIR/uploads/<id>/ until its import succeeds
 * (a job interrupted by a restart reads it again; a failed run can be started again). Uploads never imported
 * are removed after UPLOAD_RETENTION_DAYS by `removeStaleUploads`. One .zip, one .xlsx, or the two CSV files.
 * It belongs to the uploader's province (national uploads: national accounts only).
 */
export interface UploadedPackage {
  id: string;
  packageName: string;
  /** The path importPackage opens: the file itself, or the folder holding the two CSV files. */
  path: string;
  files: Array<{ name: string; size: number }>;
  provinceCode: string | null;
  uploadedBy: number;
  uploadedAt: string;
}

const META_FILE = 'upload.json';
const UPLOAD_ID = /^[0-9a-f-]{36}$/;
const ACCEPTED = new Set(['.zip', '.xlsx', '.csv']);

const invalid = (message: string) =>
  new AppError('VALIDATION_FAILED', { issues: [{ path: 'files', message }] });

/** A file name safe on disk that still reads as the user's one (Vietnamese letters kept). */
function safeFileName(name: string): string {
  const base = basename(name.normalize('NFC').replace(/\\/g, '/'));
  const cleaned = base.replace(/[^\p{L}\p{N}._ ()-]/gu, '_').replace(/^\.+/, '');
  return cleaned.slice(-120) || 'tep';
}

/**
 * Writes the uploaded files to disk, one at a time as they stream in (never whole in memory). Refuses
 * anything but one .zip, one .xlsx, or one or two .csv files; the caller's size limit is enforced by the
 * multipart reader, which fails the stream.
 */
export async function saveUpload(
  ctx: Ctx,
  uploadDir: string,
  parts: AsyncIterable<{ filename: string; file: Readable }>,
): Promise<UploadedPackage> {
  requirePermission(ctx, 'member.write');
  const id = randomUUID();
  const dir = join(uploadDir, id);
  await mkdir(dir, { recursive: true });
  try {
    const files: Array<{ name: string; size: number }> = [];
    for await (const part of parts) {
      const name = safeFileName(part.filename);
      const extension = extname(name).toLowerCase();
      if (!ACCEPTED.has(extension)) {
        part.file.resume();
        throw invalid(`Tệp "${name}" không đúng định dạng: chỉ nhận tệp .zip, .xlsx hoặc .csv.`);
      }
      if (files.some((f) => f.name.toLowerCase() === name.toLowerCase())) {
        part.file.resume();
        throw invalid(`Hai tệp cùng tên "${name}": hãy chọn tệp tổ chức và tệp đảng viên.`);
      }
      await pipeline(part.file, createWriteStream(join(dir, name)));
      files.push({ name, size: (await stat(join(dir, name))).size });
    }
    if (files.length === 0)
      throw invalid('Hãy chọn tệp gói dữ liệu: một tệp .zip hoặc .xlsx, hoặc hai tệp .csv.');
    const allCsv = files.every((f) => f.name.toLowerCase().endsWith('.csv'));
    if (files.length > 2 || (files.length === 2 && !allCsv)) {
      throw invalid('Chỉ tải lên một tệp .zip hoặc .xlsx, hoặc hai tệp .csv (tệp tổ chức và tệp đảng viên).');
    }
    const first = files[0]!;
    const upload: UploadedPackage = {
      id,
      packageName: files.length === 2 ? files.map((f) => f.name).join(' + ') : first.name,
      path: files.length === 2 ? dir : join(dir, first.name),
      files,
      provinceCode: ctx.scope.kind === 'subtree' ? ctx.scope.provinceCode : null,
      uploadedBy: ctx.actor.id,
      uploadedAt: new Date().toISOString(),
    };
    await writeFile(join(dir, META_FILE), JSON.stringify(upload));
    return upload;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The upload, if the caller may see it; NOT_FOUND otherwise (outside the scope reads as missing). */
export async function findUpload(ctx: Ctx, uploadDir: string, id: string): Promise<UploadedPackage> {
  const notFound = new AppError('NOT_FOUND', { entity: 'upload', id });
  if (!UPLOAD_ID.test(id)) throw notFound;
  let upload: UploadedPackage;
  try {
    upload = JSON.parse(await readFile(join(uploadDir, id, META_FILE), 'utf8')) as UploadedPackage;
  } catch {
    throw notFound;
  }
  if (ctx.scope.kind === 'subtree' && upload.provinceCode !== ctx.scope.provinceCode) throw notFound;
  return upload;
}

/** The dry run of an upload (mapping, first rows, rejected rows) with the user's mapping corrections. */
export async function previewUpload(
  ctx: Ctx,
  uploadDir: string,
  id: string,
  options: { mappingOverrides?: MappingOverrides | undefined; encoding?: TextEncoding | undefined },
) {
  const upload = await findUpload(ctx, uploadDir, id);
  try {
    const preview = await previewPackage(upload.path, {
      ...(options.mappingOverrides ? { mappingOverrides: options.mappingOverrides } : {}),
      ...(options.encoding ? { encoding: options.encoding } : {}),
      sampleRows: 10,
      rejectedLimit: 200,
      scanLimit: PREVIEW_SCAN_LIMIT,
    });
    return {
      upload,
      ...preview,
      scanLimit: PREVIEW_SCAN_LIMIT,
      columns: CANONICAL_COLUMNS,
      requiredColumns: REQUIRED_COLUMNS,
    };
  } catch (error) {
    throw error instanceof PackageReadError ? packageRejected(error) : error;
  }
}

/** Rows scanned per file by the preview: enough to show the problems of a real file in seconds. */
const PREVIEW_SCAN_LIMIT = 200_000;

/** Removes one upload (after its import succeeded: the run keeps the report and the source checksums). */
export async function removeUpload(uploadDir: string, id: string): Promise<void> {
  if (!UPLOAD_ID.test(id)) return;
  await rm(join(uploadDir, id), { recursive: true, force: true });
}

/**
 * Removes uploads older than `maxAgeMs` (by their upload time; by the folder's time when the upload never
 * finished writing its description). Returns the ids removed. Other files in the folder are left alone.
 */
export async function removeStaleUploads(
  uploadDir: string,
  maxAgeMs: number,
  now = Date.now(),
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(uploadDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const id of names) {
    if (!UPLOAD_ID.test(id)) continue;
    let uploadedAt: number;
    try {
      const meta = JSON.parse(await readFile(join(uploadDir, id, META_FILE), 'utf8')) as UploadedPackage;
      uploadedAt = Date.parse(meta.uploadedAt);
    } catch {
      uploadedAt = await stat(join(uploadDir, id)).then(
        (s) => s.mtimeMs,
        () => now,
      );
    }
    if (!(now - uploadedAt > maxAgeMs)) continue;
    await removeUpload(uploadDir, id);
    removed.push(id);
  }
  return removed;
}
