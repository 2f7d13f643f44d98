import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import type { Content } from 'pdfmake';
import { CATALOGUE, isRuleCode } from '../../core/quality/catalogue.ts';
import { foldForSearch } from '../../core/text/fold.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import type { UnitStatus } from '../../core/campaign/status-machine.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { getProgress } from './progress-queries.ts';

// pdfmake 0.3 on Node: `require('pdfmake')` is one configured instance (setFonts, createPdf(doc).getBuffer()),
// not the PdfPrinter class of 0.2. Its Roboto files cover Vietnamese (Latin Extended Additional).
const require = createRequire(import.meta.url);
const pdfmake = require('pdfmake') as typeof import('pdfmake');
type DocumentDefinition = Parameters<typeof pdfmake.createPdf>[0];
const FONT_DIR = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

let isConfigured = false;
function configurePdfmake(): void {
  if (isConfigured) return;
  pdfmake.setFonts({
    Roboto: {
      normal: join(FONT_DIR, 'Roboto-Regular.ttf'),
      bold: join(FONT_DIR, 'Roboto-Medium.ttf'),
      italics: join(FONT_DIR, 'Roboto-Italic.ttf'),
      bolditalics: join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
    },
  });
  // The document is built from our data only: no URL is fetched, and only the font files are read from disk.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => resolve(path).startsWith(FONT_DIR + sep));
  isConfigured = true;
}

const STATUS_LABELS: Record<UnitStatus, string> = {
  not_started: 'Chưa bắt đầu',
  in_progress: 'Đang làm sạch',
  confirmed: 'Đã xác nhận',
  checked: 'Đã kiểm tra',
  returned: 'Trả lại',
};
const STATUSES = Object.keys(STATUS_LABELS) as UnitStatus[];
const SEVERITY_LABELS: Record<string, string> = { error: 'Lỗi', warning: 'Cảnh báo', fix: 'Chuẩn hóa' };

const vnDay = (isoDay: string) => isoDay.split('-').reverse().join('/');
const num = (n: number) => n.toLocaleString('vi-VN');

/** "Đảng bộ tỉnh Tuyên Quang" → "dang-bo-tinh-tuyen-quang": an ASCII file name any browser saves as is. */
function slug(name: string): string {
  return (
    foldForSearch(name)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'don-vi'
  );
}

function table(
  header: string[],
  rows: Array<Array<string | number>>,
  widths: Array<number | string>,
): Content {
  return {
    table: {
      headerRows: 1,
      widths,
      body: [
        header.map((h) => ({ text: h, bold: true, fillColor: '#eeeeee' })),
        ...rows.map((r) =>
          r.map((v) => (typeof v === 'number' ? { text: num(v), alignment: 'right' as const } : v)),
        ),
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: 9,
    margin: [0, 4, 0, 12],
  };
}

/**
 * "Báo cáo kết quả rà soát, làm sạch dữ liệu" of one level as a PDF: the same numbers as the printable report
 * page (getProgress: the unit, its status counts, its children, the open findings by rule). Scope-checked by
 * getProgress (an organization outside the caller's scope is NOT_FOUND) and audited as an export.
 */
export async function buildCampaignReportPdf(
  ctx: Ctx,
  orgId: number | null,
): Promise<{ fileName: string; bytes: Buffer }> {
  requirePermission(ctx, 'org.read');
  const p = await getProgress(ctx, orgId);
  const isNational = orgId === null && ctx.scope.kind === 'national';
  const unitName = p.unit.name;
  const fileName = `bao-cao-ra-soat-${isNational ? 'toan-quoc' : slug(unitName)}-${p.today}.pdf`;
  const title = 'BÁO CÁO KẾT QUẢ RÀ SOÁT, LÀM SẠCH DỮ LIỆU';
  const { organization, members } = p.unit.statusCounts;
  const doc: DocumentDefinition = {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 48],
    info: {
      title: `${title} — ${unitName}`,
      subject: unitName,
      author: 'CSDL Đảng viên 4.0',
      creator: 'CSDL Đảng viên 4.0',
    },
    defaultStyle: { font: 'Roboto', fontSize: 11 },
    footer: (page: number, pages: number) => ({
      text: `Trang ${page}/${pages}`,
      alignment: 'center',
      fontSize: 8,
      color: '#666666',
    }),
    content: [
      { text: title, bold: true, fontSize: 15, alignment: 'center', margin: [0, 0, 0, 6] },
      {
        text: `${unitName} — ${p.campaign.name} (từ ${vnDay(p.campaign.startsOn)} đến ${vnDay(p.campaign.endsOn)}), số liệu ngày ${vnDay(p.today)}`,
        alignment: 'center',
        margin: [0, 0, 0, 14],
      },
      { text: '1. Kết quả chung', bold: true, margin: [0, 0, 0, 4] },
      {
        text:
          `Tổng số đảng viên: ${num(p.unit.members)}; còn lỗi: ${num(p.unit.membersWithErrors)}; ` +
          `tỷ lệ sạch: ${p.unit.percentClean}%; lỗi đang mở: ${num(p.unit.openErrors)}; ` +
          `cảnh báo: ${num(p.unit.openWarnings)}; số tổ chức: ${num(p.unit.units)}; ` +
          `còn ${p.daysLeft} ngày đến hạn.`,
        margin: [0, 0, 0, 12],
      },
      { text: '2. Trạng thái xác nhận', bold: true },
      table(
        ['Phần dữ liệu', ...STATUSES.map((s) => STATUS_LABELS[s])],
        [
          ['Tổ chức đảng', ...STATUSES.map((s) => organization[s])],
          ['Đảng viên', ...STATUSES.map((s) => members[s])],
        ],
        ['*', 60, 60, 60, 60, 50],
      ),
      { text: '3. Kết quả theo đơn vị trực thuộc', bold: true },
      p.children.length === 0
        ? { text: 'Không có đơn vị trực thuộc.', italics: true, margin: [0, 4, 0, 12] }
        : table(
            ['Đơn vị', 'Đảng viên', 'Còn lỗi', '% sạch', 'Lỗi mở'],
            p.children.map((c) => [
              c.name,
              c.members,
              c.membersWithErrors,
              `${c.percentClean}%`,
              c.openErrors,
            ]),
            ['*', 60, 55, 45, 50],
          ),
      { text: '4. Các lỗi còn tồn tại', bold: true },
      p.rules.length === 0
        ? { text: 'Không còn lỗi đang mở.', italics: true, margin: [0, 4, 0, 12] }
        : table(
            ['Nhóm', 'Mã lỗi', 'Nội dung', 'Mức độ', 'Số lượng'],
            p.rules.map((r) => [
              r.group,
              r.rule,
              isRuleCode(r.rule) ? CATALOGUE[r.rule].title : '',
              SEVERITY_LABELS[r.severity] ?? r.severity,
              r.count,
            ]),
            [35, 110, '*', 50, 50],
          ),
    ],
  };
  configurePdfmake();
  const bytes = await pdfmake.createPdf(doc).getBuffer();
  await recordAudit(ctx.db, {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action: 'campaign.report.export',
    entity: 'export',
    entityId: isNational ? 'national' : p.unit.orgId,
    provinceCode: isNational || p.unit.provinceCode === '' ? null : p.unit.provinceCode,
    after: { campaignId: p.campaign.id, orgId, format: 'pdf', fileName, bytes: bytes.length },
    requestId: ctx.requestId,
  });
  return { fileName, bytes };
}
