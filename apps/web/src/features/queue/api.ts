/** My queue (GET /api/queue), saved views (/api/queue/views) and the team lead view (GET /api/team/overview). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueueFilter, QueuePage, QueueView, TeamOverview } from '@recova/contracts';
import { api } from '../../shared/api';

export const queueParams = (f: QueueFilter) => ({ ...f, reasons: f.reasons?.length ? f.reasons.join(',') : undefined });

export function useQueue(f: QueueFilter) {
  return useQuery({ queryKey: ['queue', f], queryFn: () => api.get<QueuePage>('/queue', { ...queueParams(f), limit: 200 }), placeholderData: keepPreviousData });
}

export function useQueueViews() {
  return useQuery({ queryKey: ['queue-views'], queryFn: () => api.get<{ items: QueueView[] }>('/queue/views').then((r) => r.items) });
}

export function useSaveQueueView() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (v: { name: string; filter: QueueFilter }) => api.post<QueueView>('/queue/views', v), onSuccess: () => void qc.invalidateQueries({ queryKey: ['queue-views'] }) });
}

export function useDeleteQueueView() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => api.del<void>(`/queue/views/${id}`), onSuccess: () => void qc.invalidateQueries({ queryKey: ['queue-views'] }) });
}

export function useTeamOverview(date: string | undefined, idleDays: number) {
  return useQuery({ queryKey: ['team-overview', date, idleDays], queryFn: () => api.get<TeamOverview>('/team/overview', { date, idleDays }), placeholderData: keepPreviousData });
}
