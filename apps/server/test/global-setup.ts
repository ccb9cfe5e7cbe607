/**
 * Vitest global setup: build the migrated template database once per run (see helpers/templates.ts).
 */
import fs from 'node:fs';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { pgAdmin, pgliteTemplateDir, pgTemplateName, withDatabase } from './helpers/templates.ts';

export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const tpl = pgTemplateName();
    const exists = await pgAdmin(url, async (c) => (await c.query('select 1 from pg_database where datname = $1', [tpl])).rowCount);
    if (!exists) {
      await pgAdmin(url, (c) => c.query(`create database ${tpl}`));
      const d = await openDatabase({ databaseUrl: withDatabase(url, tpl) });
      await migrate(d.db);
      await d.close();
    }
    return;
  }
  const dir = pgliteTemplateDir();
  if (fs.existsSync(`${dir}/ready`)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  const d = await openDatabase({ dataDir: dir });
  await migrate(d.db);
  await d.close();
  fs.writeFileSync(`${dir}/ready`, new Date().toISOString());
}
