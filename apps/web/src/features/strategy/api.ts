import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ArmReportRow, DailyRunInfo, DryRunResult, StrategyDetail, StrategySegment, StrategySummary } from '@recova/contracts';
import { api, request } from '../../shared/api';

export function useStrategies() {
  return useQuery({ queryKey: ['strategies'], queryFn: () => api.get<{ items: StrategySummary[] }>('/strategies').then((r) => r.items) });
}
export function useStrategy(id: number | null, version?: number) {
  return useQuery({ queryKey: ['strategies', id, version ?? 'current'], queryFn: () => api.get<StrategyDetail>(`/strategies/${id}${version ? `?version=${version}` : ''}`), enabled: id !== null });
}
export function useSaveStrategy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { id: number | null; name: string; clientId: number | null; segments: StrategySegment[]; note?: string }) =>
      b.id === null
        ? api.post<StrategyDetail>('/strategies', { name: b.name, clientId: b.clientId, segments: b.segments, ...(b.note && { note: b.note }) })
        : request<StrategyDetail>('PUT', `/strategies/${b.id}`, { name: b.name, segments: b.segments, ...(b.note && { note: b.note }) }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['strategies'] }),
  });
}
export function useSetActive() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { id: number; active: boolean }) => api.post<StrategyDetail>(`/strategies/${b.id}/${b.active ? 'activate' : 'deactivate'}`, {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['strategies'] }),
  });
}
export function useDryRun() {
  return useMutation({ mutationFn: (b: { id: number; date?: string }) => api.post<DryRunResult>(`/strategies/${b.id}/dry-run`, b.date ? { date: b.date } : {}) });
}
export function useDailyRuns() {
  return useQuery({ queryKey: ['daily-runs'], queryFn: () => api.get<{ items: DailyRunInfo[] }>('/daily-runs').then((r) => r.items) });
}
export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { date?: string }) => api.post<{ day: string; status: string }>('/daily-runs', b.date ? { date: b.date } : {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['daily-runs'] }),
  });
}
export function useArmReport(q: { from: string; to: string } | null) {
  return useQuery({ queryKey: ['strategy-report', q], queryFn: () => api.get<{ items: ArmReportRow[] }>(`/strategy-report?from=${q!.from}&to=${q!.to}`).then((r) => r.items), enabled: !!q });
}
