import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pendingStepOf } from '../app/auth/login.ts';
import type { Ctx } from '../app/context.ts';
import { permissionsOf } from '../core/auth/permissions.ts';
import { AppError } from '../core/errors.ts';
import { resolveSession, type SessionAccount } from '../db/repos/accounts.ts';
import type { AppOptions } from './app.ts';

export const SESSION_COOKIE = 'sid';

declare module 'fastify' {
  interface FastifyRequest {
    account: SessionAccount | null;
    ctx: Ctx;
  }
  interface FastifyContextConfig {
    /** PUBLIC ROUTE marker: no session needed. */
    public?: boolean;
    /**
     * Open to an account that still has a step to do before using the system (change its temporary
     * password, enrol two-factor): only the routes that do those steps, plus me and logout.
     */
    allowWhilePending?: boolean;
  }
}

/**
 * Every route needs a live session unless its config says `public: true` (each such route carries a
 * `// PUBLIC ROUTE:` comment). The session becomes `request.ctx`, whose scope the repositories apply.
 */
export function registerAuth(
  app: FastifyInstance,
  options: Pick<AppOptions, 'handle' | 'sessionIdleMinutes'>,
) {
  app.decorateRequest('account', null);
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    const token = request.cookies[SESSION_COOKIE];
    const account = token
      ? await resolveSession(options.handle.db, token, options.sessionIdleMinutes)
      : undefined;
    if (account) {
      request.account = account;
      request.ctx = {
        db: options.handle.db,
        actor: {
          id: account.id,
          username: account.username,
          fullName: account.fullName,
          roles: account.roles,
          permissions: permissionsOf(account.roles),
        },
        scope: account.scope,
        requestId: request.id,
        log: request.log as unknown as Ctx['log'],
      };
    }
    if (!account && !request.routeOptions.config.public) throw new AppError('UNAUTHENTICATED');
    const pending = account ? pendingStepOf(account) : null;
    if (pending && !request.routeOptions.config.public && !request.routeOptions.config.allowWhilePending)
      throw new AppError(pending);
  });
}
