/** In-app notifications (the header badge): ids and codes only, never personal data. */
import type { Kysely } from 'kysely';
import type { NotificationItem } from '@recova/contracts';
import type { DB } from '../../db/schema.ts';

/** Add a notification for a user. */
export async function notify(db: Kysely<DB>, userId: number, n: { kind: string; entity?: string; entityId?: number; data?: Record<string, unknown> }, at: Date): Promise<void> {
  await db.insertInto('notifications').values({ user_id: userId, kind: n.kind, entity: n.entity ?? null, entity_id: n.entityId ?? null, data: JSON.stringify(n.data ?? {}), created_at: at }).execute();
}

/** The user's latest notifications and how many are unread. */
export async function listNotifications(db: Kysely<DB>, userId: number): Promise<{ items: NotificationItem[]; unread: number }> {
  const rows = await db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(50).execute();
  const unread = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind, entity: r.entity, entityId: r.entity_id, data: r.data as Record<string, unknown>, read: !!r.read_at, createdAt: new Date(r.created_at).toISOString() })),
    unread: Number(unread.n),
  };
}

/** Mark the user's notifications read (all, or the given ids). */
export async function markRead(db: Kysely<DB>, userId: number, ids: number[] | undefined, at: Date): Promise<void> {
  let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids) q = q.where('id', 'in', ids.length ? ids : [-1]);
  await q.execute();
}
