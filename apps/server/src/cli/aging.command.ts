/**
 * `recova aging FILE.json` (design.md §5): FILE holds an array of
 * `{ id, asOf, graceDays?, installments?: [{ dueDate, amount }], payments?: [{ date, amount }],
 *    pauses?: [{ from, to }], buckets?: [{ name, min, max }], overdueDate? }` (a schedule or an overdue
 * date; amounts as decimal strings "123.45"); prints a JSON array of `{ id, dpd, bucket, overdueAmount }`
 * in the same order (overdueAmount a decimal string, or null from a bare overdue date). Rules: see
 * `packages/domain/src/aging/schedule.ts`. Exit 0, or 2 with one line naming the item and field.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { formatMoney, parseDecimalToMinor } from '@recova/domain/money/money';
import { validateBuckets } from '@recova/domain/aging/aging';
import { ageAccount } from '@recova/domain/aging/schedule';
import { UsageError } from './main.ts';

const ymd = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, 'must be a calendar date YYYY-MM-DD');
const money = z.string().transform((s, ctx) => {
  const r = parseDecimalToMinor(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  if (r.value < 0) {
    ctx.addIssue({ code: 'custom', message: 'must not be negative' });
    return z.NEVER;
  }
  return r.value;
});
const Item = z.strictObject({
  id: z.string(),
  asOf: ymd,
  graceDays: z.number().int().min(0).max(365).default(0),
  installments: z.array(z.strictObject({ dueDate: ymd, amount: money })).optional(),
  payments: z.array(z.strictObject({ date: ymd, amount: money })).optional(),
  pauses: z.array(z.strictObject({ from: ymd, to: ymd }).refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] })).optional(),
  buckets: z.array(z.strictObject({ name: z.string().min(1), min: z.number().int().nullable().optional(), max: z.number().int().nullable().optional() })).optional(),
  overdueDate: ymd.nullable().optional(),
}).refine((i) => (i.installments?.length ?? 0) > 0 || !!i.overdueDate, { message: 'give installments or an overdueDate', path: ['installments'] });

const where = (path: readonly PropertyKey[]) => `item ${Number(path[0]) + 1}${path.length > 1 ? `, ${path.slice(1).map(String).join('.')}` : ''}`;

/** Age every item of a parsed file (the pure part). Throws UsageError naming the first bad item and field. */
export function runAgingFile(json: unknown): { id: string; dpd: number; bucket: string | null; overdueAmount: string | null }[] {
  if (!Array.isArray(json)) throw new UsageError('the file must hold a JSON array of accounts');
  const parsed = z.array(Item).safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new UsageError(`${where(i.path)}: ${i.message}`);
  }
  return parsed.data.map((item, index) => {
    if (item.buckets) {
      const v = validateBuckets(item.buckets);
      if (!v.ok) throw new UsageError(`${where([index, 'buckets'])}: ${v.errors.join('; ')}`);
    }
    const r = ageAccount(item);
    return { id: item.id, dpd: r.dpd, bucket: r.bucket, overdueAmount: r.overdueAmount === null ? null : formatMoney(r.overdueAmount) };
  });
}

export function agingCommand(program: Command): void {
  program
    .command('aging')
    .description('days past due, bucket and overdue amount for accounts in a JSON file (design.md §5)')
    .argument('<file>', 'JSON array of { id, asOf, installments | overdueDate, payments, pauses, graceDays, buckets }')
    .action((file: string) => {
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      } catch (e) {
        throw new UsageError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      }
      process.stdout.write(JSON.stringify(runAgingFile(json), null, 2) + '\n');
    });
}
