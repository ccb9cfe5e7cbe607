/**
 * Audit rows, written in the same transaction as the change they record (design.md §6.8), appended
 * to a hash chain (issue 3 point 5; ASVS 4.0 §7.3.3 "security logs protected from modification").
 *
 * Each entry gets the next gap-free `seq`, `prev_hash` = the previous entry's hash and
 * `hash` = SHA-256(serializeEntry(…)) (format: packages/domain/src/audit/canonical.ts). Writers are
 * serialised by a transaction-scoped advisory lock taken before reading the chain head, so two
 * concurrent transactions cannot fork the chain; the lock is held until the caller's transaction
 * ends, and a rolled-back entry frees its `seq` for the next writer (no gaps). The table itself is
 * append-only (triggers in 0004_audit.sql); a superuser can bypass triggers, which is why the chain
 * exists — and a full re-chain by such a user is only caught when the head printed by
 * `recova audit verify` was kept outside the database (anchoring).
 *
 * Data holds ids, counts and field names — never personal data; values that look like an ID, mobile
 * or card number are replaced by `[redacted]` and a warning is logged (see pii-guard.ts).
 */
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { GENESIS_HASH, serializeEntry, type ChainedFields } from '@recova/domain/audit/canonical';
import { redactPii } from '@recova/domain/audit/pii-guard';
import type { DB } from '../../db/schema.ts';
import { createLogger, type Logger } from '../../platform/logger.ts';

/** Advisory lock key that serialises chain writers (migrations use 727274). */
export const AUDIT_CHAIN_LOCK = 727275;

let warnLog: Logger = createLogger('warn');
/** Where the PII-guard warning goes (main.ts passes the app logger; tests may capture it). */
export function setAuditLogger(log: Logger): void {
  warnLog = log;
}

/** SHA-256 hex of the canonical serialisation of an entry. */
export function entryHash(e: ChainedFields): string {
  return crypto.createHash('sha256').update(serializeEntry(e), 'utf8').digest('hex');
}

/** Head of the chain (highest seq) or null when empty; call under {@link AUDIT_CHAIN_LOCK}. */
export async function chainHead(db: Kysely<DB>): Promise<{ seq: number; hash: string } | null> {
  const head = await db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash as string } : null;
}

/**
 * Append one entry. With a transaction (`db.isTransaction`) the entry commits or rolls back with the
 * change it records; with a plain database handle it runs in its own short transaction.
 * `entityId` is stored as text; `data` must be JSON-serialisable (ids, counts, field names).
 */
export async function audit(db: Kysely<DB>, userId: number | null, action: string, entity: string | null, entityId: string | number | null, data?: unknown): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((tx) => audit(tx, userId, action, entity, entityId, data));
  let stored: unknown = data === undefined ? null : JSON.parse(JSON.stringify(data));
  if (stored !== null) {
    const r = redactPii(stored);
    if (r.paths.length) {
      warnLog.warn({ action, entity, paths: r.paths }, 'audit data looked like personal data (ID, mobile or card number) and was redacted');
      stored = r.data;
    }
  }
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(db);
  const head = await chainHead(db);
  const fields: ChainedFields = {
    seq: (head?.seq ?? 0) + 1,
    at: new Date(), // millisecond precision, so the stored timestamptz reads back to the same ISO string
    userId,
    action,
    entity,
    entityId: entityId === null ? null : String(entityId),
    data: stored,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  await db
    .insertInto('audit_log')
    .values({
      user_id: userId, action, entity, entity_id: fields.entityId, data: stored === null ? null : JSON.stringify(stored),
      at: fields.at, seq: fields.seq, prev_hash: fields.prevHash, hash: entryHash(fields),
    })
    .execute();
}

/**
 * Chain the rows written before the chain existed (hash null), in id order, after the current head.
 * Idempotent: a second call finds nothing to do. Runs in chunks of 1,000 in one transaction.
 * Returns how many rows were sealed.
 */
export async function sealLegacyAuditRows(db: Kysely<DB>): Promise<number> {
  const any = await db.selectFrom('audit_log').select('id').where('hash', 'is', null).limit(1).executeTakeFirst();
  if (!any) return 0;
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(tx);
    let head = await chainHead(tx);
    let sealed = 0;
    for (;;) {
      const rows = await tx.selectFrom('audit_log').selectAll().where('hash', 'is', null).orderBy('id').limit(1000).execute();
      if (!rows.length) break;
      const ids: number[] = [], seqs: number[] = [], prevs: string[] = [], hashes: string[] = [];
      for (const r of rows) {
        const f: ChainedFields = { seq: (head?.seq ?? 0) + 1, at: r.at, userId: r.user_id === null ? null : Number(r.user_id), action: r.action, entity: r.entity, entityId: r.entity_id, data: r.data, prevHash: head?.hash ?? GENESIS_HASH };
        head = { seq: f.seq, hash: entryHash(f) };
        ids.push(Number(r.id)); seqs.push(f.seq); prevs.push(f.prevHash); hashes.push(head.hash);
      }
      await sql`update audit_log a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
        from unnest(${ids}::bigint[], ${seqs}::bigint[], ${prevs}::text[], ${hashes}::text[]) as v(id, seq, prev_hash, hash)
        where a.id = v.id`.execute(tx);
      sealed += rows.length;
    }
    return sealed;
  });
}
