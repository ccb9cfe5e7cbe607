/**
 * The server of the API scenario, run as its own child process (its peak RSS is the server's): the
 * real application (`buildApp`: auth, CSRF, scopes, presenters, audit) on the bench database, plus one
 * bench-only route registered on the same Fastify instance — never in the product's route table:
 *   GET /bench/pk/:id  → `select id, status from cases where id = $1` (no session: the baseline is one
 *                        primary-key lookup through the same server, driver and database).
 * The search rate limit (120 per user per minute, a guard against enumeration) is raised: the load is
 * a capacity model (200 clients at full speed), not 200 people.
 * Sessions for the 200 API users (seed.ts) and for 200 of the collectors (queue fetch and record
 * insert run as the collector who owns the case: case id ≡ collector index mod 500, seed.ts) are
 * created here and handed to the parent on stdout.
 * The server runs on a bench clock — {@link BENCH_START} plus the wall time elapsed — so the record
 * inserts fall inside the contact hours (08:00–22:00 Asia/Shanghai) whenever the bench runs.
 */
import crypto from 'node:crypto';
import { buildApp } from '../../apps/server/src/http/app.ts';
import { csrfTokenFor, sha256 } from '../../apps/server/src/modules/auth/sessions.ts';
import { DateTime } from 'luxon';
import type { Clock } from '../../apps/server/src/platform/clock.ts';
import { openBenchContext, READY_MARK, reportToParent, type DbTarget } from '../lib/common.ts';

export { READY_MARK } from '../lib/common.ts';
export const BENCH_PK_ROUTE = '/bench/pk/:id';

/** The bench clock's start: a Tuesday 10:00 in Shanghai, after the seeded history (seed.ts). */
export const BENCH_START = '2026-12-01T10:00:00+08:00';

export interface Session { token: string; csrf: string }
export interface ServerReady { port: number; sessions: Session[]; collectors: Session[]; collectorCount: number; maxCaseId: number }

/** Clock at `start` + wall time elapsed since now. */
function benchClock(start: string): Clock {
  const offset = new Date(start).getTime() - Date.now();
  const now = () => new Date(Date.now() + offset);
  return { now, today: (zone) => DateTime.fromJSDate(now()).setZone(zone).toISODate()! };
}

/**
 * Start the bench API server on `target` (127.0.0.1, a free port) with fresh sessions for the API users;
 * `close()` stops it, deletes the sessions and closes the database. Used by {@link apiServer} (its own
 * child) and by the quick run's worker (apiStart/apiStop in child.ts).
 */
export async function startApiServer(a: { target: DbTarget }): Promise<{ ready: ServerReady; close: () => Promise<void> }> {
  const ctx = await openBenchContext(a.target);
  ctx.clock = benchClock(BENCH_START);
  const managers = await ctx.db.selectFrom('users').select('id').where('username', 'like', 'bench_api%').orderBy('id').execute();
  if (!managers.length) throw new Error('no bench API users: seed first');
  const collectors = await ctx.db.selectFrom('users').select('id').where('username', 'like', 'bench_c%').orderBy('id').execute();
  const users = [...managers, ...collectors.slice(0, managers.length)];
  const now = ctx.clock.now();
  const sessions = users.map((u) => {
    const token = crypto.randomBytes(32).toString('base64url');
    return { userId: Number(u.id), token, csrf: csrfTokenFor(token) };
  });
  await ctx.db.deleteFrom('sessions').where('user_id', 'in', users.map((u) => Number(u.id))).execute();
  await ctx.db
    .insertInto('sessions')
    .values(sessions.map((s) => ({ token_hash: sha256(s.token), user_id: s.userId, created_at: now, last_seen_at: now, expires_at: new Date(now.getTime() + 86_400_000), csrf_hash: sha256(s.csrf) })))
    .execute();
  const max = await ctx.db.selectFrom('cases').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  const app = await buildApp(ctx, { serveWeb: false, rateLimits: { login: { max: 10, timeWindowMs: 60_000 }, search: { max: 1e9, timeWindowMs: 60_000 }, sensitive: { max: 10, timeWindowMs: 60_000 } } });
  app.get(BENCH_PK_ROUTE, async (req) => {
    const id = Number((req.params as { id: string }).id);
    return (await ctx.db.selectFrom('cases').select(['id', 'status']).where('id', '=', id).executeTakeFirst()) ?? null;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const all = sessions.map(({ token, csrf }) => ({ token, csrf }));
  const ready: ServerReady = { port, sessions: all.slice(0, managers.length), collectors: all.slice(managers.length), collectorCount: collectors.length, maxCaseId: Number(max?.m ?? 0) };
  const close = async () => {
    await app.close();
    await ctx.db.deleteFrom('sessions').where('user_id', 'in', users.map((u) => Number(u.id))).execute();
    await ctx.database.close();
  };
  return { ready, close };
}

/** The server as its own child process: prints READY, serves until SIGTERM/SIGINT, then reports its peak RSS. */
export async function apiServer(a: { target: DbTarget }): Promise<void> {
  const { ready, close } = await startApiServer(a);
  process.stdout.write(`\n${READY_MARK}${JSON.stringify(ready)}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
  await close();
  reportToParent({ ok: true });
}
