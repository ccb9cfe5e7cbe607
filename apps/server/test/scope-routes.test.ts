/**
 * Every route is classified here, and every route that reaches case data is checked against data
 * scopes (issue 3 point 2): a user asking for something outside their scope gets 404 — not 403, not
 * data — and gets the expected answer inside it. A route missing from ROUTE_TABLE fails the first
 * test by name, so a new endpoint cannot ship without a scoping decision.
 *
 * To classify a new route add `'METHOD /url': entry` to ROUTE_TABLE:
 *   { kind: 'public', reason }                    no session needed
 *   { kind: 'global', reason }                    not tied to a case, batch, import or client (say why)
 *   { kind: 'case', request: (c) => req, inside?, count? }      c = { id, ref, batchId, clientId }
 *   { kind: 'batch', request: (batchId) => req, inside?, last? }
 *   { kind: 'import', request: (importId) => req, inside? }
 *   { kind: 'client', request: (clientId) => req, inside?, count? }
 * `req` = { url, payload?, headers? } (method from the key); `inside` = expected status for the
 * actor's own target (default 200); with `count(res)` the route filters rather than addresses
 * (lists, exports): outside must count 0 rows, inside at least 1. `last` runs after the others
 * (state-changing). Permissions are granted to every test role, so only the scope decides.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@recova/contracts';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { systemAdmin } from './helpers/fixtures.ts';
import { assign, client, seedCases, userWithSession } from './helpers/access-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { ROUTES } from '../src/http/route.ts';
import { updateRolePermissions } from '../src/modules/access/permissions.ts';
import { updateUserAccess } from '../src/modules/access/user-access.ts';

interface Req { url: string; payload?: unknown; headers?: Record<string, string> }
interface CaseTarget { id: number; ref: string; batchId: number; clientId: number }
type Count = (r: LightMyRequestResponse) => Promise<number>;
type Entry =
  | { kind: 'public' | 'global'; reason: string }
  | { kind: 'case'; request: (c: CaseTarget) => Req; inside?: number; count?: Count }
  | { kind: 'batch'; request: (batchId: number) => Req; inside?: number | ((who: string) => number); last?: boolean }
  | { kind: 'import'; request: (importId: number) => Req; inside?: number }
  | { kind: 'client'; request: (clientId: number) => Req; inside?: number; count?: Count };

const xlsxDataRows: Count = async (r) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  return wb.worksheets[0].rowCount - 3; // header, blank row, footer
};
let uploadNo = 0;
function upload(batchId: number): Req {
  const boundary = '----scope';
  const csv = `案件编号,姓名,委案金额\r\nUP-${++uploadNo},上传,1.00\r\n`;
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="batchId"\r\n\r\n${batchId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return { url: '/api/imports', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
let batchNo = 0;
const MAPPING = [{ column: 0, header: '案件编号', target: { kind: 'field', field: 'client_case_ref' } }];

export const ROUTE_TABLE: Record<string, Entry> = {
  'POST /api/auth/login': { kind: 'public', reason: 'sign-in' },
  'POST /api/auth/logout': { kind: 'public', reason: 'ends the caller’s own session' },
  'GET /api/health': { kind: 'public', reason: 'liveness probe, no data' },
  'GET /api/auth/me': { kind: 'global', reason: 'the caller themself' },
  'GET /api/users': { kind: 'global', reason: 'users, not case data; team/department filtered in users.service' },
  'POST /api/users': { kind: 'global', reason: 'administration (users.write)' },
  'GET /api/teams': { kind: 'global', reason: 'team names only' },
  'POST /api/teams': { kind: 'global', reason: 'administration (users.write)' },
  'PATCH /api/teams/:id': { kind: 'global', reason: 'administration (users.write)' },
  'GET /api/user-access': { kind: 'global', reason: 'administration (users.write)' },
  'PATCH /api/users/:id': { kind: 'global', reason: 'administration (users.write)' },
  'GET /api/roles': { kind: 'global', reason: 'the permission matrix, no data' },
  'PUT /api/roles/:role': { kind: 'global', reason: 'administration (roles.write)' },
  'GET /api/departments': { kind: 'global', reason: 'department names only' },
  'POST /api/departments': { kind: 'global', reason: 'administration (users.write)' },
  'GET /api/settings': { kind: 'global', reason: 'system settings, no data' },
  'PATCH /api/settings': { kind: 'global', reason: 'administration (settings.write)' },
  'GET /api/fields': { kind: 'global', reason: 'canonical field list' },
  'GET /api/import-template': { kind: 'global', reason: 'empty template workbook' },
  'GET /api/clients': { kind: 'global', reason: 'list filtered by clientScopeSql; exact lists per scope in access.test.ts' },
  'POST /api/clients': { kind: 'global', reason: 'creates a client (clients.write)' },
  'GET /api/export-requests': { kind: 'global', reason: 'own requests, or all with exports.approve (export-approval.test.ts)' },
  'POST /api/export-requests/:id/approve': { kind: 'global', reason: 'approvers decide every request (exports.approve)' },
  'POST /api/export-requests/:id/reject': { kind: 'global', reason: 'approvers decide every request (exports.approve)' },
  'POST /api/auth/logout-all': { kind: 'global', reason: 'ends the caller’s own sessions' },
  'POST /api/auth/password': { kind: 'global', reason: 'the caller’s own password' },
  'POST /api/auth/totp/setup': { kind: 'global', reason: 'the caller’s own second factor' },
  'POST /api/auth/totp/enable': { kind: 'global', reason: 'the caller’s own second factor' },
  'POST /api/auth/totp/disable': { kind: 'global', reason: 'the caller’s own second factor' },
  'POST /api/users/:id/password': { kind: 'global', reason: 'administration (users.write)' },
  'POST /api/users/:id/totp/reset': { kind: 'global', reason: 'administration (users.write)' },
  'GET /api/audit': { kind: 'global', reason: 'the audit trail (audit.read); entries hold ids and counts, no personal data' },
  'GET /api/audit/actions': { kind: 'global', reason: 'action names only (audit.read)' },
  'POST /api/audit/verify': { kind: 'global', reason: 'chain summary, no data (audit.read)' },
  'GET /api/compliance/rule-sets': { kind: 'global', reason: 'rule sets are configuration, not case data' },
  'GET /api/compliance/rule-sets/:name': { kind: 'global', reason: 'rule sets are configuration, not case data' },
  'PUT /api/compliance/rule-sets/:name': { kind: 'global', reason: 'administration (compliance.manage)' },
  'POST /api/contact-attempts/check': { kind: 'global', reason: 'stateless check of the request body; reads no case' },
  'POST /api/cases/:id/contact-check': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/contact-check`, payload: { channel: 'sms' } }) },
  'GET /api/export-requests/:id/download': { kind: 'global', reason: 'requester only (others 404) and runs with the requester’s scope now (export-approval.test.ts)' },

  'GET /api/cases/:id': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}` }) },
  'POST /api/cases/actions': { kind: 'case', request: (c) => ({ url: '/api/cases/actions', payload: { action: 'pause', reason: 'scope test', selection: { caseIds: [c.id] } } }) },
  'GET /api/cases': { kind: 'case', request: (c) => ({ url: `/api/cases?q=${c.ref}` }), count: async (r) => r.json().total },
  'POST /api/cases/search': { kind: 'case', request: (c) => ({ url: '/api/cases/search', payload: { q: c.ref } }), count: async (r) => r.json().total },
  'POST /api/cases/export': { kind: 'case', request: (c) => ({ url: '/api/cases/export', payload: { filter: { q: c.ref } } }), count: xlsxDataRows },
  'POST /api/cases/:id/reveal': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/reveal`, payload: { field: 'id_number' } }) },
  'GET /api/cases/export.xlsx': { kind: 'case', request: (c) => ({ url: `/api/cases/export.xlsx?q=${c.ref}` }), count: xlsxDataRows },

  'POST /api/batches': { kind: 'client', request: (clientId) => ({ url: '/api/batches', payload: { clientId, batchNo: `S${++batchNo}`, placementDate: '2024-05-01', expectedReturnDate: '2024-08-01' } }), inside: 201 },
  'PUT /api/clients/:id/compliance-rule-set': { kind: 'client', request: (clientId) => ({ url: `/api/clients/${clientId}/compliance-rule-set`, payload: { ruleSet: 'CN' } }) },
  'GET /api/batches': { kind: 'client', request: (clientId) => ({ url: `/api/batches?clientId=${clientId}` }), count: async (r) => r.json().items.length },

  'GET /api/batches/:id': { kind: 'batch', request: (id) => ({ url: `/api/batches/${id}` }) },
  'PATCH /api/batches/:id': { kind: 'batch', request: (id) => ({ url: `/api/batches/${id}`, payload: { remarks: 'scope test' } }) },
  'DELETE /api/batches/:id': { kind: 'batch', request: (id) => ({ url: `/api/batches/${id}` }), inside: 409 }, // BATCH_HAS_CASES: past the scope check
  'GET /api/batches/:id/imports': { kind: 'batch', request: (id) => ({ url: `/api/batches/${id}/imports` }) },
  // an import may update any case of the batch: only whole-client scopes may run one (adversarial finding)
  'POST /api/imports': { kind: 'batch', request: upload, inside: (who) => (/client/.test(who) ? 201 : 403) },
  'POST /api/batches/:id/close': { kind: 'batch', request: (id) => ({ url: `/api/batches/${id}/close` }), last: true },

  'GET /api/imports/:id': { kind: 'import', request: (id) => ({ url: `/api/imports/${id}` }) },
  'GET /api/imports/:id/errors.xlsx': { kind: 'import', request: (id) => ({ url: `/api/imports/${id}/errors.xlsx` }) },
  'POST /api/imports/:id/preview': { kind: 'import', request: (id) => ({ url: `/api/imports/${id}/preview`, payload: {} }), inside: 409 }, // committed already
  'POST /api/imports/:id/commit': { kind: 'import', request: (id) => ({ url: `/api/imports/${id}/commit`, payload: { mapping: MAPPING } }), inside: 409 },
  // ---------- strategy engine (issue 6) ----------
  'GET /api/strategies': { kind: 'global', reason: 'strategy definitions (configuration), no case data' },
  'GET /api/strategies/:id': { kind: 'global', reason: 'one strategy definition and its versions, no case data' },
  'POST /api/strategies': { kind: 'global', reason: 'configuration (strategy.manage)' },
  'PUT /api/strategies/:id': { kind: 'global', reason: 'configuration (strategy.manage)' },
  'POST /api/strategies/:id/activate': { kind: 'global', reason: 'configuration (strategy.manage)' },
  'POST /api/strategies/:id/deactivate': { kind: 'global', reason: 'configuration (strategy.manage)' },
  'POST /api/strategies/:id/dry-run': { kind: 'global', reason: 'aggregate counts only, over cases filtered by caseScopeSql (dry-run.ts)' },
  'POST /api/daily-runs': { kind: 'global', reason: 'system job over the whole portfolio (strategy.manage), answers counts only' },
  'GET /api/daily-runs': { kind: 'global', reason: 'run status and counts, no case data' },
  'GET /api/strategy-report': { kind: 'global', reason: 'aggregate rates per arm over cases filtered by caseScopeSql (arm-report.ts)' },
};

interface Side { case: CaseTarget; batchId: number; importId: number; clientId: number }
interface Pair { who: string; cookie: string; own: Side; foreign: Side }

let ctx: TestContext;
let app: FastifyInstance;
let pairs: Pair[];
let call: ReturnType<typeof client>;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  call = client(app);
  const a = await seedCases(ctx, 'BANK', 'B1', ['A-001', 'A-002']);
  const b = await seedCases(ctx, 'CFC', 'C1', ['B-001', 'B-002']);
  const deps = await ctx.db.insertInto('departments').values([{ name: 'D1' }, { name: 'D2' }]).returning('id').execute();
  const t1 = await ctx.db.insertInto('teams').values({ name: 'T1', department_id: deps[0].id }).returning('id').executeTakeFirstOrThrow();
  const t2 = await ctx.db.insertInto('teams').values({ name: 'T2', department_id: deps[1].id }).returning('id').executeTakeFirstOrThrow();
  const colA = await userWithSession(ctx, 'col_a', 'collector', { teamId: t1.id });
  const colB = await userWithSession(ctx, 'col_b', 'collector', { teamId: t2.id });
  const lead = await userWithSession(ctx, 'lead_a', 'team_lead', { teamId: t1.id });
  const viewer = await userWithSession(ctx, 'viewer_bank', 'client_viewer', { clientId: a.clientId });
  const dept = await userWithSession(ctx, 'dept_d1', 'manager');
  const clientsUser = await userWithSession(ctx, 'clients_bank', 'manager');
  await updateUserAccess(ctx, systemAdmin(), dept.id, { dataScope: 'department', departmentId: deps[0].id });
  await updateUserAccess(ctx, systemAdmin(), clientsUser.id, { dataScope: 'clients', clientIds: [a.clientId] });
  await assign(ctx, Object.values(a.ids), colA.id);
  await assign(ctx, Object.values(b.ids), colB.id);
  // every permission for the scoped roles: only the data scope may refuse
  for (const role of ['collector', 'team_lead', 'client_viewer', 'manager'] as const) await updateRolePermissions(ctx, systemAdmin(), role, [...PERMISSIONS]);
  const side = (s: typeof a, ref: string): Side => ({ case: { id: s.ids[ref], ref, batchId: s.batchId, clientId: s.clientId }, batchId: s.batchId, importId: s.importId, clientId: s.clientId });
  const A = side(a, 'A-001');
  const B = side(b, 'B-001');
  pairs = [
    { who: 'collector A (own)', cookie: colA.cookie, own: A, foreign: B },
    { who: 'collector B (own)', cookie: colB.cookie, own: B, foreign: A },
    { who: 'team lead of team 1', cookie: lead.cookie, own: A, foreign: B },
    { who: 'client viewer of BANK', cookie: viewer.cookie, own: A, foreign: B },
    { who: 'department D1 user', cookie: dept.cookie, own: A, foreign: B },
    { who: 'clients [BANK] user', cookie: clientsUser.cookie, own: A, foreign: B },
  ];
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

function target(e: Entry, s: Side): Req {
  switch (e.kind) {
    case 'case': return e.request(s.case);
    case 'batch': return e.request(s.batchId);
    case 'import': return e.request(s.importId);
    case 'client': return e.request(s.clientId);
    default: throw new Error('not scoped');
  }
}
const send = (cookie: string, k: string, req: Req) => call(cookie, k.split(' ')[0] as 'GET', req.url, req.payload, req.headers);

describe('route scope table', () => {
  it('classifies every registered route (a new route without an entry fails here, by name)', () => {
    const registered = ROUTES.map(key);
    const missing = registered.filter((k) => !(k in ROUTE_TABLE));
    expect(missing, `routes without a scope classification in scope-routes.test.ts ROUTE_TABLE: ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(ROUTE_TABLE).filter((k) => !registered.includes(k));
    expect(stale, `ROUTE_TABLE entries for routes that no longer exist: ${stale.join(', ')}`).toEqual([]);
    const publicRoutes = ROUTES.filter((r) => r.access === 'public').map(key).sort();
    expect(publicRoutes).toEqual(Object.keys(ROUTE_TABLE).filter((k) => ROUTE_TABLE[k].kind === 'public').sort());
  });

  it('outside the scope: 404 NOT_FOUND (never 403, never data) for every addressed route, empty for every filtering route', async () => {
    const failures: string[] = [];
    for (const [k, e] of Object.entries(ROUTE_TABLE)) {
      if (e.kind === 'public' || e.kind === 'global') continue;
      for (const p of pairs) {
        const r = await send(p.cookie, k, target(e, p.foreign));
        if ('count' in e && e.count) {
          const n = r.statusCode === 200 ? await e.count(r) : -1;
          if (n !== 0) failures.push(`${k} as ${p.who}: status ${r.statusCode}, ${n} rows (want 200 and 0 rows)`);
        } else if (r.statusCode !== 404 || r.json().code !== 'NOT_FOUND') failures.push(`${k} as ${p.who}: ${r.statusCode} ${r.body.slice(0, 120)} (want 404)`);
        else if (r.body.includes(p.foreign.case.ref) || r.body.includes('债务人')) failures.push(`${k} as ${p.who}: 404 body carries data`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('inside the scope: the expected answer for the actor’s own case, batch, import and client', async () => {
    const failures: string[] = [];
    const entries = Object.entries(ROUTE_TABLE).sort(([, x], [, y]) => Number('last' in x && !!x.last) - Number('last' in y && !!y.last));
    for (const [k, e] of entries) {
      if (e.kind === 'public' || e.kind === 'global') continue;
      for (const p of pairs) {
        const r = await send(p.cookie, k, target(e, p.own));
        const want = typeof e.inside === 'function' ? e.inside(p.who) : (e.inside ?? 200);
        if (r.statusCode !== want) failures.push(`${k} as ${p.who}: ${r.statusCode} ${r.body.slice(0, 120)} (want ${want})`);
        else if ('count' in e && e.count && (await e.count(r)) < 1) failures.push(`${k} as ${p.who}: no rows for the own target`);
      }
    }
    expect(failures).toEqual([]);
  });
});
