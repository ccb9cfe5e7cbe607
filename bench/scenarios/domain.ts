/**
 * Scenarios of the pure domain code (no baseline in the issue: absolute figures against targets):
 * - `allocation`: every active case of the bench database allocated to 500 collectors in each mode
 *   (`count`, `amount`, `both`; debtors kept together) with the domain allocator — seconds of the
 *   `allocate` call only (loading the cases is reported apart) and the spreads it reports;
 * - `compliance`: `checkContact` (CN rule set) against debtors with a 1,000-attempt history over the
 *   last 90 days; checks per second when each check gets the raw history (what a single gate check
 *   does) and when a prebuilt history index is reused (what a batch of checks for one debtor does).
 */
import { sql } from 'kysely';
import { allocate, type AllocationCase, type AllocationMode } from '../../packages/domain/src/allocation/allocate.ts';
import { checkContact, CN_RULE_SET, indexDebtorHistory, type ContactAttempt, type DebtorProfile, type HistoryEntry, type Outcome } from '../../packages/domain/src/compliance/index.ts';
import { calibrateMs, openBenchContext, timed, type DbTarget } from '../lib/common.ts';
import { BENCH_COLLECTORS } from './seed.ts';
import { benchCases } from '../lib/generate.ts';

export interface AllocationFigures {
  cases: number;
  loadMs: number;
  modes: { mode: AllocationMode; ms: number; amountSpread: number; countSpread: number; maxAmountDeviation: number; unassigned: number }[];
  /** the CPU yardstick measured right before (common.ts calibrateMs) */
  calibrationMs: number;
}

/**
 * Allocate all active cases of the bench database to the 500 bench collectors, once per mode. With
 * `generated: N` (no database: e.g. a 1M allocation without a 1M import) the cases come straight from
 * the portfolio generator (amount = placed amount, debtor = ID number) and the collectors are ids 1–500.
 */
export async function allocation(a: { target?: DbTarget; generated?: number }): Promise<AllocationFigures & { source: 'database' | 'generator' }> {
  let cases: AllocationCase[] = [];
  let collectors: { id: number }[] = [];
  if (a.generated) {
    const load = await timed(() => {
      let id = 0;
      for (const c of benchCases(a.generated!)) cases.push({ id: ++id, amount: c.placed_amount, debtorKey: c.id_number, region: c.region, product: c.product });
      collectors = Array.from({ length: BENCH_COLLECTORS }, (_, i) => ({ id: i + 1 }));
    });
    return { ...runModes(cases, collectors, load.ms), source: 'generator' };
  }
  const ctx = await openBenchContext(a.target!);
  const load = await timed(async () => {
    const rows = await sql<{ id: number; amount: number | null; debtor_key: string | null; region: string | null; product: string | null }>`
      select id, outstanding_amount as amount, id_number_bidx as debtor_key, region, product from cases where status = 'active' order by id`.execute(ctx.db);
    cases = rows.rows.map((r) => ({ id: Number(r.id), amount: Number(r.amount ?? 0), debtorKey: r.debtor_key, region: r.region, product: r.product }));
    collectors = (await ctx.db.selectFrom('users').select('id').where('username', 'like', 'bench_c%').orderBy('id').execute()).map((u) => ({ id: Number(u.id) }));
  });
  await ctx.database.close();
  if (collectors.length !== BENCH_COLLECTORS) throw new Error(`expected ${BENCH_COLLECTORS} bench collectors, found ${collectors.length} (seed first)`);
  return { ...runModes(cases, collectors, load.ms), source: 'database' };
}

