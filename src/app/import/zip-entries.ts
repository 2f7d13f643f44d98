import yauzl from 'yauzl';
import { PackageReadError } from '../../core/import/package-read-error.ts';

export interface ZipEntryInfo {
  /** Path inside the archive, '/' separated. */
  name: string;
  size: number;
}

async function openZip(path: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw new PackageReadError('PACKAGE_CORRUPT', { path, reason: (error as Error).message });
  }
}

/** The file entries of an archive, from its central directory only (no entry is decompressed). */
export async function listZipEntries(path: string): Promise<ZipEntryInfo[]> {
  const zip = await openZip(path);
  try {
    const entries: ZipEntryInfo[] = [];
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith('/')) entries.push({ name: entry.fileName, size: entry.uncompressedSize });
    }
    return entries;
  } catch (error) {
    throw new PackageReadError('PACKAGE_CORRUPT', { path, reason: (error as Error).message });
  } finally {
    zip.close();
  }
}

/** One entry as an async iterable of bytes, for the streaming readers. Closes the archive when done. */
export async function* streamZipEntry(path: string, entryName: string): AsyncGenerator<Buffer> {
  const zip = await openZip(path);
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== entryName) continue;
      const stream = await zip.openReadStreamPromise(entry);
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } finally {
        stream.destroy();
      }
      return;
    }
    throw new PackageReadError('PACKAGE_CORRUPT', { path, reason: `entry ${entryName} disappeared` });
  } finally {
    zip.close();
  }
}
