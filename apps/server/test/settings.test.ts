/** Settings: defaults, partial update, validation, audit of the change. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, UpdateSettingsBody } from '@recova/contracts';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { getSettings, updateSettings } from '../src/modules/settings/settings.service.ts';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => ctx.cleanup());

describe('settings', () => {
  it('reads defaults, stores a partial update and audits old and new values', async () => {
    expect(await getSettings(ctx.db)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.lockoutThreshold).toBe(5);
    const next = await updateSettings(ctx.db, null, { lockoutThreshold: 7, screenWatermark: false });
    expect(next).toEqual({ ...DEFAULT_SETTINGS, lockoutThreshold: 7, screenWatermark: false });
    expect(await getSettings(ctx.db)).toEqual(next);
    const row = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.update').executeTakeFirstOrThrow();
    expect(row.data).toEqual({ lockoutThreshold: { from: 5, to: 7 }, screenWatermark: { from: true, to: false } });
  });
  it('refuses unknown keys and out-of-range values', () => {
    expect(UpdateSettingsBody.safeParse({ lockoutThreshold: 1 }).success).toBe(false);
    expect(UpdateSettingsBody.safeParse({ nope: true }).success).toBe(false);
    expect(UpdateSettingsBody.safeParse({ passwordMinLength: 12 }).success).toBe(true);
  });
  it('a PATCH of one setting leaves the others as they were (the body used to parse into every default)', async () => {
    expect(UpdateSettingsBody.parse({ agingGraceDays: 2 })).toEqual({ agingGraceDays: 2 });
    await updateSettings(ctx.db, null, { exportApprovalThreshold: 100 });
    const after = await updateSettings(ctx.db, null, UpdateSettingsBody.parse({ agingGraceDays: 2 }));
    expect(after).toMatchObject({ exportApprovalThreshold: 100, lockoutThreshold: 7, screenWatermark: false, agingGraceDays: 2 });
    expect(await getSettings(ctx.db)).toEqual(after);
  });
});
