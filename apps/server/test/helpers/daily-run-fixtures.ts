/**
 * A small portfolio for the daily-run job tests: `n` cases 30 days overdue (M1) with the default strategy
 * active — one SMS reminder per case — and a recording message dispatcher.
 */
import type { TestContext } from './context.ts';
import { seedCases } from './access-fixtures.ts';
import { systemAdmin } from './fixtures.ts';
import { createStrategy, setStrategyActive } from '../../src/modules/strategy/strategy.service.ts';
import { attemptContact } from '../../src/modules/contacts/contact-gate.ts';
import type { MessageDispatcher } from '../../src/modules/daily-run/ports.ts';
import type { RunOptions } from '../../src/modules/daily-run/daily-run.service.ts';

/** Seed the cases and strategy; `sent` records every dispatched message, `deps` feeds `runDaily`. */
export async function seedSmsPortfolio(ctx: TestContext, n: number, overdueDate: string) {
  const refs = Array.from({ length: n }, (_, i) => `J${i + 1}`);
  const { ids } = await seedCases(ctx, 'JOBS', 'J1', refs);
  await ctx.db.updateTable('cases').set({ overdue_date: overdueDate }).where('id', 'in', Object.values(ids)).execute();
  const s = await createStrategy(ctx, systemAdmin(), { name: 'Remind', clientId: null, segments: [
    { id: 'early', name: 'Early', when: [{ field: 'dpd', op: 'gte', value: 1 }], actions: [{ type: 'send_sms', template: 'REMIND' }] },
  ] } as never);
  await setStrategyActive(ctx, systemAdmin(), s.id, true);
  const sent: number[] = [];
  const dispatcher: MessageDispatcher = { send: async (recordId) => void sent.push(recordId) };
  const deps = (): Partial<RunOptions> => ({ attemptContact, dispatcher });
  return { ids, sent, deps };
}
