import type { Tx } from '../client.ts';

export interface AuditEntry {
  actorId: number | null;
  actorName: string | null;
  action: string;
  entity: 'organization' | 'member' | 'account' | 'session' | 'export' | 'system';
  entityId: string | number | null;
  provinceCode: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

/** Appends one audit row in the caller's transaction; the database chains it (see 0001_init.sql). */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      actor_name: entry.actorName,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      province_code: entry.provinceCode,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      request_id: entry.requestId ?? null,
    })
    .execute();
}

export async function listAuditFor(tx: Tx, entity: string, entityId: string | number) {
  return tx
    .selectFrom('audit_log')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', String(entityId))
    .orderBy('seq')
    .execute();
}
