import type { ParsedOrganization } from '../../core/import/parse-legacy-rows.ts';
import { foldForSearch } from '../../core/text/fold.ts';
import { vietnameseSortKey } from '../../core/text/vietnamese-sort-key.ts';
import type { ExistingOrganization } from '../../db/repos/import-merge.ts';

export interface SourceOrganization {
  parsed: ParsedOrganization;
  raw: Record<string, string>;
  rowNumber: number;
}

export interface PlannedOrganization {
  id: number;
  isNew: boolean;
  /** Unchanged since the last import: nothing is written for it. */
  isUnchanged: boolean;
  key: string;
  legacyCode: string | null;
  parentId: number | null;
  path: string;
  depth: number;
  source: SourceOrganization;
}

export interface OrganizationPlan {
  organizations: PlannedOrganization[];
  /** Legacy codes attached under the root because their parent is missing or part of a cycle. */
  reattached: string[];
}

/**
 * The import key of each row: its legacy code, or "<code>#<n>" for the n-th row repeating a code (the
 * repeat is a data-quality finding, so it is imported, with legacy_code left to the first row).
 */
export function organizationKeys(orgs: readonly SourceOrganization[]): string[] {
  const seen = new Map<string, number>();
  return orgs.map((o) => {
    const code = o.parsed.legacyCode;
    const n = (seen.get(code) ?? 0) + 1;
    seen.set(code, n);
    return n === 1 ? code : `${code}#${n}`;
  });
}

const sameRaw = (a: Record<string, string> | null, b: Record<string, string>): boolean => {
  if (!a) return false;
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => a[k] === b[k]);
};

/**
 * Places the package's organizations in the tree (parents from legacy codes, as the 3.0 export gives them):
 * an organization already imported keeps its id, and keeps its place when its raw row is unchanged; a new
 * or changed one gets its parent from the package (or from an organization imported before, for a package
 * that adds to a province). Missing parents and cycles attach to the root, so nothing is dropped.
 */
export function planOrganizations(
  orgs: readonly SourceOrganization[],
  existing: readonly ExistingOrganization[],
  existingRoot: { id: number; path: string } | null,
  allocate: () => number,
): OrganizationPlan {
  const keys = organizationKeys(orgs);
  const existingByKey = new Map(existing.map((e) => [e.legacyKey, e]));
  const existingById = new Map(existing.map((e) => [e.id, e]));
  const firstByCode = new Map<string, number>();
  orgs.forEach((o, i) => {
    if (!firstByCode.has(o.parsed.legacyCode)) firstByCode.set(o.parsed.legacyCode, i);
  });

  const ids = orgs.map((_, i) => existingByKey.get(keys[i]!)?.id ?? allocate());
  const unchanged = orgs.map((o, i) => {
    const before = existingByKey.get(keys[i]!);
    return before !== undefined && sameRaw(before.legacyRaw, o.raw);
  });

  let rootIndex = orgs.findIndex(
    (o) => o.parsed.parentLegacyCode === null && (o.parsed.type === 'DBT' || o.parsed.type === 'DUTW'),
  );
  if (rootIndex < 0 && !existingRoot) rootIndex = orgs.findIndex((o) => o.parsed.parentLegacyCode === null);
  if (rootIndex < 0 && !existingRoot) rootIndex = 0;

  // Parent of each row by code: in the package first, then among organizations imported before.
  const existingByCode = new Map(existing.map((e) => [e.legacyKey, e]));
  const parentIndex: Array<number | undefined> = [];
  const externalParent: Array<ExistingOrganization | undefined> = [];
  orgs.forEach((o, i) => {
    const code = o.parsed.parentLegacyCode;
    if (i === rootIndex || code === null) return;
    const inPackage = firstByCode.get(code);
    if (inPackage !== undefined && inPackage !== i) parentIndex[i] = inPackage;
    else if (inPackage === undefined) externalParent[i] = existingByCode.get(code);
  });

  const children = new Map<number, number[]>();
  parentIndex.forEach((p, i) => {
    if (p !== undefined) children.set(p, [...(children.get(p) ?? []), i]);
  });

  const planned: Array<PlannedOrganization | undefined> = [];
  const place = (i: number, parent: { id: number; path: string } | null) => {
    const stack: Array<[number, { id: number; path: string } | null]> = [[i, parent]];
    while (stack.length) {
      const [index, par] = stack.pop()!;
      if (planned[index]) continue;
      const before = existingByKey.get(keys[index]!);
      const keep = before !== undefined && unchanged[index] === true;
      const parentId = keep ? before.parentId : (par?.id ?? null);
      const path = keep ? before.path : `${par?.path ?? '/'}${ids[index]}/`;
      planned[index] = {
        id: ids[index]!,
        isNew: before === undefined,
        isUnchanged: keep,
        key: keys[index]!,
        legacyCode:
          firstByCode.get(orgs[index]!.parsed.legacyCode) === index ? orgs[index]!.parsed.legacyCode : null,
        parentId,
        path,
        depth: path.split('/').length - 2,
        source: orgs[index]!,
      };
      for (const c of children.get(index) ?? []) stack.push([c, { id: ids[index]!, path }]);
    }
  };

  const root = rootIndex >= 0 ? null : existingRoot;
  if (rootIndex >= 0) place(rootIndex, null);
  const rootRef = rootIndex >= 0 ? { id: planned[rootIndex]!.id, path: planned[rootIndex]!.path } : root;
  // Rows whose parent is an organization imported before (a package adding to a province).
  orgs.forEach((_, i) => {
    const ext = externalParent[i];
    if (!planned[i] && ext && parentIndex[i] === undefined) {
      const extPath = existingById.get(ext.id)?.path ?? ext.path;
      place(i, { id: ext.id, path: extPath });
    }
  });
  const reattached: string[] = [];
  orgs.forEach((o, i) => {
    if (!planned[i]) {
      reattached.push(o.parsed.legacyCode);
      place(i, rootRef);
    }
  });
  return { organizations: planned.map((p) => p!), reattached };
}

/** The staging row of a planned organization (columns of STAGE_ORG_COLUMNS). */
export function stagedOrganizationValues(p: PlannedOrganization): Array<string | number | boolean | null> {
  const { parsed, raw } = p.source;
  return [
    p.id,
    p.isNew,
    p.parentId,
    p.path,
    p.depth,
    parsed.type,
    parsed.name,
    foldForSearch(parsed.name),
    vietnameseSortKey(parsed.name),
    p.legacyCode,
    p.key,
    parsed.status,
    parsed.foundingDate,
    parsed.adminUnitCode,
    JSON.stringify(raw),
  ];
}
