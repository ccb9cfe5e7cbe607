/**
 * Messaging end to end (issue 5 item 6): templates with strict variables and versions, preview with
 * masking and the compliance answer, SMS through a local server speaking the provider's API (auth,
 * exact text), the compliance gate blocking at 23:00 in China (provider never called, blocked attempt
 * kept), idempotent sends, signed delivery receipts, e-mail received by a real SMTP server.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { assign, client, seedCases, sessionCookie, userWithSession } from './helpers/access-fixtures.ts';
import { movableClock, startSmsProvider, startSmtp } from './helpers/messaging-servers.ts';
import { buildApp } from '../src/http/app.ts';
import { twilioSignature } from '../src/modules/messaging/sms-twilio.ts';
import { SMS_RECEIPT_PATH } from '../src/modules/messaging/messaging.routes.ts';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'tok-secret-9f8e7d6c5b4a';
const CALLBACK = 'https://recova.example.cn/api/messaging/sms/receipts';
const clock = movableClock('2026-03-02T02:00:00Z'); // 10:00 in Beijing

let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
let sms: Awaited<ReturnType<typeof startSmsProvider>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let admin: { id: number; cookie: string };
let collector: { id: number; cookie: string };
let ids: Record<string, number>;
const phoneOf = async (caseId: number) => (await ctx.db.selectFrom('case_phones').select('id').where('case_id', '=', caseId).executeTakeFirstOrThrow()).id;
/** Move the clock (sessions expire when idle: new ones at the new time). */
async function moveTo(iso: string) {
  clock.set(iso);
  admin.cookie = await sessionCookie(ctx, admin.id);
  collector.cookie = await sessionCookie(ctx, collector.id);
}
const decodeWords = (s: string) => s.replace(/=\?UTF-8\?B\?([^?]+)\?=\s*/gi, (_m, b) => Buffer.from(b, 'base64').toString('utf8'));

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  call = client(app);
  sms = await startSmsProvider(SID, TOKEN);
  smtp = await startSmtp();
  const seeded = await seedCases(ctx, 'BANK', 'M1', ['M-001', 'M-002', 'M-003', 'M-004', 'M-005']);
  ids = seeded.ids;
  await ctx.db.updateTable('clients').set({ name: '招商银行' }).where('id', '=', seeded.clientId).execute();
  await ctx.db.updateTable('cases').set({ debtor_name: '张三丰', outstanding_amount: 123456, principal: 100000, overdue_date: '2026-01-01', client_name: null }).where('batch_id', '=', seeded.batchId).execute();
  admin = await userWithSession(ctx, 'msg_admin', 'admin');
  collector = await userWithSession(ctx, 'msg_col', 'collector');
  await assign(ctx, Object.values(ids), collector.id);
  await call(admin.cookie, 'PUT', '/api/messaging/settings/profile', { agencyName: '信达催收', callbackPhone: '400-800-1234', dueInDays: 7 });
});
afterAll(async () => {
  await app.close();
  await sms.close();
  await smtp.close();
  await ctx.cleanup();
});

describe('templates', () => {
  it('refuses an unknown variable, naming it', async () => {
    const r = await call(admin.cookie, 'POST', '/api/message-templates', { code: 'bad', channel: 'sms', locale: 'zh-CN', name: 'x', body: '您好{{debtorName}}，余额{{balance}}' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('TEMPLATE_INVALID');
    expect(r.json().details).toEqual([{ field: 'body', reason: 'unknown variable: balance' }]);
  });
  it('a collector may not edit templates', async () => {
    const r = await call(collector.cookie, 'POST', '/api/message-templates', { code: 'c', channel: 'sms', locale: 'zh-CN', name: 'x', body: 'hi' });
    expect(r.statusCode).toBe(403);
  });
  it('creates, edits as a new version (stale version refused), keeps the history, audits', async () => {
    const c = await call(admin.cookie, 'POST', '/api/message-templates', { code: 'short', channel: 'sms', locale: 'zh-CN', name: '短', body: '{{debtorName}}请还款{{outstanding}}元' });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ version: 1, variables: ['debtorName', 'outstanding'] });
    const e = await call(admin.cookie, 'PATCH', `/api/message-templates/${c.json().id}`, { version: 1, body: '{{debtorName}}请于{{dueDate}}前还款{{outstanding}}元' });
    expect(e.json().version).toBe(2);
    expect((await call(admin.cookie, 'PATCH', `/api/message-templates/${c.json().id}`, { version: 1, body: 'x' })).json().code).toBe('CONFLICT');
    const bad = await call(admin.cookie, 'PATCH', `/api/message-templates/${c.json().id}`, { version: 2, body: '{{#each x}}{{/each}}' });
    expect(bad.json().code).toBe('TEMPLATE_INVALID');
    const v = await call(admin.cookie, 'GET', `/api/message-templates/${c.json().id}/versions`);
    expect(v.json().items.map((i: { version: number; body: string }) => [i.version, i.body])).toEqual([[2, '{{debtorName}}请于{{dueDate}}前还款{{outstanding}}元'], [1, '{{debtorName}}请还款{{outstanding}}元']]);
    const audits = await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'message_template').where('entity_id', '=', String(c.json().id)).execute();
    expect(audits.map((a) => a.action).sort()).toEqual(['template.create', 'template.update']);
  });
});

