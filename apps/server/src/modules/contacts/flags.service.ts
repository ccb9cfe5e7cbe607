/**
 * Contact flags (issue 4: "case and person flags that stop or limit contact … flags carry who set them
 * and when"). A flag belongs to one case, or with `debtor_key` (the case's ID-number blind index) to the
 * person: every case with that ID number, in any batch or client. Flags are never deleted; clearing
 * keeps who set it, who cleared it, when and why. Setting and clearing are audited (ids and the flag
 * name only — the note and reason may hold personal data and stay in the table).
 */
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { CaseFlagItem, ContactFlag, SetFlagBody } from '@recova/contracts';
import type { CaseFlagsTable, DB } from '../../db/schema.ts';
import type { Actor } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';

type FlagRow = Selectable<CaseFlagsTable> & { set_by_name: string | null; cleared_by_name: string | null };
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** Present a flag; `active` = not cleared and not past `until` at `now`. */
export function presentFlag(r: FlagRow, now: Date): CaseFlagItem {
  return {
    id: r.id, flag: r.flag, level: r.debtor_key ? 'person' : 'case', caseId: r.case_id, phoneId: r.phone_id, note: r.note,
    setBy: r.set_by_name, setAt: iso(r.set_at)!, until: iso(r.until), clearedBy: r.cleared_by_name, clearedAt: iso(r.cleared_at), clearReason: r.clear_reason,
    active: !r.cleared_at && (!r.until || new Date(r.until) > now),
  };
}

/** Flags of case `caseId` and of its person (`debtorKey`), newest first, cleared ones included. */
export async function listFlags(db: Kysely<DB>, caseId: number, debtorKey: string | null, now: Date): Promise<CaseFlagItem[]> {
  const rows = await db
    .selectFrom('case_flags as f')
    .leftJoin('users as s', 's.id', 'f.set_by')
    .leftJoin('users as c', 'c.id', 'f.cleared_by')
    .selectAll('f')
    .select(['s.display_name as set_by_name', 'c.display_name as cleared_by_name'])
    .where((eb) => (debtorKey ? eb.or([eb('f.case_id', '=', caseId), eb('f.debtor_key', '=', debtorKey)]) : eb('f.case_id', '=', caseId)))
    .orderBy('f.set_at', 'desc')
    .orderBy('f.id', 'desc')
    .execute();
  return rows.map((r) => presentFlag(r, now));
}

export interface NewFlag {
  caseId: number;
  /** set for a person-level flag */
  debtorKey: string | null;
  flag: ContactFlag;
  phoneId?: number | null;
  note?: string | null;
  until?: Date | null;
  /** why it was set, for the audit row (`manual` or `contact_record`) */
  via: 'manual' | 'contact_record';
  recordId?: number;
}

/**
 * Insert a flag (inside the caller's transaction when `db` is one) and audit `case_flag.set`. A person
 * flag has `case_id` set too (the case it was set from) and `debtor_key`; it applies to every case of
 * the person. An identical active flag is not duplicated: its id is returned.
 */
export async function insertFlag(db: Kysely<DB>, actor: Actor | null, f: NewFlag, now: Date): Promise<number> {
  const same = await db
    .selectFrom('case_flags')
    .select('id')
    .where('flag', '=', f.flag)
    .where('cleared_at', 'is', null)
    .where((eb) => (f.debtorKey ? eb('debtor_key', '=', f.debtorKey) : eb.and([eb('case_id', '=', f.caseId), eb('debtor_key', 'is', null)])))
    .where((eb) => (f.phoneId ? eb('phone_id', '=', f.phoneId) : eb('phone_id', 'is', null)))
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
    .executeTakeFirst();
  if (same && !f.until) return same.id;
  const row = await db
    .insertInto('case_flags')
    .values({ case_id: f.caseId, debtor_key: f.debtorKey, flag: f.flag, phone_id: f.phoneId ?? null, note: f.note ?? null, set_by: actor?.id ?? null, set_at: now, until: f.until ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, actor?.id ?? null, 'case_flag.set', 'case', f.caseId, { flagId: row.id, flag: f.flag, level: f.debtorKey ? 'person' : 'case', phoneId: f.phoneId ?? null, via: f.via, recordId: f.recordId ?? null });
  return row.id;
}

/** Set a flag by hand (`POST /api/cases/:id/flags`); the phone must belong to the case; do_not_call may name a phone. */
export async function setFlag(db: Kysely<DB>, actor: Actor, c: { id: number; debtorKey: string | null }, body: z.infer<typeof SetFlagBody>, now: Date): Promise<number> {
  if (body.level === 'person' && !c.debtorKey) throw new AppError('VALIDATION_FAILED', 'the case has no ID number: a person-level flag is not possible', [{ field: 'level', reason: 'no ID number' }]);
  if (body.phoneId !== undefined) {
    if (body.flag !== 'do_not_call') throw new AppError('VALIDATION_FAILED', 'only do_not_call may name a phone', [{ field: 'phoneId', reason: 'only for do_not_call' }]);
    const p = await db.selectFrom('case_phones').select('id').where('id', '=', body.phoneId).where('case_id', '=', c.id).executeTakeFirst();
    if (!p) throw new AppError('VALIDATION_FAILED', 'phone not on this case', [{ field: 'phoneId', reason: 'not on this case' }]);
  }
  if (body.until && new Date(body.until) <= now) throw new AppError('VALIDATION_FAILED', 'until must be in the future', [{ field: 'until', reason: 'in the past' }]);
  return db.transaction().execute((tx) =>
    insertFlag(tx, actor, { caseId: c.id, debtorKey: body.level === 'person' ? c.debtorKey : null, flag: body.flag, phoneId: body.phoneId, note: body.note, until: body.until ? new Date(body.until) : null, via: 'manual' }, now),
  );
}

/** The flag and the case it is reachable through (its own case; for person flags also any case of the person). */
export async function flagById(db: Kysely<DB>, flagId: number) {
  return db.selectFrom('case_flags').selectAll().where('id', '=', flagId).executeTakeFirst();
}

/** Clear a flag with a reason (idempotent: clearing a cleared flag changes nothing). Audited `case_flag.clear`. */
export async function clearFlag(db: Kysely<DB>, actor: Actor, flagId: number, reason: string, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const f = await tx.selectFrom('case_flags').select(['id', 'case_id', 'flag', 'cleared_at']).where('id', '=', flagId).executeTakeFirst();
    if (!f) throw notFound('flag');
    if (f.cleared_at) return;
    await tx.updateTable('case_flags').set({ cleared_by: actor.id, cleared_at: now, clear_reason: reason }).where('id', '=', flagId).execute();
    await audit(tx, actor.id, 'case_flag.clear', 'case', f.case_id, { flagId, flag: f.flag });
  });
}

