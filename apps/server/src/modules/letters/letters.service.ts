/**
 * Letters (issue 5 item 6): generate for one case (workbench) or many (a print batch, one PDF), each
 * registered with a number (XH2026000123), date, address and status generated → printed → sent →
 * returned. Every letter is a contact attempt through the compliance gate (channel 'letter',
 * sourceRef = letter number); a blocked one is registered with status 'blocked' and never printed.
 * The PDF holds the unmasked name and address (it is mailed): each download is audited (ids only).
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { GenerateLettersBody, LetterItem } from '@recova/contracts';
import { renderTemplate } from '@recova/domain/messaging/template';
import { formatLocalDate, type MessageLocale } from '@recova/domain/messaging/format';
import { maskAddress } from '@recova/domain/identity/masks';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { caseScopeSql } from '../access/scope.sql.ts';
import { attemptContact, completeContactAttempt } from '../contacts/contact-gate.ts';
import { openColumn } from '../security/pii.ts';
import { getTemplate, templateVersion } from '../messaging/templates.service.ts';
import { caseTemplateValues, resolveDueDate } from '../messaging/template-values.ts';
import { DEFAULT_LETTER_FONT, messagingProfile } from '../messaging/messaging-settings.service.ts';
import { assertFont, renderLettersPdf, type LetterPage } from './letter-pdf.ts';
import { listLetters } from './letters.repository.ts';

const ADDRESS_ORDER = sql`case a.kind when 'mailing' then 1 when 'home' then 2 when 'work' then 3 when 'registered' then 4 else 5 end`;

/** The debtor's address a letter goes to: mailing, else home, work, registered, other. */
async function letterAddress(ctx: AppContext, caseId: number) {
  return ctx.db.selectFrom('case_addresses as a').select(['a.id', 'a.address', 'a.address_masked']).where('a.case_id', '=', caseId).where('a.owner', '=', 'debtor')
    .orderBy(ADDRESS_ORDER).orderBy('a.id').executeTakeFirst();
}

export interface GenerateResult { letters: LetterItem[]; blocked: Array<{ caseId: number; letterNo: string | null; reasons: string[] }>; printBatch: string | null }

/** Generate letters for the cases (all must be in scope, else NOT_FOUND). More than one needs letters.manage. */
export async function generateLetters(ctx: AppContext, actor: Actor, b: z.infer<typeof GenerateLettersBody>): Promise<GenerateResult> {
  const caseIds = [...new Set(b.caseIds)];
  if (caseIds.length > 1 && !actor.permissions.includes('letters.manage')) throw new AppError('FORBIDDEN', 'permission letters.manage required for a print batch');
  const t = await getTemplate(ctx.db, b.templateId);
  if (t.channel !== 'letter') throw new AppError('VALIDATION_FAILED', 'not a letter template', [{ field: 'templateId', reason: 'channel' }]);
  if (!t.active) throw new AppError('INVALID_STATE', 'template is inactive');
  const profile = await messagingProfile(ctx.db);
  assertFont(profile.letterFontPath || DEFAULT_LETTER_FONT);
  const inScope = await ctx.db.selectFrom('cases as c').select('c.id').where('c.id', 'in', caseIds).where(caseScopeSql(actor.scope, 'c')).execute();
  if (inScope.length !== caseIds.length) throw notFound('case');

  const now = ctx.clock.now();
  const today = ctx.clock.today(ctx.config.timezone);
  const year = today.slice(0, 4);
  let printBatch: string | null = null;
  const made: number[] = [];
  const blocked: GenerateResult['blocked'] = [];
  for (const caseId of caseIds) {
    const addr = await letterAddress(ctx, caseId);
    if (!addr) {
      if (caseIds.length === 1) throw new AppError('INVALID_STATE', 'the case has no debtor address for a letter');
      blocked.push({ caseId, letterNo: null, reasons: ['no address'] });
      continue;
    }
    const { rows } = await sql<{ id: number }>`select nextval('letters_id_seq')::int as id`.execute(ctx.db);
    const id = Number(rows[0].id);
    const letterNo = `XH${year}${String(id).padStart(6, '0')}`;
    if (caseIds.length > 1) printBatch ??= `PB-${letterNo}`;
    const outcome = await attemptContact(ctx.db, ctx.pii, actor, {
      caseId, channel: 'letter', addressId: addr.id, target: openColumn(ctx.pii, 'case_addresses', 'address', addr.address) ?? undefined, party: 'debtor',
      purpose: 'collection', disclosesDebt: true, direction: 'outbound', actionCode: 'letter', source: 'letter', sourceRef: letterNo, status: 'queued',
    }, now);
    const isBlocked = outcome.status === 'blocked';
    await ctx.db.insertInto('letters').values({
      id, letter_no: letterNo, case_id: caseId, template_id: t.id, template_version: t.version, address_id: addr.id,
      address_masked: addr.address_masked ?? maskAddress(openColumn(ctx.pii, 'case_addresses', 'address', addr.address) ?? ''), letter_date: today,
      due_date: await resolveDueDate(ctx, caseId, b.dueDate),
      contact_record_id: outcome.recordId, print_batch: isBlocked ? null : printBatch, status: isBlocked ? 'blocked' : 'generated', created_by: actor.id, created_at: now,
    } as never).execute();
    if (isBlocked) blocked.push({ caseId, letterNo, reasons: outcome.decision.reasons.map((r) => r.message) });
    else made.push(id);
  }
  await audit(ctx.db, actor.id, 'letter.generate', 'letter', made[0] ?? null, { templateId: t.id, version: t.version, generated: made.length, blocked: blocked.length, printBatch });
  if (caseIds.length === 1 && blocked.length) {
    throw new AppError('COMPLIANCE_BLOCKED', `letter not allowed: ${blocked[0].reasons.join('; ')}`, blocked[0].reasons.map((r) => ({ reason: r })));
  }
  const letters = made.length ? await listLetters(ctx.db, actor.scope, { ids: made }) : [];
  return { letters, blocked, printBatch: made.length ? printBatch : null };
}

