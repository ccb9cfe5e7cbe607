/**
 * `recova` command line (design.md §5): serve, import, export, mapping, user, compliance, aging.
 * Exit codes: 0 ok; 1 some rows rejected (import); 2 usage error or unreadable file.
 * User mistakes print a one-line error on stderr, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../platform/config.ts';
import { serve } from '../main.ts';
import { importCommand } from './import.command.ts';
import { exportCommand } from './export.command.ts';
import { clientCommand, mappingCommand, userCommand } from './admin.command.ts';
import { demoCommand } from './demo.command.ts';
import { complianceCommand } from './compliance.command.ts';
import { agingCommand } from './aging.command.ts';
import { auditCommand } from './audit.command.ts';
import { keysCommand } from './keys.command.ts';
import { dailyRunCommand } from './daily-run.command.ts';

export class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('recova')
    .description('Recova — debt-collection management system')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const dataDir = (c: Command) => c.option('--data-dir <dir>', 'embedded database folder (default ./data or RECOVA_DATA_DIR); ignored when DATABASE_URL is set');
  let code = 0;

  dataDir(program.command('serve').description('start the web UI and API'))
    .option('--port <n>', 'port', '3000')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .action(async (o) => {
      await serve(loadConfig({ dataDir: o.dataDir }), Number(o.port), o.host);
      code = -1; // keep running
    });
  dataDir(importCommand(program)).action(async (file, o) => {
    code = await importCommand.run(file, o);
  });
  dataDir(exportCommand(program)).action(async (what, o) => {
    code = await exportCommand.run(what, o);
  });
  dataDir(mappingCommand(program));
  dataDir(userCommand(program));
  dataDir(clientCommand(program));
  demoCommand(program);
  complianceCommand(program);
  agingCommand(program);
  auditCommand(program, dataDir, (c) => { code = c; });
  keysCommand(program, dataDir, (c) => { code = c; });
  dailyRunCommand(program, dataDir);

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      process.stderr.write(`recova: ${e.message}\n`);
      return 2;
    }
    const err = e as Error & { code?: string };
    if (err.code && /^[A-Z_]+$/.test(err.code)) {
      process.stderr.write(`recova: ${err.message} (${err.code})\n`);
      return 2;
    }
    process.stderr.write(`recova: ${err.message}\n`);
    return 2;
  }
  if (code === -1) return new Promise<number>(() => {}); // serve: never resolves
  return code;
}
