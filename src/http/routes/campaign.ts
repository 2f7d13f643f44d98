import { PassThrough } from 'node:stream';
import { z } from 'zod';
import * as campaigns from '../../app/campaign/campaign-operations.ts';
import { EXPORT_FILE_NAMES, EXPORT_KINDS, prepareExport } from '../../app/campaign/export-xlsx.ts';
import { getBurndown, getProgress, listNotifications } from '../../app/campaign/progress-queries.ts';
import { buildCampaignReportPdf } from '../../app/campaign/report-pdf.ts';
import {
  actOnUnit,
  getUnitCampaign,
  listAssignableAccounts,
  listTreeUnitStatuses,
  setResponsibility,
} from '../../app/campaign/unit-operations.ts';
import { CAMPAIGN_PARTS, MIN_REASON_LENGTH, UNIT_ACTIONS } from '../../core/campaign/status-machine.ts';
import { AppError } from '../../core/errors.ts';
import { errorHandler } from '../errors.ts';
import type { ZodApp } from '../zod-app.ts';

/** Vietnamese messages of the campaign's refusal reasons (details.reason), shown as the error message. */
export const CAMPAIGN_REASON_MESSAGES: Record<string, string> = {
  NO_OPEN_CAMPAIGN: 'Hiện không có chiến dịch làm sạch dữ liệu nào đang mở.',
  CAMPAIGN_ALREADY_OPEN:
    'Đang có một chiến dịch mở: hãy kết thúc chiến dịch đó trước khi tạo chiến dịch mới.',
  CAMPAIGN_CLOSED: 'Chiến dịch đã kết thúc, không sửa được nữa.',
  NATIONAL_ONLY: 'Chỉ quản trị hệ thống cấp Trung ương mới thiết lập được chiến dịch.',
  NOT_COVERED: 'Tổ chức này không thuộc phạm vi của chiến dịch.',
  EXCLUDED_NOT_TOP_LEVEL:
    'Chỉ loại trừ được đảng bộ trực thuộc Trung ương (tổ chức cấp cao nhất), không loại trừ được tổ chức bên trong một đảng bộ.',
  WRONG_STATUS: 'Trạng thái hiện tại không cho phép thao tác này (có thể người khác vừa cập nhật).',
  NOT_AUTHORIZED_LEVEL:
    'Chỉ cấp ủy cấp trên trực tiếp hoặc cao hơn mới được kiểm tra hoặc trả lại đơn vị này.',
  OPEN_ERRORS: 'Còn lỗi chưa xử lý: hãy sửa hết lỗi trước khi xác nhận.',
  ORGANIZATION_NOT_CONFIRMED:
    'Làm sạch dữ liệu tổ chức đảng trước: dữ liệu tổ chức của đơn vị và các cấp trên phải được xác nhận trước khi xác nhận dữ liệu đảng viên.',
  REASON_REQUIRED: `Phải ghi rõ lý do trả lại (ít nhất ${MIN_REASON_LENGTH} ký tự).`,
  CHECKER_IS_CONFIRMER: 'Người đã xác nhận không được tự kiểm tra kết quả của mình.',
  PROBLEM_RESOLVED: 'Vướng mắc này đã được giải quyết.',
  ESCALATE_PROVINCE_ONLY: 'Chỉ đầu mối cấp tỉnh mới chuyển vướng mắc lên Trung ương.',
  RESOLVE_NOT_ALLOWED: 'Chỉ người gửi hoặc cấp đang xử lý mới đóng được vướng mắc.',
  ATTACHMENT_TOO_LARGE: 'Tệp đính kèm lớn hơn 3 MB: hãy nén, giảm độ phân giải hoặc chia nhỏ tệp.',
  ATTACHMENT_EMPTY: 'Tệp đính kèm rỗng: hãy chọn lại tệp.',
  ATTACHMENT_TYPE:
    'Loại tệp không được nhận: chỉ đính kèm PDF, ảnh (PNG, JPG, WEBP), Word (DOC, DOCX), Excel (XLS, XLSX), CSV hoặc TXT.',
  ATTACHMENT_CONTENT_MISMATCH:
    'Nội dung tệp không đúng với đuôi tệp (ví dụ tệp .pdf nhưng không phải PDF): hãy lưu lại đúng định dạng.',
  ATTACHMENT_MISSING: 'Hãy chọn một tệp để đính kèm (gửi dạng multipart/form-data, trường "file").',
  ONE_FILE_PER_UPLOAD: 'Mỗi lần chỉ tải lên một tệp đính kèm.',
  TOO_MANY_ATTACHMENTS: 'Mỗi vướng mắc có tối đa 10 tệp đính kèm.',
  REQUEST_TOO_LARGE:
    'Nội dung gửi lên quá lớn (tối đa 5 MB): hãy gửi vướng mắc trước, rồi đính kèm từng tệp sau.',
};

