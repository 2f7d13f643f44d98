import {
  reconcileMember,
  type MemberForReconciliation,
  type ReconcileOptions,
  type ReconciliationFinding,
} from '../../core/reconciliation/reconcile-member.ts';
import type { PopulationRegister } from './population-register.ts';

export interface MemberReconciliationFinding extends ReconciliationFinding {
  /** The member's key (MA_DANG_VIEN for a legacy package). */
  key: string;
}

/**
 * Reconciles members with the register: one batched lookup of every 12-digit id, then the pure
 * comparison per member. A register failure rejects the whole call (never reported as RECON_NOT_FOUND).
 */
export async function reconcileMembers(
  register: PopulationRegister,
  members: Iterable<MemberForReconciliation & { key: string }>,
  options: ReconcileOptions & { signal?: AbortSignal } = {},
): Promise<MemberReconciliationFinding[]> {
  const list = [...members];
  const ids = list.map((m) => m.citizenId).filter((id): id is string => id !== null && /^\d{12}$/.test(id));
  const records = await register.lookup(ids, options.signal);
  return list.flatMap((member) =>
    reconcileMember(member, member.citizenId ? records.get(member.citizenId) : undefined, options).map(
      (finding) => ({ key: member.key, ...finding }),
    ),
  );
}
