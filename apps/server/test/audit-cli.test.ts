/**
 * `recova audit verify` through the binary's entry in this process (helpers/cli.ts: same exit codes and
 * output as the child process): exit 0 with count and head when intact, 1 naming the
 * edited entry when tampered, 2 for usage errors; --json shape; --anchor catches a deleted tail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabaseLocation } from './helpers/context.ts';
import { runCli } from './helpers/cli.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { audit } from '../src/modules/audit/audit.ts';

let loc: Awaited<ReturnType<typeof createTestDatabaseLocation>>;

function recova(...args: string[]) {
  return runCli([...args, ...loc.args], { ...loc.env, TZ: 'UTC' });
}
/** Open the CLI's database in this process (PGlite: one process at a time), run fn, close. */
async function withDb(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<unknown>) {
  const d = await openDatabase(loc.env.DATABASE_URL ? { databaseUrl: loc.env.DATABASE_URL } : { dataDir: loc.tmp });
  try { await migrate(d.db); await fn(d.db); } finally { await d.close(); }
}

beforeAll(async () => {
  loc = await createTestDatabaseLocation();
  await withDb(async (db) => { for (let i = 0; i < 5; i++) await audit(db, null, `cli.test${i}`, 'case', i, { count: i }); });
});
afterAll(() => loc.cleanup());

describe('recova audit verify', () => {
  let anchor = '';
  it('exit 0 and prints the count and head when intact; --json gives the summary', async () => {
    const r = await recova('audit', 'verify');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^audit log intact: 5 entries; head seq 5 hash [0-9a-f]{64}\n/);
    anchor = /anchor outside the database: (\d+:[0-9a-f]{64})/.exec(r.out)![1];
    const j = await recova('audit', 'verify', '--json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toMatchObject({ ok: true, count: 5, problemCount: 0, problems: [], head: { seq: 5 } });
  });

  it('exit 2 for usage errors; --help documents the exit codes', async () => {
    const bad = await recova('audit', 'verify', '--anchor', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('recova: --anchor must be SEQ:HASH (64 hex digits), as printed by audit verify (got nope)\n');
    expect((await recova('audit', 'frobnicate')).code).toBe(2);
    const help = await recova('audit', 'verify', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Exit codes: 0 intact, 1 tampered, 2 usage error');
  });

  it('exit 1 naming the edited entry; --anchor names a deleted tail', async () => {
    await withDb(async (db) => {
      await db.connection().execute(async (c) => {
        await sql`set session_replication_role = replica`.execute(c);
        await sql`update audit_log set entity_id = '99' where seq = 3`.execute(c);
        await sql`delete from audit_log where seq = 5`.execute(c);
        await sql`set session_replication_role = origin`.execute(c);
      });
    });
    const r = await recova('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^edited: seq 3 \(id \d+, cli\.test2, \d{4}-\d\d-\d\dT[\d:.]+Z\) was edited/m);
    expect(r.out).toMatch(/audit log TAMPERED: 1 problem\(s\) in 4 entries/);
    const a = await recova('audit', 'verify', '--anchor', anchor, '--json');
    expect(a.code).toBe(1);
    expect(JSON.parse(a.out).problems.map((p: { kind: string; seq: number }) => [p.kind, p.seq])).toEqual([['edited', 3], ['truncated', 5]]);
  });
});
