/**
 * Server-side sessions: a random 256-bit token in an HttpOnly, SameSite=Lax cookie; only its
 * SHA-256 is stored. Idle timeout 8 h, absolute 7 days (issue 3 hardens further).
 */
import crypto from 'node:crypto';
import { ROLE_PERMISSIONS, type Role } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import { scopeFor } from './scope.ts';
import { loadAccess, type Access } from '../access/permissions.ts';

export const SESSION_COOKIE = 'recova_session';
const IDLE_MS = 8 * 3600_000;
const ABSOLUTE_MS = 7 * 24 * 3600_000;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export async function createSession(ctx: AppContext, userId: number): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('sessions')
    .values({ token_hash: sha256(token), user_id: userId, created_at: now, last_seen_at: now, expires_at: new Date(now.getTime() + ABSOLUTE_MS) })
    .execute();
  return token;
}

export async function destroySession(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

/** Resolve a session token to the acting user, or null when missing, expired, idle or the user is inactive. */
export async function actorFromToken(ctx: AppContext, token: string | undefined): Promise<Actor | null> {
  if (!token) return null;
  const row = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.token_hash', 's.last_seen_at', 's.expires_at', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.locale', 'u.client_id', 'u.team_id', 'u.active'])
    .where('s.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || !row.active) return null;
  const now = ctx.clock.now().getTime();
  if (new Date(row.expires_at).getTime() <= now || new Date(row.last_seen_at).getTime() + IDLE_MS <= now) {
    await ctx.db.deleteFrom('sessions').where('token_hash', '=', row.token_hash).execute();
    return null;
  }
  // touch at most once a minute to keep writes low
  if (now - new Date(row.last_seen_at).getTime() > 60_000) {
    await ctx.db.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('token_hash', '=', row.token_hash).execute();
  }
  return toActor(row, await loadAccess(ctx.db, row.id));
}

/** The actor of a user row; `access` (from the stored matrix, access/permissions.ts loadAccess) else role defaults. */
export function toActor(u: { id: number; username: string; display_name: string; role: string; locale: string; client_id: number | null; team_id: number | null }, access?: Access | null): Actor {
  const role = u.role as Role;
  const me = { id: u.id, username: u.username, displayName: u.display_name, role, locale: u.locale, clientId: u.client_id, teamId: u.team_id, permissions: access?.permissions ?? [...ROLE_PERMISSIONS[role]] };
  return { ...me, scope: access?.scope ?? scopeFor(me) };
}
