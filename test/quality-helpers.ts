import { sql } from 'kysely';
import { applySafeFixesAndCheck } from '../src/app/quality/check-province.ts';
import type { DbHandle, Tx } from '../src/db/client.ts';
import { saveRuleSettingsRow } from '../src/db/repos/findings.ts';
import { makeAccount } from './factories.ts';

/** Everything a check writes (findings, typed member columns, organization names), without ids and times. */
export async function checkedState(tx: Tx) {
  const findings = await sql<Record<string, unknown>>`
    SELECT record_type, record_id, rule, field, province_code, org_id, legacy_id, rule_group, severity, status,
           value, suggested, old_value, undo::text AS undo, resolved_by, dismiss_reason
    FROM findings ORDER BY record_type, record_id, rule, field`.execute(tx);
  const members = await sql<Record<string, unknown>>`
    SELECT id, version, full_name, gender, birth_date, citizen_id, phone, ethnicity_code, religion, status,
           hometown_province_code, hometown_commune_code, residence_province_code, residence_commune_code
    FROM members ORDER BY id`.execute(tx);
  const organizations = await sql<Record<string, unknown>>`
    SELECT id, name, version FROM organizations ORDER BY id`.execute(tx);
  return { findings: findings.rows, members: members.rows, organizations: organizations.rows };
}

export type CheckedState = Awaited<ReturnType<typeof checkedState>>;

class Rollback extends Error {}

/** The state a check from scratch (every member judged, in this thread) would leave; rolled back, nothing kept. */
export async function stateAfterCheckFromScratch(
  handle: DbHandle,
  provinceCode: string,
  applySafeFixes: boolean,
): Promise<CheckedState> {
  let scratch: CheckedState | undefined;
  await handle.db
    .transaction()
    .execute(async (tx) => {
      await applySafeFixesAndCheck(tx, provinceCode, { applySafeFixes, incremental: false });
      scratch = await checkedState(tx);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return scratch!;
}

/** Rule settings other than the defaults (reference date, a rule off, a warning raised), saved by an administrator. */
export async function saveOtherRuleSettings(handle: DbHandle): Promise<void> {
  const admin = await makeAccount(handle, { roles: [1], scopeOrgId: null });
  await saveRuleSettingsRow(handle.db, {
    referenceDate: '2026-06-30',
    disabledRules: ['PHONE_FORMAT'],
    severityOverrides: { EMAIL_FORMAT: 'error' },
    expectedVersion: 0,
    actorId: Number(admin.id),
  });
}
