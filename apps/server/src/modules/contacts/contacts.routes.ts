/**
 * Contacts API (issues 4 and 5). Every case-addressed route answers 404 outside the actor's scope;
 * record- and flag-addressed routes go through the record's / flag's case.
 * - POST /api/cases/:id/contact-records      record a contact through the compliance gate (contacts.write);
 *   201 { record, decision, overridden }; blocked → 409 { code: COMPLIANCE_BLOCKED, message, details:
 *   Reason[], nextAllowedAt, recordId } (the blocked attempt stays recorded)
 * - GET  /api/cases/:id/contact-records      timeline incl. blocked attempts (cases.read)
 * - PATCH /api/contact-records/:id           author, within the grace period (contacts.write; RECORD_LOCKED)
 * - POST /api/contact-records/:id/notes      annotation (contacts.write)
 * - GET  /api/cases/:id/contactability       may each phone / channel be contacted now (cases.read)
 * - GET  /api/cases/:id/flags, POST /api/cases/:id/flags, POST /api/case-flags/:id/clear (cases.read / cases.flags)
 * - GET  /api/cases/:id/debtor-cases         other cases of the same ID number the actor may see (cases.read)
 * - GET  /api/contact-codes (cases.read), PUT /api/contact-codes/:kind/:code (codes.manage)
 * - GET  /api/reports/compliance?from=&to=   (reports.read, scoped)
 */
import { ClearFlagBody, ComplianceReportQuery, ContactCodeParams, CreateContactRecordBody, EditContactRecordBody, PutContactCodeBody, RecordNoteBody, SetFlagBody, type ContactRecordCreated, type DebtorCaseItem } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { notFound, parseInput } from '../../http/errors.ts';
import { IdParam } from '../batches/batches.routes.ts';
import { caseScopeSql } from '../access/scope.sql.ts';
import { caseInScope } from '../cases/cases.service.ts';
import { caseKeys, recordContact } from './contact-records.service.ts';
import { addNote, editRecord, listRecords, recordInScope } from './contact-timeline.ts';
import { contactability } from './contactability.service.ts';
import { clearFlag, flagById, listFlags, setFlag } from './flags.service.ts';
import { listCodes, putCode } from './contact-codes.service.ts';
import { complianceReport } from './compliance-report.service.ts';

/** A flag is reachable when its case is in scope, or (person flags) any case of the person is. */
async function flagInScope(ctx: AppContext, actor: Actor, flagId: number) {
  const f = await flagById(ctx.db, flagId);
  if (!f) throw notFound('flag');
  const seen = await ctx.db
    .selectFrom('cases as k')
    .select('k.id')
    .where((eb) => (f.debtor_key ? eb.or([eb('k.id', '=', f.case_id ?? -1), eb('k.id_number_bidx', '=', f.debtor_key)]) : eb('k.id', '=', f.case_id ?? -1)))
    .where(caseScopeSql(actor.scope, 'k'))
    .limit(1)
    .executeTakeFirst();
  if (!seen) throw notFound('flag');
  return f;
}

/** Other cases with the same ID number (blind index) in the actor's scope. */
async function debtorCases(ctx: AppContext, actor: Actor, caseId: number): Promise<DebtorCaseItem[]> {
  await caseInScope(ctx, actor, caseId);
  const { debtorKey } = await caseKeys(ctx, caseId);
  if (!debtorKey) return [];
  const rows = await ctx.db
    .selectFrom('cases as k')
    .innerJoin('clients as cl', 'cl.id', 'k.client_id')
    .innerJoin('batches as b', 'b.id', 'k.batch_id')
    .leftJoin('users as u', 'u.id', 'k.assigned_user_id')
    .select(['k.id', 'k.client_case_ref', 'cl.code', 'b.batch_no', 'k.status', 'k.currency', 'k.outstanding_amount', 'u.display_name'])
    .where('k.id_number_bidx', '=', debtorKey)
    .where('k.id', '!=', caseId)
    .where(caseScopeSql(actor.scope, 'k'))
    .orderBy('k.id')
    .execute();
  return rows.map((r) => ({ id: r.id, clientCaseRef: r.client_case_ref, clientCode: r.code, batchNo: r.batch_no, status: r.status, currency: r.currency, outstanding: r.outstanding_amount, assignedUserName: r.display_name }));
}

