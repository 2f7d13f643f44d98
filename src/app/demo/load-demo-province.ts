import { sql } from 'kysely';
import { createAdminUnitIndex } from '../../core/codes/admin-units.ts';
import type { CodeLists } from '../../core/codes/code-lists.ts';
import { generateLegacyPackage } from '../../core/demo/generate-legacy-package.ts';
import { parseLegacyMember, parseLegacyOrganization } from '../../core/import/parse-legacy-rows.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { insertMembersBatch, insertOrganizationTree } from '../../db/repos/bulk-load.ts';

export interface DemoOptions {
  provinceCode: string;
  memberCount: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function hasAnyOrganization(db: Db): Promise<boolean> {
  const { rows } = await sql<{
    present: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM organizations) AS present`.execute(db);
  return rows[0]?.present === true;
}

/**
 * Loads a generated demo province (real post-2025 province and communes, realistic legacy defects) in
 * one transaction: an interrupted start leaves no half province, and the next start tries again.
 */
export async function loadDemoProvince(db: Db, codes: CodeLists, options: DemoOptions) {
  const pkg = generateLegacyPackage(codes, {
    seed: options.seed ?? 20251210,
    provinceCode: options.provinceCode,
    memberCount: options.memberCount,
  });
  const adminUnits = createAdminUnitIndex(codes);
  const total = pkg.organizations.length + options.memberCount;
  return db.transaction().execute(async (tx) => {
    const orgs = pkg.organizations.map((raw) => ({
      parsed: parseLegacyOrganization(raw, adminUnits),
      raw: { ...raw },
    }));
    const tree = await insertOrganizationTree(tx, options.provinceCode, orgs);
    options.onProgress?.(orgs.length, total);
    let batch: Parameters<typeof insertMembersBatch>[3] = [];
    let loaded = 0;
    for (const raw of pkg.members) {
      batch.push({
        parsed: parseLegacyMember(raw, codes, adminUnits),
        raw: { ...raw },
      });
      if (batch.length === 2000) {
        loaded += await insertMembersBatch(tx, options.provinceCode, tree, batch);
        batch = [];
        options.onProgress?.(orgs.length + loaded, total);
      }
    }
    loaded += await insertMembersBatch(tx, options.provinceCode, tree, batch);
    options.onProgress?.(orgs.length + loaded, total);
    await recordAudit(tx, {
      actorId: null,
      actorName: 'system',
      action: 'demo.load',
      entity: 'system',
      entityId: null,
      provinceCode: options.provinceCode,
      after: { organizations: orgs.length, members: loaded, province: pkg.province.name },
    });
    return { province: pkg.province, organizations: orgs.length, members: loaded, rootId: tree.rootId };
  });
}
