/**
 * The values a template is rendered with, for one case (issue 5 item 6). Amounts are formatted from
 * integer fen ("1,234.56"), dates per the template's locale ("2026年3月2日" / "March 2, 2026"). With
 * `masked` the debtor's name is masked (previews for users without cases.reveal); the card keeps
 * only its last 4 digits either way. `dueDate`: the caller's date, else the next due date of an open
 * promise, else today + the profile's `dueInDays`.
 */
import { addDays, daysBetween } from '@recova/domain/time/dates';
import { formatAmount, formatLocalDate, type MessageLocale } from '@recova/domain/messaging/format';
import type { TemplateValues } from '@recova/domain/messaging/template';
import { maskName } from '@recova/domain/identity/id-number';
import type { AppContext } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { openColumn } from '../security/pii.ts';
import { messagingProfile } from './messaging-settings.service.ts';

export interface ValueOptions { locale: MessageLocale; masked: boolean; dueDate?: string; letterNo?: string }

/** The payment date a message asks for: `explicit`, else an open promise's next due date, else today + dueInDays. */
export async function resolveDueDate(ctx: AppContext, caseId: number, explicit?: string | null): Promise<string> {
  if (explicit) return explicit;
  const promise = await ctx.db.selectFrom('promises').select('next_due_date').where('case_id', '=', caseId).where('status', '=', 'pending')
    .where('next_due_date', 'is not', null).orderBy('next_due_date').executeTakeFirst();
  if (promise?.next_due_date) return String(promise.next_due_date).slice(0, 10);
  return addDays(ctx.clock.today(ctx.config.timezone), (await messagingProfile(ctx.db)).dueInDays);
}

/** Values for case `caseId` (the caller has checked the scope). */
export async function caseTemplateValues(ctx: AppContext, caseId: number, o: ValueOptions): Promise<TemplateValues> {
  const c = await ctx.db.selectFrom('cases as c').innerJoin('clients as cl', 'cl.id', 'c.client_id').leftJoin('users as u', 'u.id', 'c.assigned_user_id')
    .select(['c.client_case_ref', 'c.debtor_name', 'c.currency', 'c.outstanding_amount', 'c.placed_amount', 'c.principal', 'c.interest', 'c.penalty', 'c.late_fee',
      'c.other_fees', 'c.paid_amount', 'c.overdue_date', 'c.card_number', 'c.client_name', 'cl.name as client_display', 'u.display_name as collector'])
    .where('c.id', '=', caseId).executeTakeFirst();
  if (!c) throw notFound('case');
  const today = ctx.clock.today(ctx.config.timezone);
  const profile = await messagingProfile(ctx.db);
  const dueDate = await resolveDueDate(ctx, caseId, o.dueDate);
  const cur = c.currency ?? 'CNY';
  const amt = (v: number | null) => formatAmount(v ?? 0, cur);
  const card = openColumn(ctx.pii, 'cases', 'card_number', c.card_number);
  const dpd = c.overdue_date ? Math.max(0, daysBetween(c.overdue_date, today)) : null;
  const name = c.debtor_name ?? '';
  return {
    debtorName: o.masked && name ? maskName(name) : name,
    caseRef: c.client_case_ref ?? '',
    clientName: c.client_name ?? c.client_display ?? '',
    collectorName: c.collector ?? '',
    collectorPhone: profile.callbackPhone,
    agencyName: profile.agencyName,
    currency: cur,
    outstanding: amt(c.outstanding_amount ?? c.placed_amount),
    placedAmount: amt(c.placed_amount),
    principal: amt(c.principal),
    interest: amt(c.interest),
    fees: amt((c.penalty ?? 0) + (c.late_fee ?? 0) + (c.other_fees ?? 0)),
    paidAmount: amt(c.paid_amount),
    overdueDate: formatLocalDate(c.overdue_date, o.locale),
    dpd: dpd === null ? '' : String(dpd),
    dueDate: formatLocalDate(dueDate, o.locale),
    today: formatLocalDate(today, o.locale),
    cardTail: card ? card.replace(/\D/g, '').slice(-4) : '',
    letterNo: o.letterNo ?? '—',
  };
}
