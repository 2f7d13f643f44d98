/**
 * The five roles of Phụ lục 01 (Plan 291-KH/BTCTW) and what each may do. An account holds one or
 * several roles; its permissions are the union. Scope (which subtree) is separate from permissions.
 */
export const ROLES = {
  1: 'Quản trị hệ thống',
  2: 'Nhập liệu',
  3: 'Chuyển sinh hoạt Đảng',
  4: 'Làm thẻ Đảng',
  5: 'Làm huy hiệu Đảng',
} as const;

export type Role = keyof typeof ROLES;

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'member.read',
  'member.write',
  'account.manage',
  'audit.read',
  'transfer.manage',
  'card.manage',
  'badge.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  1: ['org.read', 'org.write', 'member.read', 'member.write', 'account.manage', 'audit.read'],
  2: ['org.read', 'org.write', 'member.read', 'member.write'],
  3: ['org.read', 'member.read', 'transfer.manage'],
  4: ['org.read', 'member.read', 'card.manage'],
  5: ['org.read', 'member.read', 'badge.manage'],
};

export function isRole(value: number): value is Role {
  return value in ROLES;
}

export function permissionsOf(roles: readonly number[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) if (isRole(role)) for (const p of ROLE_PERMISSIONS[role]) granted.add(p);
  return PERMISSIONS.filter((p) => granted.has(p));
}
