/**
 * System settings: read with defaults filled in, updated by an admin (audited with the changed keys
 * and their old and new values — settings hold no personal data).
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type UpdateSettingsBody } from '@recova/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/context.ts';
import { audit } from '../audit/audit.ts';
import { AppError } from '../../http/errors.ts';
import { DEFAULT_BUCKETS, validateBuckets, type Bucket } from '@recova/domain/aging/aging';

/** Current settings; stored values that no longer validate fall back to the default for that key. */
export async function getSettings(db: Kysely<DB>): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('tenant_id', '=', 1).execute();
  return settingsFromRows(rows);
}

/** Settings from stored `{ key, value }` rows (defaults for missing or invalid keys), for callers that read them in their own query. */
export function settingsFromRows(rows: readonly { key: string; value: unknown }[]): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) {
    if (!(r.key in DEFAULT_SETTINGS)) continue;
    const one = SettingsSchema.shape[r.key as keyof Settings].safeParse(r.value);
    if (one.success && !(r.key === 'agingBuckets' && !validateBuckets(one.data as Bucket[]).ok)) out[r.key] = one.data;
  }
  return out as Settings;
}

/** Apply a partial update; returns the new settings. */
export async function updateSettings(db: Kysely<DB>, actor: Actor | null, patch: z.infer<typeof UpdateSettingsBody>): Promise<Settings> {
  if (patch.agingBuckets) {
    const v = validateBuckets(patch.agingBuckets);
    const errors = v.ok ? [] : [...v.errors];
    // the agency's buckets must give every case a bucket: the highest open-ended, the lowest reaching DPD 0
    // (a closed set left DPD above its top with a null bucket in every snapshot and report)
    if (!patch.agingBuckets.some((b) => b.max === null)) errors.push('The highest bucket needs no upper bound (e.g. M7+ from 181 up), so every DPD has a bucket');
    if (!patch.agingBuckets.some((b) => b.min === null || b.min <= 0)) errors.push('The lowest bucket must include DPD 0 (current cases)');
    if (errors.length) throw new AppError('AGING_BUCKETS_INVALID', errors.join('; '), errors.map((reason) => ({ field: 'agingBuckets', reason })));
  }
  return db.transaction().execute(async (tx) => {
    const before = await getSettings(tx);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || JSON.stringify(before[key as keyof Settings]) === JSON.stringify(value)) continue;
      changed[key] = { from: before[key as keyof Settings], to: value };
      await tx
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_by: actor?.id ?? null })
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value: JSON.stringify(value), updated_by: actor?.id ?? null, updated_at: sql`now()` }))
        .execute();
    }
    if (Object.keys(changed).length) await audit(tx, actor?.id ?? null, 'settings.update', 'settings', null, changed);
    return { ...before, ...Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.to])) } as Settings;
  });
}

/** What the daily run ages with: the agency's buckets (the domain default when unset) and grace days. */
export async function agingSettings(db: Kysely<DB>): Promise<{ buckets: readonly Bucket[]; graceDays: number }> {
  const s = await getSettings(db);
  return { buckets: s.agingBuckets ?? DEFAULT_BUCKETS, graceDays: s.agingGraceDays };
}
