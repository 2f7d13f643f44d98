import { COMMON } from '../i18n/vi.ts';

/** The error codes of docs/api.md, plus NETWORK when the server could not be reached at all. */
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'FORBIDDEN_ACTION'
  | 'NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'VERSION_CONFLICT'
  | 'INVALID_OPERATION'
  | 'FROZEN'
  | 'INTERNAL'
  | 'NETWORK'
  | (string & {});

/** An operation error of the API: `{ error: { code, message, details } }`, message already in Vietnamese. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: ApiErrorCode, message: string, status: number, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** `details.issues` of VALIDATION_FAILED. */
export function validationIssues(error: unknown): Array<{ path: string; message: string }> {
  if (!isApiError(error, 'VALIDATION_FAILED')) return [];
  const issues = error.details['issues'];
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return [];
    const { path, message } = issue as { path?: unknown; message?: unknown };
    const pathText = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
    return typeof message === 'string' ? [{ path: pathText, message }] : [];
  });
}

let onUnauthenticated: () => void = () => {
  if (window.location.pathname !== '/dang-nhap') window.location.assign('/dang-nhap');
};

/** The app replaces the default (a full page load) with a router navigation that keeps the SPA alive. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, signal } = options;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      credentials: 'include',
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError('NETWORK', COMMON.networkError, 0);
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;

  const error = toApiError(response.status, payload);
  if (error.code === 'UNAUTHENTICATED') onUnauthenticated();
  throw error;
}

function toApiError(status: number, payload: unknown): ApiError {
  const body = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  const code = typeof body?.code === 'string' ? body.code : status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL';
  const message = typeof body?.message === 'string' && body.message ? body.message : fallbackMessage(status);
  const details =
    typeof body?.details === 'object' && body.details !== null
      ? (body.details as Record<string, unknown>)
      : {};
  return new ApiError(code, message, status, details);
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.';
  if (status === 403) return 'Tài khoản không có quyền thực hiện thao tác này.';
  if (status === 404) return 'Không tìm thấy dữ liệu hoặc dữ liệu nằm ngoài phạm vi được phân quyền.';
  if (status === 502 || status === 503 || status === 504) return COMMON.networkError;
  return COMMON.unexpectedError;
}

/** Multipart upload (apiRequest sends JSON only); errors come back as ApiError like every other call. */
export async function apiUpload<T>(path: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      body: form,
      credentials: 'include',
      headers: { Accept: 'application/json' },
    });
  } catch {
    throw new ApiError('NETWORK', COMMON.networkError, 0);
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;
  const error = toApiError(response.status, payload);
  if (error.code === 'UNAUTHENTICATED') onUnauthenticated();
  throw error;
}

/** The file name of a `content-disposition` header (RFC 5987 `filename*` first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // a malformed header: fall through to the plain name
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1]?.trim() ?? fallback;
}

/**
 * Downloads a file through fetch rather than a plain link, so that a refusal shows the server's Vietnamese
 * message instead of leaving the user on a page of JSON.
 */
export async function apiDownload(
  path: string,
  query: Query | undefined,
  fallbackName: string,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), { credentials: 'include' });
  } catch {
    throw new ApiError('NETWORK', COMMON.networkError, 0);
  }
  if (!response.ok) {
    const payload: unknown = await response.json().catch(() => undefined);
    const error = toApiError(response.status, payload);
    if (error.code === 'UNAUTHENTICATED') onUnauthenticated();
    throw error;
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
};
