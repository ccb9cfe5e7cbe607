/**
 * Factories for service tests: clients, batches, users, and "import this file" through the real pipeline.
 */
import type { ImportKind, MappingOptions } from '@recova/contracts';
import type { AppContext } from '../../src/http/context.ts';
import { createClient } from '../../src/modules/clients/clients.service.ts';
import { createBatch } from '../../src/modules/batches/batches.service.ts';
import { importFileNow } from '../../src/modules/imports/import.service.ts';
import { addDays } from '@recova/domain/time/dates';
import { createUser } from '../../src/modules/users/users.service.ts';
import { toActor } from '../../src/modules/auth/sessions.ts';
import { PII_COLUMNS, openColumn, type PiiTable } from '../../src/modules/security/pii.ts';

export const systemAdmin = () => toActor({ id: 0, username: 'system', display_name: 'System', role: 'admin', locale: 'en-US', client_id: null, team_id: null });

export async function makeBatch(ctx: AppContext, p: { client?: string; batch?: string; currency?: string; placementDate?: string } = {}) {
  const code = p.client ?? 'BANK';
  const existing = await ctx.db.selectFrom('clients').selectAll().where('code', '=', code).executeTakeFirst();
  const client = existing ? { id: existing.id } : await createClient(ctx, null, { code, name: `${code} 银行`, currency: p.currency ?? 'CNY', timezone: 'Asia/Shanghai' });
  const batch = await createBatch(ctx, null, { clientId: client.id, batchNo: p.batch ?? 'B001', placementDate: p.placementDate ?? '2024-03-01', expectedReturnDate: addDays(p.placementDate ?? '2024-03-01', 121), region: '华北', productType: '信用卡', commissionRate: '12.5' });
  return { clientId: client.id, batchId: batch.id };
}

export async function importFile(ctx: AppContext, batchId: number, file: string, p: { kind?: ImportKind; sheet?: string; options?: Partial<MappingOptions>; allOrNothing?: boolean; saveAsTemplate?: boolean } = {}) {
  return importFileNow(ctx, null, { batchId, kind: p.kind ?? 'cases', fileName: file.split('/').pop()!, tempPath: file, sheet: p.sheet, options: p.options, allOrNothing: p.allOrNothing, saveAsTemplate: p.saveAsTemplate, errorLimit: 10_000 });
}

export async function makeUser(ctx: AppContext, username: string, role: 'admin' | 'manager' | 'team_lead' | 'collector' | 'client_viewer', extra: { clientId?: number; teamId?: number } = {}) {
  return createUser(ctx, systemAdmin(), { username, displayName: username, role, password: 'password-123', clientId: extra.clientId, teamId: extra.teamId, mustChangePassword: false });
}

/**
 * A stored row with its personal columns decrypted (ADR 0007), for tests that check imported values
 * exactly; the database itself holds only ciphertext.
 */
export function decrypted<T extends Record<string, unknown>>(ctx: AppContext, table: PiiTable, row: T): T {
  const out: Record<string, unknown> = { ...row };
  for (const c of PII_COLUMNS[table]) if (c in out) out[c] = openColumn(ctx.pii, table, c, out[c] as string | null);
  return out as T;
}
