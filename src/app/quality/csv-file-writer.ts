import { closeSync, openSync, writeSync } from 'node:fs';

/** RFC 4180 field: quoted when it holds the separator, a quote, a line break or edge spaces. */
export function csvField(value: string): string {
  if (value === '') return '';
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A buffered, synchronous CSV writer (UTF-8, LF): memory stays flat whatever the row count. */
export class CsvFileWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;
  rows = 0;

  constructor(path: string, header: readonly string[]) {
    this.fd = openSync(path, 'w');
    this.write(header.join(',') + '\n');
  }

  /** Text already in CSV form (one or more complete records). */
  writeRaw(text: string): void {
    this.write(text);
  }

  writeRow(values: readonly string[]): void {
    this.rows++;
    this.write(values.map(csvField).join(',') + '\n');
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private write(text: string): void {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }
}
