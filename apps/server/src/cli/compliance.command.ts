/**
 * `recova compliance check FILE.json` (design.md §5): FILE holds a JSON array of requests
 * `{ id, ruleSet, debtor, history, proposed }`; prints a JSON array of decisions
 * `{ id, decision, reasons: [{ ruleId, message, source }], nextAllowedAt }` in the same order.
 * Exit 0 when every request was checked (whatever the decisions), 2 with a one-line error naming the
 * request and the field for an unreadable or invalid file. Rule sets: the presets CN, US and UK, or
 * the name of a rule set saved in the database (`recova compliance rules save`).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { rulesCommand } from './compliance-rules.command.ts';
import { PRESET_RULE_SETS, checkContact, type Decision, type RuleSet } from '@recova/domain/compliance/index';
import { complianceRequestSchema } from '../modules/compliance/request.schema.ts';
import { resolveRuleSet } from '../modules/compliance/rule-sets.service.ts';
import { createContext } from '../main.ts';
import { cliConfig } from './cli-config.ts';

export { complianceRequestSchema };

/** A user mistake in the request file (exit 2, one line, no stack trace). */
export class ComplianceInputError extends Error {}

/** One answer line: the request id and the engine's decision. */
export type ComplianceResult = { id: string } & Decision;

function where(path: readonly PropertyKey[]): string {
  const [index, ...rest] = path;
  const field = rest.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
  return `request ${Number(index) + 1} (index ${String(index)})${field ? `, ${field}` : ''}`;
}

function pickRuleSet(name: string, index: number, saved: Record<string, RuleSet>): RuleSet {
  const rs = (PRESET_RULE_SETS as Record<string, RuleSet>)[name] ?? saved[name];
  if (!rs) throw new ComplianceInputError(`${where([index, 'ruleSet'])}: unknown rule set "${name}" (use CN, US, UK or a saved rule set's name)`);
  return rs;
}

/** Names in a request file that are not presets (they must be saved rule sets). */
export function savedRuleSetNames(json: unknown): string[] {
  if (!Array.isArray(json)) return [];
  const names = json.map((r) => (r && typeof r === 'object' ? (r as { ruleSet?: unknown }).ruleSet : undefined)).filter((n): n is string => typeof n === 'string');
  return [...new Set(names.filter((n) => !(n in PRESET_RULE_SETS)))];
}

/**
 * Check every request of a parsed file (the pure part of the command): validates with zod and throws
 * {@link ComplianceInputError} naming the first bad request (1-based, and its 0-based index) and field.
 * `now` is used for requests whose `proposed.at` is missing.
 */
export function runComplianceFile(json: unknown, now: Date = new Date(), saved: Record<string, RuleSet> = {}): ComplianceResult[] {
  if (!Array.isArray(json)) throw new ComplianceInputError('the file must hold a JSON array of requests');
  const parsed = z.array(complianceRequestSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ComplianceInputError(`${where(issue.path)}: ${issue.message}`);
  }
  return parsed.data.map((req, i) => {
    const ruleSet = pickRuleSet(req.ruleSet, i, saved);
    try {
      return { id: req.id, ...checkContact(req.proposed, req.history, req.debtor, ruleSet, now) };
    } catch (e) {
      throw new ComplianceInputError(`${where([i])}: ${(e as Error).message}`);
    }
  });
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ComplianceInputError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (e as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ComplianceInputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/**
 * Register `compliance check FILE` on the program. Output goes through `write` (stdout by default);
 * errors are thrown as {@link ComplianceInputError} for the caller (main.ts → exit 2).
 */
export function complianceCommand(program: Command, write: (s: string) => void = (s) => void process.stdout.write(s)): Command {
  const compliance = program.command('compliance').description('check contact attempts against the compliance rules');
  compliance
    .command('check')
    .description('check a JSON file of proposed contacts; prints a JSON array of decisions in the same order')
    .argument('<file>', 'JSON array of { id, ruleSet, debtor, history, proposed }')
    .option('--data-dir <dir>', 'embedded database folder (for saved rule sets; not opened when only presets are named)')
    .action(async (file: string, o: { dataDir?: string }) => {
      const json = readJson(file);
      const named = (f: () => ComplianceResult[]) => {
        try {
          return f();
        } catch (e) {
          throw e instanceof ComplianceInputError ? new ComplianceInputError(`${file}: ${e.message}`) : e;
        }
      };
      // a malformed file is refused before any database is opened (it may be in use by the server)
      if (!Array.isArray(json) || !z.array(complianceRequestSchema).safeParse(json).success) named(() => runComplianceFile(json));
      const saved = await loadSaved(savedRuleSetNames(json), o.dataDir);
      const results = named(() => runComplianceFile(json, new Date(), saved));
      write(JSON.stringify(results, null, 2) + '\n');
    });
  rulesCommand(compliance);
  return compliance;
}

/** Saved rule sets by name from the database (unknown names are left for the per-request error). */
async function loadSaved(names: string[], dataDir?: string): Promise<Record<string, RuleSet>> {
  if (names.length === 0) return {};
  const ctx = await createContext(cliConfig(dataDir));
  try {
    const out: Record<string, RuleSet> = {};
    for (const n of names) out[n] = await resolveRuleSet(ctx.db, n).catch(() => undefined as unknown as RuleSet);
    for (const n of names) if (!out[n]) delete out[n];
    return out;
  } finally {
    await ctx.database.close();
  }
}
