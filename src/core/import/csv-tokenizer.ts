/**
 * An RFC 4180 tokenizer over decoded text chunks, with exactly the semantics the reader used to get from
 * csv-parse (`relax_quotes`, `relax_column_count`, `skip_empty_lines: false`, one-character delimiter), tested
 * for equivalence in csv-tokenizer.test.ts:
 * - the record delimiter is discovered at the first line break outside quotes (`\r\n`, `\n` or `\r`) and is
 *   the only one for the rest of the file (a lone `\n` in a CRLF file is a character of the cell);
 * - a quoted cell ends at a quote followed by the delimiter, the record delimiter or the end; `""` inside it is
 *   one quote; a quote followed by anything else keeps both quotes and the cell goes on unquoted;
 * - a quote inside an unquoted cell is a character; a blank line is a record with one empty cell; a last line
 *   without characters is no record.
 * It works on whole records: a record not complete at the end of a chunk waits for the next one, so memory is
 * bounded by the chunk plus one record (`maxRecordChars`).
 */

export type CsvTokenizerErrorCode = 'QUOTE_NOT_CLOSED' | 'RECORD_TOO_LARGE';

export class CsvTokenizerError extends Error {
  constructor(
    readonly code: CsvTokenizerErrorCode,
    /** 1-based line of the text where the problem was found. */
    readonly line: number,
  ) {
    super(
      code === 'QUOTE_NOT_CLOSED' ? `quote not closed at line ${line}` : `record too large at line ${line}`,
    );
  }
}

