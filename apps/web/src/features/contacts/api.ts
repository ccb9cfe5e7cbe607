/** Contacts API hooks: timeline, recording, contactability, flags, codes, debtor cases, compliance report. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CSRF_HEADER, type CaseFlagItem, type ComplianceReason, type ComplianceReport, type ContactCodeItem, type ContactRecordCreated, type ContactRecordItem, type Contactability, type CreateContactRecordInput, type DebtorCaseItem } from '@recova/contracts';
import { api, ApiError, request } from '../../shared/api';
import { useMe } from '../../app/auth';

export const contactKeys = {
  records: (caseId: number) => ['contacts', 'records', caseId] as const,
  contactability: (caseId: number) => ['contacts', 'contactability', caseId] as const,
  flags: (caseId: number) => ['contacts', 'flags', caseId] as const,
};

export function useContactRecords(caseId: number) {
  return useQuery({ queryKey: contactKeys.records(caseId), queryFn: () => api.get<{ items: ContactRecordItem[] }>(`/cases/${caseId}/contact-records`).then((r) => r.items) });
}

export function useContactability(caseId: number) {
  return useQuery({ queryKey: contactKeys.contactability(caseId), queryFn: () => api.get<Contactability>(`/cases/${caseId}/contactability`), refetchInterval: 60_000 });
}

export function useContactCodes() {
  return useQuery({ queryKey: ['contacts', 'codes'], queryFn: () => api.get<{ items: ContactCodeItem[] }>('/contact-codes').then((r) => r.items), staleTime: 60_000 });
}

export function useDebtorCases(caseId: number) {
  return useQuery({ queryKey: ['contacts', 'debtor-cases', caseId], queryFn: () => api.get<{ items: DebtorCaseItem[] }>(`/cases/${caseId}/debtor-cases`).then((r) => r.items) });
}

export function useFlags(caseId: number) {
  return useQuery({ queryKey: contactKeys.flags(caseId), queryFn: () => api.get<{ items: CaseFlagItem[] }>(`/cases/${caseId}/flags`).then((r) => r.items) });
}

/** The 409 answer of a blocked contact: the engine's reasons and when it would next be allowed. */
export class ComplianceBlocked extends Error {
  constructor(public readonly reasons: ComplianceReason[], public readonly nextAllowedAt: string | null) {
    super('COMPLIANCE_BLOCKED');
  }
}

function invalidateCase(qc: ReturnType<typeof useQueryClient>, caseId: number) {
  for (const k of [contactKeys.records(caseId), contactKeys.contactability(caseId), contactKeys.flags(caseId), ['cases', 'detail', caseId]]) void qc.invalidateQueries({ queryKey: k });
}

/** Record a contact; a blocked attempt rejects with {@link ComplianceBlocked} (the attempt is still on the timeline). */
export function useCreateRecord(caseId: number) {
  const qc = useQueryClient();
  const me = useMe().data;
  return useMutation({
    mutationFn: async (body: CreateContactRecordInput) => {
      const res = await fetch(`/api/cases/${caseId}/contact-records`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...(me?.csrfToken && { [CSRF_HEADER]: me.csrfToken }) },
        body: JSON.stringify(body),
      });
      const json = await res.json().catch(() => null);
      if (res.status === 409 && json?.code === 'COMPLIANCE_BLOCKED') throw new ComplianceBlocked(json.details ?? [], json.nextAllowedAt ?? null);
      if (!res.ok) throw new ApiError(res.status, json, `HTTP ${res.status}`);
      return json as ContactRecordCreated;
    },
    onSettled: () => invalidateCase(qc, caseId),
  });
}

export function useAddNote(caseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { recordId: number; body: string }) => api.post(`/contact-records/${v.recordId}/notes`, { body: v.body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: contactKeys.records(caseId) }),
  });
}

export function useSetFlag(caseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { flag: string; level: 'case' | 'person'; phoneId?: number; note?: string; until?: string }) => api.post<{ id: number }>(`/cases/${caseId}/flags`, v),
    onSuccess: () => invalidateCase(qc, caseId),
  });
}

export function useClearFlag(caseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; reason: string }) => api.post(`/case-flags/${v.id}/clear`, { reason: v.reason }),
    onSuccess: () => invalidateCase(qc, caseId),
  });
}

export function usePutCode() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (c: ContactCodeItem) => {
      const { kind, code, ...body } = c;
      return request<ContactCodeItem>('PUT', `/contact-codes/${kind}/${code}`, body);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['contacts', 'codes'] }),
  });
}

export function useComplianceReport(from: string, to: string) {
  return useQuery({ queryKey: ['reports', 'compliance', from, to], queryFn: () => api.get<ComplianceReport>('/reports/compliance', { from, to }) });
}
