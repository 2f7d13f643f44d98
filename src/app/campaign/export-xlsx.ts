import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { neutralizeFormula } from '../import/write-reconciliation-xlsx.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as orgs from '../../db/repos/organizations.ts';
import { orgInScope, orgInSubtree } from '../../db/repos/scope.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { getProgress } from './progress-queries.ts';

type Cell = string | number | null;
const cell = (v: Cell): string | number =>
  v === null ? '' : typeof v === 'number' ? v : neutralizeFormula(v);

export const EXPORT_KINDS = ['progress', 'lagging', 'findings', 'members-with-errors'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_FILE_NAMES: Record<ExportKind, string> = {
  progress: 'tien-do-lam-sach.xlsx',
  lagging: 'don-vi-cham-tien-do.xlsx',
  findings: 'danh-sach-loi.xlsx',
  'members-with-errors': 'dang-vien-con-loi.xlsx',
};

/**
 * Streams one export as .xlsx (ExcelJS WorkbookWriter: rows are committed as they are written, so memory
 * stays flat for a province's million rows). Every text cell is neutralized against formula injection.
 * Checks scope before the first byte, so an out-of-scope request still answers 404.
 */
export async function prepareExport(ctx: Ctx, kind: ExportKind, orgId: number | null) {
  requirePermission(ctx, kind === 'members-with-errors' ? 'member.read' : 'org.read');
  const org = orgId === null ? null : await orgs.getOrganization(ctx.db, ctx.scope, orgId);
  const progress = kind === 'progress' || kind === 'lagging' ? await getProgress(ctx, orgId) : null;
  // An export lists organizations or people: audited like every export, once the scope check passed.
  await recordAudit(ctx.db, {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action: 'campaign.export',
    entity: 'export',
    entityId: org?.id ?? (ctx.scope.kind === 'national' ? 'national' : ctx.scope.orgId),
    provinceCode: org?.provinceCode ?? (ctx.scope.kind === 'subtree' ? ctx.scope.provinceCode : null),
    after: { kind, orgId, format: 'xlsx', fileName: EXPORT_FILE_NAMES[kind] },
    requestId: ctx.requestId,
  });
  return async (output: Writable): Promise<void> => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
    const sheet = (name: string, header: string[], widths: number[]) => {
      const s = workbook.addWorksheet(name);
      s.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 16 }));
      s.getRow(1).font = { bold: true };
      return s;
    };
    if (progress) {
      const rows = kind === 'lagging' ? progress.lagging : progress.children;
      const s = sheet(
        kind === 'lagging' ? 'Đơn vị chậm tiến độ' : 'Tiến độ',
        [
          'Đơn vị',
          'Số đảng viên',
          'Đảng viên còn lỗi',
          '% sạch',
          'Lỗi đang mở',
          'Cảnh báo',
          'Số tổ chức',
          'TC chưa bắt đầu',
          'TC đã xác nhận',
          'TC đã kiểm tra',
          'ĐV chưa bắt đầu',
          'ĐV đã xác nhận',
          'ĐV đã kiểm tra',
          'Trả lại',
        ],
        [44, 14, 16, 10, 14, 12, 12, 14, 14, 14, 14, 14, 14, 10],
      );
      for (const r of rows) {
        const o = r.statusCounts.organization;
        const m = r.statusCounts.members;
        s.addRow(
          [
            r.name,
            r.members,
            r.membersWithErrors,
            r.percentClean,
            r.openErrors,
            r.openWarnings,
            r.units,
            o.not_started,
            o.confirmed,
            o.checked,
            m.not_started,
            m.confirmed,
            m.checked,
            o.returned + m.returned,
          ].map((v) => cell(v)),
        ).commit();
      }
      s.commit();
    } else {
      const subtree = org ? orgInSubtree(org.path, 'o') : orgInScope(ctx.scope, 'o');
      const s =
        kind === 'findings'
          ? sheet(
              'Danh sách lỗi',
              [
                'Tổ chức',
                'Loại hồ sơ',
                'Mã hồ sơ',
                'Nhóm',
                'Mã lỗi',
                'Trường',
                'Mức độ',
                'Giá trị',
                'Đề xuất',
              ],
              [40, 12, 16, 10, 28, 20, 10, 30, 30],
            )
          : sheet(
              'Đảng viên còn lỗi',
              ['Tổ chức', 'Mã đảng viên', 'Họ và tên', 'Ngày sinh', 'Số lỗi', 'Các mã lỗi'],
              [40, 16, 28, 12, 8, 60],
            );
      let after = 0;
      // Keyset pages in id order: never one huge result in memory.
      for (;;) {
        const rows =
          kind === 'findings'
            ? (
                await sql<{
                  id: number;
                  org: string;
                  record_type: string;
                  legacy_id: string | null;
                  rule_group: string;
                  rule: string;
                  field: string;
                  severity: string;
                  value: string;
                  suggested: string | null;
                }>`
                  SELECT f.id, o.name AS org, f.record_type, f.legacy_id, f.rule_group, f.rule, f.field, f.severity,
                    f.value, f.suggested
                  FROM findings f JOIN organizations o ON o.id = f.org_id
                  WHERE f.status = 'open' AND ${subtree} AND f.id > ${after} ORDER BY f.id LIMIT 5000`.execute(
                  ctx.db,
                )
              ).rows.map((r) => ({
                id: Number(r.id),
                cells: [
                  r.org,
                  r.record_type === 'member' ? 'Đảng viên' : 'Tổ chức',
                  r.legacy_id,
                  r.rule_group,
                  r.rule,
                  r.field,
                  r.severity === 'error' ? 'Lỗi' : r.severity === 'warning' ? 'Cảnh báo' : 'Chuẩn hóa',
                  r.value,
                  r.suggested,
                ] as Cell[],
              }))
            : (
                await sql<{
                  id: number;
                  org: string;
                  legacy_id: string | null;
                  full_name: string;
                  birth_date: string | null;
                  n: number;
                  rules: string;
                }>`
                  SELECT m.id, o.name AS org, m.legacy_id, m.full_name, m.birth_date, count(*)::int AS n,
                    string_agg(DISTINCT f.rule, ', ') AS rules
                  FROM members m JOIN organizations o ON o.id = m.org_id
                  JOIN findings f ON f.record_type = 'member' AND f.record_id = m.id AND f.status = 'open'
                    AND f.severity = 'error'
                  WHERE m.merged_into_id IS NULL AND ${subtree} AND m.id > ${after}
                  GROUP BY m.id, o.name ORDER BY m.id LIMIT 5000`.execute(ctx.db)
              ).rows.map((r) => ({
                id: Number(r.id),
                cells: [r.org, r.legacy_id, r.full_name, r.birth_date, Number(r.n), r.rules] as Cell[],
              }));
        for (const r of rows) s.addRow(r.cells.map(cell)).commit();
        if (rows.length < 5000) break;
        after = rows[rows.length - 1]!.id;
      }
      s.commit();
    }
    await workbook.commit();
  };
}
