/**
 * API under load (parent side): starts `api-server.ts` in a child process, then drives it with
 * autocannon — 200 concurrent connections, each signed in as its own manager (scope: all cases) —
 * with the baseline route (one primary-key lookup), then — once the server has answered everything —
 * with the {@link MIX} of requests, same connections and duration; then the mix at a working pace
 * (open loop, {@link PACE_SECONDS}), then each mix entry alone for a quarter of the duration. Reports p50/p99 latency, requests per second, non-2xx answers and the
 * server's peak RSS.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { BENCH_DIR, READY_MARK, ROOT_DIR, trackChild, type DbTarget } from '../lib/common.ts';
import { benchCases } from '../lib/generate.ts';
import type { ServerReady } from './api-server.ts';

/** One request of the mix; `as: 'collector'` runs it as the connection's collector (else its manager). */
export interface MixRequest { method: 'GET' | 'POST'; path: string; body?: string; as?: 'collector' }

/**
 * The request mix (issue 7: queue fetch, case open, search by phone / ID / name, record insert; plus
 * the case list): weight, and how to build the request from a random case id, a sample case and the
 * collector's own case (`own`: a case assigned to the connection's collector, seed.ts).
 * A record insert passes the compliance gate for real: 201, or 409 COMPLIANCE_BLOCKED when the
 * debtor's history forbids the call (counted apart, {@link ApiFigures.statuses}).
 */
export const MIX: { name: string; weight: number; build: (id: number, s: SampleCase, own: number) => MixRequest }[] = [
  { name: 'caseOpen', weight: 30, build: (id) => ({ method: 'GET', path: `/api/cases/${id}` }) },
  { name: 'searchPhone', weight: 10, build: (_id, s) => ({ method: 'POST', path: '/api/cases/search', body: JSON.stringify({ q: s.mobile }) }) },
  { name: 'searchIdNumber', weight: 10, build: (_id, s) => ({ method: 'POST', path: '/api/cases/search', body: JSON.stringify({ q: s.idNumber }) }) },
  { name: 'searchName', weight: 10, build: (_id, s) => ({ method: 'POST', path: '/api/cases/search', body: JSON.stringify({ q: s.name }) }) },
  { name: 'caseList', weight: 20, build: (id) => ({ method: 'GET', path: `/api/cases?page=${1 + (id % 25)}&pageSize=20&sort=placedAmount&order=desc` }) },
  { name: 'queueFetch', weight: 10, build: () => ({ method: 'GET', path: '/api/queue?limit=20&offset=0', as: 'collector' }) },
  {
    name: 'recordInsert', weight: 10,
    build: (_id, _s, own) => ({ method: 'POST', path: `/api/cases/${own}/contact-records`, body: JSON.stringify({ channel: 'call', party: 'debtor', resultCode: 'no_answer', durationSeconds: 0 }), as: 'collector' }),
  },
];

/** A collector's pace in the paced run: one request every 2 s while working (a generous upper bound for a
 *  person who reads a case, dials and types a result between requests). */
export const PACE_SECONDS = 2;

interface SampleCase { mobile: string; idNumber: string; name: string }

function sampleCases(cases: number, n: number): SampleCase[] {
  const out: SampleCase[] = [];
  for (let i = 0; i < n; i++) {
    const ref = 1 + Math.floor(((i * 2654435761) % 4294967296) / 4294967296 * cases);
    const c = benchCases(1, ref).next().value!;
    out.push({ mobile: c.mobile, idNumber: c.id_number, name: c.debtor_name });
  }
  return out;
}

export interface LoadFigures { requests: number; perSecond: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number; timeouts: number }
export interface ApiFigures {
  mix: LoadFigures; baseline: LoadFigures; serverRssMiB: number; connections: number; seconds: number;
  /**
   * The same mix at a working pace (open loop): every connection sends one request each
   * {@link PACE_SECONDS} s on average (autocannon `overallRate`, latencies corrected for coordinated
   * omission). Closed-loop connections with no think time queue behind each other by construction
   * (Little's law: mean latency = connections ÷ throughput), so the paced run is the latency people see.
   */
  paced?: LoadFigures & { rate: number };
  /** each mix entry alone (closed loop, same connections): requests/s and latency, to see which route costs what */
  routes?: Record<string, LoadFigures>;
  /** answers per mix entry and status code, e.g. `{ recordInsert: { '201': 812, '409': 97 } }` (409 = COMPLIANCE_BLOCKED, a valid answer) */
  statuses: Record<string, Record<string, number>>;
}

function summarise(r: autocannon.Result): LoadFigures {
  return { requests: r.requests.total, perSecond: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts };
}

