import { describe, expect, it } from 'vitest';
import { loadCodeLists } from './load-reference.ts';

describe('loadCodeLists', () => {
  it('reads every reference list with the counts its sources state', () => {
    const lists = loadCodeLists();
    expect(lists.provinces).toHaveLength(34);
    expect(lists.communes).toHaveLength(3321);
    expect(lists.provincesPre2025).toHaveLength(63);
    expect(lists.districtsPre2025).toHaveLength(696);
    expect(lists.communesPre2025).toHaveLength(10047);
    expect(lists.adminUnitMappings).toHaveLength(10604);
    expect(lists.ethnicities).toHaveLength(54);
    expect(lists.religions).toHaveLength(16);
    expect(lists.citizenIdProvinces).toHaveLength(63);
    expect(lists.phonePrefixes).toHaveLength(59);
    expect(lists.ethnicities[0]).toMatchObject({ code: '01', name: 'Kinh', aliases: ['Việt'] });
  });
});
