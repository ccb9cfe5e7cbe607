/** Payments and promises of a case (GET/POST /api/cases/:id/payments…, GET /api/cases/:id/promises). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PaymentItem, PromiseItem } from '@recova/contracts';
import { api } from '../../shared/api';

export function usePayments(caseId: number) {
  return useQuery({ queryKey: ['payments', caseId], queryFn: () => api.get<{ items: PaymentItem[] }>(`/cases/${caseId}/payments`).then((r) => r.items) });
}

export function usePromises(caseId: number) {
  return useQuery({ queryKey: ['promises', caseId], queryFn: () => api.get<{ items: PromiseItem[] }>(`/cases/${caseId}/promises`).then((r) => r.items) });
}

/** After any payment change the case's balances, promises and the queue change too. */
function useRefresh(caseId: number) {
  const qc = useQueryClient();
  return () => {
    for (const k of [['payments', caseId], ['promises', caseId], ['cases'], ['queue']]) void qc.invalidateQueries({ queryKey: k });
  };
}

export interface NewPayment { amount: number; paidOn: string; channel?: string; reference?: string; note?: string }

export function useCreatePayment(caseId: number) {
  const refresh = useRefresh(caseId);
  return useMutation({ mutationFn: (body: NewPayment) => api.post<PaymentItem>(`/cases/${caseId}/payments`, body), onSuccess: refresh });
}

export function useDecidePayment(caseId: number) {
  const refresh = useRefresh(caseId);
  return useMutation({
    mutationFn: (p: { id: number; action: 'approve' | 'reject' | 'reverse'; reason?: string }) =>
      api.post<PaymentItem>(`/cases/${caseId}/payments/${p.id}/${p.action}`, p.action === 'approve' ? {} : { reason: p.reason }),
    onSuccess: refresh,
  });
}
