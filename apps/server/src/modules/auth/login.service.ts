/**
 * Sign-in: password (argon2id), temporary lockout after `lockoutThreshold` consecutive failures for
 * `lockoutMinutes` (OWASP ASVS V2.2.1; NIST SP 800-63B §5.2.2 rate limiting), then TOTP when the user
 * has it on. Unknown users and wrong passwords give the same code and take about the same time (a
 * dummy hash is verified), and unknown usernames lock after the same number of failures, so usernames
 * cannot be enumerated (OWASP Authentication Cheat Sheet).
 * Every attempt is audited: `auth.login`, `auth.login_failed` (with a reason code, never the
 * password), `auth.account_locked`.
 */
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { getSettings } from '../settings/settings.service.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkTotp } from './totp.ts';

// A fixed dummy hash so unknown usernames take as long as wrong passwords (no user enumeration by timing).
let dummyHash: Promise<string> | null = null;

export type LoginFailure = 'unknown_user' | 'inactive' | 'bad_password' | 'locked' | 'totp_required' | 'bad_totp';

/** Check credentials; returns the user row. Errors: INVALID_CREDENTIALS, ACCOUNT_LOCKED (details: lockedUntil), TOTP_REQUIRED, TOTP_INVALID. */
export async function login(ctx: AppContext, username: string, password: string, totp?: string) {
  const user = await ctx.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const now = ctx.clock.now();
  if (!user || !user.active) {
    dummyHash ??= hashPassword('dummy-password-for-timing');
    await verifyPassword(await dummyHash, password);
    await audit(ctx.db, null, 'auth.login_failed', 'user', user?.id ?? null, { reason: user ? 'inactive' : 'unknown_user' });
    const until = await phantomFailure(ctx, username, now);
    if (until) throw locked(until);
    throw new AppError('INVALID_CREDENTIALS', 'wrong username or password');
  }
  const passwordOk = await verifyPassword(user.password_hash, password); // always verified: a locked account answers in the same time
  if (user.locked_until && new Date(user.locked_until).getTime() > now.getTime()) {
    await audit(ctx.db, user.id, 'auth.login_failed', 'user', user.id, { reason: 'locked' });
    throw locked(new Date(user.locked_until));
  }
  if (!passwordOk) await fail(ctx, user.id, 'bad_password');
  if (user.totp_enabled && user.totp_secret) {
    if (!totp) {
      // the password was right: not a failure, the client asks for the code
      await audit(ctx.db, user.id, 'auth.login_failed', 'user', user.id, { reason: 'totp_required' });
      throw new AppError('TOTP_REQUIRED', 'enter the code from your authenticator app');
    }
    const step = checkTotp(ctx.pii.decrypt('users.totp_secret', user.totp_secret)!, totp, now, user.totp_last_step);
    if (step === null) await fail(ctx, user.id, 'bad_totp');
    // claim the time step atomically: of parallel sign-ins with one code, only the first gets past here
    const claimed = await ctx.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step!)])).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) await fail(ctx, user.id, 'bad_totp');
  }
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await audit(tx, user.id, 'auth.login', 'user', user.id);
  });
  return user;
}

/**
 * Unknown and inactive usernames "lock" like real accounts: otherwise the threshold-th wrong password
 * answers 423 only for names that exist, and a script learns which usernames are real. Counted in memory
 * per server (bounded; nothing to protect, only the answer to imitate), with the same threshold, window
 * and restart-after-unlock rule as {@link fail}. Returns the lock's end when this attempt is (or hits) a lock.
 */
const phantoms = new WeakMap<AppContext, Map<string, { failures: number; lockedUntil: number }>>();
const MAX_PHANTOMS = 10_000;

async function phantomFailure(ctx: AppContext, username: string, now: Date): Promise<Date | null> {
  let m = phantoms.get(ctx);
  if (!m) phantoms.set(ctx, (m = new Map()));
  const e = m.get(username) ?? { failures: 0, lockedUntil: 0 };
  if (e.lockedUntil > now.getTime()) return new Date(e.lockedUntil);
  const s = await getSettings(ctx.db);
  e.failures += 1;
  if (e.failures >= s.lockoutThreshold) Object.assign(e, { failures: 0, lockedUntil: now.getTime() + s.lockoutMinutes * 60_000 });
  m.delete(username); // re-insert: the map's order is least recently failed first
  m.set(username, e);
  if (m.size > MAX_PHANTOMS) m.delete(m.keys().next().value!);
  return e.lockedUntil > now.getTime() ? new Date(e.lockedUntil) : null;
}

function locked(until: Date): AppError {
  return new AppError('ACCOUNT_LOCKED', `account locked until ${until.toISOString()}`, [{ field: 'lockedUntil', value: until.toISOString(), reason: 'too many failed sign-ins' }]);
}

/** Count a failure; lock at the threshold (the counter restarts, so each unlock allows a full threshold again). Always throws. */
async function fail(ctx: AppContext, userId: number, reason: LoginFailure): Promise<never> {
  const s = await getSettings(ctx.db);
  const now = ctx.clock.now();
  const lockedUntil = await ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('users').set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) })).where('id', '=', userId).returning('failed_logins').executeTakeFirstOrThrow();
    await audit(tx, userId, 'auth.login_failed', 'user', userId, { reason, consecutive: r.failed_logins });
    if (r.failed_logins < s.lockoutThreshold) return null;
    const until = new Date(now.getTime() + s.lockoutMinutes * 60_000);
    await tx.updateTable('users').set({ failed_logins: 0, locked_until: until }).where('id', '=', userId).execute();
    await audit(tx, userId, 'auth.account_locked', 'user', userId, { failures: r.failed_logins, minutes: s.lockoutMinutes });
    return until;
  });
  if (lockedUntil) throw locked(lockedUntil);
  throw reason === 'bad_totp' ? new AppError('TOTP_INVALID', 'wrong code') : new AppError('INVALID_CREDENTIALS', 'wrong username or password');
}
