/**
 * Forward-only, numbered SQL migrations (`migrations/NNNN_name.sql`), applied in order, each in its
 * own transaction, recorded in `schema_migrations`. The same files run on PGlite and PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function listMigrations(): { version: number; name: string; file: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), file: path.join(MIGRATIONS_DIR, f) }));
}

/** Apply pending migrations; returns the names applied. Safe when several processes start at once (advisory lock). */
export async function migrate(db: Kysely<any>): Promise<string[]> {
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(727274)`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())`.execute(conn);
      const done = new Set((await sql<{ version: number }>`select version from schema_migrations`.execute(conn)).rows.map((r) => r.version));
      for (const m of listMigrations()) {
        if (done.has(m.version)) continue;
        const text = fs.readFileSync(m.file, 'utf8');
        await conn.transaction().execute(async (tx) => {
          await sql.raw(text).execute(tx);
          await sql`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`.execute(tx);
        });
        applied.push(m.name);
      }
    } finally {
      await sql`select pg_advisory_unlock(727274)`.execute(conn);
    }
  });
  return applied;
}
