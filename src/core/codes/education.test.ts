import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseEducation, parseTheoryLevel } from './education.ts';

describe('parseEducation', () => {
  it.each([
    ['12/12', '12/12', true],
    ['9/10', '9/10', true],
    ['11/12', '11/12', true],
    ['12 / 12', '12/12', false],
    ['09/12', '9/12', false],
    [' 10/10 ', '10/10', true],
  ])('reads %j as %j', (raw, value, exact) => {
    expect(parseEducation(raw)).toEqual({ ok: true, value, exact });
  });

  // EDUCATION_INVALID findings of the samples.
  it.each(['12', '13/12', '9/9', '12/12A', 'Lớp 9', 'Đại học', '0/12', '11/10'])('rejects %j', (raw) => {
    expect(parseEducation(raw)).toEqual({ ok: false, reason: 'unrecognized' });
  });

  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^ ?\d{1,2} ?\/ ?1[02] ?$/)), (s) => {
        const once = parseEducation(s);
        if (once.ok) expect(parseEducation(once.value)).toEqual({ ok: true, value: once.value, exact: true });
      }),
    );
  });
});

describe('parseTheoryLevel', () => {
  // LY_LUAN_CHINH_TRI values of the samples.
  it.each([
    ['Sơ cấp', 'Sơ cấp', true],
    ['sơ cấp', 'Sơ cấp', false],
    ['Sơ cấp LLCT', 'Sơ cấp', false],
    ['Trung cấp lý luận chính trị', 'Trung cấp', false],
    ['trung cấp', 'Trung cấp', false],
    ['Cao cấp LLCT', 'Cao cấp', false],
    ['CAO CẤP', 'Cao cấp', false],
    ['Cử nhân', 'Cử nhân', true],
    ['Cử nhân chính trị', 'Cử nhân', false],
  ])('reads %j as %j', (raw, value, exact) => {
    expect(parseTheoryLevel(raw)).toEqual({ ok: true, value, exact });
  });

  // THEORY_LEVEL_INVALID findings of the samples.
  it.each(['x', 'Chuyên viên', 'Lớp đối tượng', 'Đại học', 'Bồi dưỡng'])('rejects %j', (raw) => {
    expect(parseTheoryLevel(raw)).toEqual({ ok: false, reason: 'unrecognized' });
  });

  it('leaves an empty cell empty (the level is optional)', () => {
    expect(parseTheoryLevel('')).toEqual({ ok: false, reason: 'empty' });
  });

  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = parseTheoryLevel(s);
        if (once.ok)
          expect(parseTheoryLevel(once.value)).toEqual({ ok: true, value: once.value, exact: true });
      }),
    );
  });
});
