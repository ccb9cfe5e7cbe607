import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BatchItem, ImportItem } from '@recova/contracts';
import { api } from '../../shared/api';

export interface BatchInput {
  clientId?: number;
  batchNo: string;
  placementDate: string;
  expectedReturnDate: string;
  region?: string | null;
  productType?: string | null;
  commissionRate?: string | null;
  remarks?: string | null;
}

export function useBatches(clientId?: number) {
  return useQuery({
    queryKey: ['batches', { clientId: clientId ?? null }],
    queryFn: () => api.get<{ items: BatchItem[] }>('/batches', { clientId }).then((r) => r.items),
  });
}

export function useBatch(id: number) {
  return useQuery({ queryKey: ['batch', id], queryFn: () => api.get<BatchItem>(`/batches/${id}`), enabled: id > 0 });
}

/** Import history of a batch; polls every 2 s while an import is running. */
export function useBatchImports(id: number) {
  return useQuery({
    queryKey: ['batch', id, 'imports'],
    queryFn: () => api.get<{ items: ImportItem[] }>(`/batches/${id}/imports`).then((r) => r.items),
    enabled: id > 0,
    refetchInterval: (q) => ((q.state.data ?? []).some((i) => i.status === 'running') ? 2000 : false),
  });
}

function useInvalidateBatches() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['batches'] });
    void qc.invalidateQueries({ queryKey: ['batch'] });
    void qc.invalidateQueries({ queryKey: ['clients'] });
  };
}

export function useSaveBatch() {
  const invalidate = useInvalidateBatches();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: BatchInput }) => {
      if (id) {
        const { clientId: _ignored, ...rest } = body;
        return api.patch<BatchItem>(`/batches/${id}`, rest);
      }
      return api.post<BatchItem>('/batches', body);
    },
    onSuccess: invalidate,
  });
}

export function useDeleteBatch() {
  const invalidate = useInvalidateBatches();
  return useMutation({ mutationFn: (id: number) => api.del<void>(`/batches/${id}`), onSuccess: invalidate });
}

export function useCloseBatch() {
  const invalidate = useInvalidateBatches();
  return useMutation({ mutationFn: (id: number) => api.post<BatchItem>(`/batches/${id}/close`), onSuccess: invalidate });
}

/** `PUT /api/batches/:id/queue-settings` — the first-contact deadline (days) of a batch's new cases. */
export function useSetFirstContactDays(id: number) {
  const invalidate = useInvalidateBatches();
  return useMutation({
    mutationFn: (firstContactDays: number) => api.put<{ firstContactDays: number }>(`/batches/${id}/queue-settings`, { firstContactDays }),
    onSuccess: invalidate,
  });
}
