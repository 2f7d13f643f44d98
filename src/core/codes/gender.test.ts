import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseGender } from './gender.ts';

describe('parseGender', () => {
  // GIOI_TINH values of the samples (the truth writes Nam/Nữ; 1/0 and M/F map without a finding).
  it.each([
    ['Nam', 'Nam', true],
    ['Nữ', 'Nữ', true],
    ['nam', 'Nam', false],
    ['nữ', 'Nữ', false],
    ['NỮ', 'Nữ', false],
    ['nu', 'Nữ', false],
    ['Nữ'.normalize('NFD'), 'Nữ', true],
    ['1', 'Nam', false],
    ['0', 'Nữ', false],
    ['M', 'Nam', false],
    ['F', 'Nữ', false],
    [' Nam ', 'Nam', true],
  ])('reads %j as %j', (raw, value, exact) => {
    expect(parseGender(raw)).toEqual({ ok: true, value, exact });
  });

  it.each(['Khác', 'Không rõ', '?', '2'])('does not guess %j (GENDER_INVALID)', (raw) => {
    expect(parseGender(raw)).toEqual({ ok: false, reason: 'unrecognized' });
  });

  it('reports an empty cell as empty', () => {
    expect(parseGender(' ')).toEqual({ ok: false, reason: 'empty' });
  });

  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('nam', 'NỮ', 'm', 'f', '0', '1')), (s) => {
        const once = parseGender(s);
        if (once.ok) expect(parseGender(once.value)).toEqual({ ok: true, value: once.value, exact: true });
      }),
    );
  });
});
