import { z } from 'zod';
import * as ops from '../../app/quality/finding-operations.ts';
import { CATALOGUE, RULE_CODES } from '../../core/quality/catalogue.ts';
import type { ZodApp } from '../zod-app.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const Group = z.enum(
  ['ORG', 'REQ', 'ID', 'TEXT', 'CODE', 'ADDR', 'DATE', 'LIVE', 'DUP', 'RECON'],
  'Nhóm quy tắc không hợp lệ',
);
const Rule = z.enum(RULE_CODES as [string, ...string[]], 'Mã quy tắc không có trong danh mục');
const Status = z.enum(['open', 'fixed', 'dismissed'], 'Trạng thái không hợp lệ (open, fixed, dismissed)');
const Severity = z.enum(['error', 'warning', 'fix'], 'Mức độ không hợp lệ (error, warning, fix)');
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày mốc có dạng yyyy-mm-dd');

export async function findingRoutes(app: ZodApp) {
  const tags = ['findings'];

  app.get(
    '/api/organizations/:id/findings',
    {
      schema: {
        tags,
        summary: "Findings of an organization's subtree (organizations and members), filtered, paginated",
        params: IdParams,
        querystring: z.object({
          group: Group.optional(),
          rule: Rule.optional(),
          status: Status.optional(),
          severity: Severity.optional(),
          recordType: z.enum(['organization', 'member']).optional(),
          recordId: z.coerce.number().int().positive().optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    (req) => ops.listFindings(req.ctx, { ...req.query, orgId: req.params.id }),
  );

  app.get(
    '/api/organizations/:id/findings/counts',
    {
      schema: {
        tags,
        summary: 'Finding counts per group and rule in a subtree (dashboards)',
        params: IdParams,
      },
    },
    (req) => ops.countFindings(req.ctx, req.params.id),
  );

  app.get(
    '/api/organizations/:id/own-findings',
    {
      schema: {
        tags,
        summary: "One organization's own findings (shown next to its fields)",
        params: IdParams,
      },
    },
    async (req) => ({ items: await ops.listOrganizationFindings(req.ctx, req.params.id) }),
  );

  app.get(
    '/api/members/:id/findings',
    { schema: { tags, summary: "One member's findings (shown next to its fields)", params: IdParams } },
    async (req) => ({ items: await ops.listMemberFindings(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/findings/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept the suggested value (update path: version check, audit, re-check)',
        params: IdParams,
        body: z.object({ version: z.number().int().positive().optional() }).strict(),
      },
    },
    (req) => ops.acceptFinding(req.ctx, req.params.id, req.body.version),
  );

  app.post(
    '/api/findings/:id/dismiss',
    {
      schema: {
        tags,
        summary: 'Dismiss a warning with a reason (errors cannot be dismissed)',
        params: IdParams,
        body: z
          .object({
            reason: z.string().trim().min(5, 'Nhập lý do (ít nhất 5 ký tự)').max(1000, 'Lý do quá dài'),
          })
          .strict(),
      },
    },
    (req) => ops.dismissFinding(req.ctx, req.params.id, req.body.reason),
  );

  app.post(
    '/api/findings/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo a fix (automatic or accepted): the value as before, finding reopened',
        params: IdParams,
      },
    },
    (req) => ops.undoFix(req.ctx, req.params.id),
  );

  const BulkBody = z.object({ rule: Rule }).strict();

  app.post(
    '/api/organizations/:id/findings/bulk-accept/preview',
    {
      schema: {
        tags,
        summary: "Preview of accepting one rule's suggestions in a subtree: count and the first changes",
        params: IdParams,
        body: BulkBody.extend({ limit: z.number().int().min(1).max(200).default(20) }),
      },
    },
    (req) =>
      ops.previewBulkAccept(req.ctx, { orgId: req.params.id, rule: req.body.rule, limit: req.body.limit }),
  );

  app.post(
    '/api/organizations/:id/findings/bulk-accept',
    {
      schema: {
        tags,
        summary: 'Accept every suggestion of one rule in a subtree (one transaction, one batch id for undo)',
        params: IdParams,
        body: BulkBody,
      },
    },
    (req) => ops.applyBulkAccept(req.ctx, { orgId: req.params.id, rule: req.body.rule }),
  );

  app.post(
    '/api/findings/bulk-accept/:batchId/undo',
    {
      schema: {
        tags,
        summary: 'Undo a whole bulk acceptance (records changed since keep their value)',
        params: z.object({ batchId: z.uuid('Mã thao tác không hợp lệ') }),
      },
    },
    (req) => ops.undoBulkAccept(req.ctx, req.params.batchId),
  );

  app.post(
    '/api/quality/rechecks',
    {
      schema: {
        tags,
        summary:
          "Start a full re-check of an organization's province (national accounts: everything) as a background job",
        body: z.object({ orgId: z.number().int().positive().optional() }).strict(),
      },
    },
    async (req, reply) => reply.status(202).send(await ops.startRecheck(req.ctx, req.body)),
  );

  app.get(
    '/api/quality/rechecks/:id',
    { schema: { tags, summary: 'Progress of a full re-check', params: IdParams } },
    (req) => ops.getRecheck(req.ctx, req.params.id),
  );

  const CatalogueEntry = z.object({
    code: z.string(),
    group: Group,
    severity: Severity,
    title: z.string(),
    explanation: z.string(),
    howToFix: z.string(),
    fields: z.array(z.string()),
  });

  app.get(
    '/api/quality/catalogue',
    {
      schema: {
        tags,
        summary:
          "Every rule of the catalogue: group, severity and the Vietnamese texts (for the UI's labels)",
        response: { 200: z.object({ items: z.array(CatalogueEntry) }) },
      },
    },
    () => ({
      items: RULE_CODES.map((code) => {
        const r = CATALOGUE[code];
        return {
          code,
          group: r.group,
          severity: r.severity,
          title: r.title,
          explanation: r.explanation,
          howToFix: r.howToFix,
          fields: [...r.fields],
        };
      }),
    }),
  );

  app.get(
    '/api/quality/settings',
    { schema: { tags, summary: 'Rule settings (reference date, disabled rules, severities)' } },
    (req) => ops.getRuleSettings(req.ctx),
  );

  app.put(
    '/api/quality/settings',
    {
      schema: {
        tags,
        summary: 'Change the rule settings (Quản trị hệ thống only; audited; applies to the next checks)',
        body: z
          .object({
            referenceDate: IsoDay,
            disabledRules: z.array(Rule).max(200),
            severityOverrides: z.partialRecord(
              Rule,
              z.enum(['error', 'warning'], 'Mức độ là error hoặc warning'),
            ),
            version: z.number().int().min(0),
          })
          .strict(),
      },
    },
    (req) => ops.updateRuleSettings(req.ctx, req.body),
  );
}
