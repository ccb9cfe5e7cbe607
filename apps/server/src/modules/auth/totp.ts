/**
 * TOTP two-factor sign-in (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) through otplib. A code is
 * accepted one step either side of the server clock (RFC 6238 §5.2 allows for drift) and never twice:
 * the last accepted time step is stored and later codes must be for a later step (§5.2: "the verifier
 * MUST NOT accept the second attempt of the OTP after the successful validation").
 */
import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';
import type { TotpSetup } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { verifyPassword } from './password.ts';

export const TOTP_ISSUER = 'Recova';

/** Check `code` for `secret` at `now`; returns the matched time step, or null (wrong, or not after `lastStep`). */
export function checkTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const r = verifySync({ secret, token: code, epoch: Math.floor(now.getTime() / 1000), epochTolerance: 30, ...(lastStep !== null && { afterTimeStep: Number(lastStep) }) });
  return r.valid && 'timeStep' in r ? r.timeStep : null;
}

/** Start enrolment: a new secret (kept pending until enabled), its otpauth URI and QR code. CONFLICT when TOTP is already on. */
export async function setupTotp(ctx: AppContext, actor: Actor): Promise<TotpSetup> {
  const u = await ctx.db.selectFrom('users').select(['totp_enabled']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (u.totp_enabled) throw new AppError('CONFLICT', 'two-factor sign-in is already on; turn it off first');
  const secret = generateSecret();
  await ctx.db.updateTable('users').set({ totp_secret: ctx.pii.encrypt('users.totp_secret', secret), totp_last_step: null }).where('id', '=', actor.id).execute();
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: actor.username, secret });
  return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 220 }) };
}

/** Finish enrolment with a code from the app. TOTP_INVALID when wrong; VALIDATION_FAILED without a pending setup. */
export async function enableTotp(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  const u = await ctx.db.selectFrom('users').select(['totp_secret', 'totp_enabled', 'totp_last_step']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (u.totp_enabled) throw new AppError('CONFLICT', 'two-factor sign-in is already on');
  if (!u.totp_secret) throw new AppError('VALIDATION_FAILED', 'start the setup first', [{ field: 'code', reason: 'no pending setup' }]);
  const step = checkTotp(ctx.pii.decrypt('users.totp_secret', u.totp_secret)!, code, ctx.clock.now(), u.totp_last_step);
  if (step === null) throw new AppError('TOTP_INVALID', 'wrong code');
  await ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('users').set({ totp_enabled: true, totp_last_step: step }).where('id', '=', actor.id).where('totp_enabled', '=', false).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('CONFLICT', 'two-factor sign-in is already on');
    await audit(tx, actor.id, 'auth.totp_enable', 'user', actor.id);
  });
}

/** Turn TOTP off after re-entering the password (INVALID_CREDENTIALS when wrong). */
export async function disableTotp(ctx: AppContext, actor: Actor, password: string): Promise<void> {
  const u = await ctx.db.selectFrom('users').select(['password_hash']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(u.password_hash, password))) throw new AppError('INVALID_CREDENTIALS', 'wrong password');
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ totp_enabled: false, totp_secret: null, totp_last_step: null }).where('id', '=', actor.id).execute();
    await audit(tx, actor.id, 'auth.totp_disable', 'user', actor.id);
  });
}

/** Admin: clear a user's TOTP (lost phone); they enrol again. */
export async function resetTotp(ctx: AppContext, actor: Actor, userId: number): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('users').set({ totp_enabled: false, totp_secret: null, totp_last_step: null }).where('id', '=', userId).executeTakeFirst();
    if (!Number(r.numUpdatedRows)) throw notFound('user');
    await audit(tx, actor.id, 'auth.totp_reset', 'user', userId);
  });
}
