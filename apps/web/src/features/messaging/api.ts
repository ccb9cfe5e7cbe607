/**
 * Messaging, letters and assists API hooks (issue 5 items 6-7): templates, preview/send/history,
 * letters (generate, list, status), assists (request, queue, take, complete), notifications.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssistItem, LetterItem, MessageItem, MessageTemplate, MessagingSettingsView, NotificationItem, PreviewResult } from '@recova/contracts';
import { api, request } from '../../shared/api';

export function useTemplates(channel?: string, all = false) {
  return useQuery({ queryKey: ['templates', channel ?? 'all', all], queryFn: () => api.get<{ items: MessageTemplate[] }>('/message-templates', { channel, all: all ? '1' : undefined }).then((r) => r.items) });
}
export function useSaveTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { id?: number; body: Record<string, unknown> }) =>
      b.id ? api.patch<MessageTemplate>(`/message-templates/${b.id}`, b.body) : api.post<MessageTemplate>('/message-templates', b.body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['templates'] }),
  });
}
export function useTemplateVersions(id: number | null) {
  return useQuery({ queryKey: ['templates', 'versions', id], enabled: !!id, queryFn: () => api.get<{ items: Array<{ version: number; subject: string | null; body: string; editedBy: string | null; editedAt: string }> }>(`/message-templates/${id}/versions`).then((r) => r.items) });
}

export function useMessagingSettings(enabled: boolean) {
  return useQuery({ queryKey: ['messaging', 'settings'], enabled, queryFn: () => api.get<MessagingSettingsView>('/messaging/settings') });
}
export function useSaveMessagingSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { part: 'sms' | 'email' | 'profile'; body: unknown }) => request<MessagingSettingsView>('PUT', `/messaging/settings/${b.part}`, b.body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['messaging', 'settings'] }),
  });
}

export function usePreview(caseId: number) {
  return useMutation({ mutationFn: (b: { templateId: number; phoneId?: number }) => api.post<PreviewResult>(`/cases/${caseId}/messages/preview`, b) });
}
export function useSendMessage(caseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { templateId: number; phoneId?: number; to?: string; sourceRef: string }) => api.post<{ message: MessageItem; duplicate: boolean }>(`/cases/${caseId}/messages`, b),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['messages', caseId] }),
  });
}
export function useCaseMessages(caseId: number) {
  return useQuery({ queryKey: ['messages', caseId], queryFn: () => api.get<{ items: MessageItem[] }>(`/cases/${caseId}/messages`).then((r) => r.items) });
}

export function useLetters(params: { caseId?: number; status?: string }) {
  return useQuery({ queryKey: ['letters', params], queryFn: () => api.get<{ items: LetterItem[] }>('/letters', params).then((r) => r.items) });
}
export function useGenerateLetters() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { templateId: number; caseIds: number[] }) => api.post<{ letters: LetterItem[]; blocked: Array<{ caseId: number; letterNo: string | null; reasons: string[] }>; printBatch: string | null }>('/letters', b),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['letters'] }),
  });
}
export function useLetterStatus() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (b: { ids: number[]; status: string }) => api.post('/letters/status', b), onSettled: () => void qc.invalidateQueries({ queryKey: ['letters'] }) });
}

export function useAssistTeams(enabled: boolean) {
  return useQuery({ queryKey: ['assists', 'teams'], enabled, queryFn: () => api.get<{ items: Array<{ id: number; name: string }> }>('/assists/teams').then((r) => r.items) });
}
export function useCaseAssists(caseId: number) {
  return useQuery({ queryKey: ['assists', 'case', caseId], queryFn: () => api.get<{ items: AssistItem[] }>(`/cases/${caseId}/assists`).then((r) => r.items) });
}
export function useRequestAssist(caseId: number) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (b: { type: string; teamId: number; note?: string }) => api.post<AssistItem>(`/cases/${caseId}/assists`, b), onSuccess: () => void qc.invalidateQueries({ queryKey: ['assists'] }) });
}
export function useAssistQueue(overdue: boolean) {
  return useQuery({ queryKey: ['assists', 'queue', overdue], queryFn: () => api.get<{ items: AssistItem[] }>('/assists/queue', { overdue: overdue ? '1' : undefined }).then((r) => r.items) });
}
export function useAssistAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { id: number; action: 'take' | 'complete'; result?: string }) => api.post<AssistItem>(`/assists/${b.id}/${b.action}`, b.action === 'complete' ? { result: b.result } : {}),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['assists'] }),
  });
}

export function useNotifications() {
  return useQuery({ queryKey: ['notifications'], refetchInterval: 60_000, queryFn: () => api.get<{ items: NotificationItem[]; unread: number }>('/notifications') });
}
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => api.post('/notifications/read', {}), onSuccess: () => void qc.invalidateQueries({ queryKey: ['notifications'] }) });
}

/** A fresh idempotency key for one send dialog (the same key on a retry sends once). */
export const newSourceRef = () => `ui-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
