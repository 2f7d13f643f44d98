import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  assertMappingUsable,
  inferFileKind,
  proposeColumnMapping,
  recognizeFileKind,
  type ColumnMapping,
  type PackageFileKind,
} from '../../core/import/column-mapping.ts';
import { PackageReadError } from '../../core/import/package-read-error.ts';
import {
  compileMapping,
  createLegacyIdTracker,
  type PackageReadItem,
} from '../../core/import/package-row.ts';
import type { TextEncoding } from './decode-text.ts';
import { readCsvRowBatches, scanCsv, type ByteSource, type CsvHead } from './read-csv.ts';
import { findMergedHeaderRanges, listSheets, readSheetHeader, readSheetRows } from './read-xlsx.ts';
import { listZipEntries, streamZipEntry } from './zip-entries.ts';

/** The four shapes of spec/legacy-v3-export.md: a folder or .zip of CSVs, one workbook, one CSV alone. */
export type PackageShape = 'folder' | 'zip' | 'xlsx' | 'csv';

export interface PackageFile {
  kind: PackageFileKind;
  /** The file name (path inside a .zip) or the sheet name, as the user knows it. */
  name: string;
  headers: string[];
  /** Bytes of the CSV file (uncompressed, for a .zip entry), or of the whole workbook for a sheet. */
  size: number;
  /** SHA-256 (hex) of those bytes, for the reconciliation report. */
  sha256?: string;
}

export interface ReadRowsOptions {
  /**
   * Reject a row whose legacy id repeats an earlier row (default false). Off by default because a repeated
   * code is a data-quality finding (ORG_CODE_DUPLICATE in the sample truths) that the rules must see and
   * report on the record; turn it on where the caller cannot handle two records with one id. Costs memory
   * per distinct id.
   */
  rejectDuplicateIds?: boolean;
}

export interface Package {
  path: string;
  shape: PackageShape;
  files: PackageFile[];
  /** The mapping the reader proposes for a file, to show the user before reading rows. */
  proposeMapping(kind: PackageFileKind): ColumnMapping;
  /**
   * Streams the rows of one file with a mapping the user has seen (see column-mapping.ts). Row problems are
   * yielded as `{ type: 'rejected' }` items; file problems throw a PackageReadError.
   */
  rows(
    kind: PackageFileKind,
    mapping: ColumnMapping,
    options?: ReadRowsOptions,
  ): AsyncIterable<PackageReadItem>;
  /** The same rows in batches (in file order): for bulk readers, one await per batch instead of per row. */
  rowBatches(
    kind: PackageFileKind,
    mapping: ColumnMapping,
    options?: ReadRowsOptions,
  ): AsyncIterable<PackageReadItem[]>;
}

export interface OpenPackageOptions {
  /**
   * Only 'utf-8' is detected. 'windows-1258' decodes CSVs as Windows-1258, for a user who knows that is what
   * the file is: it is never guessed (see decode-text.ts).
   */
  encoding?: TextEncoding;
}

/** Reads each file of the package once (checksum, encoding, header) and refuses it early if unreadable. */
export async function openPackage(path: string, options: OpenPackageOptions = {}): Promise<Package> {
  const encoding = options.encoding ?? 'utf-8';
  const info = await stat(path).catch(() => {
    throw new PackageReadError('PACKAGE_NOT_FOUND', { path });
  });
  if (info.isDirectory()) return openCsvPackage(path, 'folder', await listFolder(path), encoding);
  const lower = path.toLowerCase();
  if (lower.endsWith('.zip')) return openCsvPackage(path, 'zip', await listZip(path), encoding);
  if (lower.endsWith('.xlsx')) return openWorkbookPackage(path, info.size);
  if (lower.endsWith('.csv')) return openCsvPackage(path, 'csv', [csvFromDisk(path)], encoding);
  throw new PackageReadError('PACKAGE_FORMAT_UNSUPPORTED', { path });
}

interface CsvCandidate {
  name: string;
  kind: PackageFileKind | null;
  open: ByteSource;
}

function csvFromDisk(path: string, name = basename(path)): CsvCandidate {
  return { name, kind: recognizeFileKind(name), open: () => readFileChunks(path) };
}

/** The bytes of a file; the file is closed when the iteration ends, early or not (no handle left behind). */
async function* readFileChunks(path: string): AsyncGenerator<Buffer> {
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
    // Not once(): an early stop destroys the stream with an AbortError, which once() would throw.
    if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
  }
}

async function listFolder(path: string): Promise<CsvCandidate[]> {
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && /\.csv$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  return names.map((name) => csvFromDisk(join(path, name), name));
}

/** CSV entries anywhere in the archive (exports are often zipped with their folder), minus OS clutter. */
async function listZip(path: string): Promise<CsvCandidate[]> {
  return (await listZipEntries(path))
    .filter(
      ({ name }) => /\.csv$/i.test(name) && !name.startsWith('__MACOSX/') && !basename(name).startsWith('.'),
    )
    .map(({ name }) => ({
      name,
      kind: recognizeFileKind(basename(name)),
      open: () => streamZipEntry(path, name),
    }));
}

