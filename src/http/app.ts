import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { DbHandle } from '../db/client.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { registerAuth } from './auth.ts';
import { errorHandler } from './errors.ts';
import { registerWriteFreeze } from './freeze.ts';
import { accountRoutes } from './routes/accounts.ts';
import { authRoutes } from './routes/auth.ts';
import { campaignRoutes } from './routes/campaign.ts';
import { codeListRoutes } from './routes/code-lists.ts';
import { duplicateRoutes } from './routes/duplicates.ts';
import { findingRoutes } from './routes/findings.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes } from './routes/imports.ts';
import { maintenanceRoutes } from './routes/maintenance.ts';
import { memberRoutes } from './routes/members.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { problemReportRoutes } from './routes/problem-reports.ts';

export interface AppOptions {
  handle: DbHandle;
  logger: Logger | false;
  sessionIdleMinutes: number;
  cookieSecure: boolean;
  /** Serve the built web UI from this folder (production). */
  webDist?: string | undefined;
  /** The clock of sign-in checks (lockout, two-factor codes); tests pass a controlled one. */
  now?: (() => Date) | undefined;
  /** Background jobs (src/jobs/queue.ts). The import routes are served only with a queue and an uploadDir. */
  queue?: JobQueue | undefined;
  /** Where uploaded 3.0 packages are kept (DATA_DIR/uploads). */
  uploadDir?: string | undefined;
  /** Largest uploaded file, bytes (default 1 GiB). */
  uploadMaxBytes?: number | undefined;
  /**
   * DATA_DIR: problem-report attachments are kept under it. Without one (tests, the browser harness) a fresh
   * temporary folder is used, never the developer's ./data.
   */
  dataDir?: string | undefined;
}

export const defaultWebDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export async function buildApp(options: AppOptions) {
  const app = Fastify({
    ...(options.logger
      ? { loggerInstance: options.logger as unknown as FastifyBaseLogger }
      : { logger: false }),
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // Every API route, as registered: a test checks each one is in the OpenAPI document.
  const registeredRoutes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && method !== 'HEAD') {
        registeredRoutes.push({ method, url: route.url });
      }
    }
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'CSDL Đảng viên 4.0 API',
        description: 'Organizations, members, accounts. Errors: { error: { code, message, details } }.',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await app.register(fastifyCookie);

  registerAuth(app, options);
  registerWriteFreeze(app, options);

  await app.register(healthRoutes(options.handle));
  await app.register(authRoutes(options));
  await app.register(organizationRoutes);
  await app.register(memberRoutes);
  await app.register(codeListRoutes);
  await app.register(accountRoutes);
  await app.register(findingRoutes);
  await app.register(maintenanceRoutes);
  await app.register(campaignRoutes);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'csdl-data-'));
  await app.register(problemReportRoutes({ dataDir }));
  await app.register(duplicateRoutes({ queue: options.queue }));
  if (options.queue && options.uploadDir) {
    const { queue, uploadDir } = options;
    await app.register(
      importRoutes({ queue, uploadDir, uploadMaxBytes: options.uploadMaxBytes ?? 1024 ** 3 }),
    );
  }

  const webDist = options.webDist;
  if (webDist && existsSync(webDist)) {
    // wildcard: files are looked up per request, so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, { root: webDist, wildcard: true });
    // Client-side routes: any non-API GET answers the app's index.html.
    app.setNotFoundHandler((request, reply) => {
      // A missing asset is a 404: answering index.html would hand a browser HTML for a script.
      const isPage = !request.url.startsWith('/api/') && !request.url.startsWith('/assets/');
      if (request.method === 'GET' && isPage) return reply.sendFile('index.html');
      return reply
        .status(404)
        .send({ error: { code: 'NOT_FOUND', message: 'Không tìm thấy địa chỉ này.', details: {} } });
    });
  } else {
    app.setNotFoundHandler((_request, reply) =>
      reply
        .status(404)
        .send({ error: { code: 'NOT_FOUND', message: 'Không tìm thấy địa chỉ này.', details: {} } }),
    );
  }
  return Object.assign(app, { registeredRoutes, dataDir });
}
