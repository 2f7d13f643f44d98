import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiDownload, apiUpload } from './client.ts';

/** Problem reports (vướng mắc) of the campaign: src/http/routes/problem-reports.ts. */
export type ProblemCategory = 'technical' | 'data' | 'access';
export type ProblemStatus = 'open' | 'answered' | 'resolved';
export type ProblemAction = 'reply' | 'escalate' | 'resolve';

export interface ProblemReport {
  id: number;
  orgId: number;
  orgName: string;
  category: ProblemCategory;
  title: string;
  body: string;
  level: 'province' | 'centre';
  status: ProblemStatus;
  assigneeName: string | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ProblemAttachment {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
}

export interface ProblemReportDetail extends ProblemReport {
  replies: Array<{
    id: number;
    body: string;
    kind: 'reply' | 'escalation' | 'resolution' | (string & {});
    authorName: string | null;
    at: string;
  }>;
  attachments: ProblemAttachment[];
  permissions: { canReply: boolean; canEscalate: boolean; canResolve: boolean; handles: boolean };
}

/** The server's limits (src/app/problem-reports/problem-report-operations.ts). */
export const MAX_ATTACHMENT_BYTES = 3 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_REPORT = 10;
/** Files chosen in one go (filing or one answer); the server counts up to 10 per report. */
export const MAX_FILES_PER_SEND = 5;
/** The extensions the server accepts (it also checks that the content matches the extension). */
export const ATTACHMENT_EXTENSIONS = [
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'webp',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'csv',
  'txt',
] as const;

export const problemReportKeys = {
  all: ['problem-reports'] as const,
  list: ['problem-reports', 'list'] as const,
  detail: (id: number) => ['problem-reports', 'detail', id] as const,
};

export function useProblemReports() {
  return useQuery({
    queryKey: problemReportKeys.list,
    queryFn: ({ signal }) =>
      api.get<{ items: ProblemReport[]; total: number }>('/api/problem-reports', { limit: 200 }, signal),
  });
}

export function useProblemReport(id: number) {
  return useQuery({
    queryKey: problemReportKeys.detail(id),
    queryFn: ({ signal }) => api.get<ProblemReportDetail>(`/api/problem-reports/${id}`, undefined, signal),
  });
}

/** Sends one file (multipart, field `file`): POST /api/problem-reports/:id/attachments. */
function uploadAttachment(id: number, file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload<ProblemReportDetail>(`/api/problem-reports/${id}/attachments`, form);
}

export interface FilingResult {
  report: ProblemReportDetail;
  /** Files the server refused (type, size, count…): the report itself is filed. */
  failed: Array<{ fileName: string; error: unknown }>;
}

/**
 * Files a report, then attaches each file on its own request: the server's JSON body is limited to 5 MB, so
 * files are not sent as base64 inside the report (the server's advice: "gửi vướng mắc trước, rồi đính kèm").
 */
export function useCreateProblemReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: {
      orgId: number;
      category: ProblemCategory;
      title: string;
      body: string;
      files: File[];
    }): Promise<FilingResult> => {
      const { files, ...rest } = input;
      const created = await api.post<ProblemReportDetail>('/api/problem-reports', rest);
      const failed: FilingResult['failed'] = [];
      let report = created;
      for (const file of files) {
        try {
          report = await uploadAttachment(created.id, file);
        } catch (error) {
          failed.push({ fileName: file.name, error });
        }
      }
      return { report, failed };
    },
    onSuccess: ({ report }) => {
      qc.setQueryData(problemReportKeys.detail(report.id), report);
      void qc.invalidateQueries({ queryKey: problemReportKeys.list });
    },
  });
}

export function useProblemAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; action: ProblemAction; body: string; version: number }) =>
      api.post<ProblemReportDetail>(`/api/problem-reports/${v.id}/actions`, {
        action: v.action,
        body: v.body,
        version: v.version,
      }),
    onSuccess: (data) => {
      qc.setQueryData(problemReportKeys.detail(data.id), data);
      void qc.invalidateQueries({ queryKey: problemReportKeys.list });
    },
    onError: () => void qc.invalidateQueries({ queryKey: problemReportKeys.all }),
  });
}

/** Adds files to a report, one multipart request per file; stops at the first refusal. */
export function useUploadProblemAttachments() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, files }: { id: number; files: File[] }) => {
      for (const file of files) {
        try {
          await uploadAttachment(id, file);
        } catch (error) {
          throw Object.assign(error instanceof Error ? error : new Error(String(error)), {
            fileName: file.name,
          });
        }
      }
    },
    onSettled: (_data, _error, { id }) =>
      void qc.invalidateQueries({ queryKey: problemReportKeys.detail(id) }),
  });
}

export function attachmentUrl(reportId: number, attachmentId: number): string {
  return `/api/problem-reports/${reportId}/attachments/${attachmentId}`;
}

export function downloadAttachment(reportId: number, a: ProblemAttachment): Promise<void> {
  return apiDownload(attachmentUrl(reportId, a.id), undefined, a.fileName);
}
