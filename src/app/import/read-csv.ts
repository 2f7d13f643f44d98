import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { PackageReadError } from '../../core/import/package-read-error.ts';
import { buildRow, type CompiledMapping, type PackageReadItem } from '../../core/import/package-row.ts';
import { decodeText, type TextEncoding } from './decode-text.ts';

/** What one pass over a CSV file learns before any row is read. */
export interface CsvHead {
  headers: string[];
  delimiter: ',' | ';';
  /** Record number of the header (1 unless blank lines precede it). */
  headerRowNumber: number;
  size: number;
  sha256: string;
}

export type ByteSource = () => AsyncIterable<Buffer>;

/** Only the start of a file is kept to find the header; a header longer than this is not a header. */
const HEAD_CHARS = 64 * 1024;

/**
 * A record larger than this stops the file: in practice an unclosed quote swallowing the rest of the file.
 * It bounds memory; single cells above MAX_CELL_CHARS but below this are rejected row by row instead.
 */
export const MAX_RECORD_CHARS = 1024 * 1024;

/**
 * Reads the whole file once: SHA-256 and size of its bytes, UTF-8 validity of all of it (so a bad byte on the
 * last line refuses the file before any row is imported), and the header line with its delimiter.
 */
export async function scanCsv(open: ByteSource, file: string, encoding: TextEncoding): Promise<CsvHead> {
  const hash = createHash('sha256');
  let size = 0;
  let head = '';
  for await (const text of decodeText(open(), file, encoding, (chunk) => {
    hash.update(chunk);
    size += chunk.length;
  })) {
    if (head.length < HEAD_CHARS) head += text.slice(0, HEAD_CHARS - head.length);
  }
  if (size === 0) throw new PackageReadError('PACKAGE_EMPTY', { file });
  const { line, rowNumber } = findHeaderLine(head, file);
  const delimiter = sniffDelimiter(line, file);
  const [headers] = parseSync(line, { delimiter, relax_quotes: true, relax_column_count: true });
  return { headers: headers ?? [], delimiter, headerRowNumber: rowNumber, size, sha256: hash.digest('hex') };
}

/** The first non-blank line, ending at a line break outside quotes. */
function findHeaderLine(head: string, file: string): { line: string; rowNumber: number } {
  let rowNumber = 1;
  let start = 0;
  while (start < head.length && (head[start] === '\n' || head[start] === '\r')) {
    if (head[start] === '\n') rowNumber++;
    start++;
  }
  if (start >= head.length) throw new PackageReadError('PACKAGE_EMPTY', { file });
  let inQuotes = false;
  for (let i = start; i < head.length; i++) {
    const char = head[i];
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (char === '\n' || char === '\r')) return { line: head.slice(start, i), rowNumber };
  }
  if (head.length >= HEAD_CHARS) {
    throw new PackageReadError('RECORD_TOO_LARGE', { file, line: rowNumber, limit: HEAD_CHARS });
  }
  return { line: head.slice(start), rowNumber };
}

/** Comma or semicolon, whichever separates the header (outside quotes). Anything else is refused. */
function sniffDelimiter(line: string, file: string): ',' | ';' {
  const counts = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let inQuotes = false;
  for (const char of line) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && char in counts) counts[char as keyof typeof counts]++;
  }
  if (counts[','] > counts[';']) return ',';
  if (counts[';'] > counts[',']) return ';';
  if (counts[','] > 0) {
    throw new PackageReadError('DELIMITER_UNKNOWN', {
      file,
      reason: `as many commas as semicolons (${counts[',']}) in the header`,
    });
  }
  const found = counts['\t'] > 0 ? 'tab' : counts['|'] > 0 ? '|' : undefined;
  throw new PackageReadError('DELIMITER_UNKNOWN', {
    file,
    reason: found ? `the header is separated by ${found}` : 'the header has a single column',
    found: found === 'tab' ? 'ký tự tab' : found,
  });
}

/**
 * Streams the data rows. Cells are kept exactly as typed (no trim); blank lines are skipped but still
 * counted, so row numbers match what a spreadsheet shows.
 */
export async function* readCsvRows(
  open: ByteSource,
  file: string,
  encoding: TextEncoding,
  head: CsvHead,
  compiled: CompiledMapping,
): AsyncGenerator<PackageReadItem> {
  const parser = parse({
    delimiter: head.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  const piping = pipeline(Readable.from(decodeText(open(), file, encoding)), parser).catch(() => {
    // Errors surface through the parser's iterator below; an early stop by the consumer lands here.
  });
  try {
    // Every record is emitted (blank lines included), so counting them gives the spreadsheet row number.
    let rowNumber = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber++;
      if (rowNumber < head.headerRowNumber) continue;
      if (rowNumber === head.headerRowNumber) {
        if (record.join('\u0000') !== head.headers.join('\u0000')) {
          throw new PackageReadError('PACKAGE_CORRUPT', {
            path: file,
            reason: 'the header changed since opening',
          });
        }
        continue;
      }
      if (record.every((cell) => cell === '')) continue;
      yield buildRow(compiled, rowNumber, record, true);
    }
  } catch (error) {
    throw toReadError(error, file);
  } finally {
    parser.destroy();
    await piping;
  }
}

function toReadError(error: unknown, file: string): unknown {
  if (!(error instanceof CsvError)) return error;
  const line = (error as CsvError & { lines?: number }).lines;
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return new PackageReadError('RECORD_TOO_LARGE', { file, line, limit: MAX_RECORD_CHARS });
  }
  return new PackageReadError('CSV_MALFORMED', { file, line, reason: error.message });
}
