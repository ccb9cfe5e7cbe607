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

  // allocation (issue 6): runs select cases through scopedCases and pools through assignableUsers; scope tested in allocation.test.ts
  'POST /api/allocations/preview': { kind: 'global', reason: 'cases via scopedCases, collectors via the assignment rule (allocation.test.ts: a manager allocates only cases in scope)' },
  'POST /api/allocations/commit': { kind: 'global', reason: 'same selection as preview, in one transaction (allocation.test.ts)' },
  'GET /api/allocations': { kind: 'global', reason: 'run summaries: parameters and counts, no case data (allocation.run)' },
  'GET /api/allocations/collectors': { kind: 'global', reason: 'users, not case data; filtered like manual assignment' },
  'PUT /api/allocations/collectors/:id': { kind: 'global', reason: 'administration (users.write)' },

  'GET /api/cases/:id': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}` }) },
  'POST /api/cases/actions': { kind: 'case', request: (c) => ({ url: '/api/cases/actions', payload: { action: 'pause', reason: 'scope test', selection: { caseIds: [c.id] } } }) },
  'GET /api/cases': { kind: 'case', request: (c) => ({ url: `/api/cases?q=${c.ref}` }), count: async (r) => r.json().total },
  'POST /api/cases/search': { kind: 'case', request: (c) => ({ url: '/api/cases/search', payload: { q: c.ref } }), count: async (r) => r.json().total },
  'POST /api/cases/export': { kind: 'case', request: (c) => ({ url: '/api/cases/export', payload: { filter: { q: c.ref } } }), count: xlsxDataRows },
  'POST /api/cases/:id/reveal': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/reveal`, payload: { field: 'id_number' } }) },
  'GET /api/cases/export.xlsx': { kind: 'case', request: (c) => ({ url: `/api/cases/export.xlsx?q=${c.ref}` }), count: xlsxDataRows },
  'POST /api/allocations/return': { kind: 'case', request: (c) => ({ url: '/api/allocations/return', payload: { selection: { caseIds: [c.id] }, reason: 'client_request' } }) },

  // ---- messaging, letters, assists (issue 5 items 6-7) ----
  'GET /api/message-templates': { kind: 'global', reason: 'templates are configuration, no case data' },
  'POST /api/message-templates': { kind: 'global', reason: 'administration (codes.manage)' },
  'PATCH /api/message-templates/:id': { kind: 'global', reason: 'administration (codes.manage)' },
  'GET /api/message-templates/:id/versions': { kind: 'global', reason: 'administration (codes.manage)' },
  'GET /api/messaging/settings': { kind: 'global', reason: 'administration (settings.write); secrets never returned' },
  'PUT /api/messaging/settings/sms': { kind: 'global', reason: 'administration (settings.write)' },
  'PUT /api/messaging/settings/email': { kind: 'global', reason: 'administration (settings.write)' },
  'PUT /api/messaging/settings/profile': { kind: 'global', reason: 'administration (settings.write)' },
  'POST /api/messaging/sms/receipts': { kind: 'public', reason: 'provider delivery receipts, authenticated by the provider signature (messaging.test.ts)' },
  'GET /api/letters': { kind: 'global', reason: 'filtered by caseScopeSql (letters.repository.ts); outside cases proven absent in letters.test.ts' },
  'GET /api/letters/:id/pdf': { kind: 'global', reason: 'letter looked up through caseScopeSql, outside → 404 (letters.test.ts)' },
  'GET /api/letters/batches/:batch/pdf': { kind: 'global', reason: 'letters looked up through caseScopeSql (letters.test.ts)' },
  'POST /api/letters/status': { kind: 'global', reason: 'letters looked up through caseScopeSql, outside → 404 (letters.test.ts)' },
  'GET /api/assists/types': { kind: 'global', reason: 'SLA hours per type, no data' },
  'GET /api/assists/teams': { kind: 'global', reason: 'team names only (where to send a request)' },
  'PUT /api/assists/types/:type': { kind: 'global', reason: 'administration (settings.write)' },
  'GET /api/assists/queue': { kind: 'global', reason: 'the caller’s own team queue (assists.test.ts)' },
  'POST /api/assists/:id/take': { kind: 'global', reason: 'the caller’s own team queue; other teams 404 (assists.test.ts)' },
  'POST /api/assists/:id/complete': { kind: 'global', reason: 'the caller’s own team queue; other teams 404 (assists.test.ts)' },
  'GET /api/notifications': { kind: 'global', reason: 'the caller’s own notifications' },
  'POST /api/notifications/read': { kind: 'global', reason: 'the caller’s own notifications' },
  'POST /api/cases/:id/messages/preview': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/messages/preview`, payload: { templateId: 1 } }) },
  'POST /api/cases/:id/messages': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/messages`, payload: { templateId: 1, phoneId: 1, sourceRef: `scope-${c.id}-x` } }), inside: 409 }, // no provider configured: past the scope check
  'GET /api/cases/:id/messages': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/messages` }) },
  'POST /api/letters': { kind: 'case', request: (c) => ({ url: '/api/letters', payload: { templateId: 5, caseIds: [c.id] } }), inside: 409 }, // no address: past the scope check
  'POST /api/cases/:id/assists': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/assists`, payload: { type: 'locate', teamId: 1 } }), inside: 201 },
  'GET /api/cases/:id/assists': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/assists` }) },

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

  // ---- contacts (issues 4/5): record- and flag-addressed routes use the rows made in the contacts beforeAll at the end
  'POST /api/cases/:id/contact-records': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/contact-records`, payload: { channel: 'call', resultCode: 'no_answer' } }), inside: 201 },
  'GET /api/cases/:id/contact-records': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/contact-records` }) },
  'PATCH /api/contact-records/:id': { kind: 'case', request: (c) => ({ url: `/api/contact-records/${CONTACT_ROWS.record.get(c.id)}`, payload: { note: 'x' } }), inside: 409 }, // RECORD_LOCKED: not the author
  'POST /api/contact-records/:id/notes': { kind: 'case', request: (c) => ({ url: `/api/contact-records/${CONTACT_ROWS.record.get(c.id)}/notes`, payload: { body: 'scope test' } }), inside: 201 },
  'GET /api/cases/:id/contactability': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/contactability` }) },
  'GET /api/cases/:id/flags': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/flags` }) },
  'POST /api/cases/:id/flags': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/flags`, payload: { flag: 'complaint_open' } }), inside: 201 },
  'POST /api/case-flags/:id/clear': { kind: 'case', request: (c) => ({ url: `/api/case-flags/${CONTACT_ROWS.flag.get(c.id)}/clear`, payload: { reason: 'scope test' } }) },
  'GET /api/cases/:id/debtor-cases': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/debtor-cases` }) },
  'GET /api/contact-codes': { kind: 'global', reason: 'code tables are configuration, not case data' },
  'PUT /api/contact-codes/:kind/:code': { kind: 'global', reason: 'administration (codes.manage)' },
  'GET /api/reports/compliance': { kind: 'global', reason: 'aggregates only over caseScopeSql (per-scope numbers in contacts-report.test.ts)' },
  // payments, promises, queue, team view (issue 5, payments workstream)
  'GET /api/cases/:id/payments': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/payments` }) },
  'POST /api/cases/:id/payments': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/payments`, payload: { amount: 100, paidOn: '2024-05-01' } }), inside: 201 },
  'POST /api/cases/:id/payments/:paymentId/approve': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/payments/999999/approve` }), inside: 404 }, // no such payment: past the case scope check
  'POST /api/cases/:id/payments/:paymentId/reject': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/payments/999999/reject`, payload: {} }), inside: 400 }, // reason checked after the scope
  'POST /api/cases/:id/payments/:paymentId/reverse': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/payments/999999/reverse`, payload: {} }), inside: 400 },
  'GET /api/cases/:id/promises': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/promises` }) },
  'GET /api/queue': { kind: 'case', request: (c) => ({ url: `/api/queue?batchId=${c.batchId}` }), count: async (r) => r.json().total },
  'GET /api/queue/views': { kind: 'global', reason: 'the caller’s own saved filters' },
  'POST /api/queue/views': { kind: 'global', reason: 'saves a filter of the caller’s own' },
  'DELETE /api/queue/views/:id': { kind: 'global', reason: 'deletes a filter of the caller’s own (another user’s view answers 404)' },
  'GET /api/clients/:id/payment-settings': { kind: 'client', request: (clientId) => ({ url: `/api/clients/${clientId}/payment-settings` }) },
  'PUT /api/clients/:id/payment-settings': { kind: 'client', request: (clientId) => ({ url: `/api/clients/${clientId}/payment-settings`, payload: { promiseGraceDays: 1 } }) },
  // issue 6 aging
  'GET /api/cases/:id/installments': { kind: 'case', request: (c) => ({ url: `/api/cases/${c.id}/installments` }) },
  'GET /api/clients/:id/aging-settings': { kind: 'client', request: (clientId) => ({ url: `/api/clients/${clientId}/aging-settings` }) },
  'PUT /api/clients/:id/aging-settings': { kind: 'client', request: (clientId) => ({ url: `/api/clients/${clientId}/aging-settings`, payload: { agingGraceDays: 2 } }) },
  'PUT /api/batches/:id/queue-settings': { kind: 'batch', request: (id) => ({ url: `/api/batches/${id}/queue-settings`, payload: { firstContactDays: 3 } }) },
  'GET /api/team/overview': { kind: 'global', reason: 'statistics of the users the caller’s scope covers (team.service usersSql + caseScopeSql; queue.test.ts)' },
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

// ---- contacts: one contact record and one flag per seeded case, for the record- and flag-addressed routes
const CONTACT_ROWS = { record: new Map<number, number>(), flag: new Map<number, number>() };
beforeAll(async () => {
  for (const c of await ctx.db.selectFrom('cases').select('id').execute()) {
    const r = await ctx.db.insertInto('contact_records').values({ case_id: c.id, at: new Date('2024-06-01T01:00:00Z'), channel: 'call', result_code: 'no_answer' }).returning('id').executeTakeFirstOrThrow();
    const f = await ctx.db.insertInto('case_flags').values({ case_id: c.id, flag: 'vulnerable', set_at: new Date('2024-06-01T01:00:00Z') }).returning('id').executeTakeFirstOrThrow();
    CONTACT_ROWS.record.set(c.id, r.id);
    CONTACT_ROWS.flag.set(c.id, f.id);
  }
});