function runModes(cases: AllocationCase[], collectors: { id: number }[], loadMs: number): AllocationFigures {
  const calibrationMs = calibrateMs();
  const modes: AllocationFigures['modes'] = [];
  for (const mode of ['count', 'amount', 'both'] as const) {
    const t = performance.now();
    const value = allocate(cases, collectors, { mode, keepDebtorTogether: true });
    const ms = performance.now() - t;
    modes.push({ mode, ms, amountSpread: value.spread.amount, countSpread: value.spread.count, maxAmountDeviation: value.spread.maxAmountDeviation, unassigned: value.unassigned.length });
  }
  return { cases: cases.length, loadMs, modes, calibrationMs };
}

// ---------------------------------------------------------------- compliance

const DEBTORS = 50;
const HISTORY = 1000;
const NOW = Date.parse('2026-11-30T02:00:00Z'); // 10:00 in Shanghai
const CALL_OUTCOMES: Outcome[] = ['no_answer', 'no_answer', 'busy', 'voicemail', 'not_in_service', 'conversation', 'third_party_conversation'];

/** mulberry32: the histories are the same on every run. */
function rng(seed: number) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const iso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00').replace(/\.\d{3}/, '');

/** 1,000 attempts over the 90 days before NOW: calls (70 %) and messages, 08:00–21:00 local, some to third parties. */
export function complianceHistory(seed: number): HistoryEntry[] {
  const r = rng(seed);
  const out: HistoryEntry[] = [];
  for (let i = 0; i < HISTORY; i++) {
    const day = Math.floor(r() * 90) + 1;
    const localMs = (8 + r() * 13) * 3600_000;
    const at = NOW - day * 86_400_000 - 2 * 3600_000 + localMs; // NOW is 10:00 local
    const isCall = r() < 0.7;
    const third = r() < 0.15;
    out.push({
      at: iso(at), channel: isCall ? 'call' : 'sms', direction: 'outbound',
      outcome: isCall ? (third ? 'third_party_conversation' : CALL_OUTCOMES[Math.floor(r() * 6)]) : r() < 0.9 ? 'delivered' : 'failed',
      debtIds: [`D${seed}`], party: third ? 'third_party' : 'debtor', phone: third ? `c${Math.floor(r() * 4)}` : 'm',
    });
  }
  return out;
}

/** checkContact throughput for `seconds` per variant (raw history; reused index). */
export async function compliance(a: { seconds: number }): Promise<{ debtors: number; historyPerDebtor: number; raw: { checks: number; perSecond: number; blocked: number }; indexed: { checks: number; perSecond: number; blocked: number }; calibrationMs: number }> {
  const calibrationMs = calibrateMs();
  const debtor: DebtorProfile = { timeZones: ['Asia/Shanghai'] };
  const histories = Array.from({ length: DEBTORS }, (_, i) => complianceHistory(i + 1));
  const attempts: ContactAttempt[] = Array.from({ length: 64 }, (_, i) => ({
    at: iso(NOW + (i % 16) * 1800_000), channel: i % 4 === 3 ? 'sms' : 'call', party: i % 8 === 7 ? 'third_party' : 'debtor', phone: i % 8 === 7 ? 'c1' : 'm', debtIds: [], purpose: i % 8 === 7 ? 'locate' : 'collection',
  }));
  const run = (history: (i: number) => HistoryEntry[] | ReturnType<typeof indexDebtorHistory>) => {
    let checks = 0, blocked = 0;
    const end = performance.now() + a.seconds * 1000;
    const t0 = performance.now();
    while (performance.now() < end) {
      for (let k = 0; k < 50; k++, checks++) {
        const d = checkContact(attempts[checks % attempts.length], history(checks % DEBTORS), debtor, CN_RULE_SET);
        if (d.decision === 'block') blocked++;
      }
    }
    return { checks, perSecond: Math.round(checks / ((performance.now() - t0) / 1000)), blocked };
  };
  const raw = run((i) => histories[i]);
  const indexes = histories.map((h) => indexDebtorHistory(h, debtor, CN_RULE_SET));
  const indexed = run((i) => indexes[i]);
  return { debtors: DEBTORS, historyPerDebtor: HISTORY, raw, indexed, calibrationMs };
}
