import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createCsvTokenizer, CsvTokenizerError } from '../../core/import/csv-tokenizer.ts';
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

/** Bytes enough for HEAD_CHARS characters of any UTF-8 text. */
const HEAD_BYTES = HEAD_CHARS * 4;

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
  if (encoding === 'utf-8') {
    const scanned = await scanUtf8(open);
    // Invalid bytes: the decoding pass below finds the line of the first one for the message.
    if (scanned) return headOf(scanned.head, scanned, file);
  }
  const hash = createHash('sha256');
  let size = 0;
  let head = '';
  for await (const text of decodeText(open(), file, encoding, (chunk) => {
    hash.update(chunk);
    size += chunk.length;
  })) {
    if (head.length < HEAD_CHARS) head += text.slice(0, HEAD_CHARS - head.length);
  }
  return headOf(head, { size, sha256: hash.digest('hex') }, file);
}

function headOf(head: string, bytes: { size: number; sha256: string }, file: string): CsvHead {
  if (bytes.size === 0) throw new PackageReadError('PACKAGE_EMPTY', { file });
  const { line, rowNumber } = findHeaderLine(head, file);
  const delimiter = sniffDelimiter(line, file);
  let headers: string[] = [];
  const tokenizer = createCsvTokenizer({ delimiter, maxRecordChars: HEAD_CHARS });
  try {
    tokenizer.push(line, (cells) => (headers = cells));
    tokenizer.end((cells) => (headers = cells));
  } catch (error) {
    throw toReadError(error, file);
  }
  return { headers, delimiter, headerRowNumber: rowNumber, size: bytes.size, sha256: bytes.sha256 };
}

/**
 * The UTF-8 fast path of scanCsv: hashes and validates the bytes without decoding them to text (only the first
 * HEAD_CHARS are decoded). A chunk is validated up to its last complete character, the rest with the next one.
 * Returns null when a byte is not UTF-8.
 */
async function scanUtf8(open: ByteSource): Promise<{ head: string; size: number; sha256: string } | null> {
  const hash = createHash('sha256');
  let size = 0;
  let headBytes: Buffer[] = [];
  let headLength = 0;
  let carry: Buffer | null = null;
  for await (const chunk of open()) {
    hash.update(chunk);
    size += chunk.length;
    if (headLength < HEAD_BYTES) {
      headBytes.push(chunk);
      headLength += chunk.length;
    }
    const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const end = completeUtf8Length(bytes);
    if (!isUtf8(bytes.subarray(0, end))) return null;
    carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : null;
  }
  if (carry && !isUtf8(carry)) return null;
  const first = Buffer.concat(headBytes).subarray(0, HEAD_BYTES);
  headBytes = [];
  const head = new TextDecoder('utf-8').decode(first.subarray(0, completeUtf8Length(first)));
  return { head: head.slice(0, HEAD_CHARS), size, sha256: hash.digest('hex') };
}

/** Bytes of `bytes` that end on a character boundary (a sequence cut at the end is left out). */
function completeUtf8Length(bytes: Buffer): number {
  const length = bytes.length;
  for (let back = 1; back <= 3 && back <= length; back++) {
    const byte = bytes[length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? length - back : length;
  }
  return length;
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

/** Rows handed over at once: one promise per batch instead of one per row. */
const BATCH_ROWS = 512;

/**
 * Streams the data rows in batches. Cells are kept exactly as typed (no trim); blank lines are skipped but
 * still counted, so row numbers match what a spreadsheet shows.
 */
export async function* readCsvRowBatches(
  open: ByteSource,
  file: string,
  encoding: TextEncoding,
  head: CsvHead,
  compiled: CompiledMapping,
): AsyncGenerator<PackageReadItem[]> {
  const tokenizer = createCsvTokenizer({ delimiter: head.delimiter, maxRecordChars: MAX_RECORD_CHARS });
  // Every record is emitted (blank lines included), so counting them gives the spreadsheet row number.
  let rowNumber = 0;
  let batch: PackageReadItem[] = [];
  const onRecord = (record: string[]) => {
    rowNumber++;
    if (rowNumber < head.headerRowNumber) return;
    if (rowNumber === head.headerRowNumber) {
      if (record.join('\u0000') !== head.headers.join('\u0000')) {
        throw new PackageReadError('PACKAGE_CORRUPT', {
          path: file,
          reason: 'the header changed since opening',
        });
      }
      return;
    }
    if (record.every((cell) => cell === '')) return;
    batch.push(buildRow(compiled, rowNumber, record, true));
  };
  try {
    for await (const text of decodeText(open(), file, encoding)) {
      tokenizer.push(text, onRecord);
      if (batch.length >= BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    tokenizer.end(onRecord);
    if (batch.length > 0) yield batch;
  } catch (error) {
    throw toReadError(error, file);
  }
}

/** The rows one by one (see readCsvRowBatches). */
export async function* readCsvRows(
  open: ByteSource,
  file: string,
  encoding: TextEncoding,
  head: CsvHead,
  compiled: CompiledMapping,
): AsyncGenerator<PackageReadItem> {
  for await (const batch of readCsvRowBatches(open, file, encoding, head, compiled)) yield* batch;
}

function toReadError(error: unknown, file: string): unknown {
  if (!(error instanceof CsvTokenizerError)) return error;
  if (error.code === 'RECORD_TOO_LARGE') {
    return new PackageReadError('RECORD_TOO_LARGE', { file, line: error.line, limit: MAX_RECORD_CHARS });
  }
  return new PackageReadError('CSV_MALFORMED', {
    file,
    line: error.line,
    reason: 'Quote Not Closed: the file ends inside a quoted cell',
  });
}
