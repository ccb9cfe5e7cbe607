/**
 * `recova daily-run [--date YYYY-MM-DD] [--json] [--data-dir DIR]` — run (or resume) the daily strategy run
 * for a day (default: today in the agency zone, RECOVA_TIMEZONE): ages every active case, writes the
 * day's snapshots, evaluates the active strategies and executes the actions (issue 6). Idempotent per day.
 * Prints one line (or one JSON object with --json): `{ day, casesAged, executed: { done, blocked, failed, pending } }`.
 * Exit 0 done, 2 usage error or a run of that day already in progress (RUN_IN_PROGRESS).
 */
import type { Command } from 'commander';
import { cliConfig } from './cli-config.ts';
import { createContext } from '../main.ts';
import { runDaily } from '../modules/daily-run/daily-run.service.ts';
import { defaultDeps } from '../modules/daily-run/daily-run.wiring.ts';
import { assertManualRunDay } from '../modules/daily-run/daily-run.routes.ts';
import { UsageError } from './main.ts';

const YMD = /^\d{4}-\d{2}-\d{2}$/;

/** Registers `daily-run`; `dataDir` adds the shared --data-dir option. */
export function dailyRunCommand(program: Command, dataDir: (c: Command) => Command): void {
  dataDir(
    program
      .command('daily-run')
      .description('age every case, snapshot it, evaluate strategies and execute their actions for a day (idempotent)')
      .option('--date <YYYY-MM-DD>', 'the day (default: today in the agency zone)')
      .option('--json', 'print one JSON object'),
  ).action(async (o: { date?: string; json?: boolean; dataDir?: string }) => {
    if (o.date && (!YMD.test(o.date) || new Date(`${o.date}T00:00:00Z`).toISOString().slice(0, 10) !== o.date)) throw new UsageError(`--date must be a calendar date YYYY-MM-DD (got ${o.date})`);
    const ctx = await createContext(cliConfig(o.dataDir));
    try {
      const today = ctx.clock.today(ctx.config.timezone);
      const day = o.date ?? today;
      try {
        assertManualRunDay(day, today);
      } catch (e) {
        throw new UsageError(`--date: ${(e as Error).message}`);
      }
      const r = await runDaily(ctx, { day, trigger: 'cli', ...defaultDeps() });
      const out = { day, casesAged: r.casesAged, executed: r.executed };
      process.stdout.write(o.json ? `${JSON.stringify(out)}\n` : `daily run ${day}: ${r.casesAged} cases aged; actions done ${r.executed.done}, blocked ${r.executed.blocked}, failed ${r.executed.failed}, waiting ${r.executed.pending}\n`);
    } finally {
      await ctx.database.close();
    }
  });
}
