/**
 * Column mappings: a source column → canonical field, contact sub-field, custom field or ignore.
 * A client's saved template is matched by normalised header text (not position), so the next file
 * from that client maps itself even when columns move; unknown headers fall back to alias matching.
 */
import type { ColumnMapping } from '@recova/domain/imports/types';
import { matchHeader, normalizeHeader, type FieldTarget } from '@recova/domain/imports/fields';
import type { MappingOptions } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import { audit } from '../audit/audit.ts';

export interface SavedMapping {
  columns: { header: string; target: FieldTarget }[];
  options: MappingOptions;
}

export async function loadSavedMapping(ctx: AppContext, clientId: number, kind: string): Promise<SavedMapping | null> {
  const row = await ctx.db.selectFrom('client_mappings').select(['columns', 'options']).where('client_id', '=', clientId).where('kind', '=', kind).executeTakeFirst();
  if (!row) return null;
  return { columns: row.columns as SavedMapping['columns'], options: row.options as MappingOptions };
}

/** Save (insert or replace) a client's mapping template; audited as `mapping.save` (kind and column count). */
export async function saveMapping(ctx: AppContext, clientId: number, kind: string, m: SavedMapping, userId: number | null): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('client_mappings')
      .values({ client_id: clientId, kind, columns: JSON.stringify(m.columns), options: JSON.stringify(m.options), updated_by: userId })
      .onConflict((oc) => oc.columns(['client_id', 'kind']).doUpdateSet({ columns: JSON.stringify(m.columns), options: JSON.stringify(m.options), updated_by: userId, updated_at: new Date() }))
      .execute();
    await audit(tx, userId, 'mapping.save', 'client', clientId, { kind, columns: m.columns.length });
  });
}

/** Map headers: saved template first (by normalised header), then aliases; returns whether the template was used. */
export function buildMapping(headers: string[], kind: string, saved: SavedMapping | null): { mapping: ColumnMapping[]; fromSaved: boolean } {
  const savedBy = new Map((saved?.columns ?? []).map((c) => [normalizeHeader(c.header), c.target]));
  let usedSaved = false;
  const taken = new Set<string>();
  const mapping = headers.map((header, column) => {
    const s = savedBy.get(normalizeHeader(header));
    if (s) usedSaved = true;
    let target: FieldTarget = s ?? matchHeader(header, kind);
    const key = target.kind === 'field' ? target.field : target.kind === 'contact' ? `c${target.index}.${target.field}` : null;
    if (key && taken.has(key)) target = { kind: 'custom', name: header || `column ${column + 1}` }; // e.g. two 备注 columns
    if (key) taken.add(key);
    return { column, header, target };
  });
  return { mapping, fromSaved: usedSaved };
}

/** Problems that make a mapping unusable: the same field mapped twice. */
export function mappingProblems(mapping: ColumnMapping[]): string[] {
  const seen = new Map<string, string>();
  const out: string[] = [];
  for (const m of mapping) {
    const t = m.target;
    const key = t.kind === 'field' ? t.field : t.kind === 'contact' ? `contact${t.index}.${t.field}` : null;
    if (!key) continue;
    if (seen.has(key)) out.push(`columns "${seen.get(key)}" and "${m.header}" both map to ${key}`);
    else seen.set(key, m.header);
  }
  return out;
}
