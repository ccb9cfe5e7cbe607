/** Allocation API hooks (issue 6): collectors' profiles, preview/commit, return. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AllocationCommitResult, AllocationPreview, AllocationRequestInput, CollectorProfile } from '@recova/contracts';
import { api, request } from '../../shared/api';

export function useAllocCollectors(enabled = true) {
  return useQuery({ queryKey: ['allocation', 'collectors'], queryFn: () => api.get<{ items: CollectorProfile[] }>('/allocations/collectors').then((r) => r.items), enabled });
}

export function usePreviewAllocation() {
  return useMutation({ mutationFn: (body: AllocationRequestInput) => api.post<AllocationPreview>('/allocations/preview', body) });
}

export function useCommitAllocation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { request: AllocationRequestInput; token: string; reason: string }) => api.post<AllocationCommitResult>('/allocations/commit', body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void qc.invalidateQueries({ queryKey: ['allocation'] });
    },
  });
}

export interface ReturnInput {
  selection: { caseIds: number[] } | { filter: Record<string, unknown> };
  reason: 'batch_expiry' | 'client_request';
  note?: string;
}

export function useReturnCases() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReturnInput) => api.post<{ allocationId: number; returned: number; skipped: number }>('/allocations/return', body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void qc.invalidateQueries({ queryKey: ['allocation'] });
    },
  });
}

export interface ProfileInput {
  capacity: number;
  regions: string[] | null;
  products: string[] | null;
  languages: string[] | null;
  skill: number;
}

export function useSetProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ProfileInput & { id: number }) => request<CollectorProfile>('PUT', `/allocations/collectors/${id}`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['allocation', 'collectors'] }),
  });
}