const STATUS_OF_CODE: Partial<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  INVALID_OPERATION: 422,
  FORBIDDEN_ACTION: 403,
  NOT_FOUND: 404,
};

/** The global error handler, with the campaign's own reason messages (this plugin's routes only). */
export function campaignErrorHandler(...args: Parameters<typeof errorHandler>) {
  const [error, , reply] = args;
  // A JSON body over the 5 MB limit (attachments sent as base64): Fastify's 413, explained in Vietnamese.
  if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return reply.status(413).send({
      error: {
        code: 'VALIDATION_FAILED',
        message: CAMPAIGN_REASON_MESSAGES.REQUEST_TOO_LARGE,
        details: {
          reason: 'REQUEST_TOO_LARGE',
          issues: [{ path: '', message: CAMPAIGN_REASON_MESSAGES.REQUEST_TOO_LARGE }],
        },
      },
    });
  if (error instanceof AppError && typeof error.details.reason === 'string') {
    const message = CAMPAIGN_REASON_MESSAGES[error.details.reason];
    const status = STATUS_OF_CODE[error.code];
    if (message && status) {
      // Operations name the reason of a field issue by its code (app/ holds no UI text): the text goes here.
      const issues = Array.isArray(error.details.issues)
        ? (error.details.issues as Array<{ path: string; message: string }>).map((i) =>
            i.message === error.details.reason ? { ...i, message } : i,
          )
        : undefined;
      const details = issues ? { ...error.details, issues } : error.details;
      return reply.status(status).send({ error: { code: error.code, message, details } });
    }
  }
  return errorHandler(...args);
}

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng yyyy-mm-dd');
const CampaignBody = z.object({
  name: z.string().trim().min(3, 'Tên chiến dịch quá ngắn').max(300, 'Tên chiến dịch quá dài'),
  startsOn: IsoDay,
  endsOn: IsoDay,
  referenceDate: IsoDay,
  freezeAt: z.iso
    .datetime({ offset: true, message: 'Thời điểm khóa dữ liệu không hợp lệ' })
    .nullable()
    .default(null),
  /** The rules switched off for this campaign (codes of the error catalogue); absent: unchanged / in force. */
  disabledRules: z.array(z.string().max(60)).max(500).optional(),
  excludedRootIds: z.array(z.number().int().positive()).max(100).default([]),
});
const IdParams = z.object({ id: z.coerce.number().int().positive() });
const OrgParams = z.object({ orgId: z.coerce.number().int().positive() });
const OrgQuery = z.object({ orgId: z.coerce.number().int().positive().optional() });
const Version = z.number().int().min(0);

