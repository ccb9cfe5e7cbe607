/**
 * The contact timeline of a case (every attempt, blocked ones with their reasons), edits within the
 * grace period, and annotations (issue 5 point 3: "records are never edited after a short grace
 * period, only annotated; deletions are not possible"). Targets are shown masked only.
 */
import type { z } from 'zod';
import type { ContactRecordItem, EditContactRecordBody } from '@recova/contracts';
import { maskLoose } from '@recova/domain/identity/masks';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { caseInScope } from '../cases/cases.service.ts';
import { masked } from '../cases/cases.detail.ts';
import { contactSetting, followUpInRange } from './contact-effects.ts';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** Records of case `caseId` (already in scope), newest first, with notes and promises. */
export async function listRecords(ctx: AppContext, actor: Actor, caseId: number, ids?: number[]): Promise<ContactRecordItem[]> {
  let q = ctx.db
    .selectFrom('contact_records as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select('u.display_name as author')
    .where('r.case_id', '=', caseId);
  if (ids) q = q.where('r.id', 'in', ids.length ? ids : [-1]);
  const rows = await q.orderBy('r.at', 'desc').orderBy('r.id', 'desc').execute();
  if (!rows.length) return [];
  const recordIds = rows.map((r) => r.id);
  const [notes, promises] = await Promise.all([
    ctx.db.selectFrom('contact_record_notes as n').leftJoin('users as u', 'u.id', 'n.author_user_id').select(['n.id', 'n.record_id', 'n.body', 'u.display_name', 'n.created_at']).where('n.record_id', 'in', recordIds).orderBy('n.id').execute(),
    ctx.db.selectFrom('promises').selectAll().where('contact_record_id', 'in', recordIds).execute(),
  ]);
  const inst = promises.length
    ? await ctx.db.selectFrom('promise_installments').selectAll().where('promise_id', 'in', promises.map((p) => p.id)).orderBy('seq').execute()
    : [];
  const grace = await contactSetting(ctx.db, 'contactEditGraceMinutes');
  const now = ctx.clock.now().getTime();
  const canReveal = actor.permissions.includes('cases.reveal');
  return rows.map((r) => {
    const until = new Date(new Date(r.at).getTime() + grace * 60_000);
    const p = promises.find((x) => x.contact_record_id === r.id);
    return {
      // A typed target is matched to the phones on file for the gate; showing that match to a user who sees
      // numbers masked would confirm a guessed number (adversarial review, session 7): only revealers see it.
      id: r.id, at: iso(r.at)!, channel: r.channel, direction: r.direction, phoneId: r.target !== null && !canReveal ? null : r.phone_id, addressId: r.address_id,
      target: r.target_masked ?? masked(ctx, 'contact_records', 'target', r.target, maskLoose), party: r.party, relation: r.relation, purpose: r.purpose,
      actionCode: r.action_code, resultCode: r.result_code, note: r.note, durationSeconds: r.duration_seconds, nextFollowUpAt: iso(r.next_follow_up_at),
      status: r.status, decision: r.decision, reasons: (r.reasons ?? []) as unknown as ContactRecordItem['reasons'], ruleSet: r.rule_set ? `${r.rule_set}${r.rule_set_version ? ` v${r.rule_set_version}` : ''}` : null,
      overridden: r.override_by !== null, overrideReason: r.override_reason, source: r.source, createdBy: r.created_by, author: r.author,
      editableUntil: r.status !== 'blocked' && r.created_by === actor.id && until.getTime() > now ? until.toISOString() : null,
      notes: notes.filter((n) => n.record_id === r.id).map((n) => ({ id: n.id, body: n.body, author: n.display_name, createdAt: iso(n.created_at)! })),
      promise: p
        ? {
            id: p.id, amount: p.amount, currency: p.currency, status: p.status, nextDueDate: p.next_due_date,
            installments: inst.filter((i) => i.promise_id === p.id).map((i) => ({ seq: i.seq, dueDate: i.due_date, amount: i.amount, status: i.status })),
          }
        : null,
    };
  });
}

/** The record `recordId` if its case is in the actor's scope (else NOT_FOUND). */
export async function recordInScope(ctx: AppContext, actor: Actor, recordId: number) {
  const r = await ctx.db.selectFrom('contact_records').selectAll().where('id', '=', recordId).executeTakeFirst();
  if (!r) throw notFound('contact record');
  await caseInScope(ctx, actor, r.case_id);
  return r;
}

/**
 * Edit note, next follow-up or duration: only the author, only a made record, only within
 * `contactEditGraceMinutes` of its time (default 15) — else RECORD_LOCKED (annotate instead).
 */
export async function editRecord(ctx: AppContext, actor: Actor, recordId: number, body: z.infer<typeof EditContactRecordBody>): Promise<ContactRecordItem> {
  const r = await recordInScope(ctx, actor, recordId);
  const grace = await contactSetting(ctx.db, 'contactEditGraceMinutes');
  const lockedAt = new Date(r.at).getTime() + grace * 60_000;
  if (r.status === 'blocked' || r.created_by !== actor.id || ctx.clock.now().getTime() >= lockedAt) {
    throw new AppError('RECORD_LOCKED', `a contact record can be edited only by its author within ${grace} minutes; add a note instead`);
  }
  const set: Record<string, unknown> = {};
  if (body.note !== undefined) set.note = body.note;
  if (body.nextFollowUpAt) followUpInRange(new Date(body.nextFollowUpAt), ctx.clock.now());
  if (body.nextFollowUpAt !== undefined) set.next_follow_up_at = body.nextFollowUpAt ? new Date(body.nextFollowUpAt) : null;
  if (body.durationSeconds !== undefined) set.duration_seconds = body.durationSeconds;
  if (Object.keys(set).length) {
    await ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable('contact_records').set(set).where('id', '=', recordId).execute();
      if ('next_follow_up_at' in set) await tx.updateTable('cases').set({ next_follow_up_at: set.next_follow_up_at as Date | null }).where('id', '=', r.case_id).execute();
    });
  }
  return (await listRecords(ctx, actor, r.case_id, [recordId]))[0];
}

/** Annotate a record (any user who sees the case and may write contacts). */
export async function addNote(ctx: AppContext, actor: Actor, recordId: number, body: string) {
  const r = await recordInScope(ctx, actor, recordId);
  const n = await ctx.db.insertInto('contact_record_notes').values({ record_id: r.id, body, author_user_id: actor.id, created_at: ctx.clock.now() }).returning('id').executeTakeFirstOrThrow();
  return { id: n.id, recordId: r.id };
}
