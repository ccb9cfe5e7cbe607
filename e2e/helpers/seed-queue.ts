/**
 * Seed for the queue journey (e2e/queue.test.ts), run before the server holds the database:
 * `node --import tsx e2e/helpers/seed-queue.ts [--data-dir DIR]` (DATABASE_URL from the environment
 * for PostgreSQL). A client, a batch placed 2026-02-20, a collector, three cases assigned and already
 * contacted, and two promises inserted as rows (the contacts API that creates promises is another
 * workstream's): E-1 500.00 due 2026-03-02; E-2 300.00 due 2026-02-28 with one day of grace.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext } from '../../apps/server/src/main.ts';
import { cliConfig } from '../../apps/server/src/cli/cli-config.ts';
import { fixedClock } from '../../apps/server/src/platform/clock.ts';
import { createClient } from '../../apps/server/src/modules/clients/clients.service.ts';
import { createBatch } from '../../apps/server/src/modules/batches/batches.service.ts';
import { createUser, ensureAdmin } from '../../apps/server/src/modules/users/users.service.ts';
import { importFileNow } from '../../apps/server/src/modules/imports/import.service.ts';
import { toActor } from '../../apps/server/src/modules/auth/sessions.ts';

const i = process.argv.indexOf('--data-dir');
const ctx = await createContext(cliConfig(i > 0 ? process.argv[i + 1] : undefined), fixedClock('2026-03-01T01:00:00Z'));
await ensureAdmin(ctx); // the server creates its admin only in an empty users table: RECOVA_ADMIN_PASSWORD comes from the caller
const admin = toActor({ id: 0, username: 'seed', display_name: 'Seed', role: 'admin', locale: 'en-US', client_id: null, team_id: null });
const client = await createClient(ctx, null, { code: 'QUE', name: '队列测试银行', currency: 'CNY', timezone: 'Asia/Shanghai' });
const batch = await createBatch(ctx, null, { clientId: client.id, batchNo: 'Q-1', placementDate: '2026-02-20', expectedReturnDate: '2026-06-20' });
const col = await createUser(ctx, admin, { username: 'e2e_col', displayName: '催收员甲', role: 'collector', password: 'collector-pass-1', mustChangePassword: false });
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'recova-seed-')), 'cases.csv');
fs.writeFileSync(file, '案件编号,姓名,委案金额\r\nE-1,赵一,1000.00\r\nE-2,钱二,800.00\r\nE-3,孙三,600.00\r\n');
await importFileNow(ctx, null, { batchId: batch.id, kind: 'cases', fileName: 'cases.csv', tempPath: file });
const ids = Object.fromEntries((await ctx.db.selectFrom('cases').select(['id', 'client_case_ref']).execute()).map((r) => [r.client_case_ref!, r.id]));
await ctx.db.updateTable('cases').set({ assigned_user_id: col.id, assigned_at: '2026-02-21T01:00:00Z', first_contact_at: '2026-02-22T01:00:00Z', last_contact_at: '2026-02-25T01:00:00Z' }).execute();
for (const [ref, due, amount, grace] of [['E-1', '2026-03-02', 50000, 0], ['E-2', '2026-02-28', 30000, 1]] as const) {
  const p = await ctx.db.insertInto('promises').values({ case_id: ids[ref], promised_on: '2026-02-25', amount, grace_days: grace, next_due_date: due, breaks_on: null, created_by: col.id }).returning('id').executeTakeFirstOrThrow();
  await ctx.db.insertInto('promise_installments').values({ promise_id: p.id, seq: 1, due_date: due, amount }).execute();
}
process.stdout.write(JSON.stringify({ ids, batchId: batch.id }) + '\n');
await ctx.database.close();
