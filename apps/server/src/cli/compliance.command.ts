/**
 * `recova compliance check FILE.json` (design.md §5): FILE holds a JSON array of requests
 * `{ id, ruleSet, debtor, history, proposed }`; prints a JSON array of decisions
 * `{ id, decision, reasons: [{ ruleId, message, source }], nextAllowedAt }` in the same order.
 * Exit 0 when every request was checked (whatever the decisions), 2 with a one-line error naming the
 * request and the field for an unreadable or invalid file. Rule sets: the presets CN, US and UK
 * (saved rule sets come with the records integration).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  CHANNELS, DIRECTIONS, FLAGS, HISTORY_PARTIES, OUTCOMES, PARTIES, PRESET_RULE_SETS, PURPOSES,
  checkContact, isTimeZone, parseInstant, type Decision, type RuleSet,
} from '@recova/domain/compliance/index';

/** A user mistake in the request file (exit 2, one line, no stack trace). */
export class ComplianceInputError extends Error {}

const instant = z.string().superRefine((s, ctx) => {
  if (Number.isNaN(parseInstant(s))) ctx.addIssue({ code: 'custom', message: `"${s}" is not an ISO date-time with an offset (e.g. 2026-03-02T09:00:00-06:00)` });
});
const clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a local time HH:MM');
const zone = z.string().superRefine((s, ctx) => {
  if (!isTimeZone(s)) ctx.addIssue({ code: 'custom', message: `unknown time zone "${s}" (use an IANA name such as America/Chicago)` });
});
const flag = z.preprocess(
  (v) => (typeof v === 'string' ? { flag: v } : v),
  z.strictObject({ flag: z.enum(FLAGS), setBy: z.string().optional(), setAt: instant.optional(), until: instant.optional(), phone: z.string().optional() }),
);

/** Zod schema of one request of the file (design.md §5). */
export const complianceRequestSchema = z.strictObject({
  id: z.string(),
  ruleSet: z.string().min(1),
  debtor: z.strictObject({
    timeZones: z.array(zone),
    contactPreferences: z.array(z.strictObject({ channel: z.enum(CHANNELS).optional(), notBefore: clock.optional(), notAfter: clock.optional() })).optional(),
    flags: z.array(flag).optional(),
  }),
  history: z.array(z.strictObject({
    at: instant, channel: z.enum(CHANNELS), direction: z.enum(DIRECTIONS), outcome: z.enum(OUTCOMES),
    debtIds: z.array(z.string()).optional(), party: z.enum(HISTORY_PARTIES).optional(), phone: z.string().optional(),
  })).default([]),
  proposed: z.strictObject({
    at: instant.optional(), channel: z.enum(CHANNELS), debtIds: z.array(z.string()).optional(), party: z.enum(PARTIES).optional(),
    phone: z.string().optional(), purpose: z.enum(PURPOSES).optional(), disclosesDebt: z.boolean().optional(),
  }),
});

/** One answer line: the request id and the engine's decision. */
export type ComplianceResult = { id: string } & Decision;

function where(path: readonly PropertyKey[]): string {
  const [index, ...rest] = path;
  const field = rest.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
  return `request ${Number(index) + 1} (index ${String(index)})${field ? `, ${field}` : ''}`;
}

function resolveRuleSet(name: string, index: number): RuleSet {
  const rs = (PRESET_RULE_SETS as Record<string, RuleSet>)[name];
  if (!rs) throw new ComplianceInputError(`${where([index, 'ruleSet'])}: unknown rule set "${name}" (saved rule sets are not available yet; use CN, US or UK)`);
  return rs;
}

/**
 * Check every request of a parsed file (the pure part of the command): validates with zod and throws
 * {@link ComplianceInputError} naming the first bad request (1-based, and its 0-based index) and field.
 * `now` is used for requests whose `proposed.at` is missing.
 */
export function runComplianceFile(json: unknown, now: Date = new Date()): ComplianceResult[] {
  if (!Array.isArray(json)) throw new ComplianceInputError('the file must hold a JSON array of requests');
  const parsed = z.array(complianceRequestSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ComplianceInputError(`${where(issue.path)}: ${issue.message}`);
  }
  return parsed.data.map((req, i) => {
    const ruleSet = resolveRuleSet(req.ruleSet, i);
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
    .option('--data-dir <dir>', 'embedded database folder (for saved rule sets; not used by the presets)')
    .action((file: string) => {
      const json = readJson(file);
      let results: ComplianceResult[];
      try {
        results = runComplianceFile(json);
      } catch (e) {
        throw e instanceof ComplianceInputError ? new ComplianceInputError(`${file}: ${e.message}`) : e;
      }
      write(JSON.stringify(results, null, 2) + '\n');
    });
  return compliance;
}
