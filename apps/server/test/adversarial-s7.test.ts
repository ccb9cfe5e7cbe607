/**
 * Session 7 adversarial tests (search guard, ADR 0012; case open in one query).
 * A test that FAILS here documents a defect; the others document attacks that held.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { importFile, makeBatch } from './helpers/fixtures.ts';
import { assign, client, userWithSession } from './helpers/access-fixtures.ts';
import { movableClock, startSmtp } from './helpers/messaging-servers.ts';
import { buildApp } from '../src/http/app.ts';
import { updateSettings } from '../src/modules/settings/settings.service.ts';
import { guessesInWindow } from '../src/modules/cases/search-guard.ts';

const clock = movableClock('2026-11-30T09:00:00.000Z');
let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let ids: Record<string, number>;
let batchId: number;
const users: Record<string, { id: number; cookie: string }> = {};
const search = (user: string, q: string) => call(users[user].cookie, 'POST', '/api/cases/search', { q });

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  call = client(app);
  smtp = await startSmtp();
  const b = await makeBatch(ctx, { client: 'BANK', batch: 'ADV7' });
  batchId = b.batchId;
  const file = path.join(ctx.tmp, 'adv7.csv');
  fs.writeFileSync(file, [
    '案件编号,姓名,身份证号,手机,委案金额,逾期日期',
    'AV-001,张三丰,110101199003074514,13800138000,1000.00,2026-01-01',
    'AV-002,李四,310104198507120029,13900139000,2000.00,2026-01-01',
    'AV-003,欧阳娜娜,32010219881008009X,13700137000,3000.00,2026-01-01',
  ].join('\r\n') + '\r\n');
  expect((await importFile(ctx, b.batchId, file)).item?.result?.imported).toBe(3);
  ids = Object.fromEntries((await ctx.db.selectFrom('cases').select(['id', 'client_case_ref']).execute()).map((r) => [r.client_case_ref!, r.id]));
  for (const [name, role] of [['col', 'collector'], ['col2', 'collector'], ['lead', 'team_lead'], ['admin', 'admin'], ['mgr', 'manager']] as const) users[name] = await userWithSession(ctx, name, role);
  users.viewer = await userWithSession(ctx, 'viewer', 'client_viewer', { clientId: b.clientId });
  await assign(ctx, [ids['AV-001'], ids['AV-003']], users.col.id);
  await assign(ctx, [ids['AV-002']], users.col2.id);
}, 120_000);
afterAll(async () => {
  await app.close();
  await smtp.close();
  await ctx.cleanup();
});

describe('fixed (was: the masked debtor name leaves through a message the collector sends to their own mailbox)', () => {
  it('a collector (no cases.reveal) e-mails the standard template to an address of their choosing and reads the full name', async () => {
    // production set-up an admin does once: an SMTP server for e-mail reminders
    const s = await call(users.admin.cookie, 'PUT', '/api/messaging/settings/email', { kind: 'smtp', host: '127.0.0.1', port: smtp.port, secure: false, from: 'Agency <notice@agency.example.cn>' });
    expect(s.statusCode).toBe(200);
    // the collector sees 欧*** everywhere (list, detail, preview)
    const detail = await call(users.col.cookie, 'GET', `/api/cases/${ids['AV-003']}`);
    expect(detail.json().debtorName).not.toContain('欧阳娜娜');
    const r = await call(users.col.cookie, 'POST', `/api/cases/${ids['AV-003']}/messages`, { templateId: 3, to: 'my.private.box@example.org', sourceRef: 'adv7-mail-1', dueDate: '2026-12-07' });
    const mail = smtp.mails.find((m) => m.to.includes('my.private.box@example.org'));
    const body = mail ? Buffer.from(mail.raw.split('\r\n\r\n').slice(1).join('').replace(/\s+/g, ''), 'base64').toString('utf8') : '';
    // no reveal was audited for this read of the name
    const reveals = await ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'case.reveal%').where('user_id', '=', users.col.id).execute();
    expect({ status: r.statusCode, reveals: reveals.length, nameInMail: body.includes('欧阳娜娜') }).toEqual({ status: r.statusCode, reveals: 0, nameInMail: false });
  });
});

describe('fixed (was: a typed call target is matched against the phones on file and the match is shown (unbudgeted phone oracle))', () => {
  it('a collector recovers the hidden middle digits of 138****8000 by logging calls to guessed numbers, with the search budget used up', async () => {
    // the search guard is exhausted: the collector can no longer guess phones by search
    await updateSettings(ctx.db, null, { searchGuessBudget: 1 });
    const col = users.col;
    await call(col.cookie, 'POST', '/api/cases/search', { q: '13800130001' });
    expect((await call(col.cookie, 'POST', '/api/cases/search', { q: '13800130002' })).statusCode).toBe(429);
    const onFile = await ctx.db.selectFrom('case_phones').select('id').where('case_id', '=', ids['AV-001']).executeTakeFirstOrThrow();
    // guesses for the 4 hidden digits, typed as the target of an outbound call (the attacker tries 0000…9999)
    const answers: Record<string, unknown> = {};
    for (const guess of ['13800130000', '13800135555', '13800138000', '13800139999']) {
      const r = await call(col.cookie, 'POST', `/api/cases/${ids['AV-001']}/contact-records`, { channel: 'call', target: guess, resultCode: 'no_answer' });
      const items = (await call(col.cookie, 'GET', `/api/cases/${ids['AV-001']}/contact-records`)).json().items as { id: number; phoneId: number | null }[];
      const recId = r.statusCode === 201 ? r.json().record.id : r.json().recordId;
      answers[guess] = { status: r.statusCode, phoneId: items.find((i) => i.id === recId)?.phoneId ?? null };
    }
    await updateSettings(ctx.db, null, { searchGuessBudget: 30 });
    // the right guess must not be distinguishable from the wrong ones
    const shown = Object.entries(answers).filter(([, a]) => (a as { phoneId: number | null }).phoneId === onFile.id).map(([g]) => g);
    expect({ answers, guessesConfirmedByPhoneId: shown }).toEqual({ answers, guessesConfirmedByPhoneId: [] });
  });
});

describe('fixed (was: full ID, phone and card numbers in imported comments and collection-record notes reach the collector unmasked)', () => {
  it('GET /api/cases/:id (one-query detail, same as main) returns comment bodies and record notes verbatim', async () => {
    const w = (n: string, t: string) => { const f = path.join(ctx.tmp, n); fs.writeFileSync(f, t); return f; };
    await importFile(ctx, batchId, w('adv7-c.csv', '案件编号,评语\nAV-003,本人电话13700137000 身份证32010219881008009X\n'), { kind: 'comments' });
    await importFile(ctx, batchId, w('adv7-r.csv', '案件编号,催收时间,催收方式,联系号码,催收结果,催收记录,催收员\nAV-003,2024-03-05 14:30,电话,13700137000,承诺还款,卡号6222020200112233445 本人13700137000,王催收\n'), { kind: 'records' });
    const r = await call(users.col.cookie, 'GET', `/api/cases/${ids['AV-003']}`);
    expect(r.statusCode).toBe(200);
    const text = JSON.stringify({ comments: r.json().comments, records: r.json().records });
    const leaked = ['13700137000', '32010219881008009X', '6222020200112233445'].filter((v) => text.includes(v));
    expect(leaked).toEqual([]);
  });
});

describe('held: search guard', () => {
  it('admins cannot set searchGuessBudget to nonsense', async () => {
    for (const v of [0, -1, 1.5, '30', 10_001, null, 1e308, 'Infinity']) {
      const r = await call(users.admin.cookie, 'PATCH', '/api/settings', { searchGuessBudget: v });
      expect(r.statusCode, JSON.stringify(v)).toBe(400);
    }
    const ok = await call(users.admin.cookie, 'PATCH', '/api/settings', { searchGuessBudget: 30 });
    expect(ok.statusCode).toBe(200);
    expect((await call(users.col.cookie, 'PATCH', '/api/settings', { searchGuessBudget: 10_000 })).statusCode).toBe(403);
  });

  it('wildcards, whitespace, full-width and look-alike variants never match part of a name and are charged', async () => {
    const before = await guessesInWindow(ctx, users.col.id);
    for (const q of ['%', '_', '张%', '张__', '张三_', '欧阳%', ' 张三丰 x', '张三丰\u200b', '张 三 丰', '張三丰', 'ｚ', '%%%%', '*', '张*']) {
      const r = await search('col', q);
      expect(r.statusCode, q).toBe(200);
      expect(r.json().total, q).toBe(0);
    }
    for (const q of ['%', '张%', '_']) expect((await call(users.col.cookie, 'GET', `/api/cases?q=${encodeURIComponent(q)}&sort=debtorName`)).json().total).toBe(0);
    expect(await guessesInWindow(ctx, users.col.id)).toBeGreaterThan(before);
    // the whole name still finds, with surrounding spaces trimmed
    expect((await search('col', '  张三丰  ')).json().total).toBe(1);
  });

  it('every surface that takes a search text refuses past the budget (team lead: list, GET list, export GET/POST, bulk action by filter)', async () => {
    await updateSettings(ctx.db, null, { searchGuessBudget: 2 });
    const lead = users.lead;
    for (const q of ['王五', '赵六']) expect((await call(lead.cookie, 'POST', '/api/cases/search', { q })).json().total).toBe(0);
    const tries = [
      await call(lead.cookie, 'POST', '/api/cases/search', { q: '张三丰' }),
      await call(lead.cookie, 'GET', `/api/cases?q=${encodeURIComponent('张三丰')}`),
      await call(lead.cookie, 'GET', `/api/cases?q=${encodeURIComponent('张三丰')}&page=2&pageSize=10`),
      await call(lead.cookie, 'GET', `/api/cases/export.xlsx?q=${encodeURIComponent('张三丰')}`),
      await call(lead.cookie, 'POST', '/api/cases/export', { filter: { q: '110101199003074514' }, reveal: false }),
      await call(lead.cookie, 'POST', '/api/cases/actions', { action: 'assign', assigneeId: lead.id, reason: 'x', selection: { filter: { q: '13800138000' } } }),
      await call(lead.cookie, 'POST', '/api/cases/actions', { action: 'pause', reason: 'x', selection: { filter: { q: '张三丰', status: 'active' } } }),
      await call(lead.cookie, 'POST', '/api/cases/search', { q: '１３８００１３８０００' }),
      await call(lead.cookie, 'POST', '/api/cases/search', { q: '+86 138-0013-8000' }),
      await call(lead.cookie, 'POST', '/api/cases/search', { q: '0086 13800138000' }),
      await call(lead.cookie, 'POST', '/api/cases/search', { q: '11010119900307451４' }),
    ];
    expect(tries.map((r) => r.statusCode)).toEqual(tries.map(() => 429));
    expect(tries.every((r) => !JSON.stringify(r.json()).includes('张'))).toBe(true);
    // a client viewer (masked, all cases of the client) is limited too
    for (const q of ['王五', '赵六']) expect((await call(users.viewer.cookie, 'POST', '/api/cases/search', { q })).json().total).toBe(0);
    expect((await call(users.viewer.cookie, 'POST', '/api/cases/search', { q: '张三丰' })).statusCode).toBe(429);
    await updateSettings(ctx.db, null, { searchGuessBudget: 30 });
  });

  it('a case in another user\'s scope is still 404 on the one-query detail, and a case out of scope is not a free hit', async () => {
    expect((await call(users.col.cookie, 'GET', `/api/cases/${ids['AV-002']}`)).statusCode).toBe(404);
    const before = await guessesInWindow(ctx, users.col.id);
    expect((await search('col', '李四')).json().total).toBe(0);
    expect(await guessesInWindow(ctx, users.col.id)).toBe(before + 1);
  });
});
