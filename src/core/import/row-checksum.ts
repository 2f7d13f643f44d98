import { createHash } from 'node:crypto';
import type { PackageRow } from './package-row.ts';

type Row = Pick<PackageRow, 'values' | 'extra'>;

/**
 * Keys sorted once per key set: every row of a file has the same mapped keys in the same order, so the sort
 * (the costliest part of a row checksum at 1,000,000 rows) runs once per file instead of once per row.
 */
function createKeySorter() {
  let lastKeys: string[] = [];
  let lastSorted: string[] = [];
  return (keys: string[]): string[] => {
    if (keys.length === lastKeys.length && keys.every((k, i) => k === lastKeys[i])) return lastSorted;
    lastKeys = keys;
    lastSorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return lastSorted;
  };
}

const sortValueKeys = createKeySorter();
const sortExtraKeys = createKeySorter();

function sortedEntries(record: Record<string, string | undefined>, sort: (keys: string[]) => string[]) {
  const entries: Array<[string, string]> = [];
  for (const key of sort(Object.keys(record))) {
    const value = record[key];
    if (value !== undefined) entries.push([key, value]);
  }
  return entries;
}

/** The SHA-256 of one row (see checksumRow), as bytes. */
function rowDigest(row: Row): Buffer {
  return createHash('sha256')
    .update(
      JSON.stringify([sortedEntries(row.values, sortValueKeys), sortedEntries(row.extra, sortExtraKeys)]),
    )
    .digest();
}

/**
 * SHA-256 of one source row for the reconciliation report: mapped values and extra cells, sorted by key,
 * exactly as read. Independent of column order in the file, so the same data in .csv and .xlsx agrees.
 */
export function checksumRow(row: Row): string {
  return rowDigest(row).toString('hex');
}

const LANES = 8; // 8 × 32 bits = 256 bits
/** Adds before carrying: a lane holds < 2^32 × 2^20 = 2^52, exact in a double. */
const CARRY_EVERY = 1 << 20;

/**
 * Combines row checksums into one value whatever the order (a sum modulo 2^256), so source rows read from
 * the file and target rows read back from the database, in any order, give the same digest. The sum is kept
 * in eight 32-bit lanes of plain numbers (no BigInt per row), carried every 2^20 rows and at the end.
 */
export function createChecksumAccumulator(): {
  add: (rowChecksum: string) => void;
  addRow: (row: Row) => void;
  digest: () => { count: number; checksum: string };
} {
  const lanes = new Float64Array(LANES);
  let count = 0;
  let sinceCarry = 0;
  const carry = () => {
    for (let i = LANES - 1; i > 0; i--) {
      const high = Math.floor(lanes[i]! / 0x1_0000_0000);
      lanes[i] = lanes[i]! - high * 0x1_0000_0000;
      lanes[i - 1] = lanes[i - 1]! + high;
    }
    lanes[0] = lanes[0]! % 0x1_0000_0000; // modulo 2^256: what overflows the top lane is dropped
    sinceCarry = 0;
  };
  const addBytes = (digest: Buffer) => {
    for (let i = 0; i < LANES; i++) lanes[i] = lanes[i]! + digest.readUInt32BE(i * 4);
    count++;
    if (++sinceCarry >= CARRY_EVERY) carry();
  };
  return {
    add: (rowChecksum) => addBytes(Buffer.from(rowChecksum, 'hex')),
    addRow: (row) => addBytes(rowDigest(row)),
    digest: () => {
      carry();
      let hex = '';
      for (let i = 0; i < LANES; i++) hex += lanes[i]!.toString(16).padStart(8, '0');
      return { count, checksum: hex };
    },
  };
}
