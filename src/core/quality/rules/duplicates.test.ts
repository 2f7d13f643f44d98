import { describe, expect, it } from 'vitest';
import { createAdminUnitIndex } from '../../codes/admin-units.ts';
import { findDuplicatePairs } from '../../matching/find-duplicate-pairs.ts';
import { loadCodeLists } from '../../../reference/load-reference.ts';
import { memberRow } from '../fixtures.ts';
import type { RuleContext } from '../record.ts';
import { standardizeMember } from '../standardize-member.ts';
import { checkDuplicatePairs, toPersonForMatching } from './duplicates.ts';

const codes = loadCodeLists();
const ctx: RuleContext = { codes, adminUnits: createAdminUnitIndex(codes), referenceDate: { year: 2025 } };
const person = (changes = {}) => toPersonForMatching(standardizeMember(memberRow(changes), ctx));

describe('DUPLICATE_PERSON_PROBABLE', () => {
  it('flags both records of one person entered twice (legacy font, dotted id)', () => {
    const pairs = findDuplicatePairs([
      person({ MA_DANG_VIEN: 'A' }),
      person({ MA_DANG_VIEN: 'B', HO_TEN: 'NguyÔn ThÞ TuyÕt', SO_CCCD: '002.172.537.233', MA_TO_CHUC: 'X' }),
    ]);
    expect(checkDuplicatePairs(pairs).map((f) => `${f.legacyId}:${f.rule}:${f.suggested}`)).toEqual([
      'A:DUPLICATE_PERSON_PROBABLE:B',
      'B:DUPLICATE_PERSON_PROBABLE:A',
    ]);
  });

  it('does not flag two different people', () => {
    const pairs = findDuplicatePairs([
      person({ MA_DANG_VIEN: 'A' }),
      person({
        MA_DANG_VIEN: 'B',
        HO_TEN: 'Trần Văn Bình',
        GIOI_TINH: 'Nam',
        NGAY_SINH: '1980-03-02',
        SO_CCCD: '008080123456',
        SO_THE_DANG: '11112222',
      }),
    ]);
    expect(checkDuplicatePairs(pairs)).toEqual([]);
  });
});
