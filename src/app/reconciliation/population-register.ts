import type { RegisterRecord } from '../../core/reconciliation/reconcile-member.ts';

/**
 * The national population register as the cleaning needs it: records by citizen id, in batches. A file
 * extract (FileRegister) stands in for the online service, which will implement the same interface;
 * wrap either with withResilience for timeouts, rate limiting and retries.
 */
export interface PopulationRegister {
  /**
   * The records of the given 12-digit ids. An id the register does not hold is absent from the map
   * (RECON_NOT_FOUND); a failure of the source rejects the promise. `signal` aborts a slow call.
   */
  lookup(citizenIds: readonly string[], signal?: AbortSignal): Promise<Map<string, RegisterRecord>>;
}
