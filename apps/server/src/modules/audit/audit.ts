/**
 * Audit rows, written in the same transaction as the change they record (design.md §6.8).
 * Data holds ids and counts only — never personal data.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export async function audit(db: Kysely<DB>, userId: number | null, action: string, entity: string | null, entityId: string | number | null, data?: unknown): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ user_id: userId, action, entity, entity_id: entityId === null ? null : String(entityId), data: data === undefined ? null : JSON.stringify(data) })
    .execute();
}
