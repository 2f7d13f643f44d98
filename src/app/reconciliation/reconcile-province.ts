import { CATALOGUE } from '../../core/quality/catalogue.ts';
import { applySettings } from '../../core/quality/settings.ts';
import { finding } from '../../core/quality/finding.ts';
import { normalizeCitizenId } from '../../core/members/citizen-id.ts';
import type { Tx } from '../../db/client.ts';
import { writeFindings, type ProducedFinding } from '../../db/repos/findings.ts';
import { listReconciliationRows } from '../../db/repos/register.ts';
import { partialDateOf } from '../duplicates/person-from-member.ts';
import type { QualityEnv } from '../quality/check-stored-records.ts';
import type { PopulationRegister } from './population-register.ts';
import { reconcileMembers } from './reconcile-members.ts';

export const RECON_RULES = [
  'RECON_NOT_FOUND',
  'RECON_NAME_MISMATCH',
  'RECON_BIRTH_DATE_MISMATCH',
  'RECON_GENDER_MISMATCH',
] as const;

export const RECONCILE_CHUNK = 2000;

/**
 * Reconciles one chunk of a province's members (id order, after `cursor`) with the register and replaces
 * their RECON_* findings in the findings store, in the caller's transaction: a job commits chunk by chunk
 * together with its cursor, so a restart resumes after the last committed chunk.
 */
export async function reconcileProvinceChunk(
  tx: Tx,
  input: {
    provinceCode: string;
    register: PopulationRegister;
    env: QualityEnv;
    cursor: number;
    limit?: number;
    actorId: number | null;
  },
): Promise<{ cursor: number; count: number; findings: number }> {
  const rows = await listReconciliationRows(
    tx,
    input.provinceCode,
    input.cursor,
    input.limit ?? RECONCILE_CHUNK,
  );
  if (rows.length === 0) return { cursor: input.cursor, count: 0, findings: 0 };
  const byId = new Map(rows.map((r) => [r.id, r]));
  const found = await reconcileMembers(
    input.register,
    rows.map((r) => {
      const citizenId = normalizeCitizenId(r.citizen_id);
      return {
        key: String(r.id),
        citizenId: citizenId.kind === 'invalid' ? null : citizenId.digits,
        fullName: r.full_name,
        birthDate: partialDateOf(r.birth_date),
        gender: r.gender === 'Nam' || r.gender === 'Nữ' ? r.gender : null,
      };
    }),
  );
  const active = RECON_RULES.filter((rule) => !input.env.disabled.includes(rule));
  const findings = applySettings(
    found.map((f) =>
      finding('member', f.key, f.rule, { field: f.field, value: f.value, suggested: f.suggested }),
    ),
    input.env.settings,
  );
  const produced: ProducedFinding[] = findings.flatMap((f) => {
    const row = byId.get(Number(f.legacyId));
    if (!row) return [];
    return [
      {
        provinceCode: input.provinceCode,
        recordType: 'member' as const,
        recordId: row.id,
        orgId: row.org_id,
        legacyId: row.legacy_id,
        rule: f.rule,
        group: CATALOGUE[f.rule].group,
        field: f.field ?? '',
        severity: f.severity,
        value: f.value,
        suggested: f.suggested,
      },
    ];
  });
  if (active.length > 0) {
    await writeFindings(
      tx,
      { recordType: 'member', recordIds: rows.map((r) => r.id), onlyRules: active },
      produced,
      input.actorId,
    );
  }
  return { cursor: rows[rows.length - 1]!.id, count: rows.length, findings: produced.length };
}
