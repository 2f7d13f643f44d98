/**
 * Duplicate-person search at scale: generates a legacy package with known duplicate pairs, converts the
 * rows, runs findDuplicatePairs and prints time, work (comparisons against all pairs), precision,
 * recall, F1 and peak RSS.
 *
 *   npx tsx bench/dedupe/run.ts --members 1000000 [--seed 7] [--province 19] [--verbose]
 */
import { parseArgs } from 'node:util';
import { createAdminUnitIndex } from '../../src/core/codes/admin-units.ts';
import { generateLegacyPackage, type DuplicateKind } from '../../src/core/demo/generate-legacy-package.ts';
import { searchDuplicatePairs } from '../../src/core/matching/find-duplicate-pairs.ts';
import {
  createPersonConverter,
  type PersonForMatching,
} from '../../src/core/matching/person-for-matching.ts';
import { loadCodeLists } from '../../src/reference/load-reference.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '7' },
    province: { type: 'string', default: '19' },
    verbose: { type: 'boolean', default: false },
  },
});
const memberCount = Number(values.members);
const seconds = (from: number): string => ((performance.now() - from) / 1000).toFixed(1);
const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

const codes = loadCodeLists();
const adminIndex = createAdminUnitIndex(codes);
const pkg = generateLegacyPackage(codes, {
  seed: Number(values.seed),
  provinceCode: values.province,
  memberCount,
  includeDuplicatePairs: true,
});

const toPerson = createPersonConverter(codes, adminIndex);
// Generation (the demo generator, not part of the search) and conversion are timed apart.
let started = performance.now();
const people: PersonForMatching[] = [];
let convertMs = 0;
for (const row of pkg.members) {
  const before = performance.now();
  people.push(toPerson(row));
  convertMs += performance.now() - before;
}
const generateAndConvert = seconds(started);
const convert = (convertMs / 1000).toFixed(1);

started = performance.now();
const { pairs, stats } = searchDuplicatePairs(people);
const matching = seconds(started);

const truth = new Map<string, DuplicateKind>();
for (const pair of pkg.duplicatePairs ?? []) truth.set(pairKey(pair.first, pair.second), pair.kind);
const probable = pairs.filter((p) => p.band === 'probable');
const truePositives = probable.filter((p) => truth.has(pairKey(p.a, p.b))).length;
const precision = probable.length === 0 ? 1 : truePositives / probable.length;
const recall = truth.size === 0 ? 1 : truePositives / truth.size;
const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

const found = new Set(probable.map((p) => pairKey(p.a, p.b)));
const missedByKind: Partial<Record<DuplicateKind, number>> = {};
for (const [key, kind] of truth) if (!found.has(key)) missedByKind[kind] = (missedByKind[kind] ?? 0) + 1;

const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(`members              ${memberCount.toLocaleString('en')}`);
console.log(`generate + convert   ${generateAndConvert} s (convert ${convert} s)`);
console.log(`findDuplicatePairs   ${matching} s`);
console.log(
  `comparisons          ${stats.comparisons.toLocaleString('en')} of ${stats.allPairs.toLocaleString('en')} ` +
    `all pairs (${((stats.comparisons / Math.max(1, stats.allPairs)) * 100).toExponential(2)}%), ` +
    `${stats.oversizedBlocks} oversized blocks`,
);
console.log(`injected pairs       ${truth.size}`);
console.log(`probable / review    ${probable.length} / ${pairs.length - probable.length}`);
console.log(`precision            ${precision.toFixed(4)}`);
console.log(`recall               ${recall.toFixed(4)}  missed by kind: ${JSON.stringify(missedByKind)}`);
console.log(`F1                   ${f1.toFixed(4)}`);
console.log(`peak RSS             ${peakRssMb} MB`);

if (values.verbose) {
  const byKey = new Map(people.map((p) => [p.key, p]));
  const show = (label: string, a: string, b: string, extra: string): void => {
    console.log(`${label} ${extra}\n  ${JSON.stringify(byKey.get(a))}\n  ${JSON.stringify(byKey.get(b))}`);
  };
  for (const p of probable.filter((q) => !truth.has(pairKey(q.a, q.b))).slice(0, 15)) {
    show('FALSE', p.a, p.b, `${p.score.toFixed(3)} ${p.reasons.join('; ')}`);
  }
  const scored = new Map(pairs.map((p) => [pairKey(p.a, p.b), p]));
  let shown = 0;
  for (const pair of pkg.duplicatePairs ?? []) {
    if (found.has(pairKey(pair.first, pair.second)) || shown++ >= 15) continue;
    const p = scored.get(pairKey(pair.first, pair.second));
    show(
      'MISSED',
      pair.first,
      pair.second,
      `${pair.kind} ${p ? `${p.score.toFixed(3)} ${p.reasons.join('; ')}` : 'not scored'}`,
    );
  }
}
