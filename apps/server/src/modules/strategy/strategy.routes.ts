/**
 * `/api/strategies`: read with strategy.manage, reports.read or cases.read; write, activate and dry-run
 * with strategy.manage. Strategies are configuration, not case data; the dry run counts only cases in
 * the caller's scope.
 */
import { z } from 'zod';
import { CreateStrategyBody, RunDayBody, SaveStrategyBody } from '@recova/contracts';
import type { Actor, AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { AppError, parseInput } from '../../http/errors.ts';
import { createStrategy, getStrategy, listStrategies, saveStrategy, setStrategyActive } from './strategy.service.ts';
import { dryRunStrategy } from '../daily-run/dry-run.ts';
import { dailyRunRoutes } from '../daily-run/daily-run.routes.ts';

const Params = z.object({ id: z.coerce.number().int().positive() });
const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() }).strict();

/** Readers of strategies and runs: strategy.manage, reports.read or cases.read. FORBIDDEN otherwise. */
export function assertStrategyReader(actor: Actor): void {
  if (!['strategy.manage', 'reports.read', 'cases.read'].some((p) => actor.permissions.includes(p as never))) throw new AppError('FORBIDDEN', 'permission reports.read or cases.read required');
}

export function strategyRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/strategies', 'authenticated', async (_req, _reply, actor) => {
    assertStrategyReader(actor);
    return { items: await listStrategies(ctx) };
  });
  route('GET', '/api/strategies/:id', 'authenticated', async (req, _reply, actor) => {
    assertStrategyReader(actor);
    return getStrategy(ctx, parseInput(Params, req.params).id, parseInput(VersionQuery, req.query).version);
  });
  route('POST', '/api/strategies', 'strategy.manage', async (req, reply, actor) => {
    const body = parseInput(CreateStrategyBody, req.body);
    reply.code(201);
    return createStrategy(ctx, actor, body);
  });
  route('PUT', '/api/strategies/:id', 'strategy.manage', async (req, _reply, actor) => saveStrategy(ctx, actor, parseInput(Params, req.params).id, parseInput(SaveStrategyBody, req.body)));
  route('POST', '/api/strategies/:id/activate', 'strategy.manage', async (req, _reply, actor) => setStrategyActive(ctx, actor, parseInput(Params, req.params).id, true));
  route('POST', '/api/strategies/:id/deactivate', 'strategy.manage', async (req, _reply, actor) => setStrategyActive(ctx, actor, parseInput(Params, req.params).id, false));
  route('POST', '/api/strategies/:id/dry-run', 'strategy.manage', async (req, _reply, actor) => {
    const body = parseInput(RunDayBody, req.body ?? {});
    return dryRunStrategy(ctx, actor, parseInput(Params, req.params).id, body.date ?? ctx.clock.today(ctx.config.timezone));
  });
  dailyRunRoutes(route, ctx);
}
