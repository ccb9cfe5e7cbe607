/**
 * Permission matrix (stored, per request) and data scopes (department, clients, team, own, client),
 * with exact lists of cases, clients and batches per user, and the user-access administration API.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { assign, client, seedCases, userWithSession } from './helpers/access-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { loadAccess } from '../src/modules/access/permissions.ts';

let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
const U: Record<string, { id: number; cookie: string }> = {};
let seed: Record<string, Awaited<ReturnType<typeof seedCases>>>;
let deps: { id: number }[];

const refsOf = async (who: string, qs = 'pageSize=100') => {
  const r = await call(U[who].cookie, 'GET', `/api/cases?${qs}`);
  expect(r.statusCode).toBe(200);
  return r.json().items.map((c: { clientCaseRef: string }) => c.clientCaseRef).sort();
};

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  call = client(app);
  seed = {
    bank: await seedCases(ctx, 'BANK', 'B1', ['A-001', 'A-002', 'A-003', 'A-004']),
    cfc: await seedCases(ctx, 'CFC', 'C1', ['B-001', 'B-002']),
    other: await seedCases(ctx, 'OTHER', 'O1', ['O-001']),
  };
  deps = await ctx.db.insertInto('departments').values([{ name: 'D1' }, { name: 'D2' }]).returning('id').execute();
  const team = async (name: string, d: number) => (await ctx.db.insertInto('teams').values({ name, department_id: d }).returning('id').executeTakeFirstOrThrow()).id;
  const t1 = await team('T1', deps[0].id), t2 = await team('T2', deps[0].id), t3 = await team('T3', deps[1].id);
  U.admin = await userWithSession(ctx, 'root', 'admin');
  U.c1 = await userWithSession(ctx, 'c1', 'collector', { teamId: t1 });
  U.c2 = await userWithSession(ctx, 'c2', 'collector', { teamId: t2 });
  U.c3 = await userWithSession(ctx, 'c3', 'collector', { teamId: t3 });
  U.m1 = await userWithSession(ctx, 'm1', 'collector'); // no team; department set directly below
  U.lead = await userWithSession(ctx, 'lead1', 'team_lead', { teamId: t1 });
  U.dept = await userWithSession(ctx, 'dept1', 'manager');
  U.multi = await userWithSession(ctx, 'multi', 'manager');
  U.viewer = await userWithSession(ctx, 'viewer_other', 'client_viewer', { clientId: seed.other.clientId });
  const b = seed.bank.ids, c = seed.cfc.ids;
  await assign(ctx, [b['A-001'], c['B-001']], U.c1.id);
  await assign(ctx, [b['A-002']], U.c2.id);
  await assign(ctx, [b['A-003'], c['B-002']], U.c3.id);
  await assign(ctx, [b['A-004']], U.m1.id);
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('permission matrix', () => {
  it('lists every role with defaults; a change takes effect on the next request and is audited', async () => {
    const roles = (await call(U.admin.cookie, 'GET', '/api/roles')).json().items;
    expect(roles.map((r: { role: string }) => r.role)).toEqual(['admin', 'manager', 'team_lead', 'collector', 'client_viewer']);
    const D = ['clients.read', 'batches.read', 'cases.read', 'contacts.write'];
    expect(roles[3]).toEqual({ role: 'collector', permissions: D, defaults: D, isDefault: true });

    expect((await call(U.c1.cookie, 'GET', '/api/cases/export.xlsx')).statusCode).toBe(403);
    const put = await call(U.admin.cookie, 'PUT', '/api/roles/collector', { permissions: ['cases.read', 'cases.export', 'clients.read', 'batches.read', 'contacts.write'] });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ role: 'collector', permissions: ['clients.read', 'batches.read', 'cases.read', 'cases.export', 'contacts.write'], defaults: D, isDefault: false });
    const exp = await call(U.c1.cookie, 'GET', '/api/cases/export.xlsx');
    expect(exp.statusCode).toBe(200);
    expect((await call(U.c1.cookie, 'GET', '/api/auth/me')).json().permissions).toEqual(['clients.read', 'batches.read', 'cases.read', 'cases.export', 'contacts.write']);
    const row = await ctx.db.selectFrom('audit_log').select(['user_id', 'entity_id', 'data']).where('action', '=', 'role.update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toEqual({ user_id: U.admin.id, entity_id: 'collector', data: { added: ['cases.export'], removed: [] } });
  });

  it('removing cases.read from collectors gives 403 on the next request; restoring gives 200', async () => {
    expect((await call(U.c1.cookie, 'GET', '/api/cases')).statusCode).toBe(200);
    await call(U.admin.cookie, 'PUT', '/api/roles/collector', { permissions: ['clients.read', 'batches.read'] });
    const r = await call(U.c1.cookie, 'GET', '/api/cases');
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('FORBIDDEN');
    const row = await ctx.db.selectFrom('audit_log').select('data').where('action', '=', 'role.update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.data).toEqual({ added: [], removed: ['cases.read', 'cases.export', 'contacts.write'] });
    await call(U.admin.cookie, 'PUT', '/api/roles/collector', { permissions: ['clients.read', 'batches.read', 'cases.read', 'contacts.write'] });
    expect((await call(U.c1.cookie, 'GET', '/api/cases')).statusCode).toBe(200);
    expect((await call(U.admin.cookie, 'GET', '/api/roles')).json().items[3].isDefault).toBe(true);
  });

  it('guards against admin lock-out, unknown permissions and non-admins', async () => {
    const r = await call(U.admin.cookie, 'PUT', '/api/roles/admin', { permissions: ['users.write', 'cases.read'] });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'permissions', value: 'roles.write', reason: 'admin lock-out guard' }] });
    expect((await call(U.admin.cookie, 'PUT', '/api/roles/admin', { permissions: ['roles.write'] })).json().details.map((d: { value: string }) => d.value)).toEqual(['users.write']);
    expect((await call(U.admin.cookie, 'PUT', '/api/roles/collector', { permissions: ['cases.nuke'] })).statusCode).toBe(400);
    expect((await call(U.admin.cookie, 'PUT', '/api/roles/superuser', { permissions: [] })).statusCode).toBe(400);
    expect((await call(U.lead.cookie, 'PUT', '/api/roles/team_lead', { permissions: ['roles.write'] })).statusCode).toBe(403);
    const admin = (await call(U.admin.cookie, 'GET', '/api/roles')).json().items[0];
    expect(admin.isDefault).toBe(true);
    // admin may still drop other permissions
    expect((await call(U.admin.cookie, 'PUT', '/api/roles/admin', { permissions: ['roles.write', 'users.write', 'users.read'] })).statusCode).toBe(200);
    expect((await call(U.admin.cookie, 'GET', '/api/cases')).statusCode).toBe(403);
    expect((await call(U.admin.cookie, 'PUT', '/api/roles/admin', { permissions: admin.defaults })).statusCode).toBe(200);
  });

  it('resolves access in one query per request (measured)', async () => {
    const n = 200;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await loadAccess(ctx.db, U.c1.id);
    const ms = (performance.now() - t0) / n;
    console.log(`loadAccess: ${ms.toFixed(3)} ms per call (${ctx.database.kind})`);
    expect(ms).toBeLessThan(20);
  });
});

describe('data scopes', () => {
  it('own, team: exactly the assigned cases', async () => {
    expect(await refsOf('c1')).toEqual(['A-001', 'B-001']);
    expect(await refsOf('lead')).toEqual(['A-001', 'B-001']);
  });

  it('department: cases of every team of the department and of users placed in it directly', async () => {
    expect((await call(U.admin.cookie, 'PATCH', `/api/users/${U.m1.id}`, { departmentId: deps[0].id })).statusCode).toBe(200);
    const r = await call(U.admin.cookie, 'PATCH', `/api/users/${U.dept.id}`, { dataScope: 'department', departmentId: deps[0].id });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ dataScope: 'department', effectiveScope: 'department', departmentId: deps[0].id });
    expect(await refsOf('dept')).toEqual(['A-001', 'A-002', 'A-004', 'B-001']);
    expect((await call(U.dept.cookie, 'GET', `/api/cases/${seed.bank.ids['A-003']}`)).statusCode).toBe(404);
    const row = await ctx.db.selectFrom('audit_log').select(['data']).where('action', '=', 'user.update').where('entity_id', '=', String(U.dept.id)).executeTakeFirstOrThrow();
    expect(row.data).toEqual({ departmentId: { from: null, to: deps[0].id }, dataScope: { from: null, to: 'department' } });
    // moving team T3 into D1 widens it on the next request
    const t3 = await ctx.db.selectFrom('teams').select('id').where('name', '=', 'T3').executeTakeFirstOrThrow();
    expect((await call(U.admin.cookie, 'PATCH', `/api/teams/${t3.id}`, { departmentId: deps[0].id })).statusCode).toBe(200);
    expect(await refsOf('dept')).toEqual(['A-001', 'A-002', 'A-003', 'A-004', 'B-001', 'B-002']);
    await call(U.admin.cookie, 'PATCH', `/api/teams/${t3.id}`, { departmentId: deps[1].id });
    expect((await call(U.admin.cookie, 'GET', '/api/departments')).json().items).toEqual([{ id: deps[0].id, name: 'D1', teamIds: expect.any(Array) }, { id: deps[1].id, name: 'D2', teamIds: [t3.id] }]);
  });

  it('department: cases are assigned only to users of the department', async () => {
    const body = (assigneeId: number) => ({ action: 'assign', reason: '部门内分配', assigneeId, selection: { caseIds: [seed.bank.ids['A-002']] } });
    expect((await call(U.dept.cookie, 'POST', '/api/cases/actions', body(U.c2.id))).json()).toEqual({ affected: 0 });
    const out = await call(U.dept.cookie, 'POST', '/api/cases/actions', body(U.c3.id));
    expect(out.statusCode).toBe(404);
    expect((await ctx.db.selectFrom('cases').select('assigned_user_id').where('id', '=', seed.bank.ids['A-002']).executeTakeFirstOrThrow()).assigned_user_id).toBe(U.c2.id);
  });

  it('clients: every case of the linked clients, whoever holds it', async () => {
    const r = await call(U.admin.cookie, 'PATCH', `/api/users/${U.multi.id}`, { dataScope: 'clients', clientIds: [seed.bank.clientId, seed.other.clientId] });
    expect(r.json()).toMatchObject({ effectiveScope: 'clients', clientIds: [seed.bank.clientId, seed.other.clientId].sort((a, b) => a - b) });
    expect(await refsOf('multi')).toEqual(['A-001', 'A-002', 'A-003', 'A-004', 'O-001']);
    const row = await ctx.db.selectFrom('audit_log').select(['data']).where('action', '=', 'user.update').where('entity_id', '=', String(U.multi.id)).executeTakeFirstOrThrow();
    expect(row.data).toEqual({ dataScope: { from: null, to: 'clients' }, clientIds: { added: [seed.bank.clientId, seed.other.clientId], removed: [] } });
  });

  it('clients and batches lists (and their counts) follow the scope', async () => {
    const clients = async (who: string) => (await call(U[who].cookie, 'GET', '/api/clients')).json().items.map((c: { code: string; caseCount: number; batchCount: number }) => [c.code, c.caseCount, c.batchCount]);
    const batches = async (who: string) => (await call(U[who].cookie, 'GET', '/api/batches')).json().items.map((b: { batchNo: string; caseCount: number }) => [b.batchNo, b.caseCount]);
    expect(await clients('c1')).toEqual([['BANK', 1, 1], ['CFC', 1, 1]]);
    expect(await batches('c1')).toEqual([['C1', 1], ['B1', 1]]);
    expect(await clients('c2')).toEqual([['BANK', 1, 1]]);
    expect(await batches('c2')).toEqual([['B1', 1]]);
    expect(await clients('viewer')).toEqual([['OTHER', 1, 1]]);
    expect(await batches('viewer')).toEqual([['O1', 1]]);
    expect(await clients('multi')).toEqual([['BANK', 4, 1], ['OTHER', 1, 1]]);
    expect(await clients('admin')).toEqual([['BANK', 4, 1], ['CFC', 2, 1], ['OTHER', 1, 1]]);
    expect((await call(U.c2.cookie, 'GET', `/api/batches/${seed.cfc.batchId}`)).statusCode).toBe(404);
    expect((await call(U.c2.cookie, 'GET', `/api/batches/${seed.bank.batchId}`)).json()).toMatchObject({ batchNo: 'B1', caseCount: 1 });
  });
});

describe('user access administration', () => {
  it('refuses scopes that do not fit the role, unknown ids, and removing the last admin', async () => {
    const bad = async (id: number, body: object) => (await call(U.admin.cookie, 'PATCH', `/api/users/${id}`, body)).json();
    expect(await bad(U.viewer.id, { dataScope: 'all' })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'dataScope' }] });
    expect(await bad(U.c1.id, { dataScope: 'client' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await bad(U.c1.id, { role: 'client_viewer' })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'clientId' }] });
    expect(await bad(U.c1.id, { teamId: 99999 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await bad(U.c1.id, { clientIds: [99999] })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await bad(U.admin.id, { active: false })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'active' }] });
    expect(await bad(U.admin.id, { role: 'manager' })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'role' }] });
    expect((await call(U.lead.cookie, 'PATCH', `/api/users/${U.c1.id}`, { dataScope: 'all' })).statusCode).toBe(403);
  });

  it('role and activity changes apply on the next request; deactivation ends sessions', async () => {
    expect((await call(U.admin.cookie, 'PATCH', `/api/users/${U.c2.id}`, { dataScope: 'all' })).json()).toMatchObject({ role: 'collector', dataScope: 'all', effectiveScope: 'all' });
    expect((await refsOf('c2')).length).toBe(7);
    expect((await call(U.admin.cookie, 'PATCH', `/api/users/${U.c2.id}`, { dataScope: null })).json().effectiveScope).toBe('own');
    expect(await refsOf('c2')).toEqual(['A-002']);
    expect((await call(U.admin.cookie, 'PATCH', `/api/users/${U.c2.id}`, { active: false })).json().active).toBe(false);
    expect((await call(U.c2.cookie, 'GET', '/api/cases')).statusCode).toBe(401);
    const list = (await call(U.admin.cookie, 'GET', '/api/user-access')).json().items;
    expect(list.find((u: { id: number }) => u.id === U.m1.id)).toMatchObject({ role: 'collector', departmentId: deps[0].id, dataScope: null, effectiveScope: 'own', clientIds: [] });
  });
});