export interface CsvTokenizer {
  /** Tokenizes `text` (appended to what is pending) and calls `onRecord` for every complete record. */
  push(text: string, onRecord: (cells: string[]) => void): void;
  /** The end of the input: the pending record, if any. */
  end(onRecord: (cells: string[]) => void): void;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Record delimiter: unknown until the first line break outside quotes. */
const enum Eol {
  Unknown,
  Lf,
  CrLf,
  Cr,
}

/** A signal of the record scanner: the record is not complete in the text at hand. */
const INCOMPLETE = -1;

/**
 * V8 makes a substring of 13 characters or more a view into the text it was cut from. A cell kept anywhere
 * (a memo table of addresses, an id index) would then keep its whole chunk of the file alive, and memory would
 * grow with the file: such cells are copied (shorter substrings are copies already).
 */
const SLICE_VIEW_MIN = 13;
const cut = (text: string, from: number, to: number): string =>
  to - from < SLICE_VIEW_MIN ? text.slice(from, to) : ` ${text.slice(from, to)}`.slice(1);

export function createCsvTokenizer(options: { delimiter: string; maxRecordChars: number }): CsvTokenizer {
  const delimiter = options.delimiter.charCodeAt(0);
  const { maxRecordChars } = options;
  let eol: Eol = Eol.Unknown;
  let pending = '';
  /** Line breaks in the text already consumed, for error lines. */
  let linesBefore = 0;

  const countLines = (text: string, from: number, to: number): number => {
    let n = 0;
    for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
    if (eol === Eol.Cr)
      for (let i = text.indexOf('\r', from); i !== -1 && i < to; i = text.indexOf('\r', i + 1)) n++;
    return n;
  };

  /**
   * Length of the record delimiter at `i` (0: none), discovering it on the first line break.
   * INCOMPLETE when a `\r` ends non-final text and what follows decides.
   */
  const eolAt = (text: string, i: number, isFinal: boolean): number => {
    const c = text.charCodeAt(i);
    if (c !== LF && c !== CR) return 0;
    switch (eol) {
      case Eol.Lf:
        return c === LF ? 1 : 0;
      case Eol.Cr:
        return c === CR ? 1 : 0;
      case Eol.CrLf:
        if (c !== CR) return 0;
        if (i + 1 >= text.length) return isFinal ? 0 : INCOMPLETE;
        return text.charCodeAt(i + 1) === LF ? 2 : 0;
      case Eol.Unknown:
        if (c === LF) {
          eol = Eol.Lf;
          return 1;
        }
        if (i + 1 >= text.length && !isFinal) return INCOMPLETE;
        if (text.charCodeAt(i + 1) === LF) {
          eol = Eol.CrLf;
          return 2;
        }
        eol = Eol.Cr;
        return 1;
    }
  };

  /**
   * Scans one record starting at `start`; pushes its cells and returns the position after its delimiter
   * (or text.length at the end of final text), or INCOMPLETE.
   */
  const scanRecord = (text: string, start: number, isFinal: boolean, cells: string[]): number => {
    const length = text.length;
    let i = start;
    for (;;) {
      // One cell starting at i.
      let cell: string;
      let quotedPrefix: string | null = null;
      if (i < length && text.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        let value = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            if (isFinal)
              throw new CsvTokenizerError('QUOTE_NOT_CLOSED', linesBefore + countLines(text, 0, length) + 1);
            return INCOMPLETE;
          }
          if (q + 1 >= length && !isFinal) return INCOMPLETE;
          if (q + 1 < length && text.charCodeAt(q + 1) === QUOTE) {
            value += cut(text, j, q + 1);
            j = q + 2;
            continue;
          }
          value += cut(text, j, q);
          i = q + 1;
          if (i >= length) {
            cells.push(value);
            return length;
          }
          if (text.charCodeAt(i) === delimiter) {
            cell = value;
            break;
          }
          const e = eolAt(text, i, isFinal);
          if (e === INCOMPLETE) return INCOMPLETE;
          if (e > 0) {
            cells.push(value);
            return i + e;
          }
          // Relaxed: the quotes stay, and the cell goes on unquoted.
          quotedPrefix = `"${value}"`;
          cell = '';
          break;
        }
        if (quotedPrefix === null) {
          cells.push(cell);
          i++; // the delimiter
          continue;
        }
      }
      // Unquoted (or the rest of a relaxed quoted cell): up to the delimiter or the record delimiter.
      const from = i;
      for (;;) {
        if (i >= length) {
          if (!isFinal) return INCOMPLETE;
          cells.push(quotedPrefix === null ? cut(text, from, i) : quotedPrefix + cut(text, from, i));
          return length;
        }
        const c = text.charCodeAt(i);
        if (c === delimiter) {
          cells.push(quotedPrefix === null ? cut(text, from, i) : quotedPrefix + cut(text, from, i));
          i++;
          break;
        }
        if (c === LF || c === CR) {
          const e = eolAt(text, i, isFinal);
          if (e === INCOMPLETE) return INCOMPLETE;
          if (e > 0) {
            cells.push(quotedPrefix === null ? cut(text, from, i) : quotedPrefix + cut(text, from, i));
            return i + e;
          }
        }
        i++;
      }
      if (i - start > maxRecordChars) {
        throw new CsvTokenizerError('RECORD_TOO_LARGE', linesBefore + countLines(text, 0, start) + 1);
      }
    }
  };

  const run = (isFinal: boolean, onRecord: (cells: string[]) => void): void => {
    const text = pending;
    const length = text.length;
    let position = 0;
    while (position < length) {
      const cells: string[] = [];
      const next = scanRecord(text, position, isFinal, cells);
      if (next === INCOMPLETE) break;
      if (next - position > maxRecordChars) {
        throw new CsvTokenizerError('RECORD_TOO_LARGE', linesBefore + countLines(text, 0, position) + 1);
      }
      position = next;
      onRecord(cells);
    }
    if (position > 0) {
      linesBefore += countLines(text, 0, position);
      pending = position < length ? text.slice(position) : '';
    }
    if (pending.length > maxRecordChars) {
      throw new CsvTokenizerError('RECORD_TOO_LARGE', linesBefore + 1);
    }
  };

  return {
    push(text, onRecord) {
      pending = pending === '' ? text : pending + text;
      run(false, onRecord);
    },
    end(onRecord) {
      run(true, onRecord);
      pending = '';
    },
  };
}
