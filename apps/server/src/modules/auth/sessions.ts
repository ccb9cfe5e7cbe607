/**
 * Server-side sessions: a random 256-bit token in an HttpOnly, SameSite=Lax cookie; only its SHA-256
 * is stored. Idle and absolute timeouts come from the settings (`sessionIdleMinutes`,
 * `sessionAbsoluteHours`; OWASP ASVS V3.3). Each session has a CSRF token derived from its secret
 * token (HMAC), so it is random per session and can be handed out again by `GET /api/auth/me`; only
 * its SHA-256 is stored (OWASP CSRF Prevention Cheat Sheet, synchronizer token pattern).
 */
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ROLE_PERMISSIONS, type Role, type Settings } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import type { DB } from '../../db/schema.ts';
import { scopeFor } from './scope.ts';
import { accessFromRow, type Access } from '../access/permissions.ts';
import { getSettings, settingsFromRows } from '../settings/settings.service.ts';

export const SESSION_COOKIE = 'recova_session';

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** The CSRF token of a session: HMAC-SHA256(session token, "csrf"), base64url. */
export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHmac('sha256', sessionToken).update('recova-csrf').digest('base64url');
}

/** Constant-time check of a presented CSRF token against the stored hash. */
export function csrfMatches(presented: string | undefined, storedHash: string | null | undefined): boolean {
  if (!presented || !storedHash) return false;
  const a = Buffer.from(sha256(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Start a session for `userId`; returns the secret token for the cookie and its CSRF token. */
export async function createSession(ctx: AppContext, userId: number): Promise<{ token: string; csrfToken: string }> {
  const settings = await getSettings(ctx.db);
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = csrfTokenFor(token);
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('sessions')
    .values({ token_hash: sha256(token), user_id: userId, created_at: now, last_seen_at: now, expires_at: new Date(now.getTime() + settings.sessionAbsoluteHours * 3600_000), csrf_hash: sha256(csrfToken) })
    .execute();
  return { token, csrfToken };
}

export async function destroySession(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

/** End every session of a user, optionally keeping one (the caller's own, by token hash). Returns how many ended. */
export async function destroyUserSessions(db: Kysely<DB>, userId: number, keepTokenHash?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepTokenHash) q = q.where('token_hash', '<>', keepTokenHash);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** True when a session started at `createdAt`, last used at `lastSeenAt`, has ended at `now` under the settings. */
export function sessionExpired(s: { created_at: Date | string; last_seen_at: Date | string; expires_at: Date | string }, now: number, settings: Pick<Settings, 'sessionIdleMinutes' | 'sessionAbsoluteHours'>): boolean {
  const created = new Date(s.created_at).getTime();
  return (
    new Date(s.expires_at).getTime() <= now ||
    created + settings.sessionAbsoluteHours * 3600_000 <= now ||
    new Date(s.last_seen_at).getTime() + settings.sessionIdleMinutes * 60_000 <= now
  );
}

/** Resolve a session token to the acting user, or null when missing, expired, idle or the user is inactive. */
export async function actorFromToken(ctx: AppContext, token: string | undefined): Promise<Actor | null> {
  if (!token) return null;
  // one round trip per request: the session, its user, the user's access (loadAccess's join) and the settings
  const row = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('teams as t', 't.id', 'u.team_id')
    .leftJoin('role_permissions as rp', (j) => j.onRef('rp.role', '=', 'u.role').onRef('rp.tenant_id', '=', 'u.tenant_id'))
    .select(['s.token_hash', 's.created_at', 's.last_seen_at', 's.expires_at', 's.csrf_hash', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.locale', 'u.client_id', 'u.team_id', 'u.active', 'u.must_change_password', 'u.totp_enabled'])
    .select(['u.data_scope', sql<number | null>`coalesce(t.department_id, u.department_id)`.as('department_id'), 'rp.permissions'])
    .select(sql<{ key: string; value: unknown }[] | null>`(select json_agg(json_build_object('key', st.key, 'value', st.value)) from settings st where st.tenant_id = 1)`.as('settings'))
    .where('s.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || !row.active) return null;
  const settings = settingsFromRows(row.settings ?? []);
  const now = ctx.clock.now().getTime();
  if (sessionExpired(row, now, settings)) {
    await ctx.db.deleteFrom('sessions').where('token_hash', '=', row.token_hash).execute();
    return null;
  }
  // touch at most once a minute to keep writes low (the idle timeout is at least 5 minutes)
  if (now - new Date(row.last_seen_at).getTime() > 60_000) {
    await ctx.db.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('token_hash', '=', row.token_hash).execute();
  }
  const actor = toActor(row, settings, accessFromRow(row));
  actor.session = { tokenHash: row.token_hash, csrfHash: row.csrf_hash, csrfToken: csrfTokenFor(token) };
  return actor;
}

const PRIVILEGED: readonly Role[] = ['admin', 'manager'];

/**
 * The actor for a user row. The security flags default to false when the row lacks them (system
 * actors of the CLI and tests); `mustEnrolTotp` needs the settings. `access` (the stored matrix and
 * the user's data scope, access/permissions.ts loadAccess) else the role's defaults.
 */
export function toActor(
  u: { id: number; username: string; display_name: string; role: string; locale: string; client_id: number | null; team_id: number | null; must_change_password?: boolean; totp_enabled?: boolean },
  settings?: Pick<Settings, 'totpRequiredForPrivileged'>,
  access?: Access | null,
): Actor {
  const role = u.role as Role;
  const totpEnabled = u.totp_enabled ?? false;
  const me = {
    id: u.id, username: u.username, displayName: u.display_name, role, locale: u.locale, clientId: u.client_id, teamId: u.team_id,
    permissions: access?.permissions ?? [...ROLE_PERMISSIONS[role]],
    mustChangePassword: u.must_change_password ?? false,
    totpEnabled,
    mustEnrolTotp: !!settings?.totpRequiredForPrivileged && PRIVILEGED.includes(role) && !totpEnabled,
  };
  return { ...me, scope: access?.scope ?? scopeFor(me) };
}
