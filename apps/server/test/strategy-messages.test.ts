/**
 * The daily run sends strategy messages for real (issue 6 "enqueues actions. Every action passes the
 * compliance engine"): the SMS goes through the compliance gate, then the messaging module's dispatcher
 * to a local server speaking the provider's API; running the day again sends nothing twice; a debtor
 * who opted out of SMS gets none; a letter action registers a letter for the print batch.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { client, seedCases, userWithSession } from './helpers/access-fixtures.ts';
import { movableClock, startSmsProvider } from './helpers/messaging-servers.ts';
import { buildApp } from '../src/http/app.ts';
import { runDaily } from '../src/modules/daily-run/daily-run.service.ts';
import { attemptContact } from '../src/modules/contacts/contact-gate.ts';
import { createMessageDispatcher } from '../src/modules/messaging/dispatch.service.ts';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'tok-strategy-1';
const DAY = '2026-03-02';
const clock = movableClock('2026-03-02T02:00:00Z'); // 10:00 Beijing time

let ctx: TestContext;
let app: FastifyInstance;
let sms: Awaited<ReturnType<typeof startSmsProvider>>;
let ids: Record<string, number>;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  const call = client(app);
  sms = await startSmsProvider(SID, TOKEN);
  ({ ids } = await seedCases(ctx, 'BANK', 'S1', ['S-1', 'S-2', 'S-3']));
  await ctx.db.updateTable('cases').set({ overdue_date: '2026-02-20', outstanding_amount: 50_000, debtor_name: '李四' }).where('id', 'in', Object.values(ids)).execute();
  await ctx.db.insertInto('case_flags').values({ case_id: ids['S-3'], flag: 'opt_out_sms', set_at: new Date('2026-01-01T00:00:00Z') }).execute();
  await ctx.db.insertInto('case_addresses').values({ case_id: ids['S-1'], kind: 'home', address: ctx.pii.encrypt('case_addresses.address', '北京市朝阳区建国路1号'), address_masked: '北京市朝阳区****' } as never).execute();
  const admin = await userWithSession(ctx, 'sm_admin', 'admin');
  expect((await call(admin.cookie, 'PUT', '/api/messaging/settings/sms', { kind: 'twilio', baseUrl: sms.url, accountSid: SID, from: '+8610690000', authToken: TOKEN })).statusCode).toBe(200);
  const s = await call(admin.cookie, 'POST', '/api/strategies', {
    name: 'Reminders',
    segments: [{ id: 'm1', name: 'M1', when: [{ field: 'bucket', op: 'eq', value: 'M1' }], actions: [{ type: 'send_sms', template: 'reminder' }, { type: 'generate_letter', template: 'demand' }] }],
  });
  expect(s.statusCode).toBe(201);
  expect((await call(admin.cookie, 'POST', `/api/strategies/${s.json().id}/activate`, {})).statusCode).toBe(200);
});
afterAll(async () => {
  await app.close();
  await sms.close();
  await ctx.cleanup();
});

const deps = () => ({ attemptContact, dispatcher: createMessageDispatcher(ctx) });

describe('strategy messages through the real dispatcher', () => {
  it('sends one SMS per allowed case with the rendered template; the opted-out debtor gets none', async () => {
    const r = await runDaily(ctx, { day: DAY, trigger: 'cli', ...deps() });
    expect(r.casesAged).toBe(3);
    expect(sms.calls).toHaveLength(2);
    expect(sms.calls.map((c) => c.form.To).sort()).toEqual(['+8613800138000', '+8613800138001']);
    // due date = today + the profile's default 7 days; no callback phone configured in this test
    expect(sms.calls[0].form.Body).toBe('【BANK 银行】李四您好，您的账户S-1尚欠500.00元，请于2026年3月9日前还款。如有疑问请致电。');
    const actions = await ctx.db.selectFrom('strategy_actions').select(['case_id', 'action_type', 'status']).where('run_day', '=', DAY).orderBy('case_id').orderBy('action_type').execute();
    const byCase = (ref: string) => actions.filter((a) => a.case_id === ids[ref]).map((a) => `${a.action_type}:${a.status}`);
    expect(byCase('S-1')).toEqual(['generate_letter:done', 'send_sms:done']);
    expect(byCase('S-2')).toEqual(['generate_letter:failed', 'send_sms:done']); // no address on file
    expect(byCase('S-3')).toEqual(['generate_letter:failed', 'send_sms:blocked']);
    const records = await ctx.db.selectFrom('contact_records').select(['case_id', 'channel', 'status', 'result_code', 'source']).where('source', '=', 'strategy').where('channel', '=', 'sms').orderBy('case_id').execute();
    expect(records).toEqual([
      { case_id: ids['S-1'], channel: 'sms', status: 'made', result_code: 'sent', source: 'strategy' },
      { case_id: ids['S-2'], channel: 'sms', status: 'made', result_code: 'sent', source: 'strategy' },
      { case_id: ids['S-3'], channel: 'sms', status: 'blocked', result_code: null, source: 'strategy' },
    ]);
    const letter = await ctx.db.selectFrom('letters').select(['case_id', 'status', 'address_masked']).execute();
    expect(letter).toEqual([{ case_id: ids['S-1'], status: 'generated', address_masked: '北京市朝阳区****' }]);
  });

  it('running the day again sends nothing more', async () => {
    await runDaily(ctx, { day: DAY, trigger: 'cli', ...deps() });
    expect(sms.calls).toHaveLength(2);
    expect(Number((await ctx.db.selectFrom('messages').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(2);
    expect(Number((await ctx.db.selectFrom('letters').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);
  });
});
