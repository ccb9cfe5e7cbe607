/** Current user (GET /auth/me) as a React Query, with login/logout helpers and permission checks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, Permission, SessionMe } from '@recova/contracts';
import { api, ApiError, setCsrfToken } from '../shared/api';

export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<SessionMe | null> {
  try {
    const me = await api.get<SessionMe>('/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string; totp?: string }) => api.post<SessionMe>('/auth/login', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.clear();
      qc.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    },
  });
}

export function hasPermission(me: Me | null | undefined, p: Permission): boolean {
  return !!me && me.permissions.includes(p);
}

/** Permission check for the signed-in user (false while loading or signed out). */
export function useCan(): (p: Permission) => boolean {
  const { data } = useMe();
  return (p) => hasPermission(data, p);
}
