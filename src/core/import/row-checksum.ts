import { createHash, hash } from 'node:crypto';
import type { CompiledMapping, PackageRow } from './package-row.ts';

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
  /** Adds a row checksum given as its 32 bytes. */
  addDigest: (digest: Uint8Array) => void;
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
  const addBytes = (digest: Uint8Array) => {
    for (let i = 0; i < LANES; i++) {
      const o = i * 4;
      lanes[i] =
        lanes[i]! +
        (digest[o]! * 0x100_0000 + ((digest[o + 1]! << 16) | (digest[o + 2]! << 8) | digest[o + 3]!));
    }
    count++;
    if (++sinceCarry >= CARRY_EVERY) carry();
  };
  return {
    add: (rowChecksum) => addBytes(Buffer.from(rowChecksum, 'hex')),
    addRow: (row) => addBytes(rowDigest(row)),
    addDigest: addBytes,
    digest: () => {
      carry();
      let hex = '';
      for (let i = 0; i < LANES; i++) hex += lanes[i]!.toString(16).padStart(8, '0');
      return { count, checksum: hex };
    },
  };
}

/**
 * The per-file fast path of the importer: for each row, its raw legacy record as JSON (mapped columns under
 * their canonical name, extra cells under their header: what `rawRecord` + JSON.stringify give), already as a
 * quoted CSV field for COPY, and its checksum added to the file's sum (what `addRow` adds), with the key
 * orders worked out once per file and each cell escaped once for both.
 */
export function createSourceRowEncoder(compiled: CompiledMapping): {
  /** Adds the row's checksum and returns its raw record as JSON, quoted as one CSV field. */
  encode: (row: Row) => string;
  digest: () => { count: number; checksum: string };
} {
  const valueKeys: string[] = [];
  const extraKeys: string[] = [];
  for (const target of compiled.targets) {
    if ('canonical' in target) valueKeys.push(target.canonical);
    else if (!extraKeys.includes(target.extra)) extraKeys.push(target.extra);
  }
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sortedValues = [...valueKeys].sort(byKey).map((k) => valueKeys.indexOf(k));
  const sortedExtras = [...extraKeys].sort(byKey).map((k) => extraKeys.indexOf(k));
  // A header repeating a canonical name stays in the checksum but not in the raw record (the mapped value wins).
  const rawExtras = extraKeys.map((k) => !valueKeys.includes(k));
  const valueJsonKeys = valueKeys.map((k) => JSON.stringify(k));
  const extraJsonKeys = extraKeys.map((k) => JSON.stringify(k));
  const valueCsvKeys = valueJsonKeys.map(doubleQuotes);
  const extraCsvKeys = extraJsonKeys.map(doubleQuotes);
  const valueJson: Array<string | undefined> = new Array<string | undefined>(valueKeys.length);
  const extraJson: Array<string | undefined> = new Array<string | undefined>(extraKeys.length);
  const sum = createChecksumAccumulator();
  return {
    encode(row) {
      const values = row.values as Record<string, string | undefined>;
      let raw = '"{';
      let isFirst = true;
      for (let i = 0; i < valueKeys.length; i++) {
        const value = values[valueKeys[i]!];
        if (value === undefined) {
          valueJson[i] = undefined;
          continue;
        }
        const json = JSON.stringify(value);
        valueJson[i] = json;
        raw += `${isFirst ? '' : ','}${valueCsvKeys[i]!}:${csvOfJson(json, value)}`;
        isFirst = false;
      }
      for (let i = 0; i < extraKeys.length; i++) {
        const value = row.extra[extraKeys[i]!];
        if (value === undefined) {
          extraJson[i] = undefined;
          continue;
        }
        const json = JSON.stringify(value);
        extraJson[i] = json;
        if (!rawExtras[i]) continue;
        raw += `${isFirst ? '' : ','}${extraCsvKeys[i]!}:${csvOfJson(json, value)}`;
        isFirst = false;
      }
      let checked = '[[';
      isFirst = true;
      for (const i of sortedValues) {
        const json = valueJson[i];
        if (json === undefined) continue;
        checked += `${isFirst ? '' : ','}[${valueJsonKeys[i]!},${json}]`;
        isFirst = false;
      }
      checked += '],[';
      isFirst = true;
      for (const i of sortedExtras) {
        const json = extraJson[i];
        if (json === undefined) continue;
        checked += `${isFirst ? '' : ','}[${extraJsonKeys[i]!},${json}]`;
        isFirst = false;
      }
      sum.addDigest(hash('sha256', `${checked}]]`, 'buffer'));
      return `${raw}}"`;
    },
    digest: sum.digest,
  };
}

const doubleQuotes = (text: string) => text.replaceAll('"', '""');

/** A JSON string as it goes inside a quoted CSV field. Most values need no escaping at all. */
function csvOfJson(json: string, value: string): string {
  return json.length === value.length + 2 ? `""${value}""` : doubleQuotes(json);
}
