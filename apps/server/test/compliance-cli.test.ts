/**
 * `recova compliance check FILE.json` (design.md §5): the exported command run through a fresh
 * commander program, the pure `runComplianceFile`, and the binary's entry with its exit codes and
 * stderr (helpers/cli.ts, in this process; cli.test.ts runs the real binary as a child process).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseLocation } from './helpers/context.ts';
import { runCli } from './helpers/cli.ts';
import { ComplianceInputError, complianceCommand, runComplianceFile } from '../src/cli/compliance.command.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recova-compliance-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const REQUESTS = [
  {
    id: 'us-conversation',
    ruleSet: 'US',
    debtor: { timeZones: ['America/Chicago'], contactPreferences: [], flags: [] },
    history: [{ at: '2026-03-02T09:00:00-06:00', channel: 'call', direction: 'outbound', outcome: 'conversation', debtIds: ['D1'], party: 'debtor', phone: 'mobile' }],
    proposed: { at: '2026-03-05T10:00:00-06:00', channel: 'call', debtIds: ['D1'], party: 'debtor', phone: 'mobile', purpose: 'collection', disclosesDebt: false },
  },
  {
    id: 'cn-night-sms',
    ruleSet: 'CN',
    debtor: { timeZones: ['Asia/Shanghai'] },
    history: [],
    proposed: { at: '2026-06-01T22:00:00+08:00', channel: 'sms', debtIds: ['C1'], party: 'debtor', purpose: 'payment_request', disclosesDebt: false },
  },
  {
    id: 'uk-ok',
    ruleSet: 'UK',
    debtor: { timeZones: ['Europe/London'], flags: [{ flag: 'complaint_open', setBy: 'qa1', setAt: '2026-05-01T09:00:00+01:00' }] },
    history: [],
    proposed: { at: '2026-06-02T10:00:00+01:00', channel: 'email', debtIds: ['U1'], purpose: 'collection' },
  },
  {
    id: 'us-allowed',
    ruleSet: 'US',
    debtor: { timeZones: ['America/New_York'] },
    history: [],
    proposed: { at: '2026-03-05T10:00:00-05:00', channel: 'call', debtIds: ['D1'] },
  },
];

function writeFile(name: string, content: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

// a name that is not a preset is looked up in the database: a throwaway one, never ./data or DATABASE_URL's own
let db: Awaited<ReturnType<typeof createTestDatabaseLocation>>;
beforeAll(async () => { db = await createTestDatabaseLocation(); });
afterAll(async () => db?.cleanup());

async function run(file: string): Promise<string> {
  let out = '';
  const program = new Command('recova').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  complianceCommand(program, (s) => (out += s));
  const saved = process.env.DATABASE_URL;
  if (db.env.DATABASE_URL) process.env.DATABASE_URL = db.env.DATABASE_URL;
  try {
    await program.parseAsync(['node', 'recova', 'compliance', 'check', file, '--data-dir', db.tmp]);
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
  return out;
}

describe('recova compliance check (command through commander)', () => {
  it('prints a JSON array of decisions in the same order, with the §5 shape', async () => {
    const out = JSON.parse(await run(writeFile('ok.json', REQUESTS)));
    expect(out.map((d: { id: string }) => d.id)).toEqual(['us-conversation', 'cn-night-sms', 'uk-ok', 'us-allowed']);
    for (const d of out) expect(Object.keys(d)).toEqual(['id', 'decision', 'reasons', 'nextAllowedAt']);
    expect(out[0]).toEqual({
      id: 'us-conversation', decision: 'block', nextAllowedAt: '2026-03-09T08:00:00-05:00',
      reasons: [{ ruleId: 'us.call-after-conversation', message: expect.stringContaining('2026-03-02'), source: expect.stringContaining('1006.14(b)(2)(i)(B)') }],
    });
    expect(out[1]).toMatchObject({ decision: 'block', reasons: [{ ruleId: 'cn.hours' }], nextAllowedAt: '2026-06-02T08:00:00+08:00' });
    expect(out[2]).toMatchObject({ decision: 'warn', reasons: [{ ruleId: 'uk.complaint-open' }], nextAllowedAt: null });
    expect(out[3]).toEqual({ id: 'us-allowed', decision: 'allow', reasons: [], nextAllowedAt: null });
    for (const d of out) for (const r of d.reasons) expect(Object.keys(r)).toEqual(['ruleId', 'message', 'source']);
  });

  it('accepts an empty array and a UTF-8 BOM', async () => {
    expect(JSON.parse(await run(writeFile('empty.json', '\uFEFF[]')))).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['bad zone', [REQUESTS[3], { ...REQUESTS[0], debtor: { timeZones: ['America/Chicgo'] } }], /: request 2 \(index 1\), debtor\.timeZones\[0\]: unknown time zone "America\/Chicgo"/],
    ['bad channel', [{ ...REQUESTS[0], proposed: { ...REQUESTS[0].proposed, channel: 'fax' } }], /: request 1 \(index 0\), proposed\.channel: Invalid option/],
    ['time without offset', [{ ...REQUESTS[0], history: [{ ...REQUESTS[0].history[0], at: '2026-03-02T09:00:00' }] }], /request 1 \(index 0\), history\[0\]\.at: "2026-03-02T09:00:00" is not an ISO date-time with an offset/],
    ['unknown flag', [{ ...REQUESTS[2], debtor: { timeZones: [], flags: ['vip'] } }], /request 1 \(index 0\), debtor\.flags\[0\]\.flag: Invalid option/],
    ['misspelt field', [{ ...REQUESTS[0], proposed: { ...REQUESTS[0].proposed, debtIDs: ['D1'] } }], /request 1 \(index 0\), proposed: Unrecognized key: "debtIDs"/],
    ['missing proposed', [REQUESTS[1], REQUESTS[2], { id: 'x', ruleSet: 'US', debtor: { timeZones: [] } }], /request 3 \(index 2\), proposed: Invalid input/],
    ['unknown rule set', [{ ...REQUESTS[0], ruleSet: 'ACME' }], /request 1 \(index 0\), ruleSet: unknown rule set "ACME"/],
    ['not an array', { requests: [] }, /the file must hold a JSON array of requests/],
    ['not JSON', '[{', /not valid JSON/],
  ])('%s → one-line error naming the request and field', async (name, content, re) => {
    const f = writeFile(`${name.replace(/\W/g, '-')}.json`, content);
    const err = await run(f).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ComplianceInputError);
    const msg = (err as Error).message;
    expect(msg).toMatch(re);
    expect(msg.startsWith(f)).toBe(true);
    expect(msg).not.toContain('\n');
  });

  it('a missing file is a clear error', async () => {
    await expect(run(path.join(dir, 'nope.json'))).rejects.toThrow(/^cannot read .*nope\.json: no such file$/);
  });
});

describe('runComplianceFile (pure)', () => {
  it('uses `now` when proposed.at is missing', () => {
    const { at: _at, ...proposed } = REQUESTS[3].proposed;
    const [night] = runComplianceFile([{ ...REQUESTS[3], proposed }], new Date('2026-03-05T03:00:00Z'));
    expect(night).toMatchObject({ decision: 'block', nextAllowedAt: '2026-03-05T08:00:00-05:00' });
  });
});

describe('recova compliance check through the binary\'s entry (exit codes, stdout, stderr)', () => {
  const recova = (...args: string[]) => runCli([...args, '--data-dir', db.tmp], { ...db.env, TZ: 'UTC' });
  it('exit 0 and the decisions on stdout', async () => {
    const r = await recova('compliance', 'check', writeFile('spawn-ok.json', REQUESTS));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((d: { decision: string }) => d.decision)).toEqual(['block', 'block', 'warn', 'allow']);
  });
  it('exit 2 and one line on stderr for an invalid file', async () => {
    const r = await recova('compliance', 'check', writeFile('spawn-bad.json', [{ ...REQUESTS[0], ruleSet: 'ACME' }]));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^recova: .*request 1 \(index 0\), ruleSet: unknown rule set "ACME".*\n$/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
