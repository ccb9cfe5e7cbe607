import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role, TeamItem, UserItem } from '@recova/contracts';
import { api } from '../../shared/api';

export interface CreateUserInput {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  clientId?: number | null;
  teamId?: number | null;
}

export function useUsers() {
  return useQuery({ queryKey: ['users', 'all'], queryFn: () => api.get<{ items: UserItem[] }>('/users').then((r) => r.items) });
}

export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: () => api.get<{ items: TeamItem[] }>('/teams').then((r) => r.items) });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserInput) => api.post<UserItem>('/users', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useCreateTeam() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<TeamItem>('/teams', { name }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['teams'] }),
  });
}
