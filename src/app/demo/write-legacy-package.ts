import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  LEGACY_MEMBER_COLUMNS,
  LEGACY_ORGANIZATION_COLUMNS,
  type LegacyPackage,
} from '../../core/demo/generate-legacy-package.ts';

export interface WriteLegacyPackageOptions {
  /** Called every `progressEvery` member rows (default 50,000) and once at the end. */
  onProgress?: (membersWritten: number) => void;
  progressEvery?: number;
}

export interface WrittenLegacyPackage {
  organizationsPath: string;
  membersPath: string;
  organizations: number;
  members: number;
}

const CHUNK_CHARS = 64 * 1024;

/** RFC 4180: quote a field holding a separator, a quote or a line break; also keep edge whitespace visible. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Joins rows into ~64 KB strings, so the stream is not one chunk per row. */
function* csvChunks<Column extends string>(
  columns: readonly Column[],
  rows: Iterable<Record<Column, string>>,
  onRow: () => void,
): Generator<string> {
  let buffer = columns.join(',') + '\n';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ',';
      line += csvField(row[columns[i] as Column]);
    }
    buffer += line + '\n';
    onRow();
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

/**
 * Writes `to_chuc.csv` and `dang_vien.csv` (UTF-8, comma, LF, canonical headers) into `dir`, streaming the
 * members with backpressure so a 1,000,000-member package never sits in memory.
 */
export async function writeLegacyPackageCsv(
  pkg: Pick<LegacyPackage, 'organizations' | 'members'>,
  dir: string,
  options: WriteLegacyPackageOptions = {},
): Promise<WrittenLegacyPackage> {
  await mkdir(dir, { recursive: true });
  const organizationsPath = join(dir, 'to_chuc.csv');
  const membersPath = join(dir, 'dang_vien.csv');
  let organizations = 0;
  await pipeline(
    Readable.from(csvChunks(LEGACY_ORGANIZATION_COLUMNS, pkg.organizations, () => organizations++)),
    createWriteStream(organizationsPath, { encoding: 'utf8' }),
  );
  let members = 0;
  const every = options.progressEvery ?? 50_000;
  const onRow = (): void => {
    members++;
    if (options.onProgress && members % every === 0) options.onProgress(members);
  };
  await pipeline(
    Readable.from(csvChunks(LEGACY_MEMBER_COLUMNS, pkg.members, onRow)),
    createWriteStream(membersPath, { encoding: 'utf8' }),
  );
  options.onProgress?.(members);
  return { organizationsPath, membersPath, organizations, members };
}
