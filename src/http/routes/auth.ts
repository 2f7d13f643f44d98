import { z } from 'zod';
import { activateAccount } from '../../app/auth/activate-account.ts';
import { changeOwnPassword } from '../../app/auth/change-password.ts';
import { describeMe, login, logout } from '../../app/auth/login.ts';
import { listOwnSessions, revokeOwnSession } from '../../app/auth/sessions.ts';
import {
  disableTwoFactor,
  enableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorSetup,
} from '../../app/auth/two-factor.ts';
import { AppError } from '../../core/errors.ts';
import { resolveSession } from '../../db/repos/accounts.ts';
import type { AppOptions } from '../app.ts';
import { SESSION_COOKIE } from '../auth.ts';
import type { ZodApp } from '../zod-app.ts';

const LoginBody = z.object({
  username: z.string().trim().min(1, 'Nhập tên đăng nhập').max(100),
  password: z.string().min(1, 'Nhập mật khẩu').max(200),
  totpCode: z.string().trim().max(10).optional(),
  recoveryCode: z.string().trim().max(20).optional(),
});
const NewPassword = z.string().min(1, 'Nhập mật khẩu mới').max(200);
const Code = z.string().trim().min(6, 'Nhập mã 6 số').max(20);
const PasswordAndCode = z.object({ password: z.string().min(1, 'Nhập mật khẩu').max(200), code: Code });

export const authRoutes =
  (options: Pick<AppOptions, 'handle' | 'sessionIdleMinutes' | 'cookieSecure' | 'now'>) =>
  async (app: ZodApp) => {
    const tags = ['auth'];
    const now = () => options.now?.() ?? new Date();
    const db = options.handle.db;

    // PUBLIC ROUTE: signing in is how a session starts.
    app.post(
      '/api/auth/login',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Sign in (password, then a TOTP or recovery code when two-factor is on)',
          security: [],
          body: LoginBody,
        },
      },
      async (request, reply) => {
        const { token } = await login(db, {
          ...request.body,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          idleMinutes: options.sessionIdleMinutes,
          requestId: request.id,
          now: now(),
        });
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: options.cookieSecure,
        });
        const account = await resolveSession(db, token, options.sessionIdleMinutes);
        if (!account) throw new AppError('UNAUTHENTICATED');
        return { account: describeMe(account) };
      },
    );

    // PUBLIC ROUTE: the person holding a one-time activation link has no password yet.
    app.post(
      '/api/auth/activate',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Activate an account with its one-time link and choose a password',
          security: [],
          body: z.object({ token: z.string().trim().min(20).max(200), newPassword: NewPassword }),
        },
      },
      async (request) => activateAccount(db, { ...request.body, requestId: request.id, now: now() }),
    );

    app.post(
      '/api/auth/logout',
      { config: { allowWhilePending: true }, schema: { tags, summary: 'Sign out' } },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token && request.account) await logout(db, token, request.account, request.id);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/auth/me',
      { config: { allowWhilePending: true }, schema: { tags, summary: 'The signed-in account' } },
      async (request) => describeMe(request.account!),
    );

    app.post(
      '/api/auth/password',
      {
        config: { allowWhilePending: true },
        schema: {
          tags,
          summary: 'Change one’s own password (also the first-login change)',
          body: z.object({
            currentPassword: z.string().min(1, 'Nhập mật khẩu hiện tại').max(200),
            newPassword: NewPassword,
          }),
        },
      },
      async (request, reply) => {
        await changeOwnPassword(db, request.account!, { ...request.body, requestId: request.id, now: now() });
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/auth/totp/setup',
      {
        config: { allowWhilePending: true },
        schema: { tags, summary: 'A new two-factor secret to scan (nothing stored until enabled)' },
      },
      async (request) => startTwoFactorSetup(request.account!),
    );

    app.post(
      '/api/auth/totp/enable',
      {
        config: { allowWhilePending: true },
        schema: {
          tags,
          summary: 'Turn two-factor on; answers the recovery codes, shown once',
          body: z.object({
            secret: z.string().trim().min(16).max(64),
            code: Code,
            password: z.string().min(1).max(200),
          }),
        },
      },
      async (request) =>
        enableTwoFactor(db, request.account!, { ...request.body, requestId: request.id, now: now() }),
    );

    app.post(
      '/api/auth/totp/disable',
      { schema: { tags, summary: 'Turn two-factor off (not for administrators)', body: PasswordAndCode } },
      async (request, reply) => {
        await disableTwoFactor(db, request.account!, { ...request.body, requestId: request.id, now: now() });
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/auth/totp/recovery-codes',
      { schema: { tags, summary: 'New recovery codes (the old ones stop working)', body: PasswordAndCode } },
      async (request) =>
        regenerateRecoveryCodes(db, request.account!, { ...request.body, requestId: request.id, now: now() }),
    );

    app.get(
      '/api/auth/sessions',
      { schema: { tags, summary: 'One’s active sessions' } },
      async (request) => ({
        items: await listOwnSessions(db, request.account!, now()),
      }),
    );

    app.delete(
      '/api/auth/sessions/:id',
      {
        schema: {
          tags,
          summary: 'End one of one’s own sessions',
          params: z.object({ id: z.coerce.number().int().positive() }),
        },
      },
      async (request, reply) => {
        await revokeOwnSession(db, request.account!, request.params.id, request.id);
        return reply.status(204).send();
      },
    );
  };
