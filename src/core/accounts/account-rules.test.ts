import { describe, expect, it } from 'vitest';
import { checkGrant, checkManage } from './delegation.ts';
import { parseRights } from './parse-rights.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { suggestUsername } from './suggest-username.ts';

describe('parseRights', () => {
  it.each([
    ['1, 2', [1, 2]],
    ['1;2', [1, 2]],
    ['Quản trị hệ thống, Nhập liệu', [1, 2]],
    ['2. Nhập liệu', [2]],
    ['5 và 3', [3, 5]],
    ['nhap lieu', [2]],
  ])('reads "%s"', (text, roles) => expect(parseRights(text)).toEqual({ ok: true, roles }));
  it('refuses unknown rights with a Vietnamese message', () => {
    expect(parseRights('7')).toMatchObject({ ok: false });
    expect(parseRights('Xem báo cáo')).toMatchObject({
      ok: false,
      message: expect.stringContaining('Không nhận ra') as unknown,
    });
    expect(parseRights('')).toMatchObject({ ok: false });
  });
});

describe('checkPasswordPolicy', () => {
  const who = { username: 'hainv', fullName: 'Nguyễn Văn Hải' };
  it('accepts a long mixed password', () =>
    expect(checkPasswordPolicy('Tram-Nam-Trong-Nguoi-2025', who)).toEqual([]));
  it.each(['Ab1!', 'abcdefghijklmn', 'Hainv-2025-abc', 'Matkhau@123456', 'NguyenVanHai@2025'])(
    'refuses %s',
    (pw) => expect(checkPasswordPolicy(pw, who).length).toBeGreaterThan(0),
  );
});

describe('delegation', () => {
  const national = { id: 1, roles: [1, 2, 3, 4, 5], scopePath: null };
  const province = { id: 2, roles: [1, 2], scopePath: '/10/' };
  it('lets the centre create province administrators', () =>
    expect(checkGrant(national, { roles: [1, 2], scopePath: '/10/' })).toBeNull());
  it('keeps a province inside itself, with its own rights, administrators one level down', () => {
    expect(checkGrant(province, { roles: [1], scopePath: '/10/11/' })).toBeNull();
    expect(checkGrant(province, { roles: [2], scopePath: '/10/' })).toBeNull();
    expect(checkGrant(province, { roles: [1], scopePath: '/10/' })).toBe('ADMIN_AT_OWN_LEVEL');
    expect(checkGrant(province, { roles: [4], scopePath: '/10/11/' })).toBe('ROLE_NOT_HELD');
    expect(checkGrant(province, { roles: [2], scopePath: '/20/' })).toBe('OUTSIDE_SCOPE');
    expect(checkGrant(province, { roles: [2], scopePath: null })).toBe('OUTSIDE_SCOPE');
    // "/10/" must not contain "/100/".
    expect(checkGrant(province, { roles: [2], scopePath: '/100/' })).toBe('OUTSIDE_SCOPE');
  });
  it('never manages one’s own account or a peer administrator', () => {
    expect(checkManage(province, province)).toBe('OWN_ACCOUNT');
    expect(checkManage(province, { id: 3, roles: [1], scopePath: '/10/' })).toBe('ADMIN_AT_OWN_LEVEL');
    expect(checkManage(province, { id: 4, roles: [2], scopePath: '/10/' })).toBeNull();
  });
});

it('suggests Vietnamese-style usernames', () => expect(suggestUsername('Nguyễn Văn Hải')).toBe('hainv'));
