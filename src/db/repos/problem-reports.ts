import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Tx } from '../client.ts';
import { orgInScope, type Scope } from './scope.ts';

export type ProblemCategory = 'technical' | 'data' | 'access';
export type ProblemStatus = 'open' | 'answered' | 'resolved';
export type ProblemLevel = 'province' | 'centre';

export interface ProblemReport {
  id: number;
  campaignId: number | null;
  orgId: number;
  orgName: string;
  orgPath: string;
  provinceCode: string;
  category: ProblemCategory;
  title: string;
  body: string;
  level: ProblemLevel;
  status: ProblemStatus;
  assigneeId: number | null;
  assigneeName: string | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

interface Raw {
  id: number;
  campaign_id: number | null;
  org_id: number;
  org_name: string;
  org_path: string;
  province_code: string;
  category: ProblemCategory;
  title: string;
  body: string;
  level: ProblemLevel;
  status: ProblemStatus;
  assignee_id: number | null;
  assignee_name: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: unknown;
  updated_at: unknown;
  version: number;
}

const iso = (v: unknown) => new Date(v as string).toISOString();
const toReport = (r: Raw): ProblemReport => ({
  id: Number(r.id),
  campaignId: r.campaign_id === null ? null : Number(r.campaign_id),
  orgId: Number(r.org_id),
  orgName: r.org_name,
  orgPath: r.org_path,
  provinceCode: r.province_code,
  category: r.category,
  title: r.title,
  body: r.body,
  level: r.level,
  status: r.status,
  assigneeId: r.assignee_id === null ? null : Number(r.assignee_id),
  assigneeName: r.assignee_name,
  createdBy: r.created_by === null ? null : Number(r.created_by),
  createdByName: r.created_by_name,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
  version: r.version,
});

const SELECT = sql`SELECT p.*, o.name AS org_name, o.path AS org_path FROM problem_reports p
  JOIN organizations o ON o.id = p.org_id`;

export async function insertProblemReport(
  tx: Tx,
  input: {
    campaignId: number | null;
    orgId: number;
    provinceCode: string;
    category: ProblemCategory;
    title: string;
    body: string;
    actorId: number;
    actorName: string;
  },
): Promise<number> {
  const { rows } = await sql<{
    id: number;
  }>`INSERT INTO problem_reports (campaign_id, org_id, province_code, category,
      title, body, created_by, created_by_name)
    VALUES (${input.campaignId}, ${input.orgId}, ${input.provinceCode}, ${input.category}, ${input.title}, ${input.body},
      ${input.actorId}, ${input.actorName}) RETURNING id`.execute(tx);
  return Number(rows[0]!.id);
}

/** One report whose unit lies in the scope; NOT_FOUND otherwise. */
export async function getProblemReport(
  tx: Tx,
  scope: Scope,
  id: number,
  lock = false,
): Promise<ProblemReport> {
  const { rows } = await sql<Raw>`${SELECT} WHERE p.id = ${id} AND ${orgInScope(scope, 'o')}
    ${lock ? sql`FOR UPDATE OF p` : sql``}`.execute(tx);
  if (!rows[0]) throw new AppError('NOT_FOUND', { entity: 'problemReport', id });
  return toReport(rows[0]);
}

export async function listProblemReports(
  tx: Tx,
  scope: Scope,
  q: { status?: ProblemStatus | undefined; level?: ProblemLevel | undefined; limit: number; offset: number },
) {
  const where = sql`${orgInScope(scope, 'o')} ${q.status ? sql`AND p.status = ${q.status}` : sql``}
    ${q.level ? sql`AND p.level = ${q.level}` : sql``}`;
  const { rows } = await sql<Raw>`${SELECT} WHERE ${where} ORDER BY p.updated_at DESC, p.id DESC
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(tx);
  const { rows: count } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM problem_reports p
    JOIN organizations o ON o.id = p.org_id WHERE ${where}`.execute(tx);
  return { items: rows.map(toReport), total: Number(count[0]?.n ?? 0) };
}

export async function updateProblemReport(
  tx: Tx,
  id: number,
  version: number,
  set: {
    level?: ProblemLevel;
    status?: ProblemStatus;
    assigneeId?: number | null;
    assigneeName?: string | null;
    escalatedBy?: number;
  },
): Promise<void> {
  const result = await sql`UPDATE problem_reports SET
      level = coalesce(${set.level ?? null}, level),
      status = coalesce(${set.status ?? null}, status),
      assignee_id = ${set.assigneeId === undefined ? sql`assignee_id` : sql`${set.assigneeId}`},
      assignee_name = ${set.assigneeName === undefined ? sql`assignee_name` : sql`${set.assigneeName}`},
      escalated_at = ${set.escalatedBy === undefined ? sql`escalated_at` : sql`now()`},
      escalated_by = ${set.escalatedBy === undefined ? sql`escalated_by` : sql`${set.escalatedBy}`},
      resolved_at = CASE WHEN ${set.status ?? null}::text = 'resolved' THEN now() ELSE resolved_at END,
      version = version + 1, updated_at = now()
    WHERE id = ${id} AND version = ${version}`.execute(tx);
  if (Number(result.numAffectedRows ?? 0) === 0)
    throw new AppError('VERSION_CONFLICT', { entity: 'problemReport', id });
}

export async function insertReply(
  tx: Tx,
  input: {
    reportId: number;
    body: string;
    kind: 'reply' | 'escalation' | 'resolution';
    actorId: number;
    actorName: string;
  },
): Promise<void> {
  await sql`INSERT INTO problem_report_replies (report_id, body, kind, author_id, author_name)
    VALUES (${input.reportId}, ${input.body}, ${input.kind}, ${input.actorId}, ${input.actorName})`.execute(
    tx,
  );
}

export async function listReplies(tx: Tx, reportId: number) {
  const { rows } = await sql<{
    id: number;
    body: string;
    kind: string;
    author_name: string | null;
    at: unknown;
  }>`
    SELECT id, body, kind, author_name, at FROM problem_report_replies WHERE report_id = ${reportId}
    ORDER BY at, id`.execute(tx);
  return rows.map((r) => ({
    id: Number(r.id),
    body: r.body,
    kind: r.kind,
    authorName: r.author_name,
    at: iso(r.at),
  }));
}

export async function insertAttachment(
  tx: Tx,
  a: {
    reportId: number;
    fileName: string;
    contentType: string;
    size: number;
    sha256: string;
    storageName: string;
    actorId: number;
  },
): Promise<void> {
  await sql`INSERT INTO problem_report_attachments (report_id, file_name, content_type, size, sha256, storage_name,
      uploaded_by)
    VALUES (${a.reportId}, ${a.fileName}, ${a.contentType}, ${a.size}, ${a.sha256}, ${a.storageName}, ${a.actorId})`.execute(
    tx,
  );
}

export async function listAttachments(tx: Tx, reportId: number) {
  const { rows } = await sql<{
    id: number;
    file_name: string;
    content_type: string;
    size: number;
    storage_name: string;
  }>`
    SELECT id, file_name, content_type, size, storage_name FROM problem_report_attachments
    WHERE report_id = ${reportId} ORDER BY id`.execute(tx);
  return rows.map((r) => ({
    id: Number(r.id),
    fileName: r.file_name,
    contentType: r.content_type,
    size: Number(r.size),
    storageName: r.storage_name,
  }));
}
