import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRow, compileMapping, type PackageRow } from './package-row.ts';
import { checksumRow, createChecksumAccumulator, createSourceRowEncoder } from './row-checksum.ts';

/** The definition: a sum of the row SHA-256 values modulo 2^256. */
function referenceSum(hexes: string[]): string {
  let sum = 0n;
  for (const hex of hexes) sum = (sum + BigInt(`0x${hex}`)) % (1n << 256n);
  return sum.toString(16).padStart(64, '0');
}

describe('row checksum accumulator', () => {
  // A million SHA-256 values and BigInt sums: seconds on a shared machine, hence the longer timeout.
  it(
    'equals the BigInt sum modulo 2^256, across the periodic carry and the top-lane overflow',
    { timeout: 60_000 },
    () => {
      const hexes = Array.from({ length: (1 << 20) + 37 }, (_, i) =>
        i % 3 === 0 ? 'f'.repeat(64) : createHash('sha256').update(String(i)).digest('hex'),
      );
      const accumulator = createChecksumAccumulator();
      for (const hex of hexes) accumulator.add(hex);
      expect(accumulator.digest()).toEqual({ count: hexes.length, checksum: referenceSum(hexes) });
    },
  );

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

describe('source row encoder', () => {
  /** The importer's former definition of the raw record: mapped values, then extras not named like one. */
  const rawRecordOf = (row: Pick<PackageRow, 'values' | 'extra'>) => {
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(row.values)) if (value !== undefined) raw[key] = value;
    for (const [key, value] of Object.entries(row.extra)) if (!(key in raw)) raw[key] = value;
    return raw;
  };
  const cell = fc.oneof(
    fc.constantFrom(
      '',
      'Nguyễn Văn A',
      '07/11/1972',
      'a"b',
      'x\\y',
      'tab\there',
      'line\r\nbreak',
      '😀',
      '\u0001',
    ),
    fc.string(),
  );

  it('gives the raw record of rawRecord as a CSV field and the checksum of addRow, for any mapping and cells', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<string | null>('MA_DANG_VIEN', 'HO_TEN', 'NGAY_SINH', null), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.constantFrom('Ghi chú', '', 'HO_TEN', '2024', 'MA_DANG_VIEN'), { maxLength: 6 }),
        fc.array(fc.array(cell, { minLength: 12, maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        (canonicals, extraHeaders, rows) => {
          const seen = new Set<string>();
          const columns = [
            ...canonicals.map((canonical, i) => {
              const unique = canonical !== null && !seen.has(canonical) ? canonical : null;
              if (unique) seen.add(unique);
              return { index: i, header: unique ?? `Cột ${i}`, canonical: unique as 'HO_TEN' | null };
            }),
            ...extraHeaders.map((header, i) => ({ index: canonicals.length + i, header, canonical: null })),
          ];
          const compiled = compileMapping(
            {
              kind: 'members',
              columns: columns.map((c) => ({ ...c, matchedBy: null, candidates: [] })),
              missingRequired: [],
              unknownHeaders: [],
              duplicates: [],
              ambiguous: [],
            },
            'dang_vien.csv',
          );
          const encoder = createSourceRowEncoder(compiled);
          const reference = createChecksumAccumulator();
          for (const cells of rows) {
            const row = buildRow(compiled, 2, cells.slice(0, compiled.width), false);
            if (row.type !== 'row') continue;
            const field = encoder.encode(row);
            reference.addRow(row);
            expect(field.startsWith('"') && field.endsWith('"')).toBe(true);
            expect(JSON.parse(field.slice(1, -1).replaceAll('""', '"'))).toEqual(rawRecordOf(row));
          }
          expect(encoder.digest()).toEqual(reference.digest());
        },
      ),
      { numRuns: 500 },
    );
  });
});
