/**
 * Audit log API (issue 3 point 5): filters return exactly the matching rows, newest first, with the
 * user's name; `audit.read` is required; verify reports the chain summary and is itself audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { AuditListQuery, type AuditEntry } from '@recova/contracts';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { makeUser } from './helpers/fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { ensureAdmin } from '../src/modules/users/users.service.ts';
import { audit } from '../src/modules/audit/audit.ts';
import { actionPrefix, listAuditEntries } from '../src/modules/audit/audit.repository.ts';

let ctx: TestContext;
let app: FastifyInstance;
let carol: number;
const cookies: Record<string, string> = {};
const csrf: Record<string, string> = {};
const times: string[] = [];

async function login(username: string, password = 'password-123') {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  cookies[username] = `recova_session=${r.cookies.find((x) => x.name === 'recova_session')!.value}`;
  csrf[username] = r.json().csrfToken;
}
const list = (q: Record<string, unknown>) => listAuditEntries(ctx.db, AuditListQuery.parse(q));
const actions = (r: { items: AuditEntry[] }) => r.items.map((i) => `${i.action}:${i.entityId}`);

beforeAll(async () => {
  ctx = await createTestContext();
  await ensureAdmin(ctx);
  app = await buildApp(ctx);
  carol = (await makeUser(ctx, 'carol', 'collector')).id;
  await ctx.db.updateTable('users').set({ display_name: '卡罗尔' }).where('id', '=', carol).execute();
  await login('admin', 'Sesame-Open-2024'); // real auth.login entries, before the known ones
  await login('carol');
  // a known sequence of entries, a few ms apart so time filters have exact boundaries
  const entries: [number | null, string, string, string][] = [
    [carol, 'auth.login', 'user', String(carol)], [null, 'auth.login_failed', 'user', 'x'], [carol, 'case.pause', 'case', '7'],
    [carol, 'case.assign', 'case', '8'], [null, 'authz.denied', 'case', '7'], [carol, 'case.pause', 'case', '9'],
  ];
  for (const [u, a, e, id] of entries) {
    await audit(ctx.db, u, a, e, id, { n: 1 });
    times.push((await ctx.db.selectFrom('audit_log').select('at').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).at.toISOString());
    await new Promise((r) => setTimeout(r, 5));
  }
});
afterAll(async () => { await app.close(); await ctx.cleanup(); });

describe('audit list filters', () => {
  it('user, exact action, action prefix, entity + id, time range — exact rows, newest first', async () => {
    expect(actions(await list({ userId: carol, entity: 'case' }))).toEqual(['case.pause:9', 'case.assign:8', 'case.pause:7']);
    expect(actions(await list({ action: 'case.pause' }))).toEqual(['case.pause:9', 'case.pause:7']);
    expect(actions(await list({ action: 'auth.', from: times[0] }))).toEqual(['auth.login_failed:x', `auth.login:${carol}`]); // not authz.denied
    expect(actions(await list({ action: 'auth*', from: times[0] }))).toEqual(['authz.denied:7', 'auth.login_failed:x', `auth.login:${carol}`]);
    expect((await list({ action: 'auth.login' })).total).toBe(3); // exact: two real logins + ours, not login_failed
    expect(actions(await list({ entity: 'case', entityId: '7' }))).toEqual(['authz.denied:7', 'case.pause:7']);
    expect(actions(await list({ from: times[2], to: times[4], entity: 'case' }))).toEqual(['case.assign:8', 'case.pause:7']);
    const page = await list({ entity: 'case', page: 2, pageSize: 2 });
    expect(page.total).toBe(4);
    expect(actions(page)).toEqual(['case.assign:8', 'case.pause:7']);
    expect(page.items[0]).toMatchObject({ userId: carol, username: 'carol', userDisplayName: '卡罗尔', entity: 'case', data: { n: 1 }, at: times[3] });
  });
  it('escapes LIKE metacharacters in prefixes; pageSize is capped at 200', () => {
    expect(actionPrefix('auth.')).toBe('auth.%');
    expect(actionPrefix('a_b*')).toBe('a\\_b%');
    expect(actionPrefix('case.pause')).toBeNull();
    expect(AuditListQuery.safeParse({ pageSize: 201 }).success).toBe(false);
    expect(AuditListQuery.safeParse({ from: 'yesterday' }).success).toBe(false);
  });
});

describe('audit HTTP API', () => {
  it('needs audit.read: a collector gets 403, an admin the page with names', async () => {
    const denied = await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: cookies.carol } });
    expect(denied.statusCode).toBe(403);
    const r = await app.inject({ method: 'GET', url: `/api/audit?action=case.&userId=${carol}&pageSize=2`, headers: { cookie: cookies.admin } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ total: 3, items: [{ action: 'case.pause', entityId: '9', username: 'carol' }, { action: 'case.assign', entityId: '8' }] });
    expect((await app.inject({ method: 'GET', url: '/api/audit?pageSize=500', headers: { cookie: cookies.admin } })).statusCode).toBe(400);
    const acts = await app.inject({ method: 'GET', url: '/api/audit/actions', headers: { cookie: cookies.admin } });
    expect(acts.json()).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed', 'authz.denied', 'case.assign', 'case.pause']));
    expect(acts.json()).toEqual([...acts.json()].sort());
  });
  it('POST /api/audit/verify returns the chain summary and records the check', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/audit/verify', headers: { cookie: cookies.admin, 'x-csrf-token': csrf.admin } });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ ok: true, problemCount: 0, problems: [] });
    expect(body.head.seq).toBe(body.count);
    const last = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'audit.verify', seq: body.count + 1, data: { ok: true, count: body.count, headSeq: body.count, problemCount: 0 } });
  });
});
