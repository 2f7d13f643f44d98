import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from './client.ts';

/** The migration from 3.0 (src/http/routes/imports.ts): upload, preview, import job, runs. */
export type PackageFileKind = 'organizations' | 'members';

export interface UploadedPackage {
  id: string;
  packageName: string;
  files: Array<{ name: string; size: number }>;
  provinceCode: string | null;
  uploadedAt: string;
}

export interface MappedColumn {
  index: number;
  header: string;
  canonical: string | null;
  matchedBy: 'synonym' | 'user' | null;
  candidates: string[];
}

export interface ColumnMapping {
  kind: PackageFileKind;
  columns: MappedColumn[];
  missingRequired: string[];
  unknownHeaders: string[];
  duplicates: Array<{ canonical: string; columns: Array<{ index: number; header: string }> }>;
}

export interface RejectedRow {
  file: string;
  rowNumber: number;
  column: string | null;
  reason: string;
  messageVi: string;
}

export interface FilePreview {
  kind: PackageFileKind;
  name: string;
  size: number;
  sha256: string | null;
  mapping: ColumnMapping;
  error: { code: string; messageVi: string } | null;
  firstRows: Array<{ rowNumber: number; values: Record<string, string> }>;
  rowsScanned: number;
  rejectedTotal: number;
  rejectedRows: RejectedRow[];
}

export interface PackagePreview {
  upload: UploadedPackage;
  shape: string;
  files: FilePreview[];
  scanLimit: number;
  columns: Record<PackageFileKind, string[]>;
  requiredColumns: Record<PackageFileKind, string[]>;
}

export type MappingOverrides = Partial<
  Record<PackageFileKind, Array<{ index: number; canonical: string | null }>>
>;

export type ImportPhase = 'reading-organizations' | 'organizations' | 'members' | 'merging' | 'reconciling';

export interface ImportJob {
  jobId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  packageName: string;
  provinceCode: string | null;
  phase: ImportPhase | null;
  done: number;
  total: number | null;
  result: { runId: number; provinceCode: string; isComplete: boolean } | null;
  error: { message: string; code?: string; details?: Record<string, unknown> } | null;
}

export interface KindTotals {
  sourceRows: number;
  rejected: number;
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  matched: number;
  targetTotal: number;
}

export interface ReconciliationReport {
  runId: number;
  provinceCode: string;
  packageName: string;
  generatedAt: string;
  files: Array<{ kind: string; name: string; size: number; sha256: string | null }>;
  totals: Record<PackageFileKind, KindTotals>;
  checksums: Record<PackageFileKind, { rows: number; sha256Sum: string }>;
  perOrganization: Array<{
    legacyCode: string;
    name: string;
    sourceMembers: number;
    targetMembers: number;
    difference: number;
  }>;
  rejectedRows: RejectedRow[];
  rejectedTotal: number;
  reattachedOrganizations: string[];
  isComplete: boolean;
}

export interface ImportRun {
  id: number;
  provinceCode: string | null;
  packageName: string;
  status: 'running' | 'succeeded' | 'failed' | 'rejected' | 'rolled_back';
  rejectedCount: number;
  errorMessage: string | null;
  actorName: string | null;
  startedAt: string;
  finishedAt: string | null;
  report?: ReconciliationReport | null;
}

/** Uploads the package files as multipart (field "files"); errors come back as ApiError like every call. */
export function useUploadPackage() {
  return useMutation({
    mutationFn: async (files: File[]) => {
      const form = new FormData();
      for (const file of files) form.append('files', file, file.name);
      const response = await fetch('/api/imports/uploads', {
        method: 'POST',
        body: form,
        credentials: 'include',
      });
      const payload = (await response.json().catch(() => undefined)) as unknown;
      if (!response.ok) {
        const error = (
          payload as { error?: { code?: string; message?: string; details?: Record<string, unknown> } }
        )?.error;
        throw new ApiError(
          error?.code ?? 'INTERNAL',
          error?.message ?? 'Không tải lên được tệp.',
          response.status,
          error?.details ?? {},
        );
      }
      return payload as UploadedPackage;
    },
  });
}

export function usePreviewPackage() {
  return useMutation({
    mutationFn: (input: { uploadId: string; mappingOverrides?: MappingOverrides }) =>
      api.post<PackagePreview>(`/api/imports/uploads/${input.uploadId}/preview`, {
        ...(input.mappingOverrides ? { mappingOverrides: input.mappingOverrides } : {}),
      }),
  });
}

export function useStartImport() {
  return useMutation({
    mutationFn: (input: {
      uploadId: string;
      mappingOverrides?: MappingOverrides;
      acceptRejectedRows: boolean;
    }) => api.post<{ jobId: string }>('/api/imports', input),
  });
}

/** Polls the job every second until it ends. */
export function useImportJob(jobId: string | undefined) {
  return useQuery({
    queryKey: ['imports', 'job', jobId] as const,
    queryFn: ({ signal }) => api.get<ImportJob>(`/api/imports/jobs/${jobId}`, undefined, signal),
    enabled: Boolean(jobId),
    refetchInterval: (query) =>
      query.state.data && (query.state.data.status === 'succeeded' || query.state.data.status === 'failed')
        ? false
        : 1000,
  });
}

export function useImportRun(runId: number | undefined) {
  return useQuery({
    queryKey: ['imports', 'run', runId] as const,
    queryFn: ({ signal }) => api.get<ImportRun>(`/api/imports/runs/${runId}`, undefined, signal),
    enabled: runId !== undefined,
  });
}

export function useImportRuns() {
  return useQuery({
    queryKey: ['imports', 'runs'] as const,
    queryFn: ({ signal }) => api.get<{ items: ImportRun[] }>('/api/imports/runs', undefined, signal),
  });
}

export function useInvalidateImportRuns() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['imports', 'runs'] });
}

export const reportXlsxUrl = (runId: number) => `/api/imports/runs/${runId}/report.xlsx`;
