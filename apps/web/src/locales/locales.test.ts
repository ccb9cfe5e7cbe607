/**
 * The two UI languages stay in step: every key exists in both, and every literal `t('…')` key used by the
 * web code exists (i18next would otherwise show the raw key to a user). Plural keys (`x_one`, `x_other`)
 * count as `x`; keys built at run time (`t('errors.' + code)`, template strings) are not checked here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const flat = (o: Record<string, unknown>, pre = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${pre}${k}.`) : [`${pre}${k}`]));
// plural forms differ by language (Chinese has only `_other`), so compare keys without the plural suffix
const load = (f: string) => new Set(flat(JSON.parse(fs.readFileSync(path.join(here, f), 'utf8'))).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')));
const en = load('en-US.json');
const zh = load('zh-CN.json');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('locales', () => {
  it('en-US and zh-CN have the same keys', () => {
    expect([...en].filter((k) => !zh.has(k)), 'missing in zh-CN').toEqual([]);
    expect([...zh].filter((k) => !en.has(k)), 'missing in en-US').toEqual([]);
  });

  it('every literal t(…) key in the web code exists', () => {
    const has = (k: string) => k.endsWith('.') || en.has(k) || [...en].some((x) => x.startsWith(`${k}.`));
    const missing: string[] = [];
    for (const f of sources(path.resolve(here, '..'))) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_.-]+)'/g)) if (!has(m[1]!)) missing.push(`${path.relative(here, f)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});
