import { z } from 'zod';
import { describeMe, login, logout } from '../../app/auth/login.ts';
import { AppError } from '../../core/errors.ts';
import type { AppOptions } from '../app.ts';
import { SESSION_COOKIE } from '../auth.ts';
import type { ZodApp } from '../zod-app.ts';

const LoginBody = z.object({
  username: z.string().trim().min(1, 'Nhập tên đăng nhập').max(100),
  password: z.string().min(1, 'Nhập mật khẩu').max(200),
});

export const authRoutes =
  (options: Pick<AppOptions, 'handle' | 'sessionIdleMinutes' | 'cookieSecure'>) => async (app: ZodApp) => {
    // PUBLIC ROUTE: signing in is how a session starts.
    app.post(
      '/api/auth/login',
      {
        config: { public: true },
        schema: { tags: ['auth'], summary: 'Sign in', security: [], body: LoginBody },
      },
      async (request, reply) => {
        const { token } = await login(options.handle.db, {
          ...request.body,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          idleMinutes: options.sessionIdleMinutes,
          requestId: request.id,
        });
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: options.cookieSecure,
        });
        const { resolveSession } = await import('../../db/repos/accounts.ts');
        const account = await resolveSession(options.handle.db, token, options.sessionIdleMinutes);
        if (!account) throw new AppError('UNAUTHENTICATED');
        return { account: describeMe(account) };
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], summary: 'Sign out' } },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token && request.account) await logout(options.handle.db, token, request.account, request.id);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/auth/me',
      { schema: { tags: ['auth'], summary: 'The signed-in account' } },
      async (request) => describeMe(request.account!),
    );
  };
