/**
 * Contact records (催记), flags, code tables, contactability and the compliance report (issues 4 and 5):
 * request schemas and response shapes shared by server and web. Money in minor units (fen), dates
 * `YYYY-MM-DD`, instants ISO 8601 strings.
 */
import { z } from 'zod';

const id = z.coerce.number().int().positive();
// a real calendar date: 2027-02-31 is refused here (it used to reach the promise evaluation and answer 500)
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((v) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}, 'not a calendar date');
const money = z.number().int().positive().max(1e13);

/** Channels a collector can record (the engine's channels + `other`). */
export const RECORD_CHANNELS = ['call', 'sms', 'email', 'letter', 'visit', 'voice_robot', 'other'] as const;
export type RecordChannel = (typeof RECORD_CHANNELS)[number];
/** Who was reached: the debtor, a guarantor, a third party (with `relation`) or nobody. */
export const RECORD_PARTIES = ['debtor', 'guarantor', 'third_party', 'nobody'] as const;
/** Contact flags (domain/compliance FLAGS). */
export const CONTACT_FLAGS = ['cease', 'dispute', 'deceased', 'bankruptcy', 'legal_hold', 'vulnerable', 'breathing_space', 'opt_out_sms', 'opt_out_email', 'do_not_call', 'complaint_open'] as const;
export type ContactFlag = (typeof CONTACT_FLAGS)[number];
/** Flags that belong to the person by default (every case with the same ID number). */
export const PERSON_LEVEL_FLAGS: readonly ContactFlag[] = ['cease', 'dispute', 'deceased', 'bankruptcy'];

/** A promise to pay: one amount and date, or an installment plan (amounts in fen). */
export const PromiseInput = z.union([
  z.strictObject({ amount: money, dueDate: day, graceDays: z.number().int().min(0).max(60).optional() }),
  z.strictObject({ installments: z.array(z.strictObject({ dueDate: day, amount: money })).min(1).max(60), graceDays: z.number().int().min(0).max(60).optional() }),
]);
export type PromiseInputT = z.infer<typeof PromiseInput>;

/**
 * `POST /api/cases/:id/contact-records`. `phoneId`/`addressId` name a row of the case; `target` is a free
 * number or e-mail when neither fits. `promise` is required when the result code requires one
 * (PROMISE_REQUIRED); `override` needs `compliance.override` (OVERRIDE_NOT_ALLOWED otherwise).
 */
export const CreateContactRecordBody = z.strictObject({
  channel: z.enum(RECORD_CHANNELS),
  direction: z.enum(['outbound', 'inbound']).default('outbound'),
  phoneId: id.optional(),
  addressId: id.optional(),
  target: z.string().trim().min(1).max(200).optional(),
  party: z.enum(RECORD_PARTIES).optional(),
  relation: z.string().trim().max(40).optional(),
  purpose: z.enum(['collection', 'payment_request', 'locate', 'relay_message']).optional(),
  actionCode: z.string().max(40).optional(),
  resultCode: z.string().max(40),
  note: z.string().max(4000).optional(),
  nextFollowUpAt: z.iso.datetime({ offset: true }).optional(),
  durationSeconds: z.number().int().min(0).max(86_400).optional(),
  promise: PromiseInput.optional(),
  override: z.strictObject({ reason: z.string().max(500) }).optional(),
});
export type CreateContactRecordInput = z.input<typeof CreateContactRecordBody>;

/** `PATCH /api/contact-records/:id` — only within the edit grace period, only by the author. */
export const EditContactRecordBody = z.strictObject({
  note: z.string().max(4000).optional(),
  nextFollowUpAt: z.iso.datetime({ offset: true }).nullable().optional(),
  durationSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
});
/** `POST /api/contact-records/:id/notes` */
export const RecordNoteBody = z.strictObject({ body: z.string().trim().min(1).max(4000) });

/** A reason of a compliance decision. */
export interface ComplianceReason {
  ruleId: string;
  message: string;
  source: string;
}

/** One row of the timeline (`GET /api/cases/:id/contact-records`); the target is masked. */
export interface ContactRecordItem {
  id: number;
  at: string;
  channel: string;
  direction: string;
  phoneId: number | null;
  addressId: number | null;
  target: string | null;
  party: string;
  relation: string | null;
  purpose: string;
  actionCode: string | null;
  resultCode: string | null;
  note: string | null;
  durationSeconds: number | null;
  nextFollowUpAt: string | null;
  status: string;
  decision: string | null;
  reasons: ComplianceReason[];
  ruleSet: string | null;
  overridden: boolean;
  overrideReason: string | null;
  source: string;
  createdBy: number | null;
  author: string | null;
  /** until when the author may still edit it (null: not editable) */
  editableUntil: string | null;
  notes: { id: number; body: string; author: string | null; createdAt: string }[];
  promise: { id: number; amount: number; currency: string; status: string; nextDueDate: string | null; installments: { seq: number; dueDate: string; amount: number; status: string }[] } | null;
}

