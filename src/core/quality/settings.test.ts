import { describe, expect, it } from 'vitest';
import { CATALOGUE, RULE_CODES, isRuleCode } from './catalogue.ts';
import { finding } from './finding.ts';
import { applySettings, createRuleSettings, DEFAULT_RULE_SETTINGS } from './settings.ts';

describe('catalogue', () => {
  it('holds the codes of spec/error-catalogue.md, each with Vietnamese texts', () => {
    expect(RULE_CODES).toHaveLength(55);
    for (const code of RULE_CODES) {
      const rule = CATALOGUE[code];
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.howToFix.length).toBeGreaterThan(10);
    }
    expect(isRuleCode('NAME_CASE')).toBe(true);
    expect(isRuleCode('NOT_A_RULE')).toBe(false);
  });
});

describe('rule settings', () => {
  const warning = finding('member', 'M1', 'PHONE_FORMAT', { field: 'SO_DIEN_THOAI', value: '12' });
  const fix = finding('member', 'M1', 'NAME_CASE', { field: 'HO_TEN', value: 'A', suggested: 'a' });

  it('defaults to the campaign reference date and reports everything', () => {
    expect(applySettings([warning, fix], DEFAULT_RULE_SETTINGS)).toEqual([warning, fix]);
  });
  it('drops disabled rules', () => {
    const settings = createRuleSettings({ disabled: new Set(['PHONE_FORMAT'] as const) });
    expect(applySettings([warning, fix], settings)).toEqual([fix]);
  });
  it('raises a warning to an error but never re-grades a fix', () => {
    const settings = createRuleSettings({ severityOverrides: { PHONE_FORMAT: 'error', NAME_CASE: 'error' } });
    expect(applySettings([warning, fix], settings).map((f) => f.severity)).toEqual(['error', 'fix']);
  });
  it('refuses a reference date that is not yyyy-mm-dd', () => {
    expect(() => createRuleSettings({ referenceDate: '10/12/2025' })).toThrow(RangeError);
  });
});
