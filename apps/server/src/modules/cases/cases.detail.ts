/**
 * The case detail presenter: every personal value masked for every role (issue 3 point 4); the
 * row ids of phones, addresses, contacts and records are the `ref` a revealer passes to
 * `POST /api/cases/:id/reveal`. Values are decrypted here only to be masked (ADR 0007).
 */
import { scrubCustom, scrubMessage } from '@recova/domain/identity/masks';
import type { CaseDetail } from '@recova/contracts';
import { CASE_FIELDS } from '@recova/domain/imports/fields';
import { maskIdNumber, maskName, maskPhone } from '@recova/domain/identity/id-number';
import { maskAddress, maskCard, maskLoose } from '@recova/domain/identity/masks';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AppContext } from '../../http/context.ts';
import { openColumn, type PiiTable } from '../security/pii.ts';
import { presentListItem, type CaseListRow } from './cases.presenter.ts';

const DETAIL_FIELDS = CASE_FIELDS.map((f) => f.key).filter((k) => !['mobile', 'home_phone', 'work_phone', 'home_address', 'work_address', 'registered_address', 'mailing_address', 'comment', 'commission_rate'].includes(k));

/** Decrypt then mask (null stays null). */
export function masked(ctx: AppContext, table: PiiTable, col: string, stored: string | null, mask: (v: string) => string): string | null {
  const v = openColumn(ctx.pii, table, col, stored);
  return v ? mask(v) : v;
}

/** Build the detail of case `id` (already checked to be in the actor's scope) from its list row. */
export async function presentDetail(ctx: AppContext, row: CaseListRow, id: number): Promise<CaseDetail> {
  // One round trip for the case and all its children (jsonArrayFrom = a json_agg subquery each): a
  // case open was 8 queries on 8 pool connections, the most frequent request of a collector's day.
  const full = await ctx.db
    .selectFrom('cases as c')
    .selectAll('c')
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('case_phones as p').selectAll('p').whereRef('p.case_id', '=', 'c.id').orderBy('p.owner', 'desc').orderBy('p.id')).as('phones'),
      jsonArrayFrom(eb.selectFrom('case_addresses as a').selectAll('a').whereRef('a.case_id', '=', 'c.id').orderBy('a.id')).as('addresses'),
      jsonArrayFrom(eb.selectFrom('case_contacts as k').selectAll('k').whereRef('k.case_id', '=', 'c.id').orderBy('k.seq')).as('contacts'),
      jsonArrayFrom(
        eb.selectFrom('case_comments as m').leftJoin('users as u', 'u.id', 'm.author_user_id').select(['m.id', 'm.body', 'u.display_name', 'm.created_at', 'm.import_id']).whereRef('m.case_id', '=', 'c.id').orderBy('m.id'),
      ).as('comments'),
      jsonArrayFrom(eb.selectFrom('case_records as r').selectAll('r').whereRef('r.case_id', '=', 'c.id').orderBy('r.at', 'desc')).as('records'),
      jsonArrayFrom(
        eb.selectFrom('case_events as e').leftJoin('users as u', 'u.id', 'e.user_id').select(['e.id', 'e.type', 'e.reason', 'u.display_name', 'e.at', 'e.data']).whereRef('e.case_id', '=', 'c.id').orderBy('e.id', 'desc'),
      ).as('events'),
      jsonArrayFrom(
        eb.selectFrom('case_events as e').innerJoin('imports as i', 'i.id', 'e.import_id').select(['i.id', 'i.kind', 'i.file_name', 'e.type', 'e.at']).whereRef('e.case_id', '=', 'c.id').orderBy('e.id'),
      ).as('imports'),
    ])
    .where('c.id', '=', id)
    .executeTakeFirstOrThrow();
  const { phones, addresses, contacts, comments, records, events, imports } = full;
  const fields: Record<string, string | number | null> = {};
  for (const k of DETAIL_FIELDS) {
    const v = (full as unknown as Record<string, unknown>)[k];
    fields[k] = v === undefined ? null : (v as string | number | null);
  }
  fields.debtor_name = full.debtor_name ? maskName(full.debtor_name) : null;
  fields.id_number = full.id_number_masked ?? masked(ctx, 'cases', 'id_number', full.id_number, maskIdNumber);
  fields.card_number = full.card_number_masked ?? masked(ctx, 'cases', 'card_number', full.card_number, maskCard);
  fields.account_number = masked(ctx, 'cases', 'account_number', full.account_number, maskCard);
  fields.repayment_account = masked(ctx, 'cases', 'repayment_account', full.repayment_account, maskCard);
  fields.commission_rate_bp = full.commission_rate_bp;
  return {
    ...presentListItem(row),
    fields,
    custom: scrubCustom(full.custom as Record<string, unknown>) as Record<string, string>,
    phones: phones.map((p) => ({
      id: p.id, owner: p.owner, kind: p.kind, number: p.number_masked ?? masked(ctx, 'case_phones', 'number', p.number, maskPhone)!, status: p.status,
      contactName: masked(ctx, 'case_phones', 'contact_name', p.contact_name, maskName), relation: p.relation,
    })),
    addresses: addresses.map((a) => ({
      id: a.id, kind: a.kind, address: a.address_masked ?? masked(ctx, 'case_addresses', 'address', a.address, maskAddress)!,
      contactName: masked(ctx, 'case_addresses', 'contact_name', a.contact_name, maskName),
    })),
    contacts: contacts.map((c) => ({
      id: c.id, seq: c.seq, name: masked(ctx, 'case_contacts', 'name', c.name, maskName), relation: c.relation,
      mobile: masked(ctx, 'case_contacts', 'mobile', c.mobile, maskPhone), workPhone: masked(ctx, 'case_contacts', 'work_phone', c.work_phone, maskPhone),
      homePhone: masked(ctx, 'case_contacts', 'home_phone', c.home_phone, maskPhone), employer: c.employer, address: masked(ctx, 'case_contacts', 'address', c.address, maskAddress),
    })),
    // free text from the client's files may hold a full ID, phone or card number: digit runs keep their last 4
    comments: comments.map((m) => ({ id: m.id, body: scrubMessage(m.body, '', ''), author: m.display_name, createdAt: new Date(m.created_at).toISOString(), importId: m.import_id })),
    records: records.map((r) => ({ id: r.id, at: r.at ? new Date(r.at).toISOString() : null, channel: r.channel, target: masked(ctx, 'case_records', 'target', r.target, maskLoose), result: r.result, note: r.note === null ? null : scrubMessage(r.note, '', ''), collector: r.collector })),
    events: events.filter((e) => !e.type.startsWith('import.')).map((e) => ({ id: e.id, type: e.type, reason: e.reason, user: e.display_name, at: new Date(e.at).toISOString(), data: e.data })),
    imports: imports.map((i) => ({ importId: i.id, kind: i.kind, fileName: i.file_name, outcome: i.type.replace('import.', ''), at: new Date(i.at).toISOString() })),
  };
}
