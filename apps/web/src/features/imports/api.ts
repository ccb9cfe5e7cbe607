import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FieldInfo, ImportItem, ImportPreview, ImportKind, MappingOptions } from '@recova/contracts';
import { api } from '../../shared/api';
import type { ColumnTarget } from './targets';

export function useFields() {
  return useQuery({
    queryKey: ['fields'],
    queryFn: () => api.get<{ fields: FieldInfo[]; contactFields: FieldInfo[] }>('/fields'),
    staleTime: Infinity,
  });
}

export function uploadImport(args: { batchId: number; kind: ImportKind; file: File; encoding?: string }): Promise<ImportPreview> {
  const fd = new FormData();
  // Text fields first so a streaming multipart parser sees them before the file.
  fd.append('batchId', String(args.batchId));
  fd.append('kind', args.kind);
  if (args.encoding) fd.append('encoding', args.encoding);
  fd.append('file', args.file, args.file.name);
  return api.post<ImportPreview>('/imports', fd);
}

export function usePreview() {
  return useMutation({
    mutationFn: ({ id, sheet, encoding }: { id: number; sheet?: string; encoding?: string }) =>
      api.post<ImportPreview>(`/imports/${id}/preview`, { sheet, encoding }),
  });
}

export interface CommitInput {
  sheet?: string;
  mapping: { column: number; header: string; target: ColumnTarget }[];
  options: MappingOptions;
  saveAsTemplate: boolean;
  allOrNothing: boolean;
}

export function useCommit() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: CommitInput }) => api.post<ImportItem>(`/imports/${id}/commit`, body),
  });
}

const TERMINAL = new Set(['committed', 'failed']);
export const isTerminal = (s: string | undefined) => !!s && TERMINAL.has(s);

/** One import; polled every 500 ms until it is committed or failed. */
export function useImport(id: number | null, poll: boolean) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ['import', id],
    enabled: !!id,
    queryFn: async () => {
      const item = await api.get<ImportItem>(`/imports/${id}`);
      if (isTerminal(item.status)) {
        void qc.invalidateQueries({ queryKey: ['batch'] });
        void qc.invalidateQueries({ queryKey: ['batches'] });
        void qc.invalidateQueries({ queryKey: ['cases'] });
        void qc.invalidateQueries({ queryKey: ['clients'] });
      }
      return item;
    },
    refetchInterval: (q) => (poll && !isTerminal(q.state.data?.status) ? 500 : false),
  });
}
