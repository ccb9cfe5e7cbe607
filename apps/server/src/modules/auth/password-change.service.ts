/**
 * Changing passwords: the user's own change (ends their other sessions; clears the forced-change
 * flag) and an administrator's reset (forces a change at next sign-in unless opted out; ends all the
 * user's sessions; clears a lockout). Both apply the password policy (NIST SP 800-63B §5.1.1.2) and
 * are audited as `auth.password_change` / `auth.password_reset`.
 */
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { enforcePasswordPolicy } from './password-policy.service.ts';
import { destroyUserSessions } from './sessions.ts';

/** Own change. INVALID_CREDENTIALS when `currentPassword` is wrong; PASSWORD_POLICY; VALIDATION_FAILED when unchanged. */
export async function changeOwnPassword(ctx: AppContext, actor: Actor, currentPassword: string, newPassword: string): Promise<{ endedSessions: number }> {
  const u = await ctx.db.selectFrom('users').select(['password_hash', 'username']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(u.password_hash, currentPassword))) throw new AppError('INVALID_CREDENTIALS', 'the current password is wrong');
  if (newPassword === currentPassword) throw new AppError('VALIDATION_FAILED', 'choose a different password', [{ field: 'newPassword', reason: 'same as the current password' }]);
  await enforcePasswordPolicy(ctx.db, newPassword, u.username, 'newPassword');
  const hash = await hashPassword(newPassword);
  return ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash, must_change_password: false, password_changed_at: ctx.clock.now() }).where('id', '=', actor.id).execute();
    const ended = await destroyUserSessions(tx, actor.id, actor.session?.tokenHash);
    await audit(tx, actor.id, 'auth.password_change', 'user', actor.id, { endedSessions: ended });
    return { endedSessions: ended };
  });
}

/** Admin reset of another user's password. NOT_FOUND; PASSWORD_POLICY. */
export async function resetUserPassword(ctx: AppContext, actor: Actor, userId: number, password: string, mustChangePassword = true): Promise<{ endedSessions: number }> {
  const u = await ctx.db.selectFrom('users').select(['username']).where('id', '=', userId).executeTakeFirst();
  if (!u) throw notFound('user');
  await enforcePasswordPolicy(ctx.db, password, u.username);
  const hash = await hashPassword(password);
  return ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: mustChangePassword, password_changed_at: ctx.clock.now(), failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute();
    const ended = await destroyUserSessions(tx, userId);
    await audit(tx, actor.id, 'auth.password_reset', 'user', userId, { mustChangePassword, endedSessions: ended });
    return { endedSessions: ended };
  });
}
