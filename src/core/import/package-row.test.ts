import { describe, expect, it } from 'vitest';
import { proposeColumnMapping } from './column-mapping.ts';
import {
  MAX_CELL_CHARS,
  buildRow,
  compileMapping,
  createLegacyIdTracker,
  type PackageRow,
} from './package-row.ts';
import { checksumRow, createChecksumAccumulator } from './row-checksum.ts';

const compiled = compileMapping(
  proposeColumnMapping('members', ['MA_DANG_VIEN', 'HO_TEN', 'MA_TO_CHUC', 'Ghi chú', '', 'Ghi chú']),
  'dang_vien.csv',
);

describe('buildRow', () => {
  it('splits mapped values from extra cells and keeps values exactly as typed', () => {
    expect(buildRow(compiled, 2, ['DV1', '  Nguyễn  Văn A ', 'TC1', 'x', 'y', 'z'], true)).toEqual({
      type: 'row',
      file: 'dang_vien.csv',
      rowNumber: 2,
      values: { MA_DANG_VIEN: 'DV1', HO_TEN: '  Nguyễn  Văn A ', MA_TO_CHUC: 'TC1' },
      extra: { 'Ghi chú': 'x', '#5': 'y', 'Ghi chú #6': 'z' },
    });
  });

  it('rejects a short CSV row but accepts trailing empty cells', () => {
    expect(buildRow(compiled, 3, ['DV1', 'A'], true)).toMatchObject({
      type: 'rejected',
      reason: 'ROW_TRUNCATED',
    });
    expect(buildRow(compiled, 3, ['DV1', 'A'], false)).toMatchObject({ type: 'row' });
    expect(buildRow(compiled, 3, ['DV1', 'A', 'T', '', '', '', '', ''], true)).toMatchObject({ type: 'row' });
    expect(buildRow(compiled, 3, ['DV1', 'A', 'T', '', '', '', 'x'], true)).toMatchObject({
      reason: 'ROW_TOO_LONG',
      messageVi: expect.stringContaining('Dòng thừa ô') as string,
    });
  });

  it('rejects a cell above the Excel limit, naming its column', () => {
    const huge = 'a'.repeat(MAX_CELL_CHARS + 1);
    expect(buildRow(compiled, 9, ['DV1', huge, 'T', '', '', ''], true)).toMatchObject({
      reason: 'CELL_TOO_LARGE',
      column: 'HO_TEN',
      rowNumber: 9,
    });
  });
});

describe('createLegacyIdTracker', () => {
  it('rejects a repeated id (compared trimmed) with the first row number', () => {
    const track = createLegacyIdTracker('members');
    const row = (rowNumber: number, id: string): PackageRow => ({
      type: 'row',
      file: 'dang_vien.csv',
      rowNumber,
      values: { MA_DANG_VIEN: id },
      extra: {},
    });
    expect(track(row(2, 'DV1'))).toBeNull();
    expect(track(row(3, ''))).toBeNull();
    expect(track(row(4, ''))).toBeNull();
    expect(track(row(5, 'DV1 '))).toMatchObject({
      reason: 'DUPLICATE_LEGACY_ID',
      rowNumber: 5,
      messageVi: 'Mã DV1 bị trùng với dòng 2.',
    });
  });
});

describe('row checksums', () => {
  it('does not depend on key order, and the total does not depend on row order', () => {
    const a = checksumRow({ values: { HO_TEN: 'A', MA_DANG_VIEN: '1' }, extra: {} });
    const b = checksumRow({ values: { MA_DANG_VIEN: '1', HO_TEN: 'A' }, extra: {} });
    const c = checksumRow({ values: { MA_DANG_VIEN: '2', HO_TEN: 'A' }, extra: {} });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const first = createChecksumAccumulator();
    const second = createChecksumAccumulator();
    [a, c].forEach(first.add);
    [c, a].forEach(second.add);
    expect(first.digest()).toEqual(second.digest());
    expect(first.digest().count).toBe(2);
  });
});
