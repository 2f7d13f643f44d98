import type { ColumnMapping, PackageFileKind } from '../../core/import/column-mapping.ts';
import { PackageReadError } from '../../core/import/package-read-error.ts';
import type { TextEncoding } from './decode-text.ts';
import { packageRejected } from './import-package.ts';
import {
  fromReaderRejection,
  missingIdRejection,
  rawRecord,
  resolveMappings,
  type ImportRejectedRow,
  type MappingOverrides,
} from './package-mapping.ts';
import { openPackage } from './read-package.ts';
import { LEGACY_ID_COLUMN } from '../../core/import/column-mapping.ts';

export interface FilePreview {
  kind: PackageFileKind;
  name: string;
  size: number;
  sha256: string | null;
  mapping: ColumnMapping;
  /** The file cannot be read with this mapping (missing required column…): the Vietnamese reason. */
  error: { code: string; messageVi: string } | null;
  firstRows: Array<{ rowNumber: number; values: Record<string, string> }>;
  rowsScanned: number;
  rejectedTotal: number;
  rejectedRows: ImportRejectedRow[];
}

export interface PackagePreview {
  shape: string;
  files: FilePreview[];
}

/**
 * The dry run: the mapping of each file (canonical ← header, unknown columns, missing required ones), the
 * first rows as they would be loaded and the rows that would be rejected. Reads only; writes nothing.
 */
export async function previewPackage(
  path: string,
  options: {
    encoding?: TextEncoding;
    mappingOverrides?: MappingOverrides;
    sampleRows?: number;
    /** Stop scanning after this many rows per file (default: the whole file). */
    scanLimit?: number;
    rejectedLimit?: number;
  } = {},
): Promise<PackagePreview> {
  let pkg;
  try {
    pkg = await openPackage(path, options.encoding ? { encoding: options.encoding } : {});
  } catch (error) {
    throw error instanceof PackageReadError ? packageRejected(error) : error;
  }
  const mappings = resolveMappings(pkg, options.mappingOverrides);
  const files: FilePreview[] = [];
  for (const file of pkg.files) {
    const mapping = mappings[file.kind]!;
    const preview: FilePreview = {
      kind: file.kind,
      name: file.name,
      size: file.size,
      sha256: file.sha256 ?? null,
      mapping,
      error: null,
      firstRows: [],
      rowsScanned: 0,
      rejectedTotal: 0,
      rejectedRows: [],
    };
    files.push(preview);
    const reject = (row: ImportRejectedRow) => {
      preview.rejectedTotal++;
      if (preview.rejectedRows.length < (options.rejectedLimit ?? 100)) preview.rejectedRows.push(row);
    };
    try {
      const rows = pkg.rows(file.kind, mapping, { rejectDuplicateIds: file.kind === 'members' });
      for await (const item of rows) {
        preview.rowsScanned++;
        if (item.type === 'rejected') reject(fromReaderRejection(item));
        else if ((item.values[LEGACY_ID_COLUMN[file.kind]] ?? '').trim() === '') {
          reject(missingIdRejection(item, LEGACY_ID_COLUMN[file.kind]));
        } else if (preview.firstRows.length < (options.sampleRows ?? 10)) {
          preview.firstRows.push({ rowNumber: item.rowNumber, values: rawRecord(item) });
        }
        if (options.scanLimit && preview.rowsScanned >= options.scanLimit) break;
      }
    } catch (error) {
      if (!(error instanceof PackageReadError)) throw error;
      preview.error = { code: error.code, messageVi: error.messageVi };
    }
  }
  return { shape: pkg.shape, files };
}
