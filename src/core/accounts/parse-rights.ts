import { ROLES, type Role } from '../auth/permissions.ts';
import { foldForSearch } from '../text/fold.ts';

const ROLE_BY_NAME = new Map<string, Role>(
  Object.entries(ROLES).map(([code, name]) => [foldForSearch(name), Number(code) as Role]),
);
// Short forms people write in the form.
ROLE_BY_NAME.set('quan tri', 1);
ROLE_BY_NAME.set('nhap lieu', 2);
ROLE_BY_NAME.set('chuyen sinh hoat', 3);
ROLE_BY_NAME.set('chuyen sinh hoat dang', 3);
ROLE_BY_NAME.set('the dang', 4);
ROLE_BY_NAME.set('lam the', 4);
ROLE_BY_NAME.set('huy hieu dang', 5);
ROLE_BY_NAME.set('lam huy hieu', 5);

export type ParseRightsResult = { ok: true; roles: Role[] } | { ok: false; message: string };

/**
 * The "Quyền khai thác, sử dụng hệ thống" cell of Phụ lục 01: one or several of 1–5, by number or by
 * name, separated by commas, semicolons, "và" or new lines ("1, 2", "1;2", "Quản trị hệ thống, Nhập liệu",
 * "1. Quản trị hệ thống"). Sorted and without repeats.
 */
export function parseRights(raw: string | null | undefined): ParseRightsResult {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, message: 'Chưa chọn quyền khai thác, sử dụng hệ thống (1–5).' };
  const parts = text
    .split(/[,;\n/+&]|\s-\s|\s+và\s+/u)
    .map((p) => p.trim())
    .filter(Boolean);
  const roles = new Set<Role>();
  for (const part of parts) {
    const numbered = /^(\d+)\s*[.)]?\s*(.*)$/u.exec(part);
    if (numbered) {
      const n = Number(numbered[1]);
      if (!(n in ROLES))
        return { ok: false, message: `Quyền "${part}" không có trong danh mục (chỉ từ 1 đến 5).` };
      roles.add(n as Role);
      continue;
    }
    const role = ROLE_BY_NAME.get(foldForSearch(part).replace(/[.]/g, '').trim());
    if (role === undefined)
      return {
        ok: false,
        message: `Không nhận ra quyền "${part}". Ghi số 1–5 hoặc tên quyền, ví dụ "1, 2" hoặc "Quản trị hệ thống, Nhập liệu".`,
      };
    roles.add(role);
  }
  return { ok: true, roles: [...roles].sort((a, b) => a - b) };
}

export function describeRoles(roles: readonly number[]): string {
  return roles.map((r) => `${r}. ${ROLES[r as Role] ?? '?'}`).join('; ');
}
