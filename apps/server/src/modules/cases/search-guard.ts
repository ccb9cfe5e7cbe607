/**
 * The guess budget of case searches (ADR 0012; OWASP ASVS 4.0 V8.3, V11.1 business-logic limits).
 *
 * A user without `cases.reveal` sees debtors' names, IDs and phones masked. A search by a full ID,
 * card or phone number — or by a whole name — that finds no case tells them one guess was wrong; enough
 * wrong guesses rebuild the hidden digits (the 8-digit birth date of a masked ID is ~2.6k guesses).
 * So each such search is charged to the user in `search_guesses` (0016) BEFORE it runs, the charge is
 * dropped when the search finds a case in the user's scope (or fails), and when the user's charges in
 * the last 24 hours (application clock) exceed the setting `searchGuessBudget` the search is refused
 * with SEARCH_GUESS_LIMIT (429) and audited as `case.search_guard_tripped` (managers see it in the
 * audit log). Charging first makes the budget hold across concurrent requests and server processes:
 * the k-th concurrent guess counts at least k rows.
 *
 * What does not count: searches that find a case (the collector pasting the number of an incoming call
 * finds their own case for free), last-4 and masked-ID searches, filters, a text that is the reference
 * of a case in the user's scope (references are shown unmasked: searching one is never refused, even
 * with the budget used up), and every search of a user with `cases.reveal` (they may see the values
 * anyway, each reveal audited).
 */
import { sql } from 'kysely';
import { budgetDecision, classifyGuess, GUESS_WINDOW_MS, nameMatchFor, type GuessKind, type NameMatch } from '@recova/domain/identity/search-guard';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { getSettings } from '../settings/settings.service.ts';
import { caseScopeSql } from '../access/scope.sql.ts';

/** How the actor's searches match debtor names: `substring` with `cases.reveal`, else `exact`. */
export function nameMatchOf(actor: Actor): NameMatch {
  return nameMatchFor(actor.permissions);
}

/** The kind of guess `q` is for this actor, or null when it is not limited (see the module comment). */
export function guessOf(actor: Actor, q: string | undefined): GuessKind | null {
  if (actor.permissions.includes('cases.reveal')) return null;
  return classifyGuess(q, nameMatchOf(actor));
}

/**
 * Run `work` (a search, count, export or bulk selection by filter text `q`) under the guess budget.
 * `found(result)` says whether it found at least one case. `via` names the endpoint for the audit row.
 * Throws SEARCH_GUESS_LIMIT (429, details `[{ field: 'retryAt', value: ISO instant }]`) when the
 * actor's guesses that found nothing in the last 24 h already reach the budget; nothing runs then.
 * Must not be called inside a transaction (it writes its own rows; PGlite has one connection).
 */
export async function guardedSearch<T>(ctx: AppContext, actor: Actor, q: string | undefined, via: string, work: () => Promise<T>, found: (r: T) => boolean): Promise<T> {
  const kind = guessOf(actor, q);
  if (!kind || (await isCaseRefInScope(ctx, actor, q!.trim()))) return work();
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - GUESS_WINDOW_MS);
  // old rows are of no use to anyone: each user's charge sweeps their own
  await ctx.db.deleteFrom('search_guesses').where('user_id', '=', actor.id).where('at', '<=', since).execute();
  const charge = await ctx.db.insertInto('search_guesses').values({ user_id: actor.id, at: now, kind }).returning('id').executeTakeFirstOrThrow();
  const refund = () => ctx.db.deleteFrom('search_guesses').where('id', '=', charge.id).execute();
  const w = await ctx.db
    .selectFrom('search_guesses')
    .select([sql<number>`count(*)::int`.as('n'), sql<Date | string | null>`min(at)`.as('oldest')])
    .where('user_id', '=', actor.id)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  const { searchGuessBudget: budget } = await getSettings(ctx.db);
  const decision = budgetDecision(w.n, budget, w.oldest === null ? null : new Date(w.oldest));
  if (!decision.allowed) {
    await refund(); // a refused search learnt nothing: it does not keep the window full
    await audit(ctx.db, actor.id, 'case.search_guard_tripped', 'user', actor.id, { kind, via, budget, misses: w.n - 1, retryAt: decision.retryAt });
    throw new AppError('SEARCH_GUESS_LIMIT', `${w.n - 1} searches by a full number or name found no case in the last 24 hours (limit ${budget}); try again after ${decision.retryAt}`, [
      { field: 'retryAt', value: decision.retryAt ?? undefined, reason: 'search guess budget used up' },
    ]);
  }
  let result: T;
  try {
    result = await work();
  } catch (e) {
    await refund();
    throw e;
  }
  if (found(result)) await refund();
  return result;
}

/** Whether `ref` is the client case reference of a case in the actor's scope (shown unmasked: not a guess). */
async function isCaseRefInScope(ctx: AppContext, actor: Actor, ref: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('cases as c').select('c.id').where('c.client_case_ref', '=', ref).where(caseScopeSql(actor.scope, 'c')).limit(1).executeTakeFirst();
  return !!row;
}

/** Guesses of a user that found no case in the 24 hours before `now` (what the budget counts). */
export async function guessesInWindow(ctx: AppContext, userId: number, now: Date = ctx.clock.now()): Promise<number> {
  const r = await ctx.db
    .selectFrom('search_guesses')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('at', '>', new Date(now.getTime() - GUESS_WINDOW_MS))
    .where('at', '<=', now)
    .executeTakeFirstOrThrow();
  return r.n;
}
