/** Export requests (approval of large exports) and the export download with its approval check. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExportRequestItem } from '@recova/contracts';
import { api, ApiError, apiUrl, downloadPost, saveResponse, type QueryValue } from '../../shared/api';

export function useExportRequests() {
  return useQuery({ queryKey: ['export-requests'], queryFn: () => api.get<{ items: ExportRequestItem[] }>('/export-requests').then((r) => r.items) });
}

export function useDecideExport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; decision: 'approve' | 'reject' }) => api.post<ExportRequestItem>(`/export-requests/${v.id}/${v.decision}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['export-requests'] }),
  });
}

/**
 * Export cases (POST with the filter in the body, so search numbers never reach a URL). Resolves to
 * the export request id when the server answers 409 EXPORT_APPROVAL_REQUIRED, to null when the file
 * was saved; other errors throw ApiError.
 */
export async function exportOrRequest(filter: Record<string, unknown>, reveal: boolean): Promise<number | null> {
  try {
    await downloadPost('/cases/export', { filter, reveal }, 'cases.xlsx');
    return null;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'EXPORT_APPROVAL_REQUIRED') return Number(e.details[0]?.value);
    throw e;
  }
}

/**
 * Download `path` (GET, same-origin cookie; used for an approved export request). Resolves to the
 * export request id when the server answers 409 EXPORT_APPROVAL_REQUIRED, to null when the file was
 * saved; other errors throw ApiError.
 */
export async function downloadOrRequest(path: string, params: Record<string, QueryValue> | undefined, fallback: string): Promise<number | null> {
  const res = await fetch(apiUrl(path, params), { credentials: 'same-origin' });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    if (body?.code === 'EXPORT_APPROVAL_REQUIRED') return Number(body.details?.[0]?.value);
    throw new ApiError(res.status, body, `HTTP ${res.status}`);
  }
  await saveResponse(res, fallback);
  return null;
}