/** Start the server child; resolves when it listens. `stop()` ends it and resolves with its peak RSS. */
function startServer(target: DbTarget): Promise<{ ready: ServerReady; stop: () => Promise<number> }> {
  // BENCH_API_NICE=<n>: the server's niceness (default 19 like every bench child; 0 on a machine loaded by others)
  // BENCH_API_CPU_PROF=<dir>: a V8 CPU profile of the server (per-request overhead on the hot path)
  const prof = process.env.BENCH_API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_API_CPU_PROF)}`] : [];
  const child = spawn('nice', ['-n', process.env.BENCH_API_NICE ?? '19', process.execPath, ...prof, '--import', 'tsx', path.join(BENCH_DIR, 'child.ts'), 'apiServer', JSON.stringify({ target })], { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
  trackChild(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const closed = new Promise<number | null>((res) => child.on('close', res));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('API server did not start within 300 s')); }, 300_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(READY_MARK) && out.includes(l + '\n'));
      if (!line || !timer) return;
      clearTimeout(timer);
      const ready = JSON.parse(line.slice(READY_MARK.length)) as ServerReady;
      out = out.replace(line, '');
      resolve({
        ready,
        stop: async () => {
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await closed;
          clearTimeout(kill);
          const m = /"rssMiB":([\d.]+)/.exec(out);
          return m ? Number(m[1]) : NaN;
        },
      });
    });
    void closed.then((code) => { clearTimeout(timer); reject(new Error(`API server exited (${code}): ${err.slice(-1500)}`)); });
  });
}

/** Where the server runs: by default its own child (`apiServer`); the quick run passes its worker's. */
export type ServerHost = (target: DbTarget) => Promise<{ ready: ServerReady; stop: () => Promise<number> }>;

/** Run the baseline, then the mix, against a fresh server on `target` (started by `host`, default its own child). */
export async function apiLoad(a: { target: DbTarget; cases: number; seconds: number; connections: number; host?: ServerHost }): Promise<ApiFigures> {
  const samples = sampleCases(a.cases, 300);
  const server = await (a.host ?? startServer)(a.target);
  const { port, sessions, collectors, collectorCount, maxCaseId } = server.ready;
  const statuses: Record<string, Record<string, number>> = {};
  let seq = 0;
  let rnd = 12345;
  const next = () => (rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0) / 4294967296;
  try {
    let conn = 0;
    const run = (setup: (ctx: Record<string, unknown>) => { method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> }, opt: { seconds?: number; overallRate?: number } = {}) =>
      autocannon({
        url: `http://127.0.0.1:${port}`, connections: a.connections, duration: opt.seconds ?? a.seconds, timeout: 30,
        ...(opt.overallRate ? { overallRate: opt.overallRate } : {}),
        requests: [{
          setupRequest: (req: autocannon.Request, ctx: Record<string, unknown>) => {
            if (ctx.user === undefined) ctx.user = conn++ % sessions.length;
            const r = setup(ctx);
            return { ...req, method: r.method, path: r.path, body: r.body, headers: { ...req.headers, ...r.headers } } as autocannon.Request;
          },
          onResponse: (status: number, _body: string, ctx: Record<string, unknown>) => {
            const by = (statuses[(ctx.name as string) ?? 'baseline'] ??= {});
            by[status] = (by[status] ?? 0) + 1;
          },
        }],
      } as autocannon.Options);
    // the baseline first, on the idle server; then one request that waits out its backlog; then the mix
    const baseline = await run(() => ({ method: 'GET', path: `/bench/pk/${1 + Math.floor(next() * maxCaseId)}` }));
    await fetch(`http://127.0.0.1:${port}/bench/pk/1`).then((r) => r.text());
    for (const k of Object.keys(statuses)) delete statuses[k];
    /** a request of the mix (or of one entry of it), as the connection's manager or collector */
    const mixRequest = (entries: typeof MIX) => {
      const w0 = entries.reduce((x, m) => x + m.weight, 0);
      return (ctx: Record<string, unknown>) => {
        const u = ctx.user as number;
        let w = next() * w0;
        const m = entries.find((x) => (w -= x.weight) < 0) ?? entries[0];
        // the connection's collector k (0-based, by id) owns the cases with id ≡ k (mod collectorCount)
        const k = u % Math.max(1, collectors.length);
        const own = k + collectorCount * (1 + Math.floor(next() * Math.max(1, Math.floor((maxCaseId - k) / collectorCount) - 1)));
        const r = m.build(1 + Math.floor(next() * maxCaseId), samples[seq++ % samples.length], own);
        ctx.name = m.name;
        const s = r.as === 'collector' && collectors.length ? collectors[k] : sessions[u];
        const headers: Record<string, string> = { cookie: `recova_session=${s.token}`, 'x-csrf-token': s.csrf };
        if (r.body) headers['content-type'] = 'application/json';
        return { ...r, headers };
      };
    };
    const mix = await run(mixRequest(MIX));
    // the paced run and the per-route runs count their answers apart (statuses stays the mix's)
    const mixStatuses = JSON.parse(JSON.stringify(statuses)) as typeof statuses;
    const rate = Math.max(1, Math.round(a.connections / PACE_SECONDS));
    const pacedRun = await run(mixRequest(MIX), { overallRate: rate });
    const routes: Record<string, LoadFigures> = {};
    const routeSeconds = Math.max(1, Math.round(a.seconds / 4));
    for (const m of MIX) routes[m.name] = summarise(await run(mixRequest([m]), { seconds: routeSeconds }));
    for (const k of Object.keys(statuses)) delete statuses[k];
    Object.assign(statuses, mixStatuses);
    const serverRssMiB = await server.stop();
    return { mix: summarise(mix), baseline: summarise(baseline), paced: { ...summarise(pacedRun), rate }, routes, serverRssMiB, connections: a.connections, seconds: a.seconds, statuses };
  } catch (e) {
    await server.stop().catch(() => NaN);
    throw e;
  }
}
