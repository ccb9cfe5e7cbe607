/**
 * Action and result code tables (issue 5 point 3: "editable code tables with sensible defaults"; the
 * defaults are seeded by 0008_contacts.sql). A result code tells the engine what to count (`outcome`),
 * what it does to the phone, which flag it sets and whether it needs a promise. Codes are never deleted,
 * only deactivated (old records keep pointing at them). Edits are audited (code names and fields only).
 */
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { ContactCodeItem, PutContactCodeBody, RecordChannel } from '@recova/contracts';
import type { ContactCodesTable, DB } from '../../db/schema.ts';
import type { Actor } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';

type Row = Selectable<ContactCodesTable>;

function codeRows(db: Kysely<DB>) {
  return db.selectFrom('contact_codes').selectAll().where('tenant_id', '=', 1).orderBy('kind').orderBy('sort').orderBy('code').execute();
}

/** Present one row. */
export function presentCode(r: Row): ContactCodeItem {
  return {
    kind: r.kind as ContactCodeItem['kind'], code: r.code, labelZh: r.label_zh, labelEn: r.label_en, channels: r.channels ?? [],
    outcome: r.outcome, party: r.party, phoneStatus: r.phone_status, setsFlag: r.sets_flag,
    requiresPromise: r.requires_promise, rightPartyContact: r.right_party_contact, sort: r.sort, active: r.active,
  };
}

/** Every code (active and inactive), action codes first, then by sort order. */
export async function listCodes(db: Kysely<DB>): Promise<ContactCodeItem[]> {
  return (await codeRows(db)).map(presentCode);
}

/**
 * The code `code` of `kind` if it may be used on `channel` now; VALIDATION_FAILED naming `field` when it
 * is unknown, inactive, or its channels (empty = any) do not include the channel.
 */
export async function usableCode(db: Kysely<DB>, kind: 'action' | 'result', code: string, channel: RecordChannel, field: string): Promise<ContactCodeItem> {
  const r = await db.selectFrom('contact_codes').selectAll().where('tenant_id', '=', 1).where('kind', '=', kind).where('code', '=', code).executeTakeFirst();
  const bad = (reason: string) => new AppError('VALIDATION_FAILED', `${kind} code ${code}: ${reason}`, [{ field, reason }]);
  if (!r) throw bad('unknown code');
  if (!r.active) throw bad('code is inactive');
  const channels = r.channels ?? [];
  if (channels.length && !channels.includes(channel)) throw bad(`not used on channel ${channel}`);
  return presentCode(r);
}

/** Create or replace code `kind`/`code`; audited as `contact_code.create` or `contact_code.update` with the changed field names. */
export async function putCode(db: Kysely<DB>, actor: Actor, kind: 'action' | 'result', code: string, body: z.infer<typeof PutContactCodeBody>): Promise<ContactCodeItem> {
  const values = {
    label_zh: body.labelZh, label_en: body.labelEn, channels: body.channels, outcome: kind === 'result' ? body.outcome : null,
    party: kind === 'result' ? body.party : null, phone_status: kind === 'result' ? body.phoneStatus : null, sets_flag: kind === 'result' ? body.setsFlag : null,
    requires_promise: kind === 'result' && body.requiresPromise, right_party_contact: kind === 'result' && body.rightPartyContact, sort: body.sort, active: body.active,
  };
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('contact_codes').selectAll().where('tenant_id', '=', 1).where('kind', '=', kind).where('code', '=', code).executeTakeFirst();
    let row: Row;
    if (before) {
      row = await tx.updateTable('contact_codes').set(values).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
      const changed = Object.keys(values).filter((k) => JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((values as Record<string, unknown>)[k]));
      await audit(tx, actor.id, 'contact_code.update', 'contact_code', row.id, { kind, code, changed });
    } else {
      row = await tx.insertInto('contact_codes').values({ kind, code, ...values }).returningAll().executeTakeFirstOrThrow();
      await audit(tx, actor.id, 'contact_code.create', 'contact_code', row.id, { kind, code });
    }
    return presentCode(row);
  });
}
