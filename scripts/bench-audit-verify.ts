/**
 * Manual bench for `audit verify` (not part of the suite): bulk-load N chained entries into a PGlite
 * folder (triggers off for the load), then walk the chain. Peak memory: run under `/usr/bin/time -v`.
 *   npx tsx scripts/bench-audit-verify.ts 1000000 [verify-only] [DIR]     (DIR default /tmp/audit-bench/db)
 * Measured 2026-11-29 on the shared 2-core box: 1M rows load 99 s, verify 61–75 s; max RSS 523 MB for
 * 1M rows vs 463 MB for 100k (PGlite's own heap dominates; the walk is chunked, 5,000 rows at a time).
 */
import { sql } from 'kysely';
import { openDatabase } from '../apps/server/src/db/database.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { entryHash } from '../apps/server/src/modules/audit/audit.ts';
import { verifyAuditChain } from '../apps/server/src/modules/audit/audit-verify.ts';
import { GENESIS_HASH } from '@recova/domain/audit/canonical';
const N = Number(process.argv[2] ?? 1_000_000);
const d = await openDatabase({ dataDir: process.argv[4] ?? '/tmp/audit-bench/db' });
await migrate(d.db);
let prev = GENESIS_HASH; const t0 = Date.now(); const base = Date.UTC(2024, 0, 1);
if (process.argv[3] !== 'verify-only') await d.db.connection().execute(async (c) => {
  await sql`set session_replication_role = replica`.execute(c); // bulk load only: triggers off
  for (let i = 0; i < N; i += 10000) {
    const seqs: number[] = [], ats: string[] = [], acts: string[] = [], datas: string[] = [], prevs: string[] = [], hashes: string[] = [];
    for (let s = i + 1; s <= Math.min(N, i + 10000); s++) {
      const at = new Date(base + s * 1000); const data = { count: s % 97, caseIds: [s, s + 1, s + 2] };
      const h = entryHash({ seq: s, at, userId: null, action: 'bench.row', entity: 'case', entityId: String(s), data, prevHash: prev });
      seqs.push(s); ats.push(at.toISOString()); acts.push('bench.row'); datas.push(JSON.stringify(data)); prevs.push(prev); hashes.push(h); prev = h;
    }
    await sql`insert into audit_log (seq, at, action, entity, entity_id, data, prev_hash, hash)
      select s, a::timestamptz, act, 'case', s::text, d::jsonb, p, h from unnest(${seqs}::bigint[], ${ats}::text[], ${acts}::text[], ${datas}::text[], ${prevs}::text[], ${hashes}::text[]) as v(s, a, act, d, p, h)`.execute(c);
  }
  await sql`set session_replication_role = origin`.execute(c);
});
const t1 = Date.now();
const s = await verifyAuditChain(d.db);
const t2 = Date.now();
console.log(JSON.stringify({ rows: N, loadSeconds: (t1 - t0) / 1000, verifySeconds: (t2 - t1) / 1000, ok: s.ok, count: s.count, rssMb: Math.round(process.memoryUsage().rss / 1048576) }));
await d.close();
