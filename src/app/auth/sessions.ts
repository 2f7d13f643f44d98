import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import {
  deleteSessionByHandle,
  listSessionsOfAccount,
  type SessionAccount,
} from '../../db/repos/accounts.ts';
import { recordAudit } from '../../db/repos/audit.ts';

export async function listOwnSessions(db: Db, session: SessionAccount, now = new Date()) {
  const rows = await listSessionsOfAccount(db, session.id, now);
  return rows.map((r) => ({
    id: r.handle,
    current: r.id === session.sessionId,
    createdAt: new Date(r.created_at).toISOString(),
    lastSeenAt: new Date(r.last_seen_at).toISOString(),
    expiresAt: new Date(
      Math.min(new Date(r.expires_at).getTime(), new Date(r.absolute_expires_at).getTime()),
    ).toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}

/** Ends one of the account's own sessions (another device, or this one). NOT_FOUND for anyone else's. */
export async function revokeOwnSession(db: Db, session: SessionAccount, handle: number, requestId: string) {
  await db.transaction().execute(async (tx) => {
    if (!(await deleteSessionByHandle(tx, session.id, handle)))
      throw new AppError('NOT_FOUND', { entity: 'session', id: handle });
    await recordAudit(tx, {
      actorId: session.id,
      actorName: session.username,
      action: 'session.revoked',
      entity: 'session',
      entityId: handle,
      provinceCode: session.scope.kind === 'subtree' ? session.scope.provinceCode : null,
      requestId,
    });
  });
}
