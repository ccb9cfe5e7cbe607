/**
 * SMS delivery receipts (issue 5 item 6): the provider POSTs the message's status to the configured
 * `statusCallbackUrl`; the request is accepted only with a valid `X-Twilio-Signature` computed with the
 * stored auth token over that URL (the configured one, not the Host header a proxy may rewrite).
 * delivered → message 'delivered', contact record 'made' with result 'delivered'; undelivered/failed →
 * 'failed' both. Receipts for a message already final are ignored (providers retry).
 */
import type { AppContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { completeContactAttempt } from '../contacts/contact-gate.ts';
import { smsProvider } from './messaging-settings.service.ts';
import { mapTwilioStatus, verifyTwilioSignature } from './sms-twilio.ts';
import { messageByProviderRef } from './messages.repository.ts';

/** Apply one signed receipt; FORBIDDEN on a bad signature, NOT_FOUND for an unknown message id. */
export async function applySmsReceipt(ctx: AppContext, params: Record<string, string>, signature: string | undefined): Promise<{ id: number; status: string }> {
  const cfg = await smsProvider(ctx.db, ctx.pii);
  if (!cfg?.statusCallbackUrl || !verifyTwilioSignature(cfg.authToken, cfg.statusCallbackUrl, params, signature)) {
    ctx.log.warn({ hasSignature: !!signature }, 'sms receipt with an invalid signature refused');
    throw new AppError('FORBIDDEN', 'invalid signature');
  }
  const m = await messageByProviderRef(ctx.db, 'sms', String(params.MessageSid ?? ''));
  if (!m) throw notFound('message');
  const next = mapTwilioStatus(String(params.MessageStatus ?? ''));
  if (!next || m.status === 'delivered' || m.status === 'failed' || next === m.status) return { id: m.id, status: m.status };
  await ctx.db.updateTable('messages').set({ status: next, updated_at: ctx.clock.now(), ...(next === 'failed' && { error: `provider: ${String(params.ErrorCode ?? params.MessageStatus).slice(0, 40)}` }) })
    .where('id', '=', m.id).execute();
  if (m.contact_record_id && next !== 'sent') {
    await completeContactAttempt(ctx.db, m.contact_record_id, next === 'delivered' ? { status: 'made', resultCode: 'delivered' } : { status: 'failed', resultCode: 'failed' });
  }
  return { id: m.id, status: next };
}
