import {
  applyColumnMappingOverrides,
  headerKey,
  isCanonicalColumn,
  type ColumnMapping,
  type PackageFileKind,
} from '../../core/import/column-mapping.ts';
import { PackageReadError } from '../../core/import/package-read-error.ts';
import type { PackageRow } from '../../core/import/package-row.ts';
import type { RejectedRow } from '../../core/import/package-read-error.ts';
import type { Package } from './read-package.ts';

/** The user's corrections of the proposed mapping, per file, keyed by column index. */
export type MappingOverrides = Partial<
  Record<PackageFileKind, ReadonlyArray<{ index: number; canonical: string | null }>>
>;

/** A correction named by header, as a technician types it on the command line (`--map`). */
export interface HeaderOverride {
  kind: PackageFileKind;
  header: string;
  /** The canonical column, or null to map the column to nothing (its values stay in the raw row). */
  canonical: string | null;
}

/**
 * Corrections by header → corrections by column index. A header is found as written, else by its comparison
 * key (case, diacritics and spacing ignored); a header that matches no column, or several, is refused with
 * the file's headers listed, and so is a name that is not a column of that file.
 */
export function overridesFromHeaders(pkg: Package, corrections: readonly HeaderOverride[]): MappingOverrides {
  const overrides: Record<string, Array<{ index: number; canonical: string | null }>> = {};
  for (const correction of corrections) {
    if (!pkg.files.some((f) => f.kind === correction.kind)) {
      throw new PackageReadError('FILE_NOT_IN_PACKAGE', { kind: correction.kind });
    }
    const headers = pkg.proposeMapping(correction.kind).columns.map((c) => c.header);
    let found = headers.flatMap((h, index) => (h.trim() === correction.header.trim() ? [index] : []));
    if (found.length === 0) {
      const key = headerKey(correction.header);
      found = headers.flatMap((h, index) => (headerKey(h) === key ? [index] : []));
    }
    if (found.length !== 1) {
      throw new PackageReadError('MAPPING_INVALID', {
        reason:
          `${found.length === 0 ? 'no column' : 'several columns'} "${correction.header}" in the ${correction.kind}` +
          ` file; its columns are: ${headers.map((h) => `"${h}"`).join(', ')}`,
      });
    }
    if (correction.canonical !== null && !isCanonicalColumn(correction.kind, correction.canonical)) {
      throw new PackageReadError('MAPPING_INVALID', {
        reason: `${correction.canonical} is not a column of the ${correction.kind} file`,
      });
    }
    (overrides[correction.kind] ??= []).push({ index: found[0]!, canonical: correction.canonical });
  }
  return overrides;
}

/** The mapping used for each file of the package: proposed, then corrected by the user. */
export function resolveMappings(
  pkg: Package,
  overrides: MappingOverrides = {},
): Partial<Record<PackageFileKind, ColumnMapping>> {
  const mappings: Partial<Record<PackageFileKind, ColumnMapping>> = {};
  for (const file of pkg.files) {
    const proposed = pkg.proposeMapping(file.kind);
    const own = overrides[file.kind];
    mappings[file.kind] = own && own.length > 0 ? applyColumnMappingOverrides(proposed, own) : proposed;
  }
  return mappings;
}

/** A row the importer did not load: the reader's rejections plus the importer's own (a row without an id). */
export interface ImportRejectedRow {
  file: string;
  rowNumber: number;
  column: string | null;
  reason: string;
  messageVi: string;
}

export function fromReaderRejection(row: RejectedRow): ImportRejectedRow {
  return {
    file: row.file,
    rowNumber: row.rowNumber,
    column: row.column ?? null,
    reason: row.reason,
    messageVi: row.messageVi,
  };
}

/** A record without a legacy id cannot be found again by a re-import, so it cannot be loaded idempotently. */
export function missingIdRejection(row: PackageRow, column: string): ImportRejectedRow {
  return {
    file: row.file,
    rowNumber: row.rowNumber,
    column,
    reason: 'LEGACY_ID_MISSING',
    messageVi: `Dòng không có mã (${column}); không thể nhập vì không xác định được bản ghi.`,
  };
}

/** The raw legacy row kept beside the parsed values: mapped columns under their canonical name, extras under their header. */
export function rawRecord(row: PackageRow): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(row.values)) if (value !== undefined) raw[key] = value;
  for (const [key, value] of Object.entries(row.extra)) if (!(key in raw)) raw[key] = value;
  return raw;
}
