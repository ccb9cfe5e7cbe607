/**
 * Saved compliance rule sets (issue 4: "rule sets are data, editable by admins, versioned"). The
 * shapes mirror `RuleSet` in `@recova/domain/compliance/types.ts`; this zod schema validates what an
 * admin saves. A saved set either extends a preset (`base`: CN, US or UK — it can then only be made
 * stricter, see `extendRuleSet`) or is a complete set of its own (`base: null`).
 * Local times are `HH:MM` (24:00 allowed as an end); dates `YYYY-MM-DD`; day counts are whole days.
 */
import { z } from 'zod';

const CHANNEL = z.enum(['call', 'sms', 'email', 'letter', 'visit', 'voice_robot']);
const PURPOSE = z.enum(['collection', 'payment_request', 'locate', 'relay_message']);
const PARTY = z.enum(['debtor', 'guarantor', 'third_party']);
const FLAG = z.enum(['cease', 'dispute', 'deceased', 'bankruptcy', 'legal_hold', 'vulnerable', 'breathing_space', 'opt_out_sms', 'opt_out_email', 'do_not_call', 'complaint_open']);
const SEVERITY = z.enum(['block', 'warn']);
const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'local time HH:MM');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const meta = { ruleId: z.string().min(1).max(64), source: z.string().min(1).max(500) };
const count = (max: number) => z.number().int().min(0).max(max);

export const TimeWindowRuleSchema = z.strictObject({ ...meta, start: hhmm, end: hhmm, channels: z.array(CHANNEL).min(1), severity: SEVERITY, debtorMayExtend: z.boolean() })
  .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] });
const DailyCap = z.strictObject({ ...meta, max: count(1000) });
const FlagRuleSchema = z.strictObject({
  ...meta, flag: FLAG, severity: SEVERITY, message: z.string().min(1).max(300),
  channels: z.array(CHANNEL).optional(), purposes: z.array(PURPOSE).optional(), parties: z.array(PARTY).optional(), moratoriumDays: count(3650).optional(),
});

/** A complete rule set (every rule present applies; null = not part of the set). */
export const RuleSetSchema = z.strictObject({
  id: z.string().min(1).max(64),
  version: z.number().int().min(1),
  description: z.string().max(500),
  defaultTimeZones: z.array(z.string().min(1)).min(1),
  windows: z.array(TimeWindowRuleSchema),
  preferences: z.strictObject({ ...meta, severity: SEVERITY, channelsOnly: z.boolean() }).nullable(),
  perPhoneUnansweredCallsPerDay: DailyCap.nullable(),
  voiceRobotConnectedPerDay: DailyCap.nullable(),
  callFrequency: z.strictObject({ maxCalls: count(1000), windowDays: z.number().int().min(1).max(90), quietDays: count(90), consentDays: count(90), attempts: z.strictObject(meta), afterConversation: z.strictObject(meta) }).nullable(),
  thirdParty: z.strictObject({ ...meta, minFailedDebtorAttempts: count(100), purposes: z.array(PURPOSE), maxConversationsPerParty: count(100).nullable() }).nullable(),
  flags: z.array(FlagRuleSchema),
  holidays: z.strictObject({ ...meta, dates: z.array(day), severity: SEVERITY, channels: z.array(CHANNEL) }).nullable(),
  validationNotice: z.strictObject({ ...meta, businessDays: z.number().int().min(1).max(60) }).nullable(),
});

/** Names of the built-in presets; saved sets may not take them. */
export const PRESET_NAMES = ['CN', 'US', 'UK'] as const;

/**
 * PUT /api/compliance/rule-sets/:name. With `base`, `rules` holds only what is added or tightened
 * (any subset of the rule-set fields); without, `rules` is a complete rule set (id and version are
 * set by the server). Saving creates the next version; old versions stay readable.
 */
export const SaveRuleSetBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('extend'), base: z.enum(PRESET_NAMES), description: z.string().max(500).optional(), rules: RuleSetSchema.omit({ id: true, version: true }).partial() }),
  z.strictObject({ kind: z.literal('complete'), description: z.string().max(500).optional(), rules: RuleSetSchema.omit({ id: true, version: true }) }),
]);

/** A saved rule-set name: letters, digits, `-`, `_`, `.`; not a preset name. */
export const RuleSetName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . -, up to 64').refine((n) => !(PRESET_NAMES as readonly string[]).includes(n.toUpperCase()), 'CN, US and UK are built-in presets');

/** One entry of GET /api/compliance/rule-sets. */
export interface RuleSetItem {
  name: string;
  kind: 'preset' | 'extend' | 'complete';
  base: string | null;
  version: number;
  description: string;
  updatedAt: string | null;
}
