import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClientItem } from '@recova/contracts';
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
