import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { parseGender } from '../../core/codes/gender.ts';
import type { RegisterRecord } from '../../core/reconciliation/reconcile-member.ts';
import { parseLegacyDate } from '../../core/members/partial-date.ts';
import type { PopulationRegister } from './population-register.ts';
import { RegisterError } from './register-error.ts';

const HEADER = ['SO_DINH_DANH', 'HO_TEN', 'NGAY_SINH', 'GIOI_TINH'] as const;
const DATE = /^\d{2}\/\d{2}\/\d{4}$/;

/**
 * The register extract of spec/batch-contract.md: CSV with header SO_DINH_DANH,HO_TEN,NGAY_SINH,GIOI_TINH
 * (12-digit id, name, dd/mm/yyyy, Nam/Nữ), UTF-8 with or without BOM. The register is authoritative, so
 * a row that does not follow the format is an error of the file, never guessed at.
 */
export class FileRegister implements PopulationRegister {
  private constructor(private readonly records: ReadonlyMap<string, RegisterRecord>) {}

  static async load(path: string): Promise<FileRegister> {
    const data = await readFile(path).catch((error: unknown) => {
      throw new RegisterError(
        'REGISTER_FILE_INVALID',
        `cannot read register file ${path}`,
        { path },
        { cause: error },
      );
    });
    return FileRegister.fromCsv(data.toString('utf8'), path);
  }

  static fromCsv(text: string, source = 'register'): FileRegister {
    const invalid = (message: string, details: Record<string, unknown> = {}): RegisterError =>
      new RegisterError('REGISTER_FILE_INVALID', `${source}: ${message}`, { source, ...details });
    let rows: string[][];
    try {
      rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
    } catch (error) {
      throw invalid(`not a readable CSV file (${error instanceof Error ? error.message : String(error)})`);
    }
    const header = rows[0];
    if (!header) throw invalid('the file is empty');
    const missing = HEADER.filter((column) => !header.includes(column));
    if (missing.length > 0) {
      throw invalid(`header must contain ${HEADER.join(',')}; missing ${missing.join(',')}`, { missing });
    }
    const at = Object.fromEntries(HEADER.map((column) => [column, header.indexOf(column)])) as Record<
      (typeof HEADER)[number],
      number
    >;
    const records = new Map<string, RegisterRecord>();
    for (let r = 1; r < rows.length; r++) {
      const row = rows[r]!;
      const line = r + 1;
      const cell = (column: (typeof HEADER)[number]): string => row[at[column]] ?? '';
      const citizenId = cell('SO_DINH_DANH');
      if (!/^\d{12}$/.test(citizenId))
        throw invalid(`line ${line}: SO_DINH_DANH must be 12 digits`, { line });
      const fullName = cell('HO_TEN');
      if (fullName === '') throw invalid(`line ${line}: HO_TEN is empty`, { line });
      const date = parseLegacyDate(cell('NGAY_SINH'));
      if (!DATE.test(cell('NGAY_SINH')) || !date.ok) {
        throw invalid(`line ${line}: NGAY_SINH must be a dd/mm/yyyy date`, {
          line,
          value: cell('NGAY_SINH'),
        });
      }
      const gender = parseGender(cell('GIOI_TINH'));
      if (!gender.ok)
        throw invalid(`line ${line}: GIOI_TINH must be Nam or Nữ`, { line, value: cell('GIOI_TINH') });
      if (records.has(citizenId)) throw invalid(`line ${line}: SO_DINH_DANH ${citizenId} repeats`, { line });
      records.set(citizenId, { citizenId, fullName, birthDate: date.date, gender: gender.value });
    }
    return new FileRegister(records);
  }

  get size(): number {
    return this.records.size;
  }

  /** Every record of the extract (to store an uploaded extract per province). */
  all(): IterableIterator<RegisterRecord> {
    return this.records.values();
  }

  async lookup(citizenIds: readonly string[]): Promise<Map<string, RegisterRecord>> {
    const found = new Map<string, RegisterRecord>();
    for (const id of citizenIds) {
      const record = this.records.get(id);
      if (record) found.set(id, record);
    }
    return found;
  }
}