/** Answer of a recorded contact (201). */
export interface ContactRecordCreated {
  record: ContactRecordItem;
  decision: { decision: 'allow' | 'warn' | 'block'; reasons: ComplianceReason[]; nextAllowedAt: string | null };
  overridden: boolean;
}

/** `GET /api/cases/:id/contactability`: per phone and per other channel, whether a contact may be made now. */
export interface ContactabilityItem {
  key: string;
  channel: string;
  phoneId: number | null;
  addressId: number | null;
  label: string;
  party: 'debtor' | 'third_party';
  decision: 'allow' | 'warn' | 'block';
  reasons: ComplianceReason[];
  nextAllowedAt: string | null;
}
export interface Contactability {
  at: string;
  ruleSet: { id: string; version: number } | null;
  items: ContactabilityItem[];
}

/** `POST /api/cases/:id/flags`. `person`: the flag holds for every case of the same ID number. */
export const SetFlagBody = z.strictObject({
  flag: z.enum(CONTACT_FLAGS),
  level: z.enum(['case', 'person']).default('case'),
  phoneId: id.optional(),
  note: z.string().max(500).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});
/** `POST /api/case-flags/:id/clear` */
export const ClearFlagBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export interface CaseFlagItem {
  id: number;
  flag: string;
  level: 'case' | 'person';
  caseId: number | null;
  phoneId: number | null;
  note: string | null;
  setBy: string | null;
  setAt: string;
  until: string | null;
  clearedBy: string | null;
  clearedAt: string | null;
  clearReason: string | null;
  active: boolean;
}

export const CODE_KINDS = ['action', 'result'] as const;
/** `PUT /api/contact-codes/:kind/:code` — create or edit (set `active: false` to deactivate). */
export const PutContactCodeBody = z.strictObject({
  labelZh: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().min(1).max(60),
  channels: z.array(z.enum(RECORD_CHANNELS)).max(7).default([]),
  outcome: z.enum(['no_answer', 'busy', 'not_in_service', 'voicemail', 'conversation', 'third_party_conversation', 'sent', 'delivered', 'failed', 'debtor_requested_contact', 'cease_request', 'dispute', 'opt_out', 'third_party_objection']).nullable().default(null),
  party: z.enum(['debtor', 'third_party', 'nobody']).nullable().default(null),
  phoneStatus: z.enum(['valid', 'invalid']).nullable().default(null),
  setsFlag: z.enum(CONTACT_FLAGS).nullable().default(null),
  requiresPromise: z.boolean().default(false),
  rightPartyContact: z.boolean().default(false),
  sort: z.number().int().min(0).max(100_000).default(0),
  active: z.boolean().default(true),
});
export const ContactCodeParams = z.strictObject({ kind: z.enum(CODE_KINDS), code: z.string().regex(/^[a-z0-9_]{1,40}$/, 'lower-case letters, digits and _') });

export interface ContactCodeItem {
  kind: 'action' | 'result';
  code: string;
  labelZh: string;
  labelEn: string;
  channels: string[];
  outcome: string | null;
  party: string | null;
  phoneStatus: string | null;
  setsFlag: string | null;
  requiresPromise: boolean;
  rightPartyContact: boolean;
  sort: number;
  active: boolean;
}

/** Another case of the same debtor (same ID number) that the user may see. */
export interface DebtorCaseItem {
  id: number;
  clientCaseRef: string | null;
  clientCode: string;
  batchNo: string;
  status: string;
  currency: string;
  outstanding: number | null;
  assignedUserName: string | null;
}

/** `GET /api/reports/compliance?from=&to=` (dates, inclusive, in the system zone). */
export const ComplianceReportQuery = z.strictObject({ from: day, to: day }).refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export interface ComplianceReport {
  from: string;
  to: string;
  attempts: number;
  made: number;
  blocked: number;
  blocksByRule: { ruleId: string; count: number }[];
  overridesByUser: { userId: number | null; user: string | null; count: number }[];
  /** attempts (made + blocked outbound) per debtor per ISO week: how many debtor-weeks had n attempts */
  attemptsPerDebtorWeek: { distribution: { attempts: number; debtorWeeks: number }[]; max: number };
  /** made outbound contacts whose time, recomputed now, falls outside the rule set's allowed hours (should be 0) */
  outsideHours: { count: number; recordIds: number[] };
}

/**
 * Contact settings and their defaults, stored in `settings` under these keys (whole numbers). Until they
 * join SettingsSchema they are read with these defaults: records editable by their author for 15 minutes;
 * a promise breaks 3 days after its due date unpaid.
 */
export const CONTACT_SETTING_DEFAULTS = { contactEditGraceMinutes: 15, promiseGraceDays: 3 } as const;
