import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { personNameSortKey, vietnameseSortKey } from './vietnamese-sort-key.ts';

const sortVi = (items: string[], key = vietnameseSortKey) =>
  [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe('vietnameseSortKey', () => {
  it('orders letters by the Vietnamese alphabet', () => {
    expect(sortVi(['Đào', 'Dung', 'Ân', 'Ăn', 'An', 'Bình', 'Ơn', 'Ôn', 'On', 'Ưng', 'Uyên'])).toEqual([
      'An',
      'Ăn',
      'Ân',
      'Bình',
      'Dung',
      'Đào',
      'On',
      'Ôn',
      'Ơn',
      'Uyên',
      'Ưng',
    ]);
  });

  it('breaks ties by tone: ngang, huyền, hỏi, ngã, sắc, nặng', () => {
    expect(sortVi(['má', 'mạ', 'mà', 'mã', 'ma', 'mả'])).toEqual(['ma', 'mà', 'mả', 'mã', 'má', 'mạ']);
  });

  it('compares numbers by value', () => {
    expect(sortVi(['Chi bộ Thôn 10', 'Chi bộ Thôn 2', 'Chi bộ Thôn 1'])).toEqual([
      'Chi bộ Thôn 1',
      'Chi bộ Thôn 2',
      'Chi bộ Thôn 10',
    ]);
  });

  it('ignores case and Unicode normalization form', () => {
    fc.assert(
      fc.property(
        fc.string(),
        (s) => vietnameseSortKey(s.normalize('NFD')) === vietnameseSortKey(s.normalize('NFC')),
      ),
    );
    expect(vietnameseSortKey('NGUYỄN')).toBe(vietnameseSortKey('nguyễn'));
  });

  it('sorts people by given name first', () => {
    expect(sortVi(['Nguyễn Văn Bình', 'Trần Thị An', 'Lê Văn Bình'], personNameSortKey)).toEqual([
      'Trần Thị An',
      'Lê Văn Bình',
      'Nguyễn Văn Bình',
    ]);
  });
});
