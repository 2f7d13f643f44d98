/**
 * One CSV line for COPY … WITH (FORMAT csv): NULL is an empty unquoted field, every string is quoted (so an
 * empty string stays an empty string, not NULL). NUL characters cannot be stored in PostgreSQL text and are
 * dropped (the legacy exports never carry them deliberately).
 */
export function stagingCsvLine(values: ReadonlyArray<string | number | boolean | null>): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    const value = values[i];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') {
      line += String(value);
      continue;
    }
    const text = value.includes('\u0000') ? value.split('\u0000').join('') : value;
    line += `"${text.includes('"') ? text.replace(/"/g, '""') : text}"`;
  }
  return `${line}\n`;
}
