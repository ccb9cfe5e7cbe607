/**
 * Case search must not be an oracle for masked personal data (ADR 0012; OWASP ASVS 4.0 V8.3, V11.1):
 * a user who sees names masked matches only whole names (no substring), a user with `cases.reveal`
 * keeps substring search; searches by a full ID / card / phone (or, masked, a whole name) that find no
 * case count against a per-user budget per rolling 24 h (application clock), the (N+1)-th is refused
 * with SEARCH_GUESS_LIMIT (429) and audited; searches that find the case do not count.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { importFile, makeBatch } from './helpers/fixtures.ts';
import { assign, client, sessionCookie, userWithSession } from './helpers/access-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { updateSettings } from '../src/modules/settings/settings.service.ts';
import { guessesInWindow } from '../src/modules/cases/search-guard.ts';

const T0 = '2026-11-30T09:00:00.000Z';
const at = (ms: number) => fixedClock(new Date(Date.parse(T0) + ms).toISOString());
const HOUR = 3_600_000;
let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
let ids: Record<string, number>;
const users: Record<string, { id: number; cookie: string }> = {};

const search = (user: string, q: string) => call(users[user].cookie, 'POST', '/api/cases/search', { q });
const refs = (r: { json(): { items: { clientCaseRef: string }[] } }) => r.json().items.map((c) => c.clientCaseRef).sort();
const tripped = () => ctx.db.selectFrom('audit_log').select(['user_id', 'entity_id', 'data']).where('action', '=', 'case.search_guard_tripped').orderBy('id').execute();

beforeAll(async () => {
  ctx = await createTestContext({ clock: at(0) });
  app = await buildApp(ctx);
  call = client(app);
  const b = await makeBatch(ctx, { client: 'BANK', batch: 'SG1' });
  const file = path.join(ctx.tmp, 'sg.csv');
  fs.writeFileSync(file, [
    '案件编号,姓名,身份证号,手机,委案金额',
    'SG-001,张三丰,110101199003074514,13800138000,1000.00',
    'SG-002,李四,310104198507120029,13900139000,2000.00',
    'SG-003,张三,32010219881008009X,13700137000,3000.00',
  ].join('\r\n') + '\r\n');
  const { item } = await importFile(ctx, b.batchId, file);
  expect(item?.result?.imported).toBe(3);
  ids = Object.fromEntries((await ctx.db.selectFrom('cases').select(['id', 'client_case_ref']).execute()).map((r) => [r.client_case_ref!, r.id]));
  for (const [name, role] of [['col', 'collector'], ['guesser', 'collector'], ['lead', 'team_lead'], ['mgr', 'manager']] as const) users[name] = await userWithSession(ctx, name, role);
  await assign(ctx, [ids['SG-001'], ids['SG-003']], users.col.id);
  await assign(ctx, [ids['SG-002']], users.guesser.id);
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('name search', () => {
  it('a collector who sees names masked finds a case by the whole name only, never by part of it', async () => {
    for (const part of ['三', '张', '三丰', '丰', '张*', '%', '张三丰丰']) expect(refs(await search('col', part))).toEqual([]);
    // '张三' is SG-003's whole name: it finds that case, not SG-001 (张三丰) which merely contains it
    expect(refs(await search('col', '张三'))).toEqual(['SG-003']);
    const full = await search('col', '张三丰');
    expect(full.statusCode).toBe(200);
    expect(full.json().items).toMatchObject([{ clientCaseRef: 'SG-001', debtorName: '张**' }]);
    // the same rule on the GET list (names may travel in URLs)
    expect((await call(users.col.cookie, 'GET', `/api/cases?q=${encodeURIComponent('三丰')}`)).json().total).toBe(0);
    expect((await call(users.col.cookie, 'GET', `/api/cases?q=${encodeURIComponent('张三丰')}`)).json().total).toBe(1);
  });

  it('the shown reference #<id> of a case finds it, in scope only, and is never a guess (fresh-user review)', async () => {
    const before = await guessesInWindow(ctx, users.col.id);
    expect(refs(await search('col', `#${ids['SG-001']}`))).toEqual(['SG-001']);
    expect(refs(await search('col', ` #${ids['SG-003']} `))).toEqual(['SG-003']);
    expect(refs(await search('col', `#${ids['SG-002']}`))).toEqual([]); // the guesser's case, not col's
    expect(refs(await search('mgr', `#${ids['SG-002']}`))).toEqual(['SG-002']);
    // #<id> names no personal data: never a guess, in scope or not
    expect(await guessesInWindow(ctx, users.col.id)).toBe(before);
  });

  it('a role allowed to see names (cases.reveal) still finds by substring, and its misses never count', async () => {
    expect(refs(await search('mgr', '三丰'))).toEqual(['SG-001']);
    expect(refs(await search('mgr', '张三'))).toEqual(['SG-001', 'SG-003']);
    expect(refs(await search('mgr', '王五'))).toEqual([]);
    expect(refs(await search('mgr', '110101199003074515'))).toEqual([]);
    expect(await guessesInWindow(ctx, users.mgr.id)).toBe(0);
  });

  it('a masked user\'s whole-name search that finds nothing counts as a guess (张一丰 for 张**), one that finds does not', async () => {
    const before = await guessesInWindow(ctx, users.col.id);
    expect(refs(await search('col', '张一丰'))).toEqual([]);
    expect(refs(await search('col', '张三丰'))).toEqual(['SG-001']);
    expect(refs(await search('col', '4514'))).toEqual(['SG-001']); // last 4: visible, never a guess
    expect(refs(await search('col', '110101********4514'))).toEqual(['SG-001']);
    expect(refs(await search('col', '0000'))).toEqual([]); // last 4 that finds nothing: still not a guess
    expect(await guessesInWindow(ctx, users.col.id)).toBe(before + 1);
  });
});

describe('guess budget for identifier searches', () => {
  it('trips exactly at N+1 with SEARCH_GUESS_LIMIT and an audit entry, does not count hits, and resets after 24 h', async () => {
    await updateSettings(ctx.db, null, { searchGuessBudget: 3 });
    // the collector's own case by full ID and by the phone of an incoming call: found, free, any number of times
    for (let i = 0; i < 5; i++) expect(refs(await search('guesser', '310104198507120029'))).toEqual(['SG-002']);
    expect(refs(await search('guesser', '139 0013 9000'))).toEqual(['SG-002']);
    expect(await guessesInWindow(ctx, users.guesser.id)).toBe(0);
    // guessing the birth date behind 310104********0029, and a phone behind 139****9000
    for (const q of ['310104198507130029', '310104198507140029', '13900139001']) {
      const r = await search('guesser', q);
      expect(r.statusCode).toBe(200);
      expect(r.json().total).toBe(0);
    }
    expect(await guessesInWindow(ctx, users.guesser.id)).toBe(3);
    expect(await tripped()).toEqual([]);
    const fourth = await search('guesser', '310104198507150029');
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toMatchObject({ code: 'SEARCH_GUESS_LIMIT', details: [{ field: 'retryAt', value: '2026-12-01T09:00:00.000Z' }] });
    expect(JSON.stringify(fourth.json())).not.toContain('310104198507150029');
    // the refusal itself is not a guess (it answered nothing), and while tripped even a hit is refused
    expect(await guessesInWindow(ctx, users.guesser.id)).toBe(3);
    expect((await search('guesser', '310104198507120029')).json().code).toBe('SEARCH_GUESS_LIMIT');
    const audits = await tripped();
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ user_id: users.guesser.id, entity_id: String(users.guesser.id), data: { kind: 'identifier', via: 'search', budget: 3, misses: 3, retryAt: '2026-12-01T09:00:00.000Z' } });
    expect(JSON.stringify(audits)).not.toMatch(/3101041985/);
    // managers see it in the audit log
    const log = await call(users.mgr.cookie, 'GET', '/api/audit?action=case.search_guard_tripped');
    expect(log.statusCode).toBe(200);
    expect(JSON.stringify(log.json())).toContain('case.search_guard_tripped');
    // searches without a full number still work for the guesser
    expect(refs(await search('guesser', '0029'))).toEqual(['SG-002']);
    expect(refs(await search('guesser', 'SG-002'))).toEqual(['SG-002']);

    // one minute short of 24 hours: still refused; at 24 hours the misses leave the window
    ctx.clock = at(24 * HOUR - 60_000);
    users.guesser.cookie = await sessionCookie(ctx, users.guesser.id);
    expect((await search('guesser', '310104198507150029')).statusCode).toBe(429);
    ctx.clock = at(24 * HOUR);
    users.guesser.cookie = await sessionCookie(ctx, users.guesser.id);
    const again = await search('guesser', '310104198507150029');
    expect(again.statusCode).toBe(200);
    expect(again.json().total).toBe(0);
    expect(await guessesInWindow(ctx, users.guesser.id)).toBe(1);
    ctx.clock = at(0);
  });

  it('concurrent guesses never get more than N answers (each is charged before it runs)', async () => {
    await updateSettings(ctx.db, null, { searchGuessBudget: 3 });
    const burst = await userWithSession(ctx, 'burst', 'collector');
    users.burst = burst;
    const answers = await Promise.all(['310104198507160029', '310104198507170029', '310104198507180029', '310104198507190029', '310104198507200029', '310104198507210029'].map((q) => search('burst', q)));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.every((c) => c === 200 || c === 429)).toBe(true);
    expect(codes.filter((c) => c === 200).length).toBeLessThanOrEqual(3);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(3);
    expect(await guessesInWindow(ctx, burst.id)).toBe(codes.filter((c) => c === 200).length);
  });

  it('bulk actions and exports filtered by a full number are guesses too (their counts would answer)', async () => {
    const lead = users.lead;
    const before = await guessesInWindow(ctx, lead.id);
    const act = await call(lead.cookie, 'POST', '/api/cases/actions', { action: 'pause', reason: 'test', selection: { filter: { q: '110101199003074515' } } });
    expect(act.json()).toEqual({ affected: 0 });
    const exp = await call(lead.cookie, 'POST', '/api/cases/export', { filter: { q: '13800138009' }, reveal: false });
    expect(exp.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    expect(await guessesInWindow(ctx, lead.id)).toBe(before + 2);
  });
});
