import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { matchReligion } from './religion.ts';

const codes = loadCodeLists();

describe('matchReligion', () => {
  // TON_GIAO values of the samples and the truth's religion column.
  it.each([
    ['Không', 'Không', 'exact'],
    ['Phật giáo', 'Phật giáo', 'exact'],
    ['Công giáo', 'Công giáo', 'exact'],
    ['Tin Lành', 'Tin Lành', 'exact'],
    ['Đạo Phật', 'Phật giáo', 'alias'],
    ['Thiên chúa', 'Công giáo', 'alias'],
    ['Thiên Chúa giáo', 'Công giáo', 'alias'],
    ['không', 'Không', 'case'],
    ['Không theo tôn giáo', 'Không', 'alias'],
    ['Tin lành', 'Tin Lành', 'case'],
    ['Phật giáo Hoà Hảo', 'Phật giáo Hòa Hảo', 'case'],
    ['PHẬT GIÁO', 'Phật giáo', 'case'],
  ])('reads %j as %j (%s)', (raw, name, kind) => {
    expect(matchReligion(raw, codes)).toMatchObject({ name, kind });
  });

  it.each(['Đạo ông bà', 'Thờ cúng tổ tiên', 'Khác'])('does not guess %j (RELIGION_UNRECOGNIZED)', (raw) => {
    expect(matchReligion(raw, codes)).toEqual({ name: raw, code: '', kind: 'unrecognized' });
  });

  it('never throws and is idempotent', () => {
    const words = ['Không', ...codes.religions.flatMap((r) => [r.name, ...r.aliases])];
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...words)), (s) => {
        const once = matchReligion(s, codes);
        if (once.kind === 'unrecognized') return;
        expect(matchReligion(once.name, codes)).toEqual({ ...once, kind: 'exact' });
      }),
    );
  });
});
