import { describe, expect, it } from 'vitest';
import { createAdminUnitIndex } from '../codes/admin-units.ts';
import { generateLegacyPackage } from '../demo/generate-legacy-package.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { searchDuplicatePairs } from './find-duplicate-pairs.ts';
import { createPersonConverter } from './person-for-matching.ts';

const codes = loadCodeLists();
const adminIndex = createAdminUnitIndex(codes);
const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

// Larger than the samples and from another province: every kind of injected duplicate (transfer never
// closed, retyped without marks or in VNI, day and month swapped, id left out). bench/dedupe runs 1M.
describe.each([
  { seed: 11, provinceCode: '08' },
  { seed: 12, provinceCode: '01' },
])('a generated package (seed $seed, province $provinceCode)', ({ seed, provinceCode }) => {
  it('finds the injected duplicate pairs with F1 ≥ 0.97', () => {
    const pkg = generateLegacyPackage(codes, {
      seed,
      provinceCode,
      memberCount: 5000,
      includeDuplicatePairs: true,
    });
    const toPerson = createPersonConverter(codes, adminIndex);
    const { pairs, stats } = searchDuplicatePairs([...pkg.members].map(toPerson));
    const truth = new Set((pkg.duplicatePairs ?? []).map((p) => pairKey(p.first, p.second)));
    const probable = pairs.filter((p) => p.band === 'probable').map((p) => pairKey(p.a, p.b));
    const hits = probable.filter((k) => truth.has(k)).length;
    const precision = hits / probable.length;
    const recall = hits / truth.size;
    const f1 = (2 * precision * recall) / (precision + recall);
    console.info(
      `generated ${seed}/${provinceCode}: ${truth.size} pairs, P=${precision.toFixed(3)} R=${recall.toFixed(3)} ` +
        `F1=${f1.toFixed(3)}, ${stats.comparisons} comparisons of ${stats.allPairs}`,
    );
    expect(truth.size).toBeGreaterThan(20);
    expect(f1).toBeGreaterThanOrEqual(0.97);
  });
});
