import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { PackageReadError, rejectRow } from '../../core/import/package-read-error.ts';
import { buildRow, type CompiledMapping, type PackageReadItem } from '../../core/import/package-row.ts';
import { listZipEntries, streamZipEntry } from './zip-entries.ts';

/**
 * Reads .xlsx workbooks with ExcelJS's streaming reader, so memory does not grow with the number of rows.
 * Known limit: the shared-string table of the workbook is held in memory (the format requires random access
 * to it); exports written with inline strings do not have one.
 */

export interface SheetInfo {
  name: string;
  /** The sheet's XML entry in the archive, e.g. xl/worksheets/sheet1.xml. */
  entry: string;
}

interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

async function readEntryText(path: string, entry: string): Promise<string> {
  let text = '';
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of streamZipEntry(path, entry)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function xmlAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:]+)="([^"]*)"/g)) attributes.set(match[1]!, decodeXml(match[2]!));
  return attributes;
}

function decodeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The sheets of a workbook in tab order, from xl/workbook.xml and its relationships (both small). */
export async function listSheets(path: string): Promise<SheetInfo[]> {
  const entries = new Set((await listZipEntries(path)).map((e) => e.name));
  if (!entries.has('xl/workbook.xml') || !entries.has('xl/_rels/workbook.xml.rels')) {
    throw new PackageReadError('PACKAGE_CORRUPT', {
      path,
      reason: 'no xl/workbook.xml: not an .xlsx workbook',
    });
  }
  const targets = new Map<string, string>();
  for (const [tag] of (await readEntryText(path, 'xl/_rels/workbook.xml.rels')).matchAll(
    /<Relationship\b[^>]*>/g,
  )) {
    const attributes = xmlAttributes(tag);
    const target = attributes.get('Target') ?? '';
    targets.set(attributes.get('Id') ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets: SheetInfo[] = [];
  for (const [tag] of (await readEntryText(path, 'xl/workbook.xml')).matchAll(/<sheet\b[^>]*>/g)) {
    const attributes = xmlAttributes(tag);
    const relationId = [...attributes].find(([key]) => /(^|:)id$/.test(key) && key !== 'sheetId')?.[1];
    const entry = targets.get(relationId ?? '');
    if (entry) sheets.push({ name: attributes.get('name') ?? '', entry });
  }
  return sheets;
}

/** The parts of ExcelJS's streaming reader that decode XML entries (not in its type definitions). */
interface ReaderInternals extends AsyncIterable<StreamedSheet> {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
  _parseSharedStrings(entry: Readable): unknown;
  _parseWorkbook(entry: Readable): unknown;
  _parseRels(entry: Readable): unknown;
  _parseStyles(entry: Readable): unknown;
}

const BaseReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (
  input: Readable,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => ReaderInternals;

async function* decodeUtf8Chunks(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/**
 * ExcelJS 4.4's streaming reader decodes each decompressed chunk on its own (utils/parse-sax.js), so a
 * Vietnamese letter split across two chunks becomes U+FFFD: "Tỉnh" read as "T\ufffd\ufffd\ufffdnh". Every
 * entry is handed to it as text decoded across chunk boundaries instead (it passes strings through).
 */
class Utf8SafeWorkbookReader extends BaseReader {
  override _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown {
    return super._parseWorksheet(decodeUtf8Chunks(iterator), sheetNo);
  }
  override _parseSharedStrings(entry: Readable): unknown {
    entry.setEncoding('utf8');
    return super._parseSharedStrings(entry);
  }
  override _parseWorkbook(entry: Readable): unknown {
    entry.setEncoding('utf8');
    return super._parseWorkbook(entry);
  }
  override _parseRels(entry: Readable): unknown {
    entry.setEncoding('utf8');
    return super._parseRels(entry);
  }
  override _parseStyles(entry: Readable): unknown {
    entry.setEncoding('utf8');
    return super._parseStyles(entry);
  }
}

function openWorkbook(path: string): { reader: AsyncIterable<StreamedSheet>; close: () => void } {
  const input = createReadStream(path);
  const reader = new Utf8SafeWorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles are needed to tell a date cell from a number (the number format says so).
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  return { reader, close: () => input.destroy() };
}

type CellText = { text: string } | { formula: string } | { error: string };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A date cell as 'yyyy-mm-dd' (ExcelJS gives the calendar day at UTC midnight); a time, if any, is kept. */
function formatDate(date: Date): string {
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const hasTime =
    date.getUTCHours() + date.getUTCMinutes() + date.getUTCSeconds() + date.getUTCMilliseconds() > 0;
  return hasTime
    ? `${day}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
    : day;
}

/**
 * A cell as the text a person sees. Numbers in a date format become dates; plain numbers stay numbers
 * ("25569"), so an Excel serial typed in a General cell reaches the date parser as the spec expects.
 */
export function cellToText(value: ExcelJS.CellValue): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: String(value) };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : formatDate(value) };
  if ('formula' in value || 'sharedFormula' in value) {
    return { formula: ('formula' in value ? value.formula : value.sharedFormula) ?? '' };
  }
  if ('error' in value) return { error: value.error };
  if ('richText' in value) return { text: value.richText.map((run) => run.text ?? '').join('') };
  if ('text' in value) {
    const text: unknown = value.text;
    if (typeof text === 'string') return { text };
    if (text && typeof text === 'object' && 'richText' in text) {
      return { text: (text as ExcelJS.CellRichTextValue).richText.map((run) => run.text ?? '').join('') };
    }
  }
  return { text: '' };
}

function headerCells(row: ExcelJS.Row): string[] {
  const values = row.values as ExcelJS.CellValue[];
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) {
    const cell = cellToText(values[i]);
    cells.push('text' in cell ? cell.text : '');
  }
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/**
 * The first non-empty row of a sheet. A fresh reader is opened and abandoned once the header is found:
 * sheets before it are skipped undecoded, and no row after the header is parsed.
 */
export async function readSheetHeader(
  path: string,
  sheetName: string,
): Promise<{ headers: string[]; headerRowNumber: number } | null> {
  const { reader, close } = openWorkbook(path);
  try {
    for await (const sheet of reader) {
      if (sheet.name !== sheetName) continue;
      for await (const row of sheet) {
        const headers = headerCells(row);
        if (headers.length > 0) return { headers, headerRowNumber: row.number };
      }
      return null;
    }
    return null;
  } catch (error) {
    throw asCorrupt(error, path);
  } finally {
    close();
  }
}

function asCorrupt(error: unknown, path: string): unknown {
  return error instanceof PackageReadError
    ? error
    : new PackageReadError('PACKAGE_CORRUPT', { path, reason: (error as Error).message });
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const char of letters.toUpperCase()) n = n * 26 + (char.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(n: number): string {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * Merged ranges that touch the header row. ExcelJS's streaming reader ignores <mergeCells> (they come after
 * the rows), so the sheet XML is scanned for them: decompressed and searched, not parsed.
 */
export async function findMergedHeaderRanges(
  path: string,
  entry: string,
  headerRowNumber: number,
): Promise<Array<{ range: string; firstColumn: number; lastColumn: number }>> {
  const found: Array<{ range: string; firstColumn: number; lastColumn: number }> = [];
  const decoder = new TextDecoder('utf-8');
  const pattern = /<mergeCell\b[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/g;
  let carry = '';
  for await (const chunk of streamZipEntry(path, entry)) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let consumed = 0;
    for (const match of text.matchAll(pattern)) {
      consumed = match.index + match[0].length;
      const [, fromColumn, fromRow, toColumn, toRow] = match;
      const top = Number(fromRow);
      const bottom = Number(toRow ?? fromRow);
      if (top <= headerRowNumber && headerRowNumber <= bottom) {
        found.push({
          range: toColumn ? `${fromColumn}${fromRow}:${toColumn}${toRow}` : `${fromColumn}${fromRow}`,
          firstColumn: columnNumber(fromColumn!),
          lastColumn: columnNumber(toColumn ?? fromColumn!),
        });
      }
    }
    carry = text.slice(Math.max(consumed, text.length - 200));
  }
  return found;
}

/** Streams the data rows of one sheet: every row after the header, blank rows skipped. */
export async function* readSheetRows(
  path: string,
  sheetName: string,
  headerRowNumber: number,
  compiled: CompiledMapping,
): AsyncGenerator<PackageReadItem> {
  const { reader, close } = openWorkbook(path);
  try {
    for await (const sheet of reader) {
      if (sheet.name !== sheetName) continue;
      for await (const row of sheet) {
        if (row.number <= headerRowNumber) continue;
        const item = toItem(row, compiled);
        if (item) yield item;
      }
      return;
    }
  } catch (error) {
    throw asCorrupt(error, path);
  } finally {
    close();
  }
}

function toItem(row: ExcelJS.Row, compiled: CompiledMapping): PackageReadItem | null {
  const values = row.values as ExcelJS.CellValue[];
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) {
    const cell = cellToText(values[i]);
    const at = {
      file: compiled.file,
      rowNumber: row.number,
      column: compiled.headers[i - 1] || columnLetters(i),
    };
    if ('formula' in cell) return rejectRow('FORMULA_IN_CELL', at, { formula: cell.formula });
    if ('error' in cell) return rejectRow('XLSX_CELL_ERROR', at, { value: cell.error });
    cells.push(cell.text);
  }
  if (cells.every((cell) => cell === '')) return null;
  return buildRow(compiled, row.number, cells, false);
}
