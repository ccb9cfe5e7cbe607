/**
 * Thin fetch wrapper for the Recova API: same-origin cookie session, JSON in and out,
 * errors thrown as {@link ApiError} carrying the server's `{ code, message, details }`.
 * State-changing requests (JSON and multipart alike) carry the session's CSRF token in
 * `x-csrf-token` (OWASP synchronizer token); the token comes from login and `GET /auth/me`.
 */
import { CSRF_HEADER, type ErrorBody, type ErrorDetail } from '@recova/contracts';

let csrfToken: string | null = null;

/** Remember the session's CSRF token (from login or /auth/me); null on sign-out. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  constructor(status: number, body: Partial<ErrorBody> | null, fallback: string) {
    super(body?.message || fallback);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code || (status === 0 ? 'NETWORK' : 'INTERNAL');
    this.details = Array.isArray(body?.details) ? body!.details : [];
  }
}

export type QueryValue = string | number | boolean | null | undefined;

/** Builds `?a=1&b=2`, leaving out empty values. */
export function toQueryString(params: Record<string, QueryValue> | undefined): string {
  if (!params) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

async function parseError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  return new ApiError(res.status, body, `HTTP ${res.status}`);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (method !== 'GET' && csrfToken) (init.headers as Record<string, string>)[CSRF_HEADER] = csrfToken;
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}`, init);
  } catch (e) {
    throw new ApiError(0, { message: e instanceof Error ? e.message : String(e) }, 'Network error');
  }
  if (!res.ok) throw await parseError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, params?: Record<string, QueryValue>) => request<T>('GET', path + toQueryString(params)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** Absolute same-origin URL for a download link (the session cookie goes with it). */
export function apiUrl(path: string, params?: Record<string, QueryValue>): string {
  return `/api${path}${toQueryString(params)}`;
}

/**
 * POST a JSON body and save the binary answer as a file (exports: the filter travels in the body, so
 * numbers searched for never appear in a URL). Same credentials and headers as {@link request}.
 */
export async function downloadPost(path: string, body: unknown, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    const headers: Record<string, string> = { Accept: '*/*', 'Content-Type': 'application/json' };
    if (csrfToken) headers[CSRF_HEADER] = csrfToken;
    res = await fetch(`/api${path}`, { method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { message: e instanceof Error ? e.message : String(e) }, 'Network error');
  }
  if (!res.ok) throw await parseError(res);
  await saveResponse(res, fallbackName);
}

/** Save a fetched file under the server's file name (content-disposition), else `fallbackName`. */
export async function saveResponse(res: Response, fallbackName: string): Promise<void> {
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
