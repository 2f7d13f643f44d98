/**
 * Writes a deterministic legacy 3.0 export package (to_chuc.csv, dang_vien.csv) for demos and benchmarks:
 *   npx tsx scripts/generate-package.ts --members 20000 --seed 1 --province 08 --out /tmp/pkg
 * Options: --defect-rate 0.25, --reference-date 2025-12-10, --truth <dir> (duplicates.csv + meta.json).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeLegacyPackageCsv } from '../src/app/demo/write-legacy-package.ts';
import { generateLegacyPackage } from '../src/core/demo/generate-legacy-package.ts';
import { loadCodeLists } from '../src/reference/load-reference.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    province: { type: 'string', default: '08' },
    out: { type: 'string', default: '/tmp/pkg' },
    'defect-rate': { type: 'string' },
    'reference-date': { type: 'string' },
    truth: { type: 'string' },
  },
});

const memberCount = Number(values.members);
const started = performance.now();
const pkg = generateLegacyPackage(loadCodeLists(), {
  seed: Number(values.seed),
  provinceCode: values.province,
  memberCount,
  ...(values['defect-rate'] !== undefined ? { defectRate: Number(values['defect-rate']) } : {}),
  ...(values['reference-date'] !== undefined ? { referenceDate: values['reference-date'] } : {}),
  includeDuplicatePairs: values.truth !== undefined,
});
console.log(
  `${pkg.province.name}: ${pkg.organizations.length} organizations, ${memberCount} members → ${values.out}`,
);

const written = await writeLegacyPackageCsv(pkg, values.out, {
  progressEvery: Math.max(10_000, Math.round(memberCount / 20)),
  onProgress: (members) => {
    const seconds = (performance.now() - started) / 1000;
    const percent = memberCount > 0 ? Math.round((100 * members) / memberCount) : 100;
    console.log(
      `  ${members} members (${percent}%), ${seconds.toFixed(1)} s, ${Math.round(members / seconds)} rows/s`,
    );
  },
});

if (values.truth !== undefined) {
  await mkdir(values.truth, { recursive: true });
  const pairs = (pkg.duplicatePairs ?? []).map((p) => `${p.first},${p.second},${p.kind}`);
  await writeFile(
    join(values.truth, 'duplicates.csv'),
    ['legacy_id_a,legacy_id_b,kind', ...pairs, ''].join('\n'),
  );
  await writeFile(
    join(values.truth, 'meta.json'),
    JSON.stringify({ options: values, stats: pkg.stats }, null, 2),
  );
}
console.log(
  `done: ${written.organizationsPath}, ${written.membersPath} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
