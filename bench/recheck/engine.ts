/**
 * Micro-benchmark of the rule engine on stored-like member rows (no database): what the full re-check does
 * per member between reading a chunk and writing its findings (stored row → record, member rules, fix state).
 *
 *   npx tsx bench/recheck/engine.ts [--members 20000] [--rounds 2]
 *   node --cpu-prof --import tsx bench/recheck/engine.ts   # profile
 *
 * Prints ms per member for each round (the first pays warm-up and empty caches).
 */
import { parseArgs } from 'node:util';
import {
  checkStoredMember,
  loadQualityEnvFromRow,
  type QualityEnv,
} from '../../src/app/quality/check-stored-records.ts';
import { organizationRecordsFromRows, type MemberRow } from '../../src/app/quality/stored-records.ts';
import { generateLegacyPackage } from '../../src/core/demo/generate-legacy-package.ts';
import { parseLegacyMember, parseLegacyOrganization } from '../../src/core/import/parse-legacy-rows.ts';
import { indexOrganizations } from '../../src/core/quality/rules/organizations.ts';
import { memberColumns } from '../../src/db/repos/members.ts';
import { loadCodeLists } from '../../src/reference/load-reference.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '2' },
  },
});
const count = Number(values.members);
const codes = loadCodeLists();
const env: QualityEnv = loadQualityEnvFromRow(null);
const pkg = generateLegacyPackage(codes, { seed: 1, provinceCode: '08', memberCount: count });

const orgRows = pkg.organizations.map((raw, i) => {
  const p = parseLegacyOrganization(raw as Record<string, string>, env.ctx.adminUnits);
  return {
    id: i + 1,
    province_code: '08',
    parent_id: null as number | null,
    path: '/',
    type: p.type,
    name: p.name,
    legacy_code: p.legacyCode,
    status: p.status,
    admin_unit_code: p.adminUnitCode,
    legacy_raw: raw as unknown,
    version: 1,
  };
});
const idByCode = new Map(orgRows.map((r) => [r.legacy_code, r.id]));
for (const r of orgRows) {
  const parent = ((r.legacy_raw as Record<string, string>).MA_TO_CHUC_CHA ?? '').trim();
  r.parent_id = parent === '' ? null : (idByCode.get(parent) ?? null);
}
const orgs = organizationRecordsFromRows('08', orgRows, env.ctx);
const index = indexOrganizations(orgs.records);

const rows: MemberRow[] = [];
let id = 0;
for (const raw of pkg.members) {
  const p = parseLegacyMember(raw as Record<string, string>, codes, env.ctx.adminUnits);
  const orgId = idByCode.get(p.orgLegacyCode ?? '') ?? orgs.rootId ?? 1;
  rows.push({
    ...memberColumns(p),
    id: ++id,
    province_code: '08',
    org_id: orgId,
    legacy_id: p.legacyId,
    legacy_raw: raw,
    version: 1,
  } as MemberRow);
}
console.log(`${rows.length} members, ${orgRows.length} organizations`);

for (let round = 1; round <= Number(values.rounds); round++) {
  const started = performance.now();
  let findings = 0;
  for (const row of rows) {
    const currentKey = orgs.keyById.get(row.org_id) ?? `#${row.org_id}`;
    const result = checkStoredMember(row, { currentKey, asImported: true }, index, env, {
      applySafeFixes: false,
    });
    findings += result.produced.length;
  }
  const ms = performance.now() - started;
  console.log(
    `round ${round}: ${(ms / rows.length).toFixed(4)} ms/member (${(ms / 1000).toFixed(2)} s, ${findings} findings)`,
  );
}
