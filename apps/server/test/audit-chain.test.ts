/**
 * Tamper-evident audit log (issue 3 point 5): the hash chain verifies, edits and deletions made with
 * the triggers bypassed are detected and named, normal SQL cannot change or delete entries,
 * concurrent writers keep a gap-free chain, legacy rows are sealed once, and personal data is redacted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { audit, sealLegacyAuditRows, setAuditLogger } from '../src/modules/audit/audit.ts';
import { verifyAuditChain } from '../src/modules/audit/audit-verify.ts';
import type { DB } from '../src/db/schema.ts';
import { createLogger } from '../src/platform/logger.ts';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => ctx.cleanup());

/** Run `fn` on one connection with triggers off (allowed for the test superuser), then restore. */
async function bypassTriggers(fn: (db: Kysely<DB>) => Promise<unknown>) {
  await ctx.db.connection().execute(async (conn) => {
    await sql`set session_replication_role = replica`.execute(conn);
    try { await fn(conn); } finally { await sql`set session_replication_role = origin`.execute(conn); }
  });
}
const rowBySeq = (seq: number) => ctx.db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

describe('audit hash chain', () => {
  it('a chain of N entries verifies; every entry links to the previous one', async () => {
    for (let i = 1; i <= 30; i++) await audit(ctx.db, i % 3 === 0 ? null : 1, `test.action${i % 4}`, 'case', i, { count: i, ids: [i, i + 1], nested: { b: 1, a: 'x' } });
    const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const s = await verifyAuditChain(ctx.db, { chunkSize: 7 });
    expect(s).toMatchObject({ ok: true, count: 30, problemCount: 0, head: { seq: 30, hash: rows[29].hash } });
  });

  it('normal SQL cannot update, delete or truncate entries, nor insert unchained ones', async () => {
    await expect(sql`update audit_log set data = '{"count":99}' where seq = 2`.execute(ctx.db)).rejects.toThrow(/audit_log is append-only: UPDATE is not allowed/);
    await expect(sql`delete from audit_log where seq = 2`.execute(ctx.db)).rejects.toThrow(/append-only: DELETE/);
    await expect(sql`truncate audit_log`.execute(ctx.db)).rejects.toThrow(/append-only: TRUNCATE/);
    await expect(sql`insert into audit_log (action) values ('forged')`.execute(ctx.db)).rejects.toThrow(/insert entries through audit\(\)/);
    expect((await rowBySeq(2)).data).toEqual({ count: 2, ids: [2, 3], nested: { a: 'x', b: 1 } });
  });

  it('an edited row (triggers bypassed) is detected and named by seq, id, action and time', async () => {
    const before = await rowBySeq(5);
    await bypassTriggers((db) => sql`update audit_log set data = '{"count":500}' where seq = 5`.execute(db));
    const s = await verifyAuditChain(ctx.db);
    expect(s.ok).toBe(false);
    expect(s.problems).toEqual([expect.objectContaining({ kind: 'edited', seq: 5, id: Number(before.id), action: before.action, at: before.at.toISOString() })]);
    expect(s.problems[0].message).toContain('seq 5');
    // restore for the next cases (content back → hash matches again)
    await bypassTriggers((db) => sql`update audit_log set data = ${JSON.stringify(before.data)}::jsonb where seq = 5`.execute(db));
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true);
  });

  it('an edit that also recomputes the hash breaks the link of the next entry', async () => {
    const r = await rowBySeq(8);
    await bypassTriggers((db) => sql`update audit_log set action = 'x', hash = 'f00' where seq = 8`.execute(db));
    const s = await verifyAuditChain(ctx.db);
    expect(s.problems.map((p) => [p.kind, p.seq])).toEqual([['edited', 8], ['chain_broken', 9]]);
    await bypassTriggers((db) => sql`update audit_log set action = ${r.action}, hash = ${r.hash} where seq = 8`.execute(db));
  });

  it('deleted rows are detected and named by their seq numbers', async () => {
    await bypassTriggers((db) => sql`delete from audit_log where seq in (12, 13, 20)`.execute(db));
    const s = await verifyAuditChain(ctx.db, { chunkSize: 4 });
    expect(s.ok).toBe(false);
    expect(s.problems.map((p) => [p.kind, p.missing])).toEqual([['deleted', { from: 12, to: 13 }], ['deleted', { from: 20, to: 20 }]]);
    expect(s.problems[0].message).toMatch(/seq 12, 13 are missing/);
    expect(s.count).toBe(27);
  });

  it('an anchor kept outside the database catches a deleted tail; a forged unchained row is reported', async () => {
    const head = (await verifyAuditChain(ctx.db)).head!;
    await bypassTriggers((db) => sql`delete from audit_log where seq = ${head.seq}`.execute(db));
    const s = await verifyAuditChain(ctx.db, { anchor: { seq: head.seq, hash: head.hash } });
    expect(s.problems.at(-1)).toMatchObject({ kind: 'truncated', seq: head.seq });
    await bypassTriggers((db) => sql`insert into audit_log (action) values ('forged')`.execute(db));
    const t = await verifyAuditChain(ctx.db);
    expect(t.problems.at(-1)).toMatchObject({ kind: 'unsealed', action: 'forged', seq: null });
  });
});

