import { createHash } from 'node:crypto';
import type { PackageRow } from './package-row.ts';

/**
 * SHA-256 of one source row for the reconciliation report: mapped values and extra cells, sorted by key,
 * exactly as read. Independent of column order in the file, so the same data in .csv and .xlsx agrees.
 */
export function checksumRow(row: Pick<PackageRow, 'values' | 'extra'>): string {
  const entries = (record: Record<string, string | undefined>): Array<[string, string]> =>
    Object.entries(record)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([entries(row.values), entries(row.extra)]))
    .digest('hex');
}

const MODULUS = 1n << 256n;

/**
 * Combines row checksums into one value whatever the order (a sum modulo 2^256), so source rows read from
 * the file and target rows read back from the database, in any order, give the same digest.
 */
export function createChecksumAccumulator(): {
  add: (rowChecksum: string) => void;
  digest: () => { count: number; checksum: string };
} {
  let sum = 0n;
  let count = 0;
  return {
    add(rowChecksum) {
      sum = (sum + BigInt(`0x${rowChecksum}`)) % MODULUS;
      count++;
    },
    digest: () => ({ count, checksum: sum.toString(16).padStart(64, '0') }),
  };
}