describe('preview', () => {
  it('renders amounts from fen and Chinese dates; masks the name without cases.reveal; shows the gate answer', async () => {
    const r = await call(collector.cookie, 'POST', `/api/cases/${ids['M-001']}/messages/preview`, { templateId: 1 });
    expect(r.statusCode).toBe(200);
    expect(r.json().masked).toBe(true);
    expect(r.json().body).toBe('【招商银行】张**您好，您的账户M-001尚欠1,234.56元，请于2026年3月9日前还款。如有疑问请致电400-800-1234。');
    expect(r.json().check.decision).toBe('allow');
    const full = await call(admin.cookie, 'POST', `/api/cases/${ids['M-001']}/messages/preview`, { templateId: 2, dueDate: '2026-03-15' });
    expect(full.json().body).toBe('招商银行: Dear 张三丰, account M-001 has CNY 1,234.56 outstanding. Please pay by March 15, 2026. Questions: 400-800-1234.');
  });
});

describe('SMS through the provider API', () => {
  beforeAll(async () => {
    const r = await call(admin.cookie, 'PUT', '/api/messaging/settings/sms', { kind: 'twilio', baseUrl: sms.url, accountSid: SID, from: '+8610690000', statusCallbackUrl: CALLBACK, authToken: TOKEN });
    expect(r.statusCode).toBe(200);
  });

  it('never returns or stores the auth token in clear', async () => {
    const r = await call(admin.cookie, 'GET', '/api/messaging/settings');
    expect(r.body).not.toContain(TOKEN);
    expect(r.json().sms).toMatchObject({ accountSid: SID, hasSecret: true });
    const row = await ctx.db.selectFrom('messaging_providers').selectAll().where('channel', '=', 'sms').executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(TOKEN);
  });

  let messageId: number;
  let sid: string;
  it('sends the merged text once per sourceRef, with the provider’s auth; the contact record waits for the receipt', async () => {
    const phoneId = await phoneOf(ids['M-001']);
    const body = { templateId: 1, phoneId, sourceRef: 'ui-0001-abcdef' };
    const r = await call(collector.cookie, 'POST', `/api/cases/${ids['M-001']}/messages`, body);
    expect(r.statusCode).toBe(201);
    expect(sms.calls).toHaveLength(1);
    expect(sms.calls[0].auth).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    expect(sms.calls[0].form).toEqual({ To: '+8613800138000', From: '+8610690000', StatusCallback: CALLBACK,
      Body: '【招商银行】张三丰您好，您的账户M-001尚欠1,234.56元，请于2026年3月9日前还款。如有疑问请致电400-800-1234。' });
    messageId = r.json().message.id;
    expect(r.json().message).toMatchObject({ status: 'sent', target: '138****8000', templateId: 1, templateVersion: 1 });
    const again = await call(collector.cookie, 'POST', `/api/cases/${ids['M-001']}/messages`, body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, message: { id: messageId } });
    expect(sms.calls).toHaveLength(1);
    const m = await ctx.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
    sid = m.provider_ref!;
    const rec = await ctx.db.selectFrom('contact_records').selectAll().where('id', '=', m.contact_record_id!).executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ channel: 'sms', source: 'sms', source_ref: 'ui-0001-abcdef', status: 'queued' });
  });

  it('form bodies are accepted only on the receipt route (a cross-site form cannot sign in)', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: 'username=admin&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('form bodies are not accepted');
  });

  it('a receipt with a wrong signature is refused and changes nothing', async () => {
    const form = { MessageSid: sid, MessageStatus: 'delivered', AccountSid: SID };
    const r = await app.inject({ method: 'POST', url: SMS_RECEIPT_PATH, payload: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature('wrong-token', CALLBACK, form) } });
    expect(r.statusCode).toBe(403);
    expect((await ctx.db.selectFrom('messages').select('status').where('id', '=', messageId).executeTakeFirstOrThrow()).status).toBe('sent');
  });

  it('a signed delivery receipt marks the message delivered and completes the contact record', async () => {
    const form = { MessageSid: sid, MessageStatus: 'delivered', AccountSid: SID, To: '+8613800138000' };
    const r = await app.inject({ method: 'POST', url: SMS_RECEIPT_PATH, payload: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TOKEN, CALLBACK, form) } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: messageId, status: 'delivered' });
    const m = await ctx.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
    const rec = await ctx.db.selectFrom('contact_records').selectAll().where('id', '=', m.contact_record_id!).executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ status: 'made', result_code: 'delivered' });
    const list = await call(collector.cookie, 'GET', `/api/cases/${ids['M-001']}/messages`);
    expect(list.json().items.map((i: { id: number; status: string }) => [i.id, i.status])).toEqual([[messageId, 'delivered']]);
  });

  it('at 23:00 in China the gate blocks: 409, provider never called, the blocked attempt is recorded', async () => {
    await moveTo('2026-03-03T15:00:00Z'); // 23:00 Asia/Shanghai
    const before = sms.calls.length;
    const r = await call(collector.cookie, 'POST', `/api/cases/${ids['M-002']}/messages`, { templateId: 1, phoneId: await phoneOf(ids['M-002']), sourceRef: 'ui-0002-night' });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('COMPLIANCE_BLOCKED');
    expect(r.json().details.length).toBeGreaterThan(0);
    expect(sms.calls.length).toBe(before);
    const m = await ctx.db.selectFrom('messages').selectAll().where('source_ref', '=', 'ui-0002-night').executeTakeFirstOrThrow();
    expect(m.status).toBe('blocked');
    const rec = await ctx.db.selectFrom('contact_records').selectAll().where('id', '=', m.contact_record_id!).executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ status: 'blocked', channel: 'sms', case_id: ids['M-002'] });
    await moveTo('2026-03-04T02:00:00Z');
  });

  it('a provider error answers DELIVERY_FAILED and marks message and record failed', async () => {
    sms.state.fail = true;
    const r = await call(collector.cookie, 'POST', `/api/cases/${ids['M-003']}/messages`, { templateId: 1, phoneId: await phoneOf(ids['M-003']), sourceRef: 'ui-0003-fail' });
    sms.state.fail = false;
    expect(r.statusCode).toBe(502);
    expect(r.json().code).toBe('DELIVERY_FAILED');
    expect(r.body).not.toContain(TOKEN);
    const m = await ctx.db.selectFrom('messages').selectAll().where('source_ref', '=', 'ui-0003-fail').executeTakeFirstOrThrow();
    expect(m.status).toBe('failed');
    expect((await ctx.db.selectFrom('contact_records').select('status').where('id', '=', m.contact_record_id!).executeTakeFirstOrThrow()).status).toBe('failed');
  });

  it('a phone of another case is not found', async () => {
    const r = await call(collector.cookie, 'POST', `/api/cases/${ids['M-003']}/messages`, { templateId: 1, phoneId: await phoneOf(ids['M-001']), sourceRef: 'ui-0003-other' });
    expect(r.statusCode).toBe(404);
  });
});

