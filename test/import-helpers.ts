import { sql } from 'kysely';
import type { ImportDeps } from '../src/app/import/import-package.ts';
import type { DbHandle } from '../src/db/client.ts';
import { loadCodeLists } from '../src/reference/load-reference.ts';

const codes = loadCodeLists();

export function importDeps(handle: DbHandle): ImportDeps {
  return { handle, codes, actor: { id: null, name: 'test' } };
}

/** Everything an import may change, as comparable values. */
export async function snapshot(handle: DbHandle, provinceCode: string) {
  const { rows } = await sql<{ orgs: number; members: number; versions: number; digest: string }>`
    SELECT (SELECT count(*)::int FROM organizations WHERE province_code = ${provinceCode}) AS orgs,
           (SELECT count(*)::int FROM members WHERE province_code = ${provinceCode}) AS members,
           (SELECT coalesce(sum(version), 0)::int FROM members WHERE province_code = ${provinceCode}) AS versions,
           (SELECT md5(coalesce(string_agg(m.legacy_id || ':' || m.org_id || ':' || m.version || ':' ||
              m.updated_at::text || ':' || m.legacy_raw::text, '|' ORDER BY m.legacy_id), '') ||
              coalesce((SELECT string_agg(o.id || ':' || o.path || ':' || o.version || ':' || o.updated_at::text, '|'
                ORDER BY o.id) FROM organizations o WHERE o.province_code = ${provinceCode}), ''))
            FROM members m WHERE m.province_code = ${provinceCode}) AS digest`.execute(handle.db);
  return rows[0]!;
}
