/** Current user (GET /auth/me) as a React Query, with login/logout helpers and permission checks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, Permission } from '@recova/contracts';
import { api, ApiError } from '../shared/api';

export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/auth/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api.post<Me>('/auth/login', body),
    onSuccess: (me) => {
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
