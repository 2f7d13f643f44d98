import type { CanonicalColumn, ColumnMapping } from './column-mapping.ts';
import { LEGACY_ID_COLUMN } from './column-mapping.ts';
import { rejectRow, type RejectedRow } from './package-read-error.ts';

/** One record of a package file, values exactly as typed (cleaning happens later). */
export interface PackageRow {
  type: 'row';
  file: string;
  /** The row as a spreadsheet shows it: the header is row 1 (a multi-line quoted cell is still one row). */
  rowNumber: number;
  /** Mapped columns only. A canonical column absent from the file is absent here; an empty cell is ''. */
  values: Partial<Record<CanonicalColumn, string>>;
  /** Unmapped columns by header, kept raw so nothing is dropped. See `extraKeys` for unnamed/repeated headers. */
  extra: Record<string, string>;
}

export type PackageReadItem = PackageRow | RejectedRow;

/** Excel's own cell limit; no value of a 3.0 export can be longer, so a longer cell is a broken row. */
export const MAX_CELL_CHARS = 32_767;

/**
 * A mapping turned into per-position targets. Unmapped columns go to `extra` under their header; an empty
 * header becomes `#<column number>` and a repeated one `<header> #<column number>`, so no value is lost.
 */
export interface CompiledMapping {
  file: string;
  width: number;
  targets: Array<{ canonical: CanonicalColumn } | { extra: string }>;
  headers: string[];
}

export function compileMapping(mapping: ColumnMapping, file: string): CompiledMapping {
  const used = new Set<string>();
  const targets = mapping.columns.map((column) => {
    if (column.canonical) return { canonical: column.canonical };
    let key = column.header === '' ? `#${column.index + 1}` : column.header;
    if (used.has(key)) key = `${column.header} #${column.index + 1}`;
    used.add(key);
    return { extra: key };
  });
  return { file, width: mapping.columns.length, targets, headers: mapping.columns.map((c) => c.header) };
}

/**
 * Builds a row from its cells, or the reason it is rejected. `strictWidth` is for CSV, where a short row
 * means a cut line; in .xlsx trailing empty cells are simply not stored.
 */
export function buildRow(
  compiled: CompiledMapping,
  rowNumber: number,
  cells: readonly string[],
  strictWidth: boolean,
): PackageReadItem {
  const at = { file: compiled.file, rowNumber };
  if (strictWidth && cells.length < compiled.width) {
    return rejectRow('ROW_TRUNCATED', at, { cells: cells.length, expected: compiled.width });
  }
  for (let i = compiled.width; i < cells.length; i++) {
    if (cells[i] !== '') {
      return rejectRow('ROW_TOO_LONG', at, { cells: cells.length, expected: compiled.width });
    }
  }
  const values: Partial<Record<CanonicalColumn, string>> = {};
  const extra: Record<string, string> = {};
  for (let i = 0; i < compiled.width; i++) {
    const cell = cells[i] ?? '';
    if (cell.length > MAX_CELL_CHARS) {
      return rejectRow(
        'CELL_TOO_LARGE',
        { ...at, column: compiled.headers[i] ?? '' },
        { length: cell.length, limit: MAX_CELL_CHARS },
      );
    }
    const target = compiled.targets[i]!;
    if ('canonical' in target) values[target.canonical] = cell;
    else if (cell !== '' || compiled.headers[i] !== '') extra[target.extra] = cell;
  }
  return { type: 'row', file: compiled.file, rowNumber, values, extra };
}

/**
 * Remembers the legacy ids of a file and rejects a row whose id was seen before. Ids are compared trimmed
 * (cleaning trims them too, so "DV1 " and "DV1" would collide later); an empty id is left to the quality rules.
 * Memory grows with the number of distinct ids (about 60 MB per million), not with row size.
 */
export function createLegacyIdTracker(kind: ColumnMapping['kind']): (row: PackageRow) => RejectedRow | null {
  const column = LEGACY_ID_COLUMN[kind];
  const firstRow = new Map<string, number>();
  return (row) => {
    const id = row.values[column]?.trim() ?? '';
    if (id === '') return null;
    const seen = firstRow.get(id);
    if (seen === undefined) {
      firstRow.set(id, row.rowNumber);
      return null;
    }
    return rejectRow(
      'DUPLICATE_LEGACY_ID',
      { file: row.file, rowNumber: row.rowNumber, column },
      { id, firstRow: seen },
    );
  };
}
