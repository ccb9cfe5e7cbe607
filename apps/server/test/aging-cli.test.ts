/**
 * `recova aging FILE.json` (design.md §5): the pure runner, and the binary's entry with its exit codes and
 * output (helpers/cli.ts, in this process; cli.test.ts runs the real binary as a child process).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAgingFile } from '../src/cli/aging.command.ts';
import { runCli } from './helpers/cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recova-aging-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const schedule = [{ dueDate: '2024-01-15', amount: '100.00' }, { dueDate: '2024-02-15', amount: '100.00' }, { dueDate: '2024-03-15', amount: '100.00' }];

describe('recova aging', () => {
  it('ages schedules with payments, pauses and grace, and bare overdue dates', () => {
    expect(runAgingFile([
      { id: 'paid-half', asOf: '2024-03-20', installments: schedule, payments: [{ date: '2024-03-01', amount: '150.00' }] },
      { id: 'paused', asOf: '2024-01-31', installments: schedule, pauses: [{ from: '2024-01-20', to: '2024-01-26' }], graceDays: 2 },
      { id: 'bare', asOf: '2024-03-20', overdueDate: '2024-01-15', buckets: [{ name: 'A', min: null, max: 59 }, { name: 'B', min: 60, max: null }] },
      { id: 'current', asOf: '2024-01-15', installments: schedule },
    ])).toEqual([
      { id: 'paid-half', dpd: 34, bucket: 'M2', overdueAmount: '150.00' },
      { id: 'paused', dpd: 16 - 7 - 2, bucket: 'M1', overdueAmount: '100.00' },
      { id: 'bare', dpd: 65, bucket: 'B', overdueAmount: null },
      { id: 'current', dpd: 0, bucket: 'M0', overdueAmount: '0.00' },
    ]);
  });

  it('the README example file ages as documented', () => {
    const example = JSON.parse(fs.readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../docs/examples/aging.json'), 'utf8'));
    expect(runAgingFile(example)).toEqual([
      { id: 'schedule-with-payment', dpd: 34, bucket: 'M2', overdueAmount: '150.00' },
      { id: 'overdue-date', dpd: 65, bucket: 'M3', overdueAmount: null },
    ]);
  });

  it.each([
    ['an impossible date', [{ id: 'x', asOf: '2024-02-30', overdueDate: '2024-01-01' }], 'item 1, asOf: must be a calendar date YYYY-MM-DD'],
    ['a float-like amount', [{ id: 'x', asOf: '2024-03-01', installments: [{ dueDate: '2024-01-01', amount: '1.005' }] }], 'item 1, installments.0.amount: "1.005" has more than 2 decimal places'],
    ['neither schedule nor date', [{ id: 'x', asOf: '2024-03-01' }], 'item 1, installments: give installments or an overdueDate'],
    ['overlapping buckets', [{ id: 'x', asOf: '2024-03-01', overdueDate: '2024-01-01', buckets: [{ name: 'A', min: null, max: 30 }, { name: 'B', min: 30, max: null }] }], 'item 1, buckets: Buckets A (…–30) and B (30–…) overlap at DPD 30–30'],
  ])('refuses %s with the item and field named', (_, json, message) => {
    expect(() => runAgingFile(json)).toThrow(message);
  });

  it('the command prints JSON and exits 0, or one line and 2', async () => {
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify([{ id: 'a', asOf: '2024-03-20', overdueDate: '2024-01-15' }]));
    const ok = await runCli(['aging', good]);
    expect([ok.code, JSON.parse(ok.out), ok.err]).toEqual([0, [{ id: 'a', dpd: 65, bucket: 'M3', overdueAmount: null }], '']);
    const bad = await runCli(['aging', path.join(dir, 'missing.json')]);
    expect([bad.code, bad.err, bad.out]).toEqual([2, `recova: ${path.join(dir, 'missing.json')}: no such file\n`, '']);
  });
});
