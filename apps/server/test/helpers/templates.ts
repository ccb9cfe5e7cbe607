/**
 * Test databases start from a migrated template, so each test file gets a fresh database in about a
 * second instead of PGlite's 7 s initdb: a template data folder for PGlite, a template database for
 * PostgreSQL (when DATABASE_URL is set). The template is keyed by a hash of the migration files.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { listMigrations } from '../../src/db/migrate.ts';

export function migrationsHash(): string {
  const h = crypto.createHash('sha1');
  for (const m of listMigrations()) h.update(m.name).update(fs.readFileSync(m.file));
  return h.digest('hex').slice(0, 12);
}

export const pgliteTemplateDir = () => path.join(os.tmpdir(), `recova-pglite-template-${migrationsHash()}`);
export const pgTemplateName = () => `recova_tpl_${migrationsHash()}`;

/** Admin connection string: DATABASE_URL with the database swapped. */
export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function pgAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
