import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../text/fold.ts';
import { BLOCKING_PASSES, swapTolerantDateKey } from './blocking.ts';
import { makePerson } from './make-person.ts';
import type { PersonForMatching } from './person-for-matching.ts';

const keysOf = (person: PersonForMatching): Record<string, string | null> =>
  Object.fromEntries(
    BLOCKING_PASSES.map((pass) => [pass.name, pass.keyOf(person, foldForSearch(person.fullName))]),
  );

describe('blocking keys', () => {
  it('gives a date and its day/month swap the same key', () => {
    const date = swapTolerantDateKey(makePerson({ birthDate: { year: 1991, month: 11, day: 8 } }));
    expect(date).toBe('1991-8-11');
    expect(swapTolerantDateKey(makePerson({ birthDate: { year: 1991, month: 8, day: 11 } }))).toBe(date);
    expect(swapTolerantDateKey(makePerson({ birthDate: { year: 1991, month: 8 } }))).toBeNull();
  });

  it('puts a record retyped without marks, ids and card in a block with the original', () => {
    const original = keysOf(makePerson());
    const retyped = keysOf(makePerson({ fullName: 'Tran Minh Hau', citizenId: null, partyCardNo: null }));
    expect(retyped['citizen-id']).toBeNull();
    expect(retyped['name-year']).toBe(original['name-year']);
    expect(retyped['given-date-hometown']).toBe(original['given-date-hometown']);
  });

  it('still blocks a misspelt name by birth date and commune of origin', () => {
    const original = keysOf(makePerson());
    const misspelt = keysOf(makePerson({ fullName: 'Trần Minh Hâụ x', citizenId: null }));
    expect(misspelt['date-hometown-commune']).toBe(original['date-hometown-commune']);
  });

  it('has no key where the value is missing', () => {
    const empty = keysOf(
      makePerson({
        fullName: '',
        birthDate: null,
        citizenId: null,
        partyCardNo: null,
        hometownProvinceCode: null,
        hometownCommuneCode: null,
      }),
    );
    expect(Object.values(empty).every((key) => key === null)).toBe(true);
  });
});
