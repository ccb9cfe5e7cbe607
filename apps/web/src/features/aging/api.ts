import { useQuery } from '@tanstack/react-query';
import type { CaseInstallments } from '@recova/contracts';
import { api } from '../../shared/api';

/** A case's installment schedule with FIFO settlement and today's DPD and bucket (issue 6). */
export function useInstallments(caseId: number) {
  return useQuery({ queryKey: ['installments', caseId], queryFn: () => api.get<CaseInstallments>(`/cases/${caseId}/installments`) });
}
