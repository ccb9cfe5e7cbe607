/**
 * `recova compliance rules list | show NAME [--version N] | save NAME FILE.json`: saved rule sets
 * from the command line. FILE holds a SaveRuleSetBody: `{ "kind": "extend", "base": "CN", "rules": {…} }`
 * or `{ "kind": "complete", "rules": {…} }`. Exit 2 with the invalid field named on a bad file.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { RuleSetName, SaveRuleSetBody } from '@recova/contracts';
import { createContext } from '../main.ts';
import { cliConfig } from './cli-config.ts';
import { listRuleSets, resolveRuleSet, saveRuleSet } from '../modules/compliance/rule-sets.service.ts';
import { ComplianceInputError } from './compliance.command.ts';
import type { AppError } from '../http/errors.ts';

async function withCtx<T>(dataDir: string | undefined, f: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<T>): Promise<T> {
  const ctx = await createContext(cliConfig(dataDir));
  try {
    return await f(ctx);
  } finally {
    await ctx.database.close();
  }
}

export function rulesCommand(compliance: Command): void {
  const rules = compliance.command('rules').description('saved compliance rule sets (versioned)');
  rules.command('list').option('--data-dir <dir>').action(async (o: { dataDir?: string }) => {
    const items = await withCtx(o.dataDir, (ctx) => listRuleSets(ctx.db));
    process.stdout.write(JSON.stringify(items, null, 2) + '\n');
  });
  rules.command('show').argument('<name>').option('--version <n>').option('--data-dir <dir>').action(async (name: string, o: { version?: string; dataDir?: string }) => {
    const rs = await withCtx(o.dataDir, (ctx) => resolveRuleSet(ctx.db, name, o.version ? Number(o.version) : undefined));
    process.stdout.write(JSON.stringify(rs, null, 2) + '\n');
  });
  rules.command('save').argument('<name>').argument('<file>').option('--data-dir <dir>').action(async (name: string, file: string, o: { dataDir?: string }) => {
    const n = RuleSetName.safeParse(name);
    if (!n.success) throw new ComplianceInputError(`rule set name "${name}": ${n.error.issues[0].message}`);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new ComplianceInputError(`${file}: ${(e as Error).message}`);
    }
    const body = SaveRuleSetBody.safeParse(json);
    if (!body.success) {
      const i = body.error.issues[0];
      throw new ComplianceInputError(`${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    }
    const saved = await withCtx(o.dataDir, (ctx) => saveRuleSet(ctx.db, null, name, body.data)).catch((e: AppError) => {
      const d = e.details?.map((x) => `${x.field ?? ''}${x.value ? ` (${x.value})` : ''}: ${x.reason}`).join('; ');
      throw new ComplianceInputError(`${file}: ${e.message}${d ? ` — ${d}` : ''}`);
    });
    process.stdout.write(`saved rule set ${saved.name} version ${saved.version}\n`);
  });
}
