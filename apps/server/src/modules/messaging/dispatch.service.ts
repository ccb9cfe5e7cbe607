/**
 * The daily run's message dispatcher (issue 6 "enqueues actions", issue 5 item 6): sends one message a
 * strategy action queued. The compliance gate has already written the 'queued' contact record (source
 * 'strategy'); this renders the template named by its code (zh-CN first, the agency's language), sends it
 * through the configured provider and completes the record, like a collector's send (send.service.ts).
 *
 * Idempotent per record: a record that already has its message (or letter) is not sent again, so a run
 * resumed after a crash between sending and marking the action done sends nothing twice.
 * Throws (the run marks the action failed with the message) when no provider, template, phone or address
 * is available; the record is then completed as failed so it never counts as a contact.
 */
import { sql } from 'kysely';
import { renderTemplate } from '@recova/domain/messaging/template';
import type { MessageLocale } from '@recova/domain/messaging/format';
import { maskPhone } from '@recova/domain/identity/id-number';
import { maskAddress } from '@recova/domain/identity/masks';
import type { AppContext } from '../../http/context.ts';
import { completeContactAttempt } from '../contacts/contact-gate.ts';
import { openColumn } from '../security/pii.ts';
import type { MessageDispatcher } from '../daily-run/ports.ts';
import { caseTemplateValues, resolveDueDate } from './template-values.ts';
import { smsProvider } from './messaging-settings.service.ts';
import { sendTwilioSms } from './sms-twilio.ts';

async function templateByCode(ctx: AppContext, code: string, channel: string) {
  return ctx.db.selectFrom('message_templates').select(['id', 'version', 'locale', 'subject', 'body']).where('tenant_id', '=', 1)
    .where('code', '=', code).where('channel', '=', channel).where('active', '=', true)
    .orderBy(sql`case locale when 'zh-CN' then 0 else 1 end`).executeTakeFirst();
}

/** A dispatcher bound to one service context (registered at start-up by main.ts). */
export function createMessageDispatcher(ctx: AppContext): MessageDispatcher {
  const fail = async (recordId: number, why: string): Promise<never> => {
    await completeContactAttempt(ctx.db, recordId, { status: 'failed', resultCode: 'failed' });
    throw new Error(why);
  };
  return {
    async send(recordId, channel, templateCode, caseId) {
      const sent = channel === 'letter'
        ? await ctx.db.selectFrom('letters').select('id').where('contact_record_id', '=', recordId).executeTakeFirst()
        : await ctx.db.selectFrom('messages').select('id').where('contact_record_id', '=', recordId).executeTakeFirst();
      if (sent) return;
      const t = await templateByCode(ctx, templateCode, channel);
      if (!t) return fail(recordId, `no active ${channel} template "${templateCode}"`);
      const now = ctx.clock.now();
      const values = await caseTemplateValues(ctx, caseId, { locale: t.locale as MessageLocale, masked: false });
      if (channel === 'letter') return registerLetter(ctx, recordId, caseId, t, now, fail);
      if (channel === 'email') return fail(recordId, 'no e-mail address on file for the debtor');
      const sms = await smsProvider(ctx.db, ctx.pii);
      if (!sms) return fail(recordId, 'no SMS provider is configured');
      const phone = await ctx.db.selectFrom('case_phones').select(['id', 'number']).where('case_id', '=', caseId).where('owner', '=', 'debtor')
        .where('status', '<>', 'invalid').orderBy(sql`case kind when 'mobile' then 0 else 1 end`).orderBy('id').executeTakeFirst();
      if (!phone) return fail(recordId, 'the debtor has no phone that may receive an SMS');
      const number = openColumn(ctx.pii, 'case_phones', 'number', phone.number) ?? '';
      await ctx.db.updateTable('contact_records').set({ phone_id: phone.id }).where('id', '=', recordId).execute();
      const m = await ctx.db.insertInto('messages').values({
        case_id: caseId, channel: 'sms', template_id: t.id, template_version: t.version, contact_record_id: recordId, source_ref: `sys:record:${recordId}`,
        status: 'queued', target_masked: maskPhone(number), created_by: null, created_at: now, updated_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      const result = await sendTwilioSms(sms, number, renderTemplate(t.body, values));
      if (!result.ok) {
        await ctx.db.updateTable('messages').set({ status: 'failed', error: result.error, updated_at: ctx.clock.now() }).where('id', '=', m.id).execute();
        return fail(recordId, result.error);
      }
      await ctx.db.updateTable('messages').set({ status: 'sent', provider_ref: result.providerRef, updated_at: ctx.clock.now() }).where('id', '=', m.id).execute();
      if (!sms.statusCallbackUrl) await completeContactAttempt(ctx.db, recordId, { status: 'made', resultCode: 'sent' });
    },
  };
}

/** A strategy's letter is registered (status 'generated') for the next print batch; printing completes its record. */
async function registerLetter(ctx: AppContext, recordId: number, caseId: number, t: { id: number; version: number }, now: Date, fail: (id: number, why: string) => Promise<never>) {
  const addr = await ctx.db.selectFrom('case_addresses as a').select(['a.id', 'a.address', 'a.address_masked']).where('a.case_id', '=', caseId).where('a.owner', '=', 'debtor')
    .orderBy(sql`case a.kind when 'mailing' then 1 when 'home' then 2 when 'work' then 3 when 'registered' then 4 else 5 end`).orderBy('a.id').executeTakeFirst();
  if (!addr) return fail(recordId, 'the debtor has no address for a letter');
  const { rows } = await sql<{ id: number }>`select nextval('letters_id_seq')::int as id`.execute(ctx.db);
  const id = Number(rows[0].id);
  const today = ctx.clock.today(ctx.config.timezone);
  await ctx.db.updateTable('contact_records').set({ address_id: addr.id }).where('id', '=', recordId).execute();
  await ctx.db.insertInto('letters').values({
    id, letter_no: `XH${today.slice(0, 4)}${String(id).padStart(6, '0')}`, case_id: caseId, template_id: t.id, template_version: t.version, address_id: addr.id,
    address_masked: addr.address_masked ?? maskAddress(openColumn(ctx.pii, 'case_addresses', 'address', addr.address) ?? ''), letter_date: today,
    due_date: await resolveDueDate(ctx, caseId, null), contact_record_id: recordId, print_batch: null, status: 'generated', created_by: null, created_at: now,
  } as never).execute();
}
