/**
 * Scale check of the whole import pipeline (not a timed test): generate a 100,000-row .xlsx and a
 * 1,000,000-row CSV with the demo generator, then import each with `recova import` in a fresh
 * process and report wall time and peak RSS (from /usr/bin/time -v).
 *   npx tsx apps/server/scripts/import-scale.ts [--xlsx 100000] [--csv 1000000] [--dir /tmp/recova-scale]
 * With DATABASE_URL set, imports go to PostgreSQL; otherwise to a fresh PGlite folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateCases } from '../src/demo/portfolio.ts';
import { writeCasesCsv, writeCasesXlsx } from '../src/demo/portfolio-files.ts';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const dir = arg('dir', '/tmp/recova-scale');
const xlsxRows = Number(arg('xlsx', '100000'));
const csvRows = Number(arg('csv', '1000000'));
fs.mkdirSync(dir, { recursive: true });
const bin = path.resolve('apps/server/bin/recova.mjs');

async function ensure(file: string, make: () => Promise<number>) {
  if (!fs.existsSync(file)) {
    const t = Date.now();
    await make();
    console.log(`generated ${file} in ${((Date.now() - t) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);
  }
}

const xlsx = path.join(dir, `cases-${xlsxRows}.xlsx`);
const csv = path.join(dir, `cases-${csvRows}.csv`);
await ensure(xlsx, () => writeCasesXlsx(xlsx, generateCases({ seed: 7, count: xlsxRows, clientCode: 'SCL', batchNo: 'X1', placementDate: '2026-11-01' })));
await ensure(csv, () => writeCasesCsv(csv, generateCases({ seed: 8, count: csvRows, clientCode: 'SCL', batchNo: 'C1', placementDate: '2026-11-01' }), 'utf-8'));

for (const [file, batch] of [[xlsx, 'X1'], [csv, 'C1']] as const) {
  const dataDir = path.join(dir, `db-${batch}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const t = Date.now();
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, bin, 'import', file, '--client', 'SCL', '--batch', batch, '--create', '--placement-date', '2026-11-01', '--json', '--data-dir', dataDir], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const secs = (Date.now() - t) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  const out = r.stdout ? JSON.parse(r.stdout) : null;
  console.log(`${path.basename(file)} → ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: ${secs.toFixed(1)} s, peak RSS ${rss ? (Number(rss) / 1024).toFixed(0) : '?'} MiB, result ${JSON.stringify(out && { rows: out.rows, imported: out.imported, rejected: out.rejected })}`);
  if (!out) console.log(r.stderr.slice(-2000));
}
