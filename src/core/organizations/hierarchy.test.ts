import { describe, expect, it } from 'vitest';
import { canBeChildOf, isCell, isCreatableType } from './hierarchy.ts';

describe('organization hierarchy', () => {
  it('puts a chi bộ trực thuộc under a đảng bộ cơ sở but never directly under a province committee', () => {
    expect(canBeChildOf('CBTT', 'DBCS')).toBe(true);
    expect(canBeChildOf('CBTT', 'DBT')).toBe(false);
  });

  it('refuses a đảng bộ cơ sở under a chi bộ', () => {
    expect(canBeChildOf('DBCS', 'CBCS')).toBe(false);
    expect(canBeChildOf('DBCS', 'CBTT')).toBe(false);
  });

  it('keeps province committees at the top', () => {
    expect(canBeChildOf('DBT', null)).toBe(true);
    expect(canBeChildOf('DBT', 'DBT')).toBe(false);
    expect(canBeChildOf('DBX', null)).toBe(false);
  });

  it('knows which organizations hold members and which types may still be created', () => {
    expect(isCell('CBCS')).toBe(true);
    expect(isCell('DBX')).toBe(false);
    expect(isCreatableType('DBH')).toBe(false);
    expect(isCreatableType('DBX')).toBe(true);
  });
});
