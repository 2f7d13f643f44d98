/**
 * One CSV line for COPY … WITH (FORMAT csv): NULL is an empty unquoted field, every string is quoted (so an
 * empty string stays an empty string, not NULL). NUL characters cannot be stored in PostgreSQL text and are
 * dropped (the legacy exports never carry them deliberately).
 */
export function stagingCsvLine(
  values: ReadonlyArray<string | number | boolean | null>,
  /** A last field already quoted for CSV (the raw record's JSON, see createSourceRowEncoder). */
  quotedLast?: string,
): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    const value = values[i];
    if (value === null || value === undefined) continue;
    line += typeof value === 'string' ? quoteCsv(value) : String(value);
  }
  return quotedLast === undefined ? `${line}\n` : `${line},${quotedLast}\n`;
}

function quoteCsv(value: string): string {
  let text = value;
  if (text.includes('\u0000')) text = text.replaceAll('\u0000', '');
  if (text.includes('"')) text = text.replaceAll('"', '""');
  return `"${text}"`;
}
