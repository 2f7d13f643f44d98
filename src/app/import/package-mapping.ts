import {
  applyColumnMappingOverrides,
  type ColumnMapping,
  type PackageFileKind,
} from '../../core/import/column-mapping.ts';
import type { PackageRow } from '../../core/import/package-row.ts';
import type { RejectedRow } from '../../core/import/package-read-error.ts';
import type { Package } from './read-package.ts';

/** The user's corrections of the proposed mapping, per file, keyed by column index. */
export type MappingOverrides = Partial<
  Record<PackageFileKind, ReadonlyArray<{ index: number; canonical: string | null }>>
>;

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
