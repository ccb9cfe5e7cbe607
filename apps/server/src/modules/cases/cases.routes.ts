import { PassThrough } from 'node:stream';
import { CaseActionBody, CaseFilterSchema, CaseListQuery } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { IdParam } from '../batches/batches.routes.ts';
import { audit } from '../audit/audit.ts';
import { caseAction, getCase, listCases, todayFor } from './cases.service.ts';
import { exportCases, writeXlsx } from './cases.export.ts';
import { requireExportApproval } from '../exports/export-requests.service.ts';

export function caseRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/cases', 'cases.read', async (req, _reply, actor) => listCases(ctx, actor, parseInput(CaseListQuery, req.query)));
  route('GET', '/api/cases/export.xlsx', 'cases.export', async (req, reply, actor) => {
    const filter = parseInput(CaseFilterSchema, req.query);
    await requireExportApproval(ctx, actor, { filter, format: 'xlsx', reveal: false });
    const asOf = todayFor(ctx);
    await audit(ctx.db, actor.id, 'case.export', 'case', null, { filter, format: 'xlsx' });
    const out = new PassThrough();
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="cases-${asOf}.xlsx"`);
    const footer = `导出人 Exported by ${actor.displayName} (${actor.username}) · ${ctx.clock.now().toISOString()}`;
    void writeXlsx(exportCases(ctx, actor.scope, filter, { asOf, reveal: false }), out, footer).catch((e) => out.destroy(e));
    return reply.send(out);
  });
  route('GET', '/api/cases/:id', 'cases.read', async (req, _reply, actor) => getCase(ctx, actor, parseInput(IdParam, req.params).id));
  route('POST', '/api/cases/actions', 'cases.read', async (req, _reply, actor) => caseAction(ctx, actor, parseInput(CaseActionBody, req.body)));
}
