import { sql } from 'kysely';
import type { ParsedMember, ParsedOrganization } from '../../core/import/parse-legacy-rows.ts';
import { foldForSearch } from '../../core/text/fold.ts';
import { vietnameseSortKey } from '../../core/text/vietnamese-sort-key.ts';
import type { Tx } from '../client.ts';
import { memberColumns } from './members.ts';

export interface LoadedTree {
  rootId: number;
  /** Legacy code → organization id (the first organization holding a duplicated code). */
  idByCode: Map<string, number>;
  /** Organizations attached to the root because their parent was missing or part of a cycle. */
  reattached: string[];
}

/**
 * Writes a province's organizations as one tree. The root is the package's province committee;
 * organizations whose parent is missing (or that sit in a parent cycle) are attached under the root
 * so nothing is dropped, with the legacy parent code kept in their raw row for the quality rules.
 */
export async function insertOrganizationTree(
  tx: Tx,
  provinceCode: string,
  orgs: Array<{ parsed: ParsedOrganization; raw: Record<string, string> }>,
): Promise<LoadedTree> {
  if (orgs.length === 0) throw new Error('no organizations to load');
  const firstByCode = new Map<string, number>();
  orgs.forEach((o, i) => {
    if (o.parsed.legacyCode && !firstByCode.has(o.parsed.legacyCode)) firstByCode.set(o.parsed.legacyCode, i);
  });
  const rootIndex = Math.max(
    0,
    orgs.findIndex(
      (o) => o.parsed.parentLegacyCode === null && (o.parsed.type === 'DBT' || o.parsed.type === 'DUTW'),
    ),
  );
  const children = new Map<number, number[]>();
  orgs.forEach((o, i) => {
    if (i === rootIndex) return;
    const parent =
      o.parsed.parentLegacyCode === null ? undefined : firstByCode.get(o.parsed.parentLegacyCode);
    if (parent === undefined || parent === i) return;
    children.set(parent, [...(children.get(parent) ?? []), i]);
  });

  const { rows } = await sql<{ id: string | number }>`
    SELECT nextval(pg_get_serial_sequence('organizations', 'id')) AS id FROM generate_series(1, ${orgs.length})`.execute(
    tx,
  );
  const ids = rows.map((r) => Number(r.id));
  const path: Array<string | undefined> = Array.from({ length: orgs.length }, () => undefined);
  const parentOf: Array<number | null> = Array.from({ length: orgs.length }, () => null);
  const order: number[] = [];
  const visit = (start: number, parentPath: string, parentIndex: number | null) => {
    const stack: Array<[number, string, number | null]> = [[start, parentPath, parentIndex]];
    while (stack.length) {
      const [i, pp, pi] = stack.pop()!;
      if (path[i] !== undefined) continue;
      path[i] = `${pp}${ids[i]}/`;
      parentOf[i] = pi;
      order.push(i);
      for (const c of children.get(i) ?? []) stack.push([c, path[i], i]);
    }
  };
  visit(rootIndex, '/', null);
  const reattached: string[] = [];
  for (let i = 0; i < orgs.length; i++) {
    if (path[i] === undefined) {
      reattached.push(orgs[i]!.parsed.legacyCode);
      visit(i, path[rootIndex]!, rootIndex);
    }
  }

  for (let start = 0; start < order.length; start += 500) {
    const batch = order.slice(start, start + 500).map((i) => {
      const { parsed, raw } = orgs[i]!;
      const p = path[i]!;
      const isFirst = firstByCode.get(parsed.legacyCode) === i;
      return sql`(${ids[i]}, ${provinceCode}, ${parentOf[i] === null ? null : ids[parentOf[i]!]}, ${p},
        ${p.split('/').length - 2}, ${parsed.type}, ${parsed.name}, ${foldForSearch(parsed.name)},
        ${vietnameseSortKey(parsed.name)}, ${isFirst && parsed.legacyCode ? parsed.legacyCode : null}, ${parsed.status},
        ${parsed.foundingDate}, ${parsed.adminUnitCode}, ${JSON.stringify(raw)})`;
    });
    await sql`INSERT INTO organizations (id, province_code, parent_id, path, depth, type, name, name_search, name_sort,
        legacy_code, status, founding_date, admin_unit_code, legacy_raw)
      OVERRIDING SYSTEM VALUE VALUES ${sql.join(batch)}`.execute(tx);
  }
  const idByCode = new Map([...firstByCode].map(([code, i]) => [code, ids[i]!]));
  return { rootId: ids[rootIndex]!, idByCode, reattached };
}

const MEMBER_BATCH = 1000;

/** Inserts members in multi-row statements; a member whose organization is unknown goes to the root. */
export async function insertMembersBatch(
  tx: Tx,
  provinceCode: string,
  tree: LoadedTree,
  members: Array<{ parsed: ParsedMember; raw: Record<string, string> }>,
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < members.length; start += MEMBER_BATCH) {
    const values = members.slice(start, start + MEMBER_BATCH).map(({ parsed, raw }) => {
      const { legacyId, orgLegacyCode, ...fields } = parsed;
      return {
        ...memberColumns(fields),
        org_id: (orgLegacyCode && tree.idByCode.get(orgLegacyCode)) || tree.rootId,
        province_code: provinceCode,
        legacy_id: legacyId || null,
        legacy_raw: JSON.stringify(raw),
      };
    });
    await tx
      .insertInto('members')
      .values(values as never)
      .execute();
    inserted += values.length;
  }
  return inserted;
}