/** One PDF of the given letters (in scope, not blocked), or of a whole print batch. */
export async function lettersPdf(ctx: AppContext, actor: Actor, by: { ids?: number[]; printBatch?: string }): Promise<Buffer> {
  const items = (await listLetters(ctx.db, actor.scope, by)).filter((l) => l.status !== 'blocked');
  if (!items.length) throw notFound('letter');
  const profile = await messagingProfile(ctx.db);
  const pages: LetterPage[] = [];
  for (const l of items.slice().reverse()) {
    const row = await ctx.db.selectFrom('letters as l').innerJoin('cases as c', 'c.id', 'l.case_id').leftJoin('case_addresses as a', 'a.id', 'l.address_id')
      .select(['l.template_id', 'l.template_version', 'l.due_date', 'c.debtor_name', 'a.address']).where('l.id', '=', l.id).executeTakeFirstOrThrow();
    const t = await getTemplate(ctx.db, row.template_id!);
    const text = (await templateVersion(ctx.db, t.id, row.template_version ?? t.version)) ?? t;
    const locale = t.locale as MessageLocale;
    const values = await caseTemplateValues(ctx, l.caseId, { locale, masked: false, letterNo: l.letterNo, dueDate: row.due_date ? String(row.due_date).slice(0, 10) : undefined });
    values.today = formatLocalDate(l.letterDate, locale);
    pages.push({
      letterNo: l.letterNo, date: values.today, sender: profile.agencyName || values.clientName, recipient: row.debtor_name ?? '',
      address: openColumn(ctx.pii, 'case_addresses', 'address', row.address) ?? '', title: text.subject ? renderTemplate(text.subject, values) : '',
      body: renderTemplate(text.body, values),
    });
  }
  const pdf = await renderLettersPdf(pages, profile.letterFontPath || DEFAULT_LETTER_FONT);
  await audit(ctx.db, actor.id, 'letter.download', 'letter', by.printBatch ? null : items[0].id, { letters: items.length, printBatch: by.printBatch ?? null });
  return pdf;
}

const NEXT: Record<string, string[]> = { printed: ['generated'], sent: ['generated', 'printed'], returned: ['sent'] };

/** Move letters to printed / sent / returned (letters.manage); a wrong step → INVALID_STATE. */
export async function updateLetterStatus(ctx: AppContext, actor: Actor, ids: number[], status: 'printed' | 'sent' | 'returned'): Promise<LetterItem[]> {
  const items = await listLetters(ctx.db, actor.scope, { ids });
  if (items.length !== new Set(ids).size) throw notFound('letter');
  const wrong = items.filter((l) => !NEXT[status].includes(l.status));
  if (wrong.length) throw new AppError('INVALID_STATE', `cannot mark ${wrong.map((l) => `${l.letterNo} (${l.status})`).join(', ')} as ${status}`);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('letters').set({ status, status_changed_by: actor.id, status_changed_at: ctx.clock.now() }).where('id', 'in', ids).execute();
    await audit(tx, actor.id, 'letter.status', 'letter', ids.length === 1 ? ids[0] : null, { ids, status });
  });
  for (const l of items) {
    const rec = await ctx.db.selectFrom('letters as l').innerJoin('contact_records as r', 'r.id', 'l.contact_record_id').select(['r.id', 'r.status']).where('l.id', '=', l.id).executeTakeFirst();
    if (rec?.status !== 'queued') continue;
    if (status === 'sent') await completeContactAttempt(ctx.db, rec.id, { status: 'made', resultCode: 'sent' });
    if (status === 'returned') await completeContactAttempt(ctx.db, rec.id, { status: 'failed', resultCode: 'failed' });
  }
  return listLetters(ctx.db, actor.scope, { ids });
}
