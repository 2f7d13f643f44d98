import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findActiveFreeze, frozenMessage } from '../app/maintenance/freeze-operations.ts';
import type { DbHandle } from '../db/client.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Writes that a freeze lets through: signing in and out, managing the freeze itself, and the import,
 * which is the only writer of the cut-over.
 */
const ALLOWED_DURING_FREEZE = [
  /^\/api\/auth\/(login|logout)(\?|$)/,
  /^\/api\/maintenance\//,
  /^\/api\/imports(\/|\?|$)/,
];

/**
 * While a write freeze holds (system-wide, or for the caller's province), every write under /api/ answers
 * 423 FROZEN with a Vietnamese message naming until when; reads keep working. Runs after the auth hook,
 * so the caller's scope is known (an unauthenticated write was already refused there).
 */
export function registerWriteFreeze(app: FastifyInstance, options: { handle: DbHandle }) {
  app.addHook('preHandler', async (request: FastifyRequest, reply) => {
    if (!WRITE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return;
    if (ALLOWED_DURING_FREEZE.some((pattern) => pattern.test(request.url))) return;
    const scope = request.ctx?.scope;
    const provinceCode = scope && scope.kind === 'subtree' ? scope.provinceCode : null;
    const freeze = await findActiveFreeze(options.handle.db, provinceCode);
    if (!freeze) return;
    return reply.status(423).send({
      error: {
        code: 'FROZEN',
        message: frozenMessage(freeze),
        details: {
          freezeId: freeze.id,
          provinceCode: freeze.provinceCode,
          until: freeze.endsAt,
          reason: freeze.reason,
        },
      },
    });
  });
}
