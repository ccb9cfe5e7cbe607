/**
 * Message and letter templates (issue 5 item 6): list, create, edit (each edit is a new version, the
 * old text kept in message_template_versions), audited with ids and field names only. A text that
 * uses an unknown variable or a forbidden construct is refused with TEMPLATE_INVALID naming it.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { CreateTemplateBody, MessageTemplate, UpdateTemplateBody } from '@recova/contracts';
import { templateVariables, validateTemplate } from '@recova/domain/messaging/template';
import type { DB, MessageTemplatesTable } from '../../db/schema.ts';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError, isUniqueViolation, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';

type Row = Selectable<MessageTemplatesTable>;

/** Refuse (TEMPLATE_INVALID, 400) a subject/body that fails validation; details name each variable. */
export function assertValidTemplate(parts: { subject?: string | null; body?: string }): void {
  const details = (['subject', 'body'] as const).flatMap((field) => {
    const text = parts[field];
    return text ? validateTemplate(text).map((p) => ({ field, reason: p.variable ? `${p.reason}: ${p.variable}` : p.reason })) : [];
  });
  if (details.length) throw new AppError('TEMPLATE_INVALID', `template is invalid: ${details.map((d) => d.reason).join('; ')}`, details);
}

/** Response shape of a stored template. */
export function presentTemplate(r: Row): MessageTemplate {
  return {
    id: r.id, code: r.code, channel: r.channel as MessageTemplate['channel'], locale: r.locale as MessageTemplate['locale'], name: r.name,
    subject: r.subject, body: r.body, version: r.version, active: r.active,
    variables: [...new Set([...(r.subject ? templateVariables(r.subject) : []), ...templateVariables(r.body)])],
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Templates, optionally of one channel; inactive ones only when asked. */
export async function listTemplates(db: Kysely<DB>, q: { channel?: string; includeInactive?: boolean }): Promise<MessageTemplate[]> {
  let query = db.selectFrom('message_templates').selectAll().where('tenant_id', '=', 1);
  if (q.channel) query = query.where('channel', '=', q.channel);
  if (!q.includeInactive) query = query.where('active', '=', true);
  const rows = await query.orderBy('channel').orderBy('code').orderBy('locale').execute();
  return rows.map((r) => presentTemplate(r as Row));
}

/** One template (NOT_FOUND when absent). */
export async function getTemplate(db: Kysely<DB>, id: number): Promise<Row> {
  const r = await db.selectFrom('message_templates').selectAll().where('id', '=', id).where('tenant_id', '=', 1).executeTakeFirst();
  if (!r) throw notFound('template');
  return r as Row;
}

/** Create a template (version 1). CONFLICT when (code, channel, locale) exists. */
export async function createTemplate(ctx: AppContext, actor: Actor | null, b: z.infer<typeof CreateTemplateBody>): Promise<MessageTemplate> {
  assertValidTemplate(b);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const r = await tx.insertInto('message_templates')
        .values({ code: b.code, channel: b.channel, locale: b.locale, name: b.name, subject: b.subject ?? null, body: b.body, updated_by: actor?.id ?? null, updated_at: ctx.clock.now() })
        .returningAll().executeTakeFirstOrThrow();
      await tx.insertInto('message_template_versions').values({ template_id: r.id, version: 1, subject: r.subject, body: r.body, edited_by: actor?.id ?? null, edited_at: ctx.clock.now() }).execute();
      await audit(tx, actor?.id ?? null, 'template.create', 'message_template', r.id, { code: b.code, channel: b.channel, locale: b.locale });
      return presentTemplate(r as Row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', `a ${b.channel} template ${b.code} (${b.locale}) exists already`);
    throw e;
  }
}

/** Edit a template: a new version when subject or body changes; stale `version` → CONFLICT. */
export async function updateTemplate(ctx: AppContext, actor: Actor | null, id: number, b: z.infer<typeof UpdateTemplateBody>): Promise<MessageTemplate> {
  assertValidTemplate({ subject: b.subject, body: b.body });
  return ctx.db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('message_templates').selectAll().where('id', '=', id).where('tenant_id', '=', 1).forUpdate().executeTakeFirst();
    if (!cur) throw notFound('template');
    if (cur.version !== b.version) throw new AppError('CONFLICT', `template changed meanwhile (now version ${cur.version})`);
    const subject = b.subject === undefined ? cur.subject : b.subject;
    const body = b.body ?? cur.body;
    if (cur.channel === 'email' && !subject?.trim()) throw new AppError('VALIDATION_FAILED', 'an e-mail template needs a subject', [{ field: 'subject', reason: 'required' }]);
    const textChanged = subject !== cur.subject || body !== cur.body;
    const version = textChanged ? cur.version + 1 : cur.version;
    const r = await tx.updateTable('message_templates')
      .set({ name: b.name ?? cur.name, subject, body, active: b.active ?? cur.active, version, updated_by: actor?.id ?? null, updated_at: ctx.clock.now() })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    if (textChanged) await tx.insertInto('message_template_versions').values({ template_id: id, version, subject, body, edited_by: actor?.id ?? null, edited_at: ctx.clock.now() }).execute();
    const fields = (['name', 'subject', 'body', 'active'] as const).filter((k) => b[k] !== undefined && b[k] !== (cur as Record<string, unknown>)[k]);
    await audit(tx, actor?.id ?? null, 'template.update', 'message_template', id, { fields, version });
    return presentTemplate(r as Row);
  });
}

/** The text of a template at one version (what a message or letter was rendered from). */
export async function templateVersion(db: Kysely<DB>, id: number, version: number): Promise<{ subject: string | null; body: string } | undefined> {
  return db.selectFrom('message_template_versions').select(['subject', 'body']).where('template_id', '=', id).where('version', '=', version).executeTakeFirst();
}

/** Versions of a template, newest first (the admin page's history). */
export async function listTemplateVersions(db: Kysely<DB>, id: number) {
  await getTemplate(db, id);
  const rows = await db.selectFrom('message_template_versions as v').leftJoin('users as u', 'u.id', 'v.edited_by')
    .select(['v.version', 'v.subject', 'v.body', 'u.display_name', sql<string>`v.edited_at`.as('edited_at')])
    .where('v.template_id', '=', id).orderBy('v.version', 'desc').execute();
  return rows.map((r) => ({ version: r.version, subject: r.subject, body: r.body, editedBy: r.display_name, editedAt: new Date(r.edited_at).toISOString() }));
}
