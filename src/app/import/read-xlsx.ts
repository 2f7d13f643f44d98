import { Readable } from 'node:stream';
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

/**
 * The parts of ExcelJS's streaming reader that decode one XML entry each (not in its type definitions).
 * Its own `parse()` walks the archive in storage order and spools to temp files the worksheets stored before
 * the shared strings; abandoned early (a header read, a failed import), that background work outlived the
 * caller. The entries are fed to these parts from our own archive reader instead: only the entries needed
 * are read, in the order needed, and closing the row iterator closes the archive.
 */
interface ReaderInternals {
  sharedStrings?: unknown[];
  _parseWorksheet(
    iterator: AsyncIterable<string>,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseRels(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
}

const WorkbookReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (
  input: Readable | null,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => ReaderInternals;

/**
 * An entry's text, decoded across chunk boundaries. ExcelJS 4.4 decodes each decompressed chunk on its own
 * (utils/parse-sax.js), so a Vietnamese letter split across two chunks became U+FFFD ("Tỉnh" read as
 * "T\ufffd\ufffd\ufffdnh"); it passes strings through untouched.
 */
async function* entryText(path: string, entry: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of streamZipEntry(path, entry)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

const entryStream = (path: string, entry: string): Readable => Readable.from(entryText(path, entry));

/**
 * The rows of one sheet, or null when the workbook has no sheet of that name. Reads the relationships,
 * workbook, shared strings and styles (needed to tell a date cell from a number), then streams the sheet.
 */
async function openSheet(path: string, sheetName: string): Promise<AsyncIterable<ExcelJS.Row> | null> {
  const sheet = (await listSheets(path)).find((s) => s.name === sheetName);
  if (!sheet) return null;
  const entries = new Set((await listZipEntries(path)).map((e) => e.name));
  const reader = new WorkbookReader(null, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  await reader._parseRels(entryStream(path, 'xl/_rels/workbook.xml.rels'));
  await reader._parseWorkbook(entryStream(path, 'xl/workbook.xml'));
  reader.sharedStrings = [];
  if (entries.has('xl/sharedStrings.xml')) {
    // With sharedStrings 'cache' this fills reader.sharedStrings and yields nothing.
    for await (const _ of reader._parseSharedStrings(entryStream(path, 'xl/sharedStrings.xml'))) void _;
  }
  if (entries.has('xl/styles.xml')) await reader._parseStyles(entryStream(path, 'xl/styles.xml'));
  const sheetNo = /sheet(\d+)\.xml$/.exec(sheet.entry)?.[1] ?? '0';
  for (const { eventType, value } of reader._parseWorksheet(entryText(path, sheet.entry), sheetNo)) {
    if (eventType === 'worksheet') return value;
  }
  return null;
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
  try {
    const rows = await openSheet(path, sheetName);
    if (!rows) return null;
    for await (const row of rows) {
      const headers = headerCells(row);
      if (headers.length > 0) return { headers, headerRowNumber: row.number };
    }
    return null;
  } catch (error) {
    throw asCorrupt(error, path);
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
  let rows: AsyncIterable<ExcelJS.Row> | null;
  try {
    rows = await openSheet(path, sheetName);
  } catch (error) {
    throw asCorrupt(error, path);
  }
  if (!rows) return;
  const iterator = rows[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<ExcelJS.Row>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw asCorrupt(error, path);
      }
      if (next.done) return;
      const row = next.value;
      if (row.number <= headerRowNumber) continue;
      const item = toItem(row, compiled);
      if (item) yield item;
    }
  } finally {
    await iterator.return?.();
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
