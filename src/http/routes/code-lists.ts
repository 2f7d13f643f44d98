import { z } from 'zod';
import * as lists from '../../app/code-lists/list-code-lists.ts';
import type { ZodApp } from '../zod-app.ts';

export async function codeListRoutes(app: ZodApp) {
  const tags = ['code lists'];
  app.get(
    '/api/code-lists/provinces',
    { schema: { tags, summary: 'Provinces after 1 July 2025' } },
    async (req) => ({
      items: await lists.listProvinces(req.ctx.db),
    }),
  );
  app.get(
    '/api/code-lists/communes',
    {
      schema: {
        tags,
        summary: 'Communes of a province after 1 July 2025',
        querystring: z.object({ provinceCode: z.string().regex(/^\d{2}$/, 'Mã tỉnh gồm 2 chữ số') }),
      },
    },
    async (req) => ({ items: await lists.listCommunes(req.ctx.db, req.query.provinceCode) }),
  );
  app.get(
    '/api/code-lists/ethnicities',
    { schema: { tags, summary: 'The 54 ethnic groups (1979 codes)' } },
    async (req) => ({
      items: await lists.listEthnicities(req.ctx.db),
    }),
  );
  app.get(
    '/api/code-lists/religions',
    { schema: { tags, summary: 'Religions, and "Không"' } },
    async (req) => ({
      items: await lists.listReligions(req.ctx.db),
    }),
  );
}
