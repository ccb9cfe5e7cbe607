/**
 * Allocation HTTP API (issue 6): preview/commit of allocation and rotation runs, return of cases,
 * collectors' allocation profiles and the list of runs.
 */
import { z } from 'zod';
import { AllocationCommitBody, CollectorProfileBody, ReturnCasesBody } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { commitAllocation, previewAllocation } from './allocation.service.ts';
import { returnCases } from './allocation.returns.ts';
import { listCollectors, listRuns, setCollectorProfile } from './allocation.collectors.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });

export function allocationRoutes(route: DefineRoute, ctx: AppContext) {
  route('POST', '/api/allocations/preview', 'allocation.run', async (req, _reply, actor) => previewAllocation(ctx, actor, req.body));
  route('POST', '/api/allocations/commit', 'allocation.run', async (req, _reply, actor) => commitAllocation(ctx, actor, parseInput(AllocationCommitBody, req.body ?? {}) as { request: unknown; token: string; reason: string }));
  route('POST', '/api/allocations/return', 'allocation.run', async (req, _reply, actor) => returnCases(ctx, actor, parseInput(ReturnCasesBody, req.body ?? {})));
  route('GET', '/api/allocations', 'allocation.run', async () => ({ items: await listRuns(ctx) }));
  route('GET', '/api/allocations/collectors', 'allocation.run', async (_req, _reply, actor) => ({ items: await listCollectors(ctx, actor) }));
  route('PUT', '/api/allocations/collectors/:id', 'users.write', async (req, _reply, actor) =>
    setCollectorProfile(ctx, actor, parseInput(IdParam, req.params).id, parseInput(CollectorProfileBody, req.body ?? {})));
}