export function contactRoutes(route: DefineRoute, ctx: AppContext) {
  route('POST', '/api/cases/:id/contact-records', 'contacts.write', async (req, reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await caseInScope(ctx, actor, id); // 404 before the body is judged
    const out = await recordContact(ctx, actor, id, parseInput(CreateContactRecordBody, req.body ?? {}));
    if (out.status === 'blocked') {
      return reply.code(409).send({
        code: 'COMPLIANCE_BLOCKED', message: out.decision.reasons.filter((r) => r.ruleId).map((r) => r.message).join('; ') || 'blocked by the compliance rules',
        details: out.decision.reasons, nextAllowedAt: out.decision.nextAllowedAt, recordId: out.recordId,
      });
    }
    const [record] = await listRecords(ctx, actor, id, [out.recordId]);
    const body: ContactRecordCreated = { record, decision: out.decision, overridden: out.overridden };
    return reply.code(201).send(body);
  });
  route('GET', '/api/cases/:id/contact-records', 'cases.read', async (req, _reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await caseInScope(ctx, actor, id);
    return { items: await listRecords(ctx, actor, id) };
  });
  route('PATCH', '/api/contact-records/:id', 'contacts.write', async (req, _reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await recordInScope(ctx, actor, id);
    return editRecord(ctx, actor, id, parseInput(EditContactRecordBody, req.body ?? {}));
  });
  route('POST', '/api/contact-records/:id/notes', 'contacts.write', async (req, reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await recordInScope(ctx, actor, id);
    const out = await addNote(ctx, actor, id, parseInput(RecordNoteBody, req.body ?? {}).body);
    return reply.code(201).send(out);
  });
  route('GET', '/api/cases/:id/contactability', 'cases.read', async (req, _reply, actor) => contactability(ctx, actor, parseInput(IdParam, req.params).id));

  route('GET', '/api/cases/:id/flags', 'cases.read', async (req, _reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await caseInScope(ctx, actor, id);
    const { debtorKey } = await caseKeys(ctx, id);
    return { items: await listFlags(ctx.db, id, debtorKey, ctx.clock.now()) };
  });
  route('POST', '/api/cases/:id/flags', 'cases.flags', async (req, reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await caseInScope(ctx, actor, id);
    const body = parseInput(SetFlagBody, req.body ?? {});
    const flagId = await setFlag(ctx.db, actor, await caseKeys(ctx, id), body, ctx.clock.now());
    return reply.code(201).send({ id: flagId });
  });
  route('POST', '/api/case-flags/:id/clear', 'cases.flags', async (req, _reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await flagInScope(ctx, actor, id);
    const { reason } = parseInput(ClearFlagBody, req.body ?? {});
    await clearFlag(ctx.db, actor, id, reason, ctx.clock.now());
    return { ok: true };
  });
  route('GET', '/api/cases/:id/debtor-cases', 'cases.read', async (req, _reply, actor) => ({ items: await debtorCases(ctx, actor, parseInput(IdParam, req.params).id) }));

  route('GET', '/api/contact-codes', 'cases.read', async () => ({ items: await listCodes(ctx.db) }));
  route('PUT', '/api/contact-codes/:kind/:code', 'codes.manage', async (req, _reply, actor) => {
    const p = parseInput(ContactCodeParams, req.params);
    return putCode(ctx.db, actor, p.kind, p.code, parseInput(PutContactCodeBody, req.body ?? {}));
  });
  route('GET', '/api/reports/compliance', 'reports.read', async (req, _reply, actor) => {
    const q = parseInput(ComplianceReportQuery, req.query);
    return complianceReport(ctx, actor, q.from, q.to);
  });
}

