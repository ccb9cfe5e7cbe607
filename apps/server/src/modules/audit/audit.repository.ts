/**
 * Audit log queries for the admin page (issue 3 point 5): filters on indexed columns, newest first.
 */
import { sql, type Kysely } from 'kysely';
import type { AuditEntry, AuditListQuery } from '@recova/contracts';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';

type Query = z.infer<typeof AuditListQuery>;

/** `auth.` or `auth*` → a prefix pattern (LIKE metacharacters escaped); anything else → null (exact). */
export function actionPrefix(action: string): string | null {
  if (!/[.*]$/.test(action)) return null;
  const stem = action.endsWith('*') ? action.slice(0, -1) : action;
  return `${stem.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(db: Kysely<DB>, q: Query) {
  let b = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.user_id');
  if (q.userId !== undefined) b = b.where('a.user_id', '=', q.userId);
  if (q.action) {
    const prefix = actionPrefix(q.action);
    b = prefix ? b.where(sql<boolean>`a.action like ${prefix}`) : b.where('a.action', '=', q.action);
  }
  if (q.entity) b = b.where('a.entity', '=', q.entity);
  if (q.entityId) b = b.where('a.entity_id', '=', q.entityId);
  if (q.from) b = b.where('a.at', '>=', new Date(q.from));
  if (q.to) b = b.where('a.at', '<', new Date(q.to));
  return b;
}

/** One page of entries matching `q`, newest first (by seq, then id), with the total count. */
export async function listAuditEntries(db: Kysely<DB>, q: Query): Promise<{ items: AuditEntry[]; total: number }> {
  const rows = await filtered(db, q)
    .select(['a.id', 'a.seq', 'a.at', 'a.user_id', 'a.action', 'a.entity', 'a.entity_id', 'a.data', 'u.username', 'u.display_name'])
    .orderBy(sql`a.seq desc nulls first`)
    .orderBy('a.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const total = await filtered(db, q).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return {
    total: total.n,
    items: rows.map((r) => ({
      id: Number(r.id), seq: r.seq === null ? null : Number(r.seq), at: r.at.toISOString(), userId: r.user_id === null ? null : Number(r.user_id),
      username: r.username ?? null, userDisplayName: r.display_name ?? null, action: r.action, entity: r.entity, entityId: r.entity_id, data: r.data,
    })),
  };
}

/** Every distinct action, sorted (for the filter drop-down). */
export async function listAuditActions(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