describe('e-mail through SMTP', () => {
  it('arrives at the SMTP server with the merged Chinese subject and body', async () => {
    await moveTo('2026-03-05T02:00:00Z');
    const s = await call(admin.cookie, 'PUT', '/api/messaging/settings/email', { kind: 'smtp', host: '127.0.0.1', port: smtp.port, secure: false, from: '信达催收 <notice@xinda.example.cn>' });
    expect(s.statusCode).toBe(200);
    const r = await call(collector.cookie, 'POST', `/api/cases/${ids['M-004']}/messages`, { templateId: 3, to: 'zhang.sanfeng@example.com', sourceRef: 'ui-0004-mail', dueDate: '2026-03-12' });
    expect(r.statusCode).toBe(201);
    expect(r.json().message).toMatchObject({ channel: 'email', status: 'sent', target: 'zh***@example.com' });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail.to).toEqual(['zhang.sanfeng@example.com']);
    expect(mail.from).toBe('notice@xinda.example.cn');
    const [head, ...rest] = mail.raw.split('\r\n\r\n');
    const subject = decodeWords(/^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(head)![1].replace(/\r\n[ \t]/g, ' '));
    expect(subject).toBe('还款提醒：M-004');
    const body = Buffer.from(rest.join('\r\n\r\n').replace(/\s+/g, ''), 'base64').toString('utf8');
    // a collector sees names masked and types the address: the mail carries the masked name (adversarial review,
    // session 7: a message to one's own mailbox must not reveal what the screen masks)
    expect(body).toBe('张**您好：\n\n您在招商银行的账户M-004自2026年1月1日起逾期，截至2026年3月5日尚欠1,234.56元。请于2026年3月12日前还款。\n\n信达催收 msg_col\n400-800-1234');
    const rec = await ctx.db.selectFrom('contact_records').selectAll().where('source', '=', 'email').where('source_ref', '=', 'ui-0004-mail').executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ channel: 'email', status: 'made', result_code: 'sent' });
  });
});
