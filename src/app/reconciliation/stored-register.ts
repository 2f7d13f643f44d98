import type { RegisterRecord } from '../../core/reconciliation/reconcile-member.ts';
import type { Tx } from '../../db/client.ts';
import { lookupRegisterRecords } from '../../db/repos/register.ts';
import type { PopulationRegister } from './population-register.ts';

/** The register extract uploaded for a province, read from the database in batches. */
export class StoredRegister implements PopulationRegister {
  constructor(
    private readonly tx: Tx,
    private readonly provinceCode: string,
  ) {}

  lookup(citizenIds: readonly string[]): Promise<Map<string, RegisterRecord>> {
    return lookupRegisterRecords(this.tx, this.provinceCode, citizenIds);
  }
}
