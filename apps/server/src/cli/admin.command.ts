/**
 * Administrative commands: saved client mappings and users.
 *   recova mapping set --client CODE [--kind cases] FILE.json   (FILE: { columns: [{ header, target }], options })
 *   recova mapping show --client CODE [--kind cases]
 *   recova client create --code CODE --name NAME [--currency CNY] [--timezone Asia/Shanghai]
 *   recova user create --username U --role ROLE --password P [--display-name N] [--client CODE] [--team NAME] [--no-must-change-password]
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { CreateClientBody, CreateUserBody, FieldTargetSchema, MappingOptionsSchema, ROLES } from '@recova/contracts';
import { cliConfig } from './cli-config.ts';
import { createContext } from '../main.ts';
import { createClient, getClientByCode } from '../modules/clients/clients.service.ts';
import { loadSavedMapping, saveMapping } from '../modules/imports/import.mapping.ts';
import { createUser } from '../modules/users/users.service.ts';
import { toActor } from '../modules/auth/sessions.ts';
import { UsageError } from './main.ts';

const MappingFile = z.object({ columns: z.array(z.object({ header: z.string().min(1), target: FieldTargetSchema })).min(1), options: MappingOptionsSchema.default({ generateCaseRef: false, debtorNameOptional: false }) });


export function mappingCommand(program: Command): Command {
  const cmd = program.command('mapping').description("a client's saved column mapping");
  cmd
    .command('set')
    .argument('<file>', 'mapping JSON')
    .requiredOption('--client <code>')
    .option('--kind <kind>', 'import kind', 'cases')
    .option('--data-dir <dir>')
    .action(async (file: string, o: { client: string; kind: string; dataDir?: string }) => {
      let parsed;
      try {
        parsed = MappingFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      } catch (e) {
        throw new UsageError(`${file}: not a valid mapping file: ${(e as Error).message.slice(0, 300)}`);
      }
      const ctx = await createContext(cliConfig(o.dataDir ?? cmd.opts().dataDir));
      try {
        const c = await getClientByCode(ctx, o.client);
        if (!c) throw new UsageError(`no client with code ${o.client}`);
        await saveMapping(ctx, c.id, o.kind, parsed, null);
        process.stdout.write(`saved ${parsed.columns.length}-column ${o.kind} mapping for client ${o.client}\n`);
      } finally {
        await ctx.database.close();
      }
    });
  cmd
    .command('show')
    .requiredOption('--client <code>')
    .option('--kind <kind>', 'import kind', 'cases')
    .option('--data-dir <dir>')
    .action(async (o: { client: string; kind: string; dataDir?: string }) => {
      const ctx = await createContext(cliConfig(o.dataDir ?? cmd.opts().dataDir));
      try {
        const c = await getClientByCode(ctx, o.client);
        if (!c) throw new UsageError(`no client with code ${o.client}`);
        process.stdout.write(JSON.stringify(await loadSavedMapping(ctx, c.id, o.kind), null, 2) + '\n');
      } finally {
        await ctx.database.close();
      }
    });
  return cmd;
}

export function clientCommand(program: Command): Command {
  const cmd = program.command('client').description('clients (委托方)');
  cmd
    .command('create')
    .requiredOption('--code <code>')
    .requiredOption('--name <name>')
    .option('--currency <code>', 'ISO 4217 currency of its amounts', 'CNY')
    .option('--timezone <zone>', "the client's IANA time zone", 'Asia/Shanghai')
    .option('--data-dir <dir>')
    .action(async (o: { code: string; name: string; currency: string; timezone: string; dataDir?: string }) => {
      const body = CreateClientBody.safeParse({ code: o.code, name: o.name, currency: o.currency, timezone: o.timezone });
      if (!body.success) throw new UsageError(body.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
      const ctx = await createContext(cliConfig(o.dataDir ?? cmd.opts().dataDir));
      try {
        if (await getClientByCode(ctx, o.code)) throw new UsageError(`client ${o.code} exists`);
        const c = await createClient(ctx, null, body.data);
        process.stdout.write(`created client ${c.code} (${c.currency}) id ${c.id}\n`);
      } finally {
        await ctx.database.close();
      }
    });
  return cmd;
}

export function userCommand(program: Command): Command {
  const cmd = program.command('user').description('users');
  cmd
    .command('create')
    .requiredOption('--username <u>')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .requiredOption('--password <p>')
    .option('--display-name <n>')
    .option('--client <code>', 'for client_viewer')
    .option('--team <name>', 'team (created when missing)')
    .option('--no-must-change-password', 'do not force a password change at first sign-in')
    .option('--data-dir <dir>')
    .action(async (o: { username: string; role: string; password: string; displayName?: string; client?: string; team?: string; mustChangePassword: boolean; dataDir?: string }) => {
      if (!(ROLES as readonly string[]).includes(o.role)) throw new UsageError(`unknown role ${o.role}; use ${ROLES.join(', ')}`);
      const check = CreateUserBody.safeParse({ username: o.username, displayName: o.displayName ?? o.username, role: o.role, password: o.password });
      if (!check.success) throw new UsageError(check.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
      const ctx = await createContext(cliConfig(o.dataDir ?? cmd.opts().dataDir));
      try {
        let clientId: number | null = null;
        if (o.client) {
          const c = await getClientByCode(ctx, o.client);
          if (!c) throw new UsageError(`no client with code ${o.client}`);
          clientId = c.id;
        }
        let teamId: number | null = null;
        if (o.team) {
          const t = (await ctx.db.selectFrom('teams').select('id').where('name', '=', o.team).executeTakeFirst()) ?? (await ctx.db.insertInto('teams').values({ name: o.team }).returning('id').executeTakeFirstOrThrow());
          teamId = t.id;
        }
        const system = toActor({ id: 0, username: 'cli', display_name: 'CLI', role: 'admin', locale: 'en-US', client_id: null, team_id: null });
        const u = await createUser(ctx, { ...system, id: null as unknown as number }, { username: o.username, displayName: o.displayName ?? o.username, role: o.role as (typeof ROLES)[number], password: o.password, clientId, teamId, mustChangePassword: o.mustChangePassword });
        process.stdout.write(`created user ${u.username} (${u.role}) id ${u.id}\n`);
      } finally {
        await ctx.database.close();
      }
    });
  return cmd;
}
