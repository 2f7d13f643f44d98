import iconv from 'iconv-lite';
import { PackageReadError } from '../../core/import/package-read-error.ts';

/**
 * How the bytes of a CSV are turned into text. Only UTF-8 is accepted by default: a Windows-1258 file cannot be
 * recognised for certain (almost every byte sequence is valid Windows-1258, and TCVN3/VNI text exported byte
 * for byte is also "valid"), so guessing would risk importing mojibake. A user who knows the file is
 * Windows-1258 may say so explicitly, and only then is iconv-lite used.
 */
export type TextEncoding = 'utf-8' | 'windows-1258';

const NEWLINE = 0x0a;

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let count = 0;
  for (let i = bytes.indexOf(NEWLINE); i !== -1 && i < end; i = bytes.indexOf(NEWLINE, i + 1)) count++;
  return count;
}

/**
 * Decodes a byte stream chunk by chunk. UTF-8 is checked over the whole stream (a bad byte on line 900,000 is
 * found too) and a leading BOM is dropped. `onBytes` sees every chunk, for checksums and sizes.
 */
export async function* decodeText(
  source: AsyncIterable<Buffer>,
  file: string,
  encoding: TextEncoding,
  onBytes?: (chunk: Buffer) => void,
): AsyncGenerator<string> {
  if (encoding === 'windows-1258') {
    const decoder = iconv.getDecoder('windows1258');
    for await (const chunk of source) {
      onBytes?.(chunk);
      const text = decoder.write(chunk);
      if (text) yield text;
    }
    const tail = decoder.end();
    if (tail) yield tail;
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  for await (const chunk of source) {
    onBytes?.(chunk);
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8(file, line, chunk);
    }
    line += countNewlines(chunk);
    if (text) yield text;
  }
  try {
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch {
    // The stream ended inside a multi-byte sequence.
    throw new PackageReadError('ENCODING_NOT_UTF8', { file, line });
  }
}

/** Locates the first bad byte of the chunk for the message; the line number is approximate at chunk edges. */
function notUtf8(file: string, lineAtChunkStart: number, chunk: Buffer): PackageReadError {
  // Continuation bytes at the start belong to a character begun in the previous chunk.
  let start = 0;
  while (start < 3 && start < chunk.length && (chunk[start]! & 0xc0) === 0x80) start++;
  const lenient = new TextDecoder('utf-8').decode(chunk.subarray(start));
  const bad = lenient.indexOf('\ufffd');
  const linesBefore = bad === -1 ? 0 : (lenient.slice(0, bad).match(/\n/g)?.length ?? 0);
  return new PackageReadError('ENCODING_NOT_UTF8', { file, line: lineAtChunkStart + linesBefore });
}
