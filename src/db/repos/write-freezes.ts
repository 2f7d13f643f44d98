import { sql } from 'kysely';
import type { Tx } from '../client.ts';

export interface WriteFreeze {
  id: number;
  provinceCode: string | null;
  startsAt: string;
  endsAt: string | null;
  reason: string;
  createdByName: string | null;
  endedAt: string | null;
}

type FreezeRow = {
  id: number;
  province_code: string | null;
  starts_at: Date;
  ends_at: Date | null;
  reason: string;
  created_by_name: string | null;
  ended_at: Date | null;
};

const toFreeze = (r: FreezeRow): WriteFreeze => ({
  id: Number(r.id),
  provinceCode: r.province_code,
  startsAt: new Date(r.starts_at).toISOString(),
  endsAt: r.ends_at ? new Date(r.ends_at).toISOString() : null,
  reason: r.reason,
  createdByName: r.created_by_name,
  endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
});

const COLUMNS = [
  'id',
  'province_code',
  'starts_at',
  'ends_at',
  'reason',
  'created_by_name',
  'ended_at',
] as const;

export async function insertFreeze(
  tx: Tx,
  freeze: {
    provinceCode: string | null;
    startsAt: Date;
    endsAt: Date | null;
    reason: string;
    createdBy: number;
    createdByName: string;
  },
): Promise<WriteFreeze> {
  const row = await tx
    .insertInto('write_freezes')
    .values({
      province_code: freeze.provinceCode,
      starts_at: freeze.startsAt,
      ends_at: freeze.endsAt,
      reason: freeze.reason,
      created_by: freeze.createdBy,
      created_by_name: freeze.createdByName,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toFreeze(row);
}

export async function findFreeze(tx: Tx, id: number): Promise<WriteFreeze | undefined> {
  const row = await tx.selectFrom('write_freezes').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toFreeze(row) : undefined;
}

/** Ends a freeze now (switch off, or cancel a scheduled one). Returns false when it had already ended. */
export async function endFreeze(tx: Tx, id: number, endedBy: number): Promise<boolean> {
  const result = await tx
    .updateTable('write_freezes')
    .set({ ended_at: sql<Date>`now()`, ended_by: endedBy })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Freezes not switched off whose window has not passed (current and scheduled), soonest first. */
export async function listOpenFreezes(tx: Tx, provinceCode?: string): Promise<WriteFreeze[]> {
  let query = tx
    .selectFrom('write_freezes')
    .select(COLUMNS)
    .where('ended_at', 'is', null)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', sql<Date>`now()`)]));
  if (provinceCode) {
    query = query.where((eb) =>
      eb.or([eb('province_code', 'is', null), eb('province_code', '=', provinceCode)]),
    );
  }
  const rows = await query.orderBy('starts_at').execute();
  return rows.map((r) => toFreeze(r));
}

/**
 * The freeze holding now for a writer: a system-wide one, or one of `provinceCode` (null: a national
 * account, held only by system-wide freezes). The one ending last wins, so the message names the real end.
 */
export async function findActiveFreeze(
  tx: Tx,
  provinceCode: string | null,
): Promise<WriteFreeze | undefined> {
  let query = tx
    .selectFrom('write_freezes')
    .select(COLUMNS)
    .where('ended_at', 'is', null)
    .where('starts_at', '<=', sql<Date>`now()`)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', sql<Date>`now()`)]));
  query = provinceCode
    ? query.where((eb) => eb.or([eb('province_code', 'is', null), eb('province_code', '=', provinceCode)]))
    : query.where('province_code', 'is', null);
  const row = await query
    .orderBy(sql`ends_at DESC NULLS FIRST`)
    .limit(1)
    .executeTakeFirst();
  return row ? toFreeze(row) : undefined;
}
