import { describe, expect, it } from 'vitest';
import { permissionsOf } from './permissions.ts';

describe('permissionsOf', () => {
  it('gives a data-entry account read and write on organizations and members, nothing more', () => {
    expect(permissionsOf([2])).toEqual(['org.read', 'org.write', 'member.read', 'member.write']);
  });

  it('gives card staff read access and card work only', () => {
    expect(permissionsOf([4])).toEqual(['org.read', 'member.read', 'card.manage']);
  });

  it('unions several roles and ignores unknown ones', () => {
    expect(permissionsOf([3, 5, 9])).toEqual(['org.read', 'member.read', 'transfer.manage', 'badge.manage']);
  });

  it('gives nothing without a role', () => {
    expect(permissionsOf([])).toEqual([]);
  });
});
