/**
 * Aging routes (issue 6):
 *   GET /api/cases/:id/installments          cases.read     schedule with FIFO settlement, DPD and bucket today
 *   GET /api/clients/:id/aging-settings      clients.read   { agingGraceDays } (null = agency default)
 *   PUT /api/clients/:id/aging-settings      clients.write  { agingGraceDays: 0…365 | null }
 * Agency-wide buckets and grace are settings (`PATCH /api/settings`, agingBuckets / agingGraceDays).
 */
import { ClientAgingSettingsBody } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { IdParam } from '../batches/batches.routes.ts';
import { caseInstallments, getClientAgingSettings, setClientAgingSettings } from './aging.service.ts';

/** Registers the aging routes (one line in http/app.ts). */
export function agingRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/cases/:id/installments', 'cases.read', async (req, _reply, actor) => caseInstallments(ctx, actor, parseInput(IdParam, req.params).id));
  route('GET', '/api/clients/:id/aging-settings', 'clients.read', async (req, _reply, actor) => getClientAgingSettings(ctx, actor, parseInput(IdParam, req.params).id));
  route('PUT', '/api/clients/:id/aging-settings', 'clients.write', async (req, _reply, actor) => setClientAgingSettings(ctx, actor, parseInput(IdParam, req.params).id, parseInput(ClientAgingSettingsBody, req.body)));
}