describe('writers and legacy rows', () => {
  let fresh: TestContext;
  beforeAll(async () => { fresh = await createTestContext(); });
  afterAll(async () => fresh.cleanup());

  it('rows written before the chain are sealed once, in id order, and verify covers them', async () => {
    await fresh.db.connection().execute(async (conn) => {
      await sql`set session_replication_role = replica`.execute(conn);
      await sql`insert into audit_log (action, at, data) values ('legacy.a', '2024-01-01T00:00:00.123456Z', '{"b":1}'), ('legacy.b', now(), null)`.execute(conn);
      await sql`set session_replication_role = origin`.execute(conn);
    });
    expect(await sealLegacyAuditRows(fresh.db)).toBe(2);
    expect(await sealLegacyAuditRows(fresh.db)).toBe(0);
    await audit(fresh.db, null, 'after.seal', null, null);
    const rows = await fresh.db.selectFrom('audit_log').select(['action', 'seq']).orderBy('seq').execute();
    expect(rows).toEqual([{ action: 'legacy.a', seq: 1 }, { action: 'legacy.b', seq: 2 }, { action: 'after.seal', seq: 3 }]);
    expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: true, count: 3 });
  });

  it('50 concurrent writers keep a gap-free, valid chain; a rolled-back entry leaves no gap', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => audit(fresh.db, null, 'concurrent', 'n', i)));
    await fresh.db.transaction().execute(async (tx) => {
      await audit(tx, null, 'rolled.back', null, null);
      throw new Error('rollback');
    }).catch(() => {});
    await audit(fresh.db, null, 'after.rollback', null, null);
    const seqs = (await fresh.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 54 }, (_, i) => i + 1));
    expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: true, count: 54 });
  });

  it('personal data in audit data is replaced by [redacted] with a warning naming the path', async () => {
    const lines: string[] = [];
    const { pino } = await import('pino');
    setAuditLogger(pino({ level: 'warn' }, { write: (s: string) => { lines.push(s); } }));
    await audit(fresh.db, null, 'pii.test', 'case', 1, { count: 2, phone: '13812345678', ids: ['110101199003071234', 7], card: 6222021234567890 });
    const row = await fresh.db.selectFrom('audit_log').selectAll().where('action', '=', 'pii.test').executeTakeFirstOrThrow();
    expect(row.data).toEqual({ count: 2, phone: '[redacted]', ids: ['[redacted]', 7], card: '[redacted]' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 40, action: 'pii.test', paths: ['phone', 'ids[0]', 'card'] });
    expect(lines[0]).not.toContain('13812345678');
    expect((await verifyAuditChain(fresh.db)).ok).toBe(true);
    setAuditLogger(createLogger('silent'));
  });
});
