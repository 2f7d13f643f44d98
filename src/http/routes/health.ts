import { sql } from 'kysely';
import { z } from 'zod';
import type { DbHandle } from '../../db/client.ts';
import type { ZodApp } from '../zod-app.ts';

export const healthRoutes = (handle: DbHandle) => async (app: ZodApp) => {
  // PUBLIC ROUTE: load balancers and monitoring probe it without a session.
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        security: [],
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      await sql`SELECT 1`.execute(handle.db);
      return { status: 'ok' as const, database: handle.driver };
    },
  );
};
