import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Settings } from '@recova/contracts';
import { api } from '../../shared/api';

export const SETTINGS_KEY = ['settings'] as const;

/** System settings (every signed-in user reads them: the watermark flag, the password policy). */
export function useSettings(enabled = true) {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: () => api.get<Settings>('/settings'), enabled, staleTime: 60_000 });
}

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<Settings>) => api.patch<Settings>('/settings', patch),
    onSuccess: (s) => qc.setQueryData(SETTINGS_KEY, s),
  });
}