/** Picks the recognised file of each kind; two files of one kind are refused rather than chosen between. */
function pickByKind<T extends { name: string; kind: PackageFileKind | null }>(
  path: string,
  candidates: T[],
): Array<T & { kind: PackageFileKind }> {
  const picked: Array<T & { kind: PackageFileKind }> = [];
  for (const kind of ['organizations', 'members'] as const) {
    const ofKind = candidates.filter((c): c is T & { kind: PackageFileKind } => c.kind === kind);
    if (ofKind.length > 1) {
      throw new PackageReadError('PACKAGE_AMBIGUOUS', { path, kind, found: ofKind.map((c) => c.name) });
    }
    if (ofKind[0]) picked.push(ofKind[0]);
  }
  if (picked.length === 0) {
    throw new PackageReadError('NO_RECOGNIZED_FILES', { path, found: candidates.map((c) => c.name) });
  }
  return picked;
}

async function openCsvPackage(
  path: string,
  shape: PackageShape,
  candidates: CsvCandidate[],
  encoding: TextEncoding,
): Promise<Package> {
  if (shape === 'csv' && candidates[0] && !candidates[0].kind) {
    // A CSV alone whose name says nothing: its header decides, when exactly one kind fits.
    const head = await scanCsv(candidates[0].open, candidates[0].name, encoding);
    candidates[0].kind = inferFileKind(head.headers);
  }
  const picked = pickByKind(path, candidates);
  const heads = new Map<PackageFileKind, CsvHead>();
  for (const file of picked) heads.set(file.kind, await scanCsv(file.open, file.name, encoding));

  const files = picked.map((file): PackageFile => {
    const head = heads.get(file.kind)!;
    return { kind: file.kind, name: file.name, headers: head.headers, size: head.size, sha256: head.sha256 };
  });
  return makePackage(path, shape, files, (file, mapping) => {
    const source = picked.find((p) => p.kind === file.kind)!;
    return readCsvRowBatches(
      source.open,
      file.name,
      encoding,
      heads.get(file.kind)!,
      compileMapping(mapping, file.name),
    );
  });
}

async function openWorkbookPackage(path: string, size: number): Promise<Package> {
  const sheets = await listSheets(path);
  const sha256 = await hashFile(path);
  const heads = new Map<string, { headers: string[]; headerRowNumber: number }>();
  const headOf = async (name: string): Promise<{ headers: string[]; headerRowNumber: number }> => {
    let head = heads.get(name);
    if (!head) {
      head = (await readSheetHeader(path, name)) ?? { headers: [], headerRowNumber: 0 };
      heads.set(name, head);
    }
    return head;
  };
  let candidates = sheets.map((sheet) => ({ ...sheet, kind: recognizeFileKind(sheet.name) }));
  if (!candidates.some((c) => c.kind)) {
    // No sheet is named after a file kind: fall back to the headers, as for a lone CSV.
    candidates = await Promise.all(
      candidates.map(async (c) => ({ ...c, kind: inferFileKind((await headOf(c.name)).headers) })),
    );
  }
  const picked = pickByKind(path, candidates);
  const files: PackageFile[] = [];
  for (const sheet of picked) {
    const head = await headOf(sheet.name);
    if (head.headers.length === 0) throw new PackageReadError('PACKAGE_EMPTY', { file: sheet.name });
    const merged = await findMergedHeaderRanges(path, sheet.entry, head.headerRowNumber);
    if (merged.length > 0) {
      throw new PackageReadError('XLSX_MERGED_HEADER', {
        file: sheet.name,
        ranges: merged.map((m) => `${m.range} "${head.headers[m.firstColumn - 1] ?? ''}"`),
      });
    }
    files.push({ kind: sheet.kind, name: sheet.name, headers: head.headers, size, sha256 });
  }
  return makePackage(path, 'xlsx', files, (file, mapping) =>
    inBatches(
      readSheetRows(
        path,
        file.name,
        heads.get(file.name)!.headerRowNumber,
        compileMapping(mapping, file.name),
      ),
    ),
  );
}

const XLSX_BATCH_ROWS = 256;

async function* inBatches(items: AsyncIterable<PackageReadItem>): AsyncGenerator<PackageReadItem[]> {
  let batch: PackageReadItem[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= XLSX_BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function makePackage(
  path: string,
  shape: PackageShape,
  files: PackageFile[],
  readBatches: (file: PackageFile, mapping: ColumnMapping) => AsyncIterable<PackageReadItem[]>,
): Package {
  const fileOf = (kind: PackageFileKind): PackageFile => {
    const file = files.find((f) => f.kind === kind);
    if (!file) throw new PackageReadError('FILE_NOT_IN_PACKAGE', { kind });
    return file;
  };
  const rowBatches = (
    kind: PackageFileKind,
    mapping: ColumnMapping,
    options: ReadRowsOptions = {},
  ): AsyncIterable<PackageReadItem[]> => {
    const file = fileOf(kind);
    if (mapping.kind !== kind || mapping.columns.length !== file.headers.length) {
      throw new PackageReadError('MAPPING_INVALID', { reason: `the mapping is not for ${file.name}` });
    }
    assertMappingUsable(mapping, file.name);
    if (!options.rejectDuplicateIds) return readBatches(file, mapping);
    const trackId = createLegacyIdTracker(kind);
    return (async function* () {
      for await (const batch of readBatches(file, mapping)) {
        for (let i = 0; i < batch.length; i++) {
          const item = batch[i]!;
          if (item.type === 'row') batch[i] = trackId(item) ?? item;
        }
        yield batch;
      }
    })();
  };
  return {
    path,
    shape,
    files,
    proposeMapping: (kind) => proposeColumnMapping(kind, fileOf(kind).headers),
    rowBatches,
    rows(kind, mapping, options = {}) {
      const batches = rowBatches(kind, mapping, options);
      return (async function* () {
        for await (const batch of batches) yield* batch;
      })();
    },
  };
}
