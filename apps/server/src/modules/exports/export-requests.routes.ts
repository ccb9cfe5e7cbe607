/**
 * Export requests (approval of large exports): list, approve, reject, download once.
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { EXPORT_REQUEST_STATUSES } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { IdParam } from '../batches/batches.routes.ts';
import { exportCases, writeCsv, writeXlsx } from '../cases/cases.export.ts';
import { todayFor } from '../cases/cases.service.ts';
import { nameMatchOf } from '../cases/search-guard.ts';
import { claimDownload, decideExportRequest, listExportRequests } from './export-requests.service.ts';

export function exportRequestRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/export-requests', 'authenticated', async (req, _reply, actor) => {
    const q = parseInput(z.object({ status: z.enum(EXPORT_REQUEST_STATUSES).optional() }), req.query);
    return { items: await listExportRequests(ctx, actor, q.status) };
  });
  route('POST', '/api/export-requests/:id/approve', 'exports.approve', async (req, _reply, actor) => decideExportRequest(ctx, actor, parseInput(IdParam, req.params).id, 'approve'));
  route('POST', '/api/export-requests/:id/reject', 'exports.approve', async (req, _reply, actor) => decideExportRequest(ctx, actor, parseInput(IdParam, req.params).id, 'reject'));
  route('GET', '/api/export-requests/:id/download', 'cases.export', async (req, reply, actor) => {
    const spec = await claimDownload(ctx, actor, parseInput(IdParam, req.params).id);
    const asOf = todayFor(ctx);
    // the requester's scope and reveal permission as of now, not as of the request
    const rows = exportCases(ctx, actor.scope, spec.filter, { asOf, reveal: spec.reveal && actor.permissions.includes('cases.reveal'), nameMatch: nameMatchOf(actor) });
    const footer = `导出人 Exported by ${actor.displayName} (${actor.username}) · ${ctx.clock.now().toISOString()} · 审批 approved by ${spec.approvedBy} (#${spec.id})`;
    const out = new PassThrough();
    if (spec.format === 'csv') {
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="cases-${asOf}-${spec.id}.csv"`);
      void writeCsv(rows, (s) => out.write(s)).then(() => out.end(), (e) => out.destroy(e));
    } else {
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="cases-${asOf}-${spec.id}.xlsx"`);
      void writeXlsx(rows, out, footer).catch((e) => out.destroy(e));
    }
    return reply.send(out);
  });
}
