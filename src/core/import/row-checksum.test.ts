import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PackageRow } from './package-row.ts';
import { checksumRow, createChecksumAccumulator } from './row-checksum.ts';

/** The definition: a sum of the row SHA-256 values modulo 2^256. */
function referenceSum(hexes: string[]): string {
  let sum = 0n;
  for (const hex of hexes) sum = (sum + BigInt(`0x${hex}`)) % (1n << 256n);
  return sum.toString(16).padStart(64, '0');
}

describe('row checksum accumulator', () => {
  it('equals the BigInt sum modulo 2^256, across the periodic carry and the top-lane overflow', () => {
    const hexes = Array.from({ length: (1 << 20) + 37 }, (_, i) =>
      i % 3 === 0 ? 'f'.repeat(64) : createHash('sha256').update(String(i)).digest('hex'),
    );
    const accumulator = createChecksumAccumulator();
    for (const hex of hexes) accumulator.add(hex);
    expect(accumulator.digest()).toEqual({ count: hexes.length, checksum: referenceSum(hexes) });
  });

  it('gives the same digest for addRow and add(checksumRow), whatever the key order', () => {
    const rows: Array<Pick<PackageRow, 'values' | 'extra'>> = [
      { values: { HO_TEN: 'Nguyễn Văn A', MA_DANG_VIEN: '1' }, extra: { GHI_CHU: 'x' } },
      { values: { MA_DANG_VIEN: '2', HO_TEN: 'Trần Thị B' }, extra: {} },
      { values: { MA_DANG_VIEN: '3', HO_TEN: undefined }, extra: {} },
    ];
    const byRow = createChecksumAccumulator();
    const byHex = createChecksumAccumulator();
    for (const row of rows) {
      byRow.addRow(row);
      byHex.add(checksumRow(row));
    }
    expect(byRow.digest()).toEqual(byHex.digest());
    expect(byRow.digest().checksum).toBe(referenceSum(rows.map(checksumRow)));
    expect(checksumRow(rows[1]!)).toBe(
      checksumRow({ values: { HO_TEN: 'Trần Thị B', MA_DANG_VIEN: '2' }, extra: {} }),
    );
  });
});
