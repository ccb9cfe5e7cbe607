/**
 * Messaging contracts (issue 5 items 6-7): templates, provider settings, SMS/e-mail sends, letters,
 * assisted collection (协催) and notifications. Money in these shapes is never sent: rendered text is.
 */
import { z } from 'zod';

/** Template channel and locale. */
export const TEMPLATE_CHANNELS = ['sms', 'email', 'letter'] as const;
export const TEMPLATE_LOCALES = ['zh-CN', 'en-US'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Create a template (codes.manage). `subject` is required for e-mail (it is a template too). */
export const CreateTemplateBody = z
  .object({
    code: z.string().trim().min(1).max(60).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
    channel: z.enum(TEMPLATE_CHANNELS),
    locale: z.enum(TEMPLATE_LOCALES),
    name: z.string().trim().min(1).max(120),
    subject: z.string().max(300).nullish(),
    body: z.string().min(1).max(20_000),
  })
  .refine((b) => b.channel !== 'email' || !!b.subject?.trim(), { path: ['subject'], message: 'an e-mail template needs a subject' });
export type CreateTemplateBody = z.infer<typeof CreateTemplateBody>;

/** Edit a template: a new version. `version` is the version being edited (stale → CONFLICT). */
export const UpdateTemplateBody = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(1).max(120).optional(),
  subject: z.string().max(300).nullish(),
  body: z.string().min(1).max(20_000).optional(),
  active: z.boolean().optional(),
});

export interface MessageTemplate {
  id: number; code: string; channel: (typeof TEMPLATE_CHANNELS)[number]; locale: (typeof TEMPLATE_LOCALES)[number];
  name: string; subject: string | null; body: string; version: number; active: boolean; variables: string[]; updatedAt: string;
}

/** Preview a template for a case. `to` is an e-mail address (e-mail) ; `phoneId` a case phone (SMS). */
export const MessagePreviewBody = z.object({
  templateId: z.number().int().positive(),
  phoneId: z.number().int().positive().optional(),
  addressId: z.number().int().positive().optional(),
  dueDate: isoDate.optional(),
});
export interface PreviewResult {
  subject: string | null; body: string; masked: boolean;
  /** the compliance gate's answer for this channel now */
  check: { decision: 'allow' | 'warn' | 'block'; reasons: Array<{ ruleId: string; message: string; source: string }>; nextAllowedAt: string | null };
}

/**
 * Send an SMS or e-mail for a case. `sourceRef` is the idempotency key (the same key twice sends once;
 * the web client makes one per send dialog). SMS needs `phoneId`; e-mail needs `to`.
 */
export const SendMessageBody = z.object({
  templateId: z.number().int().positive(),
  phoneId: z.number().int().positive().optional(),
  to: z.string().trim().email().max(254).optional(),
  dueDate: isoDate.optional(),
  // `sys:` keys belong to automatic senders (the daily run's dispatcher)
  sourceRef: z.string().trim().min(8).max(100).refine((v) => !v.startsWith('sys:'), 'keys starting with "sys:" are reserved'),
});
export interface MessageItem {
  id: number; channel: 'sms' | 'email'; status: 'blocked' | 'queued' | 'sent' | 'delivered' | 'failed'; templateId: number | null;
  templateName: string | null; templateVersion: number | null; target: string | null; contactRecordId: number | null;
  error: string | null; createdBy: string | null; createdAt: string; updatedAt: string;
}

/** SMS provider settings (Twilio Programmable Messaging API). `authToken` is write-only. */
export const SmsProviderBody = z.object({
  kind: z.literal('twilio'),
  baseUrl: z.string().url(),
  accountSid: z.string().trim().min(1).max(64),
  from: z.string().trim().min(1).max(32),
  statusCallbackUrl: z.string().url().nullish(),
  authToken: z.string().min(1).max(200).optional(),
});
/** SMTP settings. `password` is write-only. */
export const EmailProviderBody = z.object({
  kind: z.literal('smtp'),
  host: z.string().trim().min(1).max(200),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().default(false),
  from: z.string().trim().min(3).max(300),
  user: z.string().max(200).nullish(),
  password: z.string().max(200).optional(),
});
/** Agency details used by templates (`agencyName`, `collectorPhone`) and the default payment window. */
export const MessagingProfileBody = z.object({
  agencyName: z.string().trim().max(120),
  callbackPhone: z.string().trim().max(40),
  dueInDays: z.number().int().min(0).max(90),
  letterFontPath: z.string().trim().max(500).nullish(),
});
export interface MessagingSettingsView {
  sms: (Omit<z.infer<typeof SmsProviderBody>, 'authToken'> & { hasSecret: boolean }) | null;
  email: (Omit<z.infer<typeof EmailProviderBody>, 'password'> & { hasSecret: boolean }) | null;
  profile: z.infer<typeof MessagingProfileBody>;
}

/** Generate letters: one case (workbench) or many (batch for printing, one PDF). */
export const GenerateLettersBody = z.object({
  templateId: z.number().int().positive(),
  caseIds: z.array(z.number().int().positive()).min(1).max(500),
  dueDate: isoDate.optional(),
});
export const LETTER_STATUSES = ['generated', 'blocked', 'printed', 'sent', 'returned'] as const;
export const UpdateLetterStatusBody = z.object({ status: z.enum(['printed', 'sent', 'returned']) });
export interface LetterItem {
  id: number; letterNo: string; caseId: number; caseRef: string | null; letterDate: string; address: string | null;
  status: (typeof LETTER_STATUSES)[number]; printBatch: string | null; templateName: string | null; createdAt: string;
}

export const ASSIST_REQUEST_TYPES = ['locate', 'verify', 'letter', 'visit', 'legal'] as const;
export const CreateAssistBody = z.object({
  type: z.enum(ASSIST_REQUEST_TYPES),
  teamId: z.number().int().positive(),
  note: z.string().trim().max(2000).optional(),
});
export const CompleteAssistBody = z.object({ result: z.string().trim().min(1).max(4000) });
export const AssistTypeBody = z.object({ slaHours: z.number().int().min(1).max(24 * 90) });
export interface AssistItem {
  id: number; caseId: number; caseRef: string | null; type: (typeof ASSIST_REQUEST_TYPES)[number]; teamId: number; teamName: string | null;
  note: string | null; status: 'open' | 'in_progress' | 'done' | 'cancelled'; requestedBy: string | null; requestedAt: string; dueAt: string;
  overdue: boolean; assignee: string | null; takenAt: string | null; completedAt: string | null; result: string | null;
}
export interface NotificationItem { id: number; kind: string; entity: string | null; entityId: number | null; data: Record<string, unknown>; read: boolean; createdAt: string }
