/**
 * `recova audit verify [--json] [--anchor SEQ:HASH] [--data-dir DIR]` — walks the audit hash chain
 * (issue 3 point 5) and names every edited, deleted, re-linked or unchained entry.
 * Exit 0 intact (prints the count and the head seq + hash), 1 tampered, 2 usage error.
 *
 * Keep the printed head outside the database (a ticket, an e-mail, a notary log) and pass it back as
 * `--anchor` later: the chain alone cannot reveal deleted last entries or a full re-chain by a superuser.
 */
import type { Command } from 'commander';
import { cliConfig } from './cli-config.ts';
import { createContext } from '../main.ts';
import { verifyAuditChain } from '../modules/audit/audit-verify.ts';
import { UsageError } from './main.ts';

interface VerifyOpts {
  json?: boolean;
  anchor?: string;
  dataDir?: string;
}

const HELP = `
Checks every entry of the audit log in seq order: recomputes its SHA-256 hash and its link to the
previous entry. Problems named: edited (seq, id, action, time), deleted (missing seq numbers),
chain_broken (re-hashed, inserted or reordered), unsealed (inserted bypassing the application),
anchor_mismatch / truncated (with --anchor).
Exit codes: 0 intact, 1 tampered, 2 usage error.
Keep the printed head (seq:hash) outside the database and pass it as --anchor next time.`;

/** Registers `audit verify`; `dataDir` adds the shared --data-dir option. */
export function auditCommand(program: Command, dataDir: (c: Command) => Command, setCode: (code: number) => void): void {
  const cmd = program.command('audit').description('the tamper-evident audit log');
  dataDir(
    cmd
      .command('verify')
      .description('verify the audit hash chain; exit 0 intact, 1 tampered, 2 usage error')
      .option('--json', 'print one JSON object: { ok, count, head, problemCount, problems }')
      .option('--anchor <seq:hash>', 'an earlier head printed by verify, kept outside the database')
      .addHelpText('after', HELP),
  ).action(async (o: VerifyOpts) => setCode(await runVerify(o)));
}

async function runVerify(o: VerifyOpts): Promise<number> {
  let anchor: { seq: number; hash: string } | undefined;
  if (o.anchor) {
    const m = /^(\d+):([0-9a-f]{64})$/.exec(o.anchor);
    if (!m) throw new UsageError(`--anchor must be SEQ:HASH (64 hex digits), as printed by audit verify (got ${o.anchor})`);
    anchor = { seq: Number(m[1]), hash: m[2] };
  }
  const ctx = await createContext(cliConfig(o.dataDir));
  try {
    const s = await verifyAuditChain(ctx.db, {
      anchor,
      maxProblems: o.json ? 100_000 : 0,
      onProblem: o.json ? undefined : (p) => process.stdout.write(`${p.kind}: ${p.message}\n`),
    });
    if (o.json) {
      process.stdout.write(`${JSON.stringify(s)}\n`);
    } else if (s.ok) {
      process.stdout.write(`audit log intact: ${s.count} entries; head seq ${s.head?.seq ?? 0} hash ${s.head?.hash ?? '-'}\n`);
      if (s.head) process.stdout.write(`keep this anchor outside the database: ${s.head.seq}:${s.head.hash}\n`);
    } else {
      process.stdout.write(`audit log TAMPERED: ${s.problemCount} problem(s) in ${s.count} entries; head seq ${s.head?.seq ?? 0} hash ${s.head?.hash ?? '-'}\n`);
    }
    return s.ok ? 0 : 1;
  } finally {
    await ctx.database.close();
  }
}
