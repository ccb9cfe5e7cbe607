/**
 * Messaging settings: the SMS provider (Twilio Messages API), the SMTP server and the agency profile
 * used by templates and letters. Secrets (auth token, SMTP password) are stored encrypted with the
 * data key and never returned or logged: the view says only `hasSecret`. Changes are audited with
 * field names only.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { EmailProviderBody, MessagingProfileBody, SmsProviderBody, type MessagingSettingsView } from '@recova/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor, AppContext } from '../../http/context.ts';
import type { PiiCipher } from '../../platform/crypto.ts';
import { audit } from '../audit/audit.ts';

const SECRET_AAD = 'messaging_providers.secret';
const PROFILE_KEY = 'messaging.profile';
/** Debian fonts-noto-cjk; override with the profile's `letterFontPath`. */
export const DEFAULT_LETTER_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const DEFAULT_PROFILE: z.infer<typeof MessagingProfileBody> = { agencyName: '', callbackPhone: '', dueInDays: 7, letterFontPath: null };

export type SmsProvider = z.infer<typeof SmsProviderBody> & { authToken: string };
export type EmailProvider = z.infer<typeof EmailProviderBody>;

async function row(db: Kysely<DB>, channel: 'sms' | 'email') {
  return db.selectFrom('messaging_providers').selectAll().where('tenant_id', '=', 1).where('channel', '=', channel).executeTakeFirst();
}

/** The SMS provider with its decrypted token, or null when none is configured. */
export async function smsProvider(db: Kysely<DB>, pii: PiiCipher): Promise<SmsProvider | null> {
  const r = await row(db, 'sms');
  if (!r) return null;
  const parsed = SmsProviderBody.safeParse(r.settings);
  return parsed.success ? { ...parsed.data, authToken: pii.decrypt(SECRET_AAD, r.secret) ?? '' } : null;
}

/** The SMTP settings with the decrypted password, or null. */
export async function emailProvider(db: Kysely<DB>, pii: PiiCipher): Promise<EmailProvider | null> {
  const r = await row(db, 'email');
  if (!r) return null;
  const parsed = EmailProviderBody.safeParse(r.settings);
  return parsed.success ? { ...parsed.data, password: pii.decrypt(SECRET_AAD, r.secret) ?? undefined } : null;
}

/** The agency profile (defaults filled in). */
export async function messagingProfile(db: Kysely<DB>): Promise<z.infer<typeof MessagingProfileBody>> {
  const r = await db.selectFrom('settings').select('value').where('tenant_id', '=', 1).where('key', '=', PROFILE_KEY).executeTakeFirst();
  const parsed = MessagingProfileBody.safeParse(r?.value);
  return parsed.success ? parsed.data : DEFAULT_PROFILE;
}

/** Settings for the admin page: no secret, only whether one is stored. */
export async function messagingSettingsView(db: Kysely<DB>): Promise<MessagingSettingsView> {
  const [s, e] = await Promise.all([row(db, 'sms'), row(db, 'email')]);
  const view = <T extends object>(r: typeof s, strip: string) => {
    if (!r) return null;
    const { [strip]: _drop, ...rest } = r.settings as Record<string, unknown>;
    return { ...(rest as T), hasSecret: !!r.secret };
  };
  return { sms: view(s, 'authToken'), email: view(e, 'password'), profile: await messagingProfile(db) };
}

/**
 * Save one provider. The secret is kept when the body omits it (the page never sees it to resend).
 */
export async function saveProvider(ctx: AppContext, actor: Actor | null, channel: 'sms' | 'email', body: Record<string, unknown>): Promise<MessagingSettingsView> {
  const secretKey = channel === 'sms' ? 'authToken' : 'password';
  const { [secretKey]: secret, ...settings } = body;
  await ctx.db.transaction().execute(async (tx) => {
    const cur = await row(tx, channel);
    const stored = typeof secret === 'string' && secret !== '' ? ctx.pii.encrypt(SECRET_AAD, secret) : (cur?.secret ?? null);
    await tx.insertInto('messaging_providers')
      .values({ channel, kind: String(settings.kind), settings: JSON.stringify(settings), secret: stored, updated_by: actor?.id ?? null, updated_at: ctx.clock.now() })
      .onConflict((oc) => oc.columns(['tenant_id', 'channel']).doUpdateSet({ kind: String(settings.kind), settings: JSON.stringify(settings), secret: stored, updated_by: actor?.id ?? null, updated_at: sql`now()` }))
      .execute();
    await audit(tx, actor?.id ?? null, 'messaging.provider.update', 'messaging_provider', null, { channel, fields: Object.keys(settings), secretChanged: typeof secret === 'string' && secret !== '' });
  });
  return messagingSettingsView(ctx.db);
}

/** Save the agency profile. */
export async function saveProfile(ctx: AppContext, actor: Actor | null, p: z.infer<typeof MessagingProfileBody>): Promise<MessagingSettingsView> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('settings').values({ key: PROFILE_KEY, value: JSON.stringify(p), updated_by: actor?.id ?? null })
      .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value: JSON.stringify(p), updated_by: actor?.id ?? null, updated_at: sql`now()` }))
      .execute();
    await audit(tx, actor?.id ?? null, 'messaging.profile.update', 'settings', null, { fields: Object.keys(p) });
  });
  return messagingSettingsView(ctx.db);
}
