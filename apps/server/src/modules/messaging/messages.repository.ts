/**
 * Message history queries and the delivery-receipt update (SQL only). The caller checks the case
 * scope before listing a case's messages.
 */
import type { Kysely } from 'kysely';
import type { MessageItem } from '@recova/contracts';
import type { DB } from '../../db/schema.ts';

const iso = (v: Date | string) => new Date(v).toISOString();

/** Messages of a case (newest first) or one message by id. */
export async function presentMessages(db: Kysely<DB>, by: { caseId?: number; id?: number }): Promise<MessageItem[]> {
  let q = db.selectFrom('messages as m').leftJoin('message_templates as t', 't.id', 'm.template_id').leftJoin('users as u', 'u.id', 'm.created_by')
    .select(['m.id', 'm.channel', 'm.status', 'm.template_id', 't.name as template_name', 'm.template_version', 'm.target_masked', 'm.contact_record_id', 'm.error',
      'u.display_name', 'm.created_at', 'm.updated_at'])
    .where('m.tenant_id', '=', 1);
  if (by.caseId !== undefined) q = q.where('m.case_id', '=', by.caseId);
  if (by.id !== undefined) q = q.where('m.id', '=', by.id);
  const rows = await q.orderBy('m.id', 'desc').limit(200).execute();
  return rows.map((r) => ({
    id: r.id, channel: r.channel as MessageItem['channel'], status: r.status as MessageItem['status'], templateId: r.template_id, templateName: r.template_name,
    templateVersion: r.template_version, target: r.target_masked, contactRecordId: r.contact_record_id, error: r.error, createdBy: r.display_name,
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  }));
}

/** The message a provider reference belongs to. */
export async function messageByProviderRef(db: Kysely<DB>, channel: 'sms' | 'email', ref: string) {
  return db.selectFrom('messages').select(['id', 'status', 'contact_record_id']).where('channel', '=', channel).where('provider_ref', '=', ref).executeTakeFirst();
}
