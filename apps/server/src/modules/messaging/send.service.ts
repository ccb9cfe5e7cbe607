/**
 * Preview and send SMS / e-mail for a case (issue 5 item 6). Every send passes the compliance gate
 * first: `attemptContact(channel, status 'queued', source = channel, sourceRef)` writes the contact
 * record; blocked → the message row is kept with status 'blocked' and the provider is never called
 * (409 COMPLIANCE_BLOCKED with the reasons). The same `sourceRef` twice → the first message, no
 * second provider call. After the provider answers, `completeContactAttempt` marks the record.
 */
import type { z } from 'zod';
import type { MessageItem, MessagePreviewBody, PreviewResult, SendMessageBody } from '@recova/contracts';
import { renderTemplate } from '@recova/domain/messaging/template';
import type { MessageLocale } from '@recova/domain/messaging/format';
import { maskPhone } from '@recova/domain/identity/id-number';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { caseInScope } from '../cases/cases.service.ts';
import { attemptContact, checkCaseContact, completeContactAttempt } from '../contacts/contact-gate.ts';
import { openColumn } from '../security/pii.ts';
import { getTemplate, templateVersion } from './templates.service.ts';
import { caseTemplateValues } from './template-values.ts';
import { emailProvider, smsProvider } from './messaging-settings.service.ts';
import { sendTwilioSms } from './sms-twilio.ts';
import { sendMail } from './mailer.ts';
import { presentMessages } from './messages.repository.ts';

/** An e-mail address masked for lists: zhang.san@example.com → zh***@example.com. */
export function maskEmail(a: string): string {
  const [user, domain] = a.split('@');
  return `${user.slice(0, 2)}***@${domain ?? ''}`;
}

/** The case phone `phoneId` (must belong to the case) with its decrypted number. */
async function casePhone(ctx: AppContext, caseId: number, phoneId: number | undefined): Promise<{ id: number; number: string }> {
  if (!phoneId) throw new AppError('VALIDATION_FAILED', 'phoneId is required for an SMS', [{ field: 'phoneId', reason: 'required' }]);
  const p = await ctx.db.selectFrom('case_phones').select(['id', 'number']).where('id', '=', phoneId).where('case_id', '=', caseId).executeTakeFirst();
  if (!p) throw notFound('phone');
  return { id: p.id, number: openColumn(ctx.pii, 'case_phones', 'number', p.number) ?? '' };
}

/** Render a template for a case; masked for users without cases.reveal; with the gate's answer now. */
export async function previewMessage(ctx: AppContext, actor: Actor, caseId: number, b: z.infer<typeof MessagePreviewBody>): Promise<PreviewResult> {
  await caseInScope(ctx, actor, caseId);
  const t = await getTemplate(ctx.db, b.templateId);
  const masked = !actor.permissions.includes('cases.reveal');
  const values = await caseTemplateValues(ctx, caseId, { locale: t.locale as MessageLocale, masked, dueDate: b.dueDate, letterNo: t.channel === 'letter' ? '—' : undefined });
  const gate = await checkCaseContact(ctx.db, ctx.pii, { caseId, channel: t.channel as 'sms', phoneId: b.phoneId, addressId: b.addressId, purpose: 'collection', disclosesDebt: true }, ctx.clock.now());
  return {
    subject: t.subject ? renderTemplate(t.subject, values) : null,
    body: renderTemplate(t.body, values),
    masked,
    check: { decision: gate.decision.decision, reasons: gate.decision.reasons.map((r) => ({ ruleId: r.ruleId, message: r.message, source: r.source })), nextAllowedAt: gate.decision.nextAllowedAt },
  };
}

