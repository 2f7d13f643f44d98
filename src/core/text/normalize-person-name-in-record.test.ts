import { describe, expect, it } from 'vitest';
import { normalizePersonNameInRecord } from './normalize-person-name-in-record.ts';

describe('normalizePersonNameInRecord', () => {
  it('decodes a VNI name that reads as Vietnamese alone when its record is VNI', () => {
    // The addresses are VNI (s202 sample style); the name alone is ambiguous.
    expect(normalizePersonNameInRecord('Phan Thò Nhung', ['Xaõ Taân Laäp, Huyeän Ñan Phöôïng'])).toEqual({
      value: 'Phan Thị Nhung',
      steps: ['TEXT_LEGACY_ENCODING'],
    });
  });

  it('leaves a Unicode name alone whatever the context', () => {
    expect(normalizePersonNameInRecord('Lò Văn Phó', ['Xaõ Taân Laäp, Huyeän Ñan Phöôïng'])).toEqual({
      value: 'Lò Văn Phó',
      steps: [],
    });
  });

  it('leaves an ambiguous name alone when the record is Unicode', () => {
    expect(normalizePersonNameInRecord('Phan Thò Nhung', ['Xã Tân Lập, Huyện Đan Phượng'])).toEqual({
      value: 'Phan Thò Nhung',
      steps: [],
    });
  });

  it('gives the same result as the name alone when the name alone decodes', () => {
    expect(normalizePersonNameInRecord('NguyÔn V¨n H¶i', ['Hµ Néi']).value).toBe('Nguyễn Văn Hải');
  });
});