export async function campaignRoutes(app: ZodApp) {
  app.setErrorHandler(campaignErrorHandler);
  const tags = ['campaign'];

  app.get(
    '/api/campaigns',
    { schema: { tags, summary: 'Campaigns, newest first (history kept)' } },
    async (req) => ({
      items: await campaigns.listCampaigns(req.ctx),
    }),
  );
  app.get(
    '/api/campaigns/current',
    { schema: { tags, summary: 'The open campaign, or null' } },
    async (req) => ({
      campaign: await campaigns.getCurrentCampaign(req.ctx),
    }),
  );
  app.post(
    '/api/campaigns',
    { schema: { tags, summary: 'Open a campaign (national system administrator)', body: CampaignBody } },
    async (req, reply) => reply.status(201).send(await campaigns.createCampaign(req.ctx, req.body)),
  );
  app.put(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Change the open campaign',
        params: IdParams,
        body: CampaignBody.extend({ version: z.number().int().positive() }),
      },
    },
    (req) => {
      const { version, ...input } = req.body;
      return campaigns.updateCampaign(req.ctx, req.params.id, input, version);
    },
  );
  app.post(
    '/api/campaigns/:id/close',
    {
      schema: {
        tags,
        summary: 'Close the campaign',
        params: IdParams,
        body: z.object({ version: z.number().int() }),
      },
    },
    (req) => campaigns.closeCampaign(req.ctx, req.params.id, req.body.version),
  );

  app.get(
    '/api/campaign/units/:orgId',
    {
      schema: { tags, summary: 'Campaign status, responsibility and history of one unit', params: OrgParams },
    },
    (req) => getUnitCampaign(req.ctx, req.params.orgId),
  );
  app.post(
    '/api/campaign/units/:orgId/actions',
    {
      schema: {
        tags,
        summary: 'Start, confirm, check, return or resume the organization or member data of a unit',
        params: OrgParams,
        body: z.object({
          part: z.enum(CAMPAIGN_PARTS, 'Phần dữ liệu không hợp lệ'),
          action: z.enum(UNIT_ACTIONS, 'Thao tác không hợp lệ'),
          reason: z.string().trim().max(2000, 'Lý do quá dài').nullish(),
          version: Version,
        }),
      },
    },
    (req) => actOnUnit(req.ctx, { orgId: req.params.orgId, ...req.body }),
  );
  app.put(
    '/api/campaign/units/:orgId/responsibility',
    {
      schema: {
        tags,
        summary: 'Responsible person and assigned accounts of a unit',
        params: OrgParams,
        body: z.object({
          personName: z
            .string()
            .trim()
            .min(2, 'Nhập họ tên người chịu trách nhiệm')
            .max(200, 'Họ tên quá dài'),
          position: z.string().trim().max(200, 'Chức vụ quá dài').nullable().default(null),
          contact: z.string().trim().max(200, 'Thông tin liên hệ quá dài').nullable().default(null),
          accountIds: z.array(z.number().int().positive()).max(50).default([]),
          version: Version,
        }),
      },
    },
    (req) => setResponsibility(req.ctx, { orgId: req.params.orgId, ...req.body }),
  );

  app.get(
    '/api/campaign/tree-statuses',
    {
      schema: {
        tags,
        summary:
          'Campaign status of both parts and the responsible person of tree nodes (ids, comma-separated)',
        querystring: z.object({
          orgIds: z
            .string()
            .regex(/^\d+(,\d+)*$/, 'Danh sách mã tổ chức không hợp lệ')
            .transform((v) => [...new Set(v.split(',').map(Number))])
            .refine((ids) => ids.length <= 1000, 'Tối đa 1000 tổ chức mỗi lần'),
        }),
      },
    },
    (req) => listTreeUnitStatuses(req.ctx, req.query.orgIds),
  );
  app.get(
    '/api/campaign/units/:orgId/assignable-accounts',
    {
      schema: {
        tags,
        summary: 'Active accounts the caller may assign to the unit (at, above or below it, within scope)',
        params: OrgParams,
      },
    },
    (req) => listAssignableAccounts(req.ctx, req.params.orgId),
  );
  app.get(
    '/api/campaign/progress',
    {
      schema: {
        tags,
        summary: 'One level of the dashboard: the unit, its children, rules, lagging units, days left',
        querystring: OrgQuery,
      },
    },
    (req) => getProgress(req.ctx, req.query.orgId ?? null),
  );
  app.get(
    '/api/campaign/burndown',
    { schema: { tags, summary: 'Open errors per day against the deadline', querystring: OrgQuery } },
    (req) => getBurndown(req.ctx, req.query.orgId ?? null),
  );
  app.get(
    '/api/campaign/notifications',
    { schema: { tags, summary: 'Notification list of the header' } },
    (req) => listNotifications(req.ctx),
  );
  app.get(
    '/api/campaign/exports/:kind',
    {
      schema: {
        tags,
        summary: 'Excel export (streamed): progress, lagging, findings, members-with-errors',
        params: z.object({ kind: z.enum(EXPORT_KINDS, 'Loại báo cáo không hợp lệ') }),
        querystring: OrgQuery,
      },
    },
    async (req, reply) => {
      const write = await prepareExport(req.ctx, req.params.kind, req.query.orgId ?? null);
      const stream = new PassThrough();
      write(stream).catch((error: unknown) => {
        req.log.error({ err: error }, 'campaign export failed');
        stream.destroy(error as Error);
      });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${EXPORT_FILE_NAMES[req.params.kind]}"`)
        .send(stream);
    },
  );
  app.get(
    '/api/campaign/report.pdf',
    {
      schema: {
        tags,
        summary:
          'Báo cáo kết quả rà soát, làm sạch dữ liệu of one level as a PDF (the country, or orgId); audited as an export',
        querystring: OrgQuery,
      },
    },
    async (req, reply) => {
      const pdf = await buildCampaignReportPdf(req.ctx, req.query.orgId ?? null);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .send(pdf.bytes);
    },
  );
}
