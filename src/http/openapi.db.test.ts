import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/http.ts';

describeEachDriver('OpenAPI document', (db) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(db());
    await app.ready();
  });
  afterAll(() => app.close());

  it('is served at /api/docs/json and lists every API route', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(app.registeredRoutes.length).toBeGreaterThan(10);
    for (const route of app.registeredRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
    }
  });

  it('serves the documentation UI at /api/docs', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(r.statusCode);
  });

  it('answers the health probe without a session', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.json()).toEqual({ status: 'ok', database: db().driver });
  });

  it('answers unknown API paths with the error shape', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });
});
