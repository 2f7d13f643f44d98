import { createHash } from 'node:crypto';
import { CATALOGUE } from '../../core/quality/catalogue.ts';
import { MEMBER_RULES_VERSION } from '../../core/quality/run-rules.ts';
import type { QualityEnv } from './check-stored-records.ts';
import type { ProvinceOrganizations } from './stored-records.ts';

/**
 * What a member's own rules read besides the member row, as one digest (stored in member_checks.env_key): a
 * re-check skips a member whose row version and environment are those of its last check, because the rules
 * are pure functions of them and would produce the same findings. The environment is the engine version
 * (MEMBER_RULES_VERSION and the catalogue), the code lists, the rule settings, and what the member rules
 * read of the province's organizations (type, status, parent and keys decide MEMBER_ORG_* and placement).
 */
export function memberEnvironmentKey(env: QualityEnv, orgs: ProvinceOrganizations): string {
  const hash = createHash('sha256');
  hash.update(staticKey(env));
  hash.update(
    JSON.stringify({
      referenceDate: env.settings.referenceDate,
      disabled: [...env.settings.disabled].sort(),
      overrides: Object.entries(env.settings.severityOverrides).sort(([a], [b]) => a.localeCompare(b)),
    }),
  );
  // What member rules read of the organizations: the index of indexOrganizations (key, type, status, parent)
  // and the maps that place a member (organization key of each id, first id of each key, the root).
  hash.update(orgs.provinceCode);
  hash.update(String(orgs.rootId));
  for (const r of orgs.records) {
    hash.update(JSON.stringify([r.legacyId, r.values.type, r.values.status, r.values.parentLegacyId]));
  }
  hash.update(JSON.stringify([...orgs.keyById]));
  hash.update(JSON.stringify([...orgs.idByKey]));
  return hash.digest('hex');
}

const staticKeys = new WeakMap<object, string>();

/** Engine version, catalogue and code lists: the same for the life of the process (per code-list object). */
function staticKey(env: QualityEnv): string {
  let key = staticKeys.get(env.ctx.codes);
  if (key === undefined) {
    key = createHash('sha256')
      .update(String(MEMBER_RULES_VERSION))
      .update(JSON.stringify(CATALOGUE))
      .update(JSON.stringify(env.ctx.codes))
      .digest('hex');
    staticKeys.set(env.ctx.codes, key);
  }
  return key;
}

/** The inputs of the duplicate-person phase of a province beyond its members: settings and decided pairs. */
export function matchingKey(
  envKey: string,
  memberCount: number,
  settled: { pairs: ReadonlySet<string>; merged: ReadonlySet<number> },
): string {
  return createHash('sha256')
    .update(envKey)
    .update(String(memberCount))
    .update([...settled.pairs].sort().join(','))
    .update([...settled.merged].sort((a, b) => a - b).join(','))
    .digest('hex');
}
