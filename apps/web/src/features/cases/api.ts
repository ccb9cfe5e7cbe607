import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail, CaseFilter, CaseListItem, UserItem } from '@recova/contracts';
import { api } from '../../shared/api';

export type CaseSort = 'id' | 'placedAmount' | 'dpd' | 'debtorName' | 'placementDate' | 'clientCaseRef';
export interface CaseListParams extends CaseFilter {
  sort: CaseSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export function useCases(params: CaseListParams) {
  return useQuery({
    queryKey: ['cases', 'list', params],
    // POST: the search text may be an ID, card or phone number, which must never be in a URL
    queryFn: () => api.post<{ items: CaseListItem[]; total: number; more?: boolean }>('/cases/search', params),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: number) {
  return useQuery({ queryKey: ['cases', 'detail', id], queryFn: () => api.get<CaseDetail>(`/cases/${id}`), enabled: id > 0 });
}

export function useCollectors(enabled: boolean) {
  return useQuery({
    queryKey: ['users', { role: 'collector' }],
    queryFn: () => api.get<{ items: UserItem[] }>('/users', { role: 'collector' }).then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });
}

export type CaseAction = 'pause' | 'close' | 'resume' | 'assign';
export interface CaseActionInput {
  action: CaseAction;
  reason: string;
  assigneeId?: number | null;
  selection: { caseIds: number[] } | { filter: CaseFilter };
}

export function useCaseAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseActionInput) => api.post<{ affected: number }>('/cases/actions', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['cases'] }),
  });
}
