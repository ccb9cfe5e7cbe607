/**
 * The JSON shape of one compliance check request (design.md §5), shared by
 * `recova compliance check FILE.json` and `POST /api/contact-attempts/check`.
 */
import { z } from 'zod';
import { CHANNELS, DIRECTIONS, FLAGS, HISTORY_PARTIES, OUTCOMES, PARTIES, PURPOSES, isTimeZone, parseInstant } from '@recova/domain/compliance/index';

const instant = z.string().superRefine((s, ctx) => {
  if (Number.isNaN(parseInstant(s))) ctx.addIssue({ code: 'custom', message: `"${s}" is not an ISO date-time with an offset (e.g. 2026-03-02T09:00:00-06:00)` });
});
const clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a local time HH:MM');
const zone = z.string().superRefine((s, ctx) => {
  if (!isTimeZone(s)) ctx.addIssue({ code: 'custom', message: `unknown time zone "${s}" (use an IANA name such as America/Chicago)` });
});
const flag = z.preprocess(
  (v) => (typeof v === 'string' ? { flag: v } : v),
  z.strictObject({ flag: z.enum(FLAGS), setBy: z.string().optional(), setAt: instant.optional(), until: instant.optional(), phone: z.string().optional() }),
);

/** Zod schema of one request (design.md §5). */
export const complianceRequestSchema = z.strictObject({
  id: z.string(),
  ruleSet: z.string().min(1),
  debtor: z.strictObject({
    // bounded: the check runs on the request thread (a 20,000-zone body took 9 s)
    timeZones: z.array(zone).max(10),
    contactPreferences: z.array(z.strictObject({ channel: z.enum(CHANNELS).optional(), notBefore: clock.optional(), notAfter: clock.optional() })).max(20).optional(),
    flags: z.array(flag).max(50).optional(),
  }),
  history: z.array(z.strictObject({
    at: instant, channel: z.enum(CHANNELS), direction: z.enum(DIRECTIONS), outcome: z.enum(OUTCOMES),
    debtIds: z.array(z.string().max(64)).max(50).optional(), party: z.enum(HISTORY_PARTIES).optional(), phone: z.string().max(64).optional(),
  })).max(5000).default([]),
  proposed: z.strictObject({
    at: instant.optional(), channel: z.enum(CHANNELS), debtIds: z.array(z.string().max(64)).max(50).optional(), party: z.enum(PARTIES).optional(),
    phone: z.string().optional(), purpose: z.enum(PURPOSES).optional(), disclosesDebt: z.boolean().optional(),
  }),
});