/** Send an SMS or e-mail (channel from the template). Returns the message (existing one on a repeated sourceRef). */
export async function sendMessage(ctx: AppContext, actor: Actor, caseId: number, b: z.infer<typeof SendMessageBody>): Promise<{ message: MessageItem; duplicate: boolean }> {
  await caseInScope(ctx, actor, caseId);
  const t = await getTemplate(ctx.db, b.templateId);
  if (t.channel !== 'sms' && t.channel !== 'email') throw new AppError('VALIDATION_FAILED', 'letters are generated, not sent', [{ field: 'templateId', reason: 'letter template' }]);
  if (!t.active) throw new AppError('INVALID_STATE', 'template is inactive');
  const channel = t.channel;
  const existing = await ctx.db.selectFrom('messages').select(['id', 'case_id']).where('tenant_id', '=', 1).where('channel', '=', channel).where('source_ref', '=', b.sourceRef).executeTakeFirst();
  // a repeated key is the same send only on the same case: never answer with another case's message
  if (existing && existing.case_id !== caseId) throw new AppError('CONFLICT', 'sourceRef is already used by another message; use a new key', [{ field: 'sourceRef', reason: 'already used' }]);
  if (existing) return { message: await oneMessage(ctx, existing.id), duplicate: true };

  const sms = channel === 'sms' ? await smsProvider(ctx.db, ctx.pii) : null;
  const mail = channel === 'email' ? await emailProvider(ctx.db, ctx.pii) : null;
  if (!sms && !mail) throw new AppError('INVALID_STATE', `no ${channel === 'sms' ? 'SMS provider' : 'SMTP server'} is configured`);
  const phone = channel === 'sms' ? await casePhone(ctx, caseId, b.phoneId) : null;
  if (channel === 'email' && !b.to) throw new AppError('VALIDATION_FAILED', 'to is required for an e-mail', [{ field: 'to', reason: 'required' }]);
  const target = phone ? phone.number : b.to!;
  // An e-mail goes to an address the user types (cases hold no e-mail on file): for a user who sees personal
  // data masked it carries masked values too, or a message to their own mailbox would reveal the name and
  // numbers without an audited reveal (adversarial review, session 7). SMS go to the case's own phone.
  const maskedValues = channel === 'email' && !actor.permissions.includes('cases.reveal');
  const values = await caseTemplateValues(ctx, caseId, { locale: t.locale as MessageLocale, masked: maskedValues, dueDate: b.dueDate });
  const text = await templateVersion(ctx.db, t.id, t.version);
  const body = renderTemplate(text?.body ?? t.body, values);
  const subject = channel === 'email' ? renderTemplate(text?.subject ?? t.subject ?? '', values) : null;

  const now = ctx.clock.now();
  const outcome = await attemptContact(ctx.db, ctx.pii, actor, {
    caseId, channel, phoneId: phone?.id, target, party: 'debtor', purpose: 'collection', disclosesDebt: true,
    direction: 'outbound', actionCode: channel, source: channel, sourceRef: b.sourceRef, status: 'queued',
  }, now);
  if (outcome.duplicate) {
    const m = await ctx.db.selectFrom('messages').select('id').where('contact_record_id', '=', outcome.recordId).executeTakeFirst();
    if (m) return { message: await oneMessage(ctx, m.id), duplicate: true };
  }
  const blocked = outcome.status === 'blocked';
  const inserted = await ctx.db.insertInto('messages').values({
    case_id: caseId, channel, template_id: t.id, template_version: t.version, contact_record_id: outcome.recordId, source_ref: b.sourceRef,
    status: blocked ? 'blocked' : 'queued', target_masked: phone ? maskPhone(phone.number) : maskEmail(target), created_by: actor.id, created_at: now, updated_at: now,
  }).onConflict((oc) => oc.columns(['tenant_id', 'channel', 'source_ref']).doNothing()).returning('id').executeTakeFirst();
  if (!inserted) {
    const m = await ctx.db.selectFrom('messages').select(['id', 'case_id']).where('channel', '=', channel).where('source_ref', '=', b.sourceRef).executeTakeFirstOrThrow();
    if (m.case_id !== caseId) throw new AppError('CONFLICT', 'sourceRef is already used by another message; use a new key', [{ field: 'sourceRef', reason: 'already used' }]);
    return { message: await oneMessage(ctx, m.id), duplicate: true };
  }
  await audit(ctx.db, actor.id, 'message.send', 'message', inserted.id, { caseId, channel, templateId: t.id, version: t.version, blocked });
  if (blocked) {
    throw new AppError('COMPLIANCE_BLOCKED', 'the compliance rules do not allow this message now', outcome.decision.reasons.map((r) => ({ field: r.ruleId, reason: r.message })));
  }

  const result = sms ? await sendTwilioSms(sms, target, body) : await sendMail(mail!, { to: target, subject: subject ?? '', text: body });
  if (result.ok) {
    await ctx.db.updateTable('messages').set({ status: 'sent', provider_ref: result.providerRef, updated_at: ctx.clock.now() }).where('id', '=', inserted.id).execute();
    // with delivery receipts the record stays 'queued' until the receipt says delivered or failed
    if (!sms?.statusCallbackUrl) await completeContactAttempt(ctx.db, outcome.recordId, { status: 'made', resultCode: 'sent' });
  } else {
    await ctx.db.updateTable('messages').set({ status: 'failed', error: result.error, updated_at: ctx.clock.now() }).where('id', '=', inserted.id).execute();
    await completeContactAttempt(ctx.db, outcome.recordId, { status: 'failed', resultCode: 'failed' });
    ctx.log.warn({ messageId: inserted.id, channel }, 'message delivery failed');
    throw new AppError('DELIVERY_FAILED', result.error);
  }
  return { message: await oneMessage(ctx, inserted.id), duplicate: false };
}

async function oneMessage(ctx: AppContext, id: number): Promise<MessageItem> {
  const [m] = await presentMessages(ctx.db, { id });
  return m;
}
