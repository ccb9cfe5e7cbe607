import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { CaseActionBody, CaseExportBody, CaseFilterSchema, CaseListQuery, CaseSearchBody, RevealBody, type CaseFilter } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { AppError, parseInput } from '../../http/errors.ts';
import { IdParam } from '../batches/batches.routes.ts';
import { audit } from '../audit/audit.ts';
import { caseAction, getCase, listCases, todayFor } from './cases.service.ts';
import { countCases, exportCases, writeXlsx } from './cases.export.ts';
import { revealValue } from './cases.reveal.ts';
import { requireExportApproval } from '../exports/export-requests.service.ts';
import { guardedSearch, nameMatchOf } from './search-guard.ts';

/**
 * Full ID, card and phone numbers never travel in URLs (issue 3 point 4: they would land in access
 * logs, proxies and browser history): a GET list whose `q` holds 7 or more digits in a row is refused.
 */
const hasIdentifier = (q: string | undefined) => !!q && /\d{7,}/.test(q.normalize('NFKC').replace(/[\s\-()+.]/g, ''));

export function refuseIdentifierInUrl(q: string | undefined): void {
  if (hasIdentifier(q)) {
    throw new AppError('VALIDATION_FAILED', 'search by ID, card or phone number with POST /api/cases/search (numbers must not be sent in URLs)', [{ field: 'q', reason: 'use POST /api/cases/search' }]);
  }
}

/** The audit view of a filter: the search text is never stored (it may be a number or a name), only whether there was one. */
const auditFilter = (f: CaseFilter) => {
  const { q, ...rest } = f;
  return { ...rest, q: q ? true : undefined };
};

async function sendXlsx(ctx: AppContext, actor: Actor, reply: FastifyReply, filter: CaseFilter, reveal: boolean, via: string) {
  if (reveal && !actor.permissions.includes('cases.reveal')) throw new AppError('FORBIDDEN', 'permission cases.reveal required to export full values');
  const asOf = todayFor(ctx);
  const nameMatch = nameMatchOf(actor);
  // an export filtered by search text answers a guess by its row count: under the guess budget (ADR 0012)
  const rows = await guardedSearch(ctx, actor, filter.q, 'case.export', () => countCases(ctx, actor.scope, filter, asOf, nameMatch), (n) => n > 0);
  await requireExportApproval(ctx, actor, { filter, format: 'xlsx', reveal }, rows);
  await audit(ctx.db, actor.id, 'case.export', 'case', null, { filter: auditFilter(filter), format: 'xlsx', reveal, rows, via });
  const out = new PassThrough();
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="cases-${asOf}.xlsx"`);
  const footer = `导出人 Exported by ${actor.displayName} (${actor.username}) · ${ctx.clock.now().toISOString()}`;
  void writeXlsx(exportCases(ctx, actor.scope, filter, { asOf, reveal, nameMatch }), out, footer).catch((e) => out.destroy(e));
  return reply.send(out);
}

export function caseRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/cases', 'cases.read', async (req, _reply, actor) => {
    const q = parseInput(CaseListQuery, req.query);
    refuseIdentifierInUrl(q.q);
    return listCases(ctx, actor, q);
  });
  route('POST', '/api/cases/search', 'cases.read', async (req, _reply, actor) => {
    const body = parseInput(CaseSearchBody, req.body ?? {}) as z.infer<typeof CaseListQuery>;
    const page = await listCases(ctx, actor, body, 'search');
    // a search by a full number is a lookup of personal data: audited (never the number), so guessing shows
    if (hasIdentifier(body.q)) await audit(ctx.db, actor.id, 'case.search_number', 'case', null, { results: page.total });
    return page;
  });
  route('GET', '/api/cases/export.xlsx', 'cases.export', async (req, reply, actor) => {
    const filter = parseInput(CaseFilterSchema, req.query);
    refuseIdentifierInUrl(filter.q);
    return sendXlsx(ctx, actor, reply, filter, false, 'get');
  });
  route('POST', '/api/cases/export', 'cases.export', async (req, reply, actor) => {
    const body = parseInput(CaseExportBody, req.body ?? {});
    return sendXlsx(ctx, actor, reply, body.filter, body.reveal, 'post');
  });
  route('GET', '/api/cases/:id', 'cases.read', async (req, _reply, actor) => getCase(ctx, actor, parseInput(IdParam, req.params).id));
  route('POST', '/api/cases/:id/reveal', 'cases.reveal', async (req, _reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    const body = parseInput(RevealBody, req.body ?? {});
    return revealValue(ctx, actor, id, body.field, body.ref);
  });
  route('POST', '/api/cases/actions', 'cases.read', async (req, _reply, actor) => caseAction(ctx, actor, parseInput(CaseActionBody, req.body)));
}
