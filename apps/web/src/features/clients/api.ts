import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClientItem, ClientPaymentSettings } from '@recova/contracts';
import { api } from '../../shared/api';

export interface CreateClientInput {
  code: string;
  name: string;
  currency: string;
  timezone: string;
  remarks?: string | null;
}

export function useClients(enabled = true) {
  return useQuery({
    queryKey: ['clients'],
    queryFn: () => api.get<{ items: ClientItem[] }>('/clients').then((r) => r.items),
    enabled,
  });
}

export function useCreateClient() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateClientInput) => api.post<ClientItem>('/clients', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['clients'] }),
  });
}

/** A client's payment settings: allocation order of a repayment and the promise grace floor (days). */
export function useClientPaymentSettings(clientId: number | null) {
  return useQuery({
    queryKey: ['client', clientId, 'payment-settings'],
    queryFn: () => api.get<ClientPaymentSettings>(`/clients/${clientId}/payment-settings`),
    enabled: clientId !== null,
  });
}

export function useSaveClientPaymentSettings(clientId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ClientPaymentSettings) => api.put<ClientPaymentSettings>(`/clients/${clientId}/payment-settings`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['client', clientId, 'payment-settings'] }),
  });
}
