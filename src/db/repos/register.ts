import type { RegisterRecord } from '../../core/reconciliation/reconcile-member.ts';
import type { Tx } from '../client.ts';

/** The population register extract stored per province (0005_duplicates.sql). */

const CHUNK = 1000;

const isoOf = (d: RegisterRecord['birthDate']): string =>
  `${String(d.year).padStart(4, '0')}-${String(d.month ?? 1).padStart(2, '0')}-${String(d.day ?? 1).padStart(2, '0')}`;

/** Replaces the province's stored extract with these records and records the upload. */
export async function replaceRegisterExtract(
  tx: Tx,
  input: {
    provinceCode: string;
    fileName: string;
    sha256: string;
    records: readonly RegisterRecord[];
    uploadedBy: number | null;
    uploadedByName: string | null;
  },
): Promise<number> {
  await tx.deleteFrom('register_records').where('province_code', '=', input.provinceCode).execute();
  for (let i = 0; i < input.records.length; i += CHUNK) {
    await tx
      .insertInto('register_records')
      .values(
        input.records.slice(i, i + CHUNK).map((r) => ({
          province_code: input.provinceCode,
          citizen_id: r.citizenId,
          full_name: r.fullName,
          birth_date: isoOf(r.birthDate),
          gender: r.gender,
        })),
      )
      .execute();
  }
  const row = await tx
    .insertInto('register_extracts')
    .values({
      province_code: input.provinceCode,
      file_name: input.fileName,
      sha256: input.sha256,
      record_count: input.records.length,
      uploaded_by: input.uploadedBy,
      uploaded_by_name: input.uploadedByName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The records of these ids in the province's extract. */
export async function lookupRegisterRecords(
  tx: Tx,
  provinceCode: string,
  citizenIds: readonly string[],
): Promise<Map<string, RegisterRecord>> {
  const found = new Map<string, RegisterRecord>();
  for (let i = 0; i < citizenIds.length; i += CHUNK) {
    const ids = citizenIds.slice(i, i + CHUNK);
    if (ids.length === 0) continue;
    const rows = await tx
      .selectFrom('register_records')
      .selectAll()
      .where('province_code', '=', provinceCode)
      .where('citizen_id', 'in', ids)
      .execute();
    for (const r of rows) {
      const [year, month, day] = r.birth_date.split('-').map(Number);
      found.set(r.citizen_id, {
        citizenId: r.citizen_id,
        fullName: r.full_name,
        birthDate: { year: year!, month: month!, day: day! },
        gender: r.gender,
      });
    }
  }
  return found;
}

export async function listRegisterExtracts(tx: Tx, provinceCode: string | null) {
  let query = tx.selectFrom('register_extracts').selectAll().orderBy('uploaded_at', 'desc').limit(50);
  if (provinceCode !== null) query = query.where('province_code', '=', provinceCode);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    provinceCode: r.province_code,
    fileName: r.file_name,
    sha256: r.sha256,
    recordCount: r.record_count,
    uploadedBy: r.uploaded_by_name,
    uploadedAt: new Date(r.uploaded_at).toISOString(),
  }));
}

export async function hasRegisterExtract(tx: Tx, provinceCode: string): Promise<boolean> {
  const row = await tx
    .selectFrom('register_extracts')
    .select('id')
    .where('province_code', '=', provinceCode)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface ReconciliationRow {
  id: number;
  org_id: number;
  legacy_id: string | null;
  citizen_id: string | null;
  full_name: string;
  birth_date: string | null;
  gender: string | null;
}

/** A chunk of the province's members (merged records left out) after `afterId`, for reconciliation. */
export async function listReconciliationRows(
  tx: Tx,
  provinceCode: string,
  afterId: number,
  limit: number,
): Promise<ReconciliationRow[]> {
  const rows = await tx
    .selectFrom('members')
    .select(['id', 'org_id', 'legacy_id', 'citizen_id', 'full_name', 'birth_date', 'gender'])
    .where('province_code', '=', provinceCode)
    .where('merged_into_id', 'is', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), org_id: Number(r.org_id) }));
}

export async function countProvinceMembers(tx: Tx, provinceCode: string): Promise<number> {
  const row = await tx
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('province_code', '=', provinceCode)
    .where('merged_into_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
