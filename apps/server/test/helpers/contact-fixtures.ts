/**
 * Cases for contact and compliance tests: two cases of client BANK (A of person P, A2 of another person)
 * and X — person P again (same ID number and mobile) at client OTHER — with the first phone of each.
 */
import type { TestContext } from './context.ts';
import { seedCases } from './access-fixtures.ts';

export async function seedSamePersonCases(ctx: TestContext) {
  const bank = await seedCases(ctx, 'BANK', 'B1', ['A1', 'A2']);
  const other = await seedCases(ctx, 'OTHER', 'O1', ['X1']);
  const phoneOf = async (caseId: number) => (await ctx.db.selectFrom('case_phones').select('id').where('case_id', '=', caseId).executeTakeFirstOrThrow()).id;
  const [A, A2, X] = [bank.ids.A1, bank.ids.A2, other.ids.X1];
  return { A, A2, X, phoneA: await phoneOf(A), phoneA2: await phoneOf(A2), phoneX: await phoneOf(X), bank, other };
}
