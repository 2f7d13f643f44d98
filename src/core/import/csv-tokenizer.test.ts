import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsvTokenizer, CsvTokenizerError } from './csv-tokenizer.ts';

/** The reader's former parser and options: the reference the tokenizer must agree with. */
function withCsvParse(text: string, delimiter: string): string[][] | 'error' {
  try {
    return parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch {
    return 'error';
  }
}

function withTokenizer(chunks: string[], delimiter: string): string[][] | 'error' {
  const records: string[][] = [];
  const tokenizer = createCsvTokenizer({ delimiter, maxRecordChars: 1 << 20 });
  try {
    for (const chunk of chunks) tokenizer.push(chunk, (cells) => records.push(cells));
    tokenizer.end((cells) => records.push(cells));
  } catch (error) {
    if (error instanceof CsvTokenizerError) return 'error';
    throw error;
  }
  return records;
}

/** Cuts a text at the given fractions (any position, inside quotes and between \r and \n included). */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((f) => Math.floor(f * text.length)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const p of points) {
    chunks.push(text.slice(last, p));
    last = p;
  }
  chunks.push(text.slice(last));
  return chunks;
}

const csvText = (delimiter: string) =>
  fc
    .array(fc.constantFrom('a', 'b', 'ễ', ' ', delimiter, ',', '"', '""', '\n', '\r', '\r\n', 'x"y'), {
      maxLength: 40,
    })
    .map((parts) => parts.join(''));

describe('CSV tokenizer', () => {
  it('splits the usual shapes: quotes, escaped quotes, multi-line cells, CRLF, blank lines', () => {
    const text = 'A,B,C\r\n1,"x, ""y""",z\r\n\r\n2,"multi\r\nline",\r\n3,a"b,"c"d\r\n';
    expect(withTokenizer([text], ',')).toEqual([
      ['A', 'B', 'C'],
      ['1', 'x, "y"', 'z'],
      [''],
      ['2', 'multi\r\nline', ''],
      ['3', 'a"b', '"c"d'],
    ]);
    expect(withTokenizer([text], ',')).toEqual(withCsvParse(text, ','));
  });

  it('agrees with csv-parse on any text, whatever the chunking (comma and semicolon)', () => {
    for (const delimiter of [',', ';']) {
      fc.assert(
        fc.property(csvText(delimiter), fc.array(fc.double({ min: 0, max: 1, noNaN: true })), (text, at) => {
          expect(withTokenizer(cut(text, at), delimiter)).toEqual(withCsvParse(text, delimiter));
        }),
        { numRuns: 3000 },
      );
    }
  });

  it('reports an unclosed quote at the end, and a record larger than the limit', () => {
    expect(() => withTokenizer(['A,B\n1,"x\n2,y\n'], ',')).not.toThrow();
    expect(withTokenizer(['A,B\n1,"x\n2,y\n'], ',')).toBe('error');
    const tokenizer = createCsvTokenizer({ delimiter: ',', maxRecordChars: 100 });
    expect(() => tokenizer.push(`a,"${'x'.repeat(200)}`, () => undefined)).toThrowError(
      expect.objectContaining({ code: 'RECORD_TOO_LARGE', line: 1 }) as Error,
    );
  });
});
