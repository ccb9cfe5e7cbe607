import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TotpSetup } from '@recova/contracts';
import { api, setCsrfToken } from '../../shared/api';
import { ME_KEY } from '../../app/auth';

/** Own password change; the server ends the other sessions. Refreshes `me` (clears mustChangePassword). */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<{ ok: true; endedSessions: number }>('/auth/password', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ME_KEY }),
  });
}

export function useTotpSetup() {
  return useMutation({ mutationFn: () => api.post<TotpSetup>('/auth/totp/setup') });
}

export function useTotpEnable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<{ ok: true }>('/auth/totp/enable', { code }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ME_KEY }),
  });
}

export function useTotpDisable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api.post<{ ok: true }>('/auth/totp/disable', { password }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ME_KEY }),
  });
}

/** Sign out on every device; this one included. */
export function useLogoutAll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true; endedSessions: number }>('/auth/logout-all'),
    onSuccess: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    },
  });
}
