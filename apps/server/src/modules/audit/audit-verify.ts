/**
 * Verification of the audit hash chain (issue 3 point 5): streams the log in `seq` order in chunks
 * (keyset paging, bounded memory for millions of rows), recomputes every hash and names each problem:
 *
 * - `edited`        stored hash ≠ recomputed hash (a column of the entry was changed)
 * - `deleted`       a gap in `seq` (the missing seq numbers are named), or entries missing at the start
 * - `chain_broken`  `prev_hash` ≠ the previous entry's hash without a gap (an entry re-hashed after an
 *                   edit, or inserted/reordered with renumbering)
 * - `unsealed`      a row without seq/hash (inserted with triggers bypassed)
 * - `anchor_mismatch` / `truncated`  the entry named by an external anchor (`seq:hash`, kept outside
 *                   the database) has another hash, or the log ends before it (tail deleted)
 *
 * Deleting the last entries or re-chaining the whole table is only detectable with an anchor.
 */
import type { AuditProblemDto, AuditVerifyResult } from '@recova/contracts';
import { sql, type Kysely } from 'kysely';
import { GENESIS_HASH } from '@recova/domain/audit/canonical';
import type { DB } from '../../db/schema.ts';
import { entryHash } from './audit.ts';

/** The verify shapes are the API's (one definition, in contracts). */
export type AuditProblem = AuditProblemDto;
export type AuditProblemKind = AuditProblemDto['kind'];
/** Result of {@link verifyAuditChain}. `problems` holds at most `maxProblems`; `problemCount` all. */
export type AuditVerifySummary = AuditVerifyResult;

export interface VerifyOptions {
  /** rows per query (default 5,000) */
  chunkSize?: number;
  /** problems kept in the summary (default 1,000); all are passed to `onProblem` */
  maxProblems?: number;
  /** called for every problem as it is found (the CLI prints them as a stream) */
  onProblem?: (p: AuditProblem) => void;
  /** expected hash of one entry, recorded earlier outside the database */
  anchor?: { seq: number; hash: string };
}

function seqList(from: number, to: number): string {
  if (to - from < 20) return Array.from({ length: to - from + 1 }, (_, i) => from + i).join(', ');
  return `${from}–${to}`;
}

/** Walk the whole chain and report what does not add up. Read-only. */
export async function verifyAuditChain(db: Kysely<DB>, opts: VerifyOptions = {}): Promise<AuditVerifySummary> {
  const chunk = opts.chunkSize ?? 5000;
  const max = opts.maxProblems ?? 1000;
  const problems: AuditProblem[] = [];
  let problemCount = 0;
  const report = (p: AuditProblem) => {
    problemCount++;
    if (problems.length < max) problems.push(p);
    opts.onProblem?.(p);
  };

  let count = 0;
  let prev: { seq: number; hash: string } | null = null;
  let head: AuditVerifySummary['head'] = null;
  let anchorSeen = false;
  for (;;) {
    let q = db.selectFrom('audit_log').select(['id', 'seq', 'at', 'user_id', 'action', 'entity', 'entity_id', 'data', 'prev_hash', 'hash']).where('seq', 'is not', null);
    if (prev) q = q.where('seq', '>', prev.seq);
    const rows = await q.orderBy('seq').limit(chunk).execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      const at = r.at.toISOString();
      const name = { seq, id: Number(r.id), action: r.action, at };
      const expectedSeq = (prev?.seq ?? 0) + 1;
      if (seq > expectedSeq) {
        report({ kind: 'deleted', ...name, missing: { from: expectedSeq, to: seq - 1 }, message: `entries seq ${seqList(expectedSeq, seq - 1)} are missing (deleted) before seq ${seq} (id ${r.id}, ${r.action}, ${at})` });
      } else if (r.prev_hash !== (prev?.hash ?? GENESIS_HASH)) {
        report({ kind: 'chain_broken', ...name, message: `seq ${seq} (id ${r.id}, ${r.action}, ${at}): prev_hash does not match entry seq ${expectedSeq - 1} — an entry was re-hashed, inserted or reordered` });
      }
      const recomputed = entryHash({ seq, at: r.at, userId: r.user_id === null ? null : Number(r.user_id), action: r.action, entity: r.entity, entityId: r.entity_id, data: r.data, prevHash: r.prev_hash ?? '' });
      if (recomputed !== r.hash) {
        report({ kind: 'edited', ...name, message: `seq ${seq} (id ${r.id}, ${r.action}, ${at}) was edited: stored hash does not match its content` });
      }
      if (opts.anchor && seq === opts.anchor.seq) {
        anchorSeen = true;
        if (r.hash !== opts.anchor.hash) report({ kind: 'anchor_mismatch', ...name, message: `seq ${seq} (id ${r.id}) has hash ${r.hash}, the anchor says ${opts.anchor.hash} — the chain was rewritten` });
      }
      prev = { seq, hash: r.hash as string };
      head = { seq, hash: r.hash as string, id: Number(r.id), at };
      count++;
    }
    if (rows.length < chunk) break;
  }
  if (opts.anchor && !anchorSeen) {
    report({ kind: 'truncated', seq: opts.anchor.seq, id: null, action: null, at: null, message: `anchor entry seq ${opts.anchor.seq} is missing: the log ends at seq ${head?.seq ?? 0} (entries deleted from the end)` });
  }
  for (let lastId = 0; ;) {
    const unsealed = await sql<{ id: number; action: string; at: Date }>`select id, action, at from audit_log
      where (hash is null or seq is null) and id > ${lastId} order by id limit ${chunk}`.execute(db);
    for (const r of unsealed.rows) {
      report({ kind: 'unsealed', seq: null, id: Number(r.id), action: r.action, at: r.at.toISOString(), message: `id ${r.id} (${r.action}, ${r.at.toISOString()}) has no place in the chain — inserted bypassing audit()` });
      lastId = Number(r.id);
    }
    if (unsealed.rows.length < chunk) break;
  }
  return { ok: problemCount === 0, count, head, problems, problemCount, problemsTruncated: problemCount > problems.length };
}
