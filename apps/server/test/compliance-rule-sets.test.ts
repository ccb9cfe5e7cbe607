/**
 * Saved compliance rule sets (issue 4): versioned, validated, stricter-only extensions of a preset,
 * per-client choice, the dialer's check API, and the CLI resolving saved names from the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, createTestDatabaseLocation, type TestContext } from './helpers/context.ts';
import { runCli } from './helpers/cli.ts';
import { makeBatch, makeUser } from './helpers/fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { ensureAdmin } from '../src/modules/users/users.service.ts';

let ctx: TestContext;
let app: FastifyInstance;
const cookies: Record<string, string> = {};
const csrf: Record<string, string> = {};
const CLIENT_HOURS = { kind: 'extend', base: 'CN', description: 'Bank A contract: 08:00–21:00', rules: { windows: [{ ruleId: 'bank-a.hours', source: 'Bank A collection contract §4.2', start: '08:00', end: '21:00', channels: ['call', 'sms', 'visit', 'voice_robot', 'email'], severity: 'block', debtorMayExtend: false }] } };
const at2130 = { ruleSet: 'BANK-A', debtor: { timeZones: ['Asia/Shanghai'] }, history: [], proposed: { at: '2026-06-01T21:30:00+08:00', channel: 'call', party: 'debtor', purpose: 'collection' } };

async function login(username: string, password = 'password-123') {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(r.statusCode).toBe(200);
  cookies[username] = `recova_session=${r.cookies.find((c) => c.name === 'recova_session')!.value}`;
  csrf[username] = r.json().csrfToken;
}
const call = (user: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) => app.inject({ method, url, headers: { cookie: cookies[user], ...(method !== 'GET' && { 'x-csrf-token': csrf[user] }) }, payload: payload as object });

beforeAll(async () => {
  ctx = await createTestContext();
  await ensureAdmin(ctx);
  app = await buildApp(ctx);
  await makeUser(ctx, 'col', 'collector');
  await login('admin', 'Sesame-Open-2024');
  await login('col');
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('saved rule sets', () => {
  it('a client window 08:00–21:00 over CN blocks 21:30, which CN alone allows', async () => {
    const saved = await call('admin', 'PUT', '/api/compliance/rule-sets/BANK-A', CLIENT_HOURS);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ name: 'BANK-A', kind: 'extend', base: 'CN', version: 1 });
    const strict = (await call('col', 'POST', '/api/contact-attempts/check', at2130)).json();
    expect(strict).toMatchObject({ decision: 'block', ruleSet: { id: 'BANK-A', version: 1 } });
    expect(strict.reasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(['bank-a.hours']);
    expect(strict.nextAllowedAt).toBe('2026-06-02T08:00:00+08:00');
    expect(strict.engineMicros).toBeGreaterThan(0);
    const law = (await call('col', 'POST', '/api/contact-attempts/check', { ...at2130, ruleSet: 'CN' })).json();
    expect(law.decision).toBe('allow');
    const row = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'compliance.rule_set_save').executeTakeFirstOrThrow();
    expect([row.entity_id, row.data]).toEqual(['BANK-A', { version: 1, kind: 'extend' }]);
  });

  it('saving again makes version 2; version 1 stays readable; the list shows presets and the latest', async () => {
    const v2 = { ...CLIENT_HOURS, rules: { ...CLIENT_HOURS.rules, windows: [{ ...CLIENT_HOURS.rules.windows[0], end: '20:00' }] } };
    expect((await call('admin', 'PUT', '/api/compliance/rule-sets/BANK-A', v2)).json().version).toBe(2);
    const latest = (await call('col', 'GET', '/api/compliance/rule-sets/BANK-A')).json();
    const old = (await call('col', 'GET', '/api/compliance/rule-sets/BANK-A?version=1')).json();
    expect([latest.version, latest.windows.map((w: { end: string }) => w.end)]).toEqual([2, ['22:00', '20:00']]);
    expect([old.version, old.windows.map((w: { end: string }) => w.end)]).toEqual([1, ['22:00', '21:00']]);
    const list = (await call('col', 'GET', '/api/compliance/rule-sets')).json().items;
    expect(list.map((i: { name: string; version: number }) => `${i.name}@${i.version}`)).toEqual(['CN@1', 'US@1', 'UK@1', 'BANK-A@2']);
  });

  it('refuses an inverted window, a preset name, an unknown rule set and a collector editing', async () => {
    const bad = { ...CLIENT_HOURS, rules: { windows: [{ ...CLIENT_HOURS.rules.windows[0], start: '21:00', end: '08:00' }] } };
    const r = await call('admin', 'PUT', '/api/compliance/rule-sets/BANK-B', bad);
    expect(r.statusCode).toBe(400);
    expect(r.json().details).toEqual([{ field: 'rules.windows.0.end', reason: 'start must be before end' }]);
    expect((await call('admin', 'PUT', '/api/compliance/rule-sets/cn', CLIENT_HOURS)).statusCode).toBe(400);
    expect((await call('col', 'POST', '/api/contact-attempts/check', { ...at2130, ruleSet: 'NOPE' })).json().code).toBe('NOT_FOUND');
    expect((await call('col', 'PUT', '/api/compliance/rule-sets/BANK-C', CLIENT_HOURS)).json().code).toBe('FORBIDDEN');
  });

  it("sets a client's rule set only to one that exists", async () => {
    const { clientId } = await makeBatch(ctx, { client: 'BANKA' });
    expect((await call('admin', 'PUT', `/api/clients/${clientId}/compliance-rule-set`, { ruleSet: 'BANK-A' })).statusCode).toBe(200);
    expect((await ctx.db.selectFrom('clients').select('compliance_rule_set').where('id', '=', clientId).executeTakeFirstOrThrow()).compliance_rule_set).toBe('BANK-A');
    expect((await call('admin', 'PUT', `/api/clients/${clientId}/compliance-rule-set`, { ruleSet: 'GHOST' })).statusCode).toBe(404);
  });
});

describe('CLI with saved rule sets', () => {
  it('`compliance rules save` then `compliance check` resolves the saved name from the database', async () => {
    const loc = await createTestDatabaseLocation();
    try {
      const run = (args: string[]) => runCli([...args, ...loc.args], loc.env); // the binary's entry, in this process
      const def = path.join(loc.tmp, 'bank-a.json');
      fs.writeFileSync(def, JSON.stringify(CLIENT_HOURS));
      const saved = await run(['compliance', 'rules', 'save', 'BANK-A', def]);
      expect([saved.code, saved.out.trim()]).toEqual([0, 'saved rule set BANK-A version 1']);
      const reqs = path.join(loc.tmp, 'reqs.json');
      fs.writeFileSync(reqs, JSON.stringify([{ id: 'a', ...at2130 }, { id: 'b', ...at2130, ruleSet: 'CN' }, { id: 'c', ...at2130, ruleSet: 'GHOST' }]));
      const ghost = await run(['compliance', 'check', reqs]);
      expect(ghost.code).toBe(2);
      expect(ghost.err).toContain('unknown rule set "GHOST"');
      fs.writeFileSync(reqs, JSON.stringify([{ id: 'a', ...at2130 }, { id: 'b', ...at2130, ruleSet: 'CN' }]));
      const ok = await run(['compliance', 'check', reqs]);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.out).map((d: { id: string; decision: string }) => `${d.id}:${d.decision}`)).toEqual(['a:block', 'b:allow']);
      const bad = path.join(loc.tmp, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ kind: 'extend', base: 'XX', rules: {} }));
      const refused = await run(['compliance', 'rules', 'save', 'BANK-B', bad]);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('base');
    } finally {
      await loc.cleanup();
    }
  }, 240_000); // five CLI commands, each opening the embedded database
});
