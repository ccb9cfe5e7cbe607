/** Access administration API: permission matrix, departments, team → department, user access. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DataScope, DepartmentItem, Permission, Role, RoleMatrixItem, UserAccessItem } from '@recova/contracts';
import { api, request } from '../../shared/api';
import { ME_KEY } from '../../app/auth';

export function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: () => api.get<{ items: RoleMatrixItem[] }>('/roles').then((r) => r.items) });
}

export function useUpdateRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { role: Role; permissions: Permission[] }) => request<RoleMatrixItem>('PUT', `/roles/${v.role}`, { permissions: v.permissions }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['roles'] });
      void qc.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

export function useDepartments(enabled = true) {
  return useQuery({ queryKey: ['departments'], enabled, queryFn: () => api.get<{ items: DepartmentItem[] }>('/departments').then((r) => r.items) });
}

export function useCreateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<DepartmentItem>('/departments', { name }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['departments'] }),
  });
}

export function useSetTeamDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { teamId: number; departmentId: number | null }) => api.patch(`/teams/${v.teamId}`, { departmentId: v.departmentId }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['departments'] }),
  });
}

export function useUserAccess(enabled = true) {
  return useQuery({ queryKey: ['users', 'access'], enabled, queryFn: () => api.get<{ items: UserAccessItem[] }>('/user-access').then((r) => r.items) });
}

export interface UserAccessInput {
  displayName?: string;
  role?: Role;
  teamId?: number | null;
  departmentId?: number | null;
  dataScope?: DataScope | null;
  clientId?: number | null;
  clientIds?: number[];
  active?: boolean;
}

export function useUpdateUserAccess() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; body: UserAccessInput }) => api.patch<UserAccessItem>(`/users/${v.id}`, v.body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['users'] }),
  });
}
