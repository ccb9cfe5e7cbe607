/** Audit log API hooks (GET /api/audit, GET /api/audit/actions, POST /api/audit/verify; all `audit.read`). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditEntry, AuditVerifyResult } from '@recova/contracts';
import { api } from '../../shared/api';

/** Filters as sent: `from`/`to` ISO instants (to exclusive), `action` exact or prefix ending in `.`. */
export interface AuditFilters {
  userId?: number;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export function useAuditEntries(f: AuditFilters) {
  return useQuery({
    queryKey: ['audit', f],
    queryFn: () => api.get<{ items: AuditEntry[]; total: number }>('/audit', { ...f }),
    placeholderData: keepPreviousData,
  });
}

export function useAuditActions() {
  return useQuery({ queryKey: ['audit', 'actions'], queryFn: () => api.get<string[]>('/audit/actions') });
}

/** The check is itself audited, so the list is refreshed afterwards. */
export function useVerifyAudit() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => api.post<AuditVerifyResult>('/audit/verify'), onSuccess: () => void qc.invalidateQueries({ queryKey: ['audit'] }) });
}

/** i18n key of an action (`case.pause` → `audit.actions.case_pause`); the raw action is the fallback. */
export const actionKey = (action: string) => `audit.actions.${action.replace(/\./g, '_')}`;
