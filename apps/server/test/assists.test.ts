/**
 * Assisted collection (协催, issue 5 item 7): a collector asks another team for help; that team's
 * assistants (assists.work) see it in their queue, other teams do not (404 on take); the SLA from
 * assist_types sets the due time and overdue follows ctx.clock; completion puts the result on the
 * case and notifies the requester (badge count).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { assign, client, seedCases, sessionCookie, userWithSession } from './helpers/access-fixtures.ts';
import { movableClock } from './helpers/messaging-servers.ts';
import { buildApp } from '../src/http/app.ts';

const clock = movableClock('2026-03-02T01:00:00Z');
let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
let caseId: number;
let foreignCase: number;
const u: Record<string, { id: number; cookie: string }> = {};
let t1: number;
let t2: number;

async function moveTo(iso: string) {
  clock.set(iso);
  for (const k of Object.keys(u)) u[k].cookie = await sessionCookie(ctx, u[k].id);
}

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  call = client(app);
  const s = await seedCases(ctx, 'BANK', 'A1', ['AS-001', 'AS-002']);
  caseId = s.ids['AS-001'];
  foreignCase = s.ids['AS-002'];
  t1 = (await ctx.db.insertInto('teams').values({ name: '催收一组' }).returning('id').executeTakeFirstOrThrow()).id;
  t2 = (await ctx.db.insertInto('teams').values({ name: '外访组' }).returning('id').executeTakeFirstOrThrow()).id;
  u.col = await userWithSession(ctx, 'as_col', 'collector', { teamId: t1 });
  u.other = await userWithSession(ctx, 'as_other', 'collector', { teamId: t1 });
  u.visit = await userWithSession(ctx, 'as_visit', 'team_lead', { teamId: t2 });
  u.visit2 = await userWithSession(ctx, 'as_visit2', 'team_lead', { teamId: t2 });
  u.lead1 = await userWithSession(ctx, 'as_lead1', 'team_lead', { teamId: t1 });
  u.admin = await userWithSession(ctx, 'as_admin', 'admin');
  await assign(ctx, [caseId], u.col.id);
  await assign(ctx, [foreignCase], u.other.id);
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('assists', () => {
  let id: number;
  it('a collector requests a visit from another team; due after the type’s SLA', async () => {
    expect((await call(u.admin.cookie, 'PUT', '/api/assists/types/visit', { slaHours: 24 })).json().items).toContainEqual({ type: 'visit', slaHours: 24 });
    const r = await call(u.col.cookie, 'POST', `/api/cases/${caseId}/assists`, { type: 'visit', teamId: t2, note: '请核实现居住地址' });
    expect(r.statusCode).toBe(201);
    id = r.json().id;
    expect(r.json()).toMatchObject({ caseRef: 'AS-001', type: 'visit', teamName: '外访组', status: 'open', requestedAt: '2026-03-02T01:00:00.000Z', dueAt: '2026-03-03T01:00:00.000Z', overdue: false });
    expect((await call(u.col.cookie, 'POST', `/api/cases/${foreignCase}/assists`, { type: 'locate', teamId: t2 })).statusCode).toBe(404);
  });

  it('only the target team sees it; another team cannot take it (404)', async () => {
    const q = await call(u.visit.cookie, 'GET', '/api/assists/queue');
    expect(q.json().items.map((i: { id: number }) => i.id)).toEqual([id]);
    expect((await call(u.lead1.cookie, 'GET', '/api/assists/queue')).json().items).toEqual([]);
    expect((await call(u.lead1.cookie, 'POST', `/api/assists/${id}/take`)).statusCode).toBe(404);
    expect((await call(u.col.cookie, 'GET', '/api/assists/queue')).statusCode).toBe(403);
  });

  it('overdue follows the clock: not at the due instant, yes one minute later', async () => {
    await moveTo('2026-03-03T01:00:00Z');
    expect((await call(u.visit.cookie, 'GET', '/api/assists/queue')).json().items[0].overdue).toBe(false);
    await moveTo('2026-03-03T01:01:00Z');
    expect((await call(u.visit.cookie, 'GET', '/api/assists/queue')).json().items[0].overdue).toBe(true);
    expect((await call(u.visit.cookie, 'GET', '/api/assists/queue?overdue=1')).json().items).toHaveLength(1);
  });

  it('take, complete with a result: shown on the case, the requester notified', async () => {
    const t = await call(u.visit.cookie, 'POST', `/api/assists/${id}/take`);
    expect(t.json()).toMatchObject({ status: 'in_progress', assignee: 'as_visit' });
    expect((await call(u.visit.cookie, 'POST', `/api/assists/${id}/take`)).json().code).toBe('INVALID_STATE');
    // a teammate cannot complete (and overwrite) a request someone else has taken
    const other = await call(u.visit2.cookie, 'POST', `/api/assists/${id}/complete`, { result: 'x' });
    expect(other.json()).toMatchObject({ code: 'INVALID_STATE', message: 'request is taken by another user' });
    const c = await call(u.visit.cookie, 'POST', `/api/assists/${id}/complete`, { result: '已外访，本人在家，承诺3月10日还款' });
    expect(c.json()).toMatchObject({ status: 'done', completedAt: '2026-03-03T01:01:00.000Z', overdue: true });
    const onCase = await call(u.col.cookie, 'GET', `/api/cases/${caseId}/assists`);
    expect(onCase.json().items[0]).toMatchObject({ id, status: 'done', result: '已外访，本人在家，承诺3月10日还款' });
    const n = await call(u.col.cookie, 'GET', '/api/notifications');
    expect(n.json().unread).toBe(1);
    expect(n.json().items[0]).toMatchObject({ kind: 'assist.done', entity: 'case', entityId: caseId, data: { assistId: id, type: 'visit' }, read: false });
    await call(u.col.cookie, 'POST', '/api/notifications/read', {});
    expect((await call(u.col.cookie, 'GET', '/api/notifications')).json().unread).toBe(0);
    expect((await call(u.other.cookie, 'GET', '/api/notifications')).json().items).toEqual([]);
  });
});
