/**
 * Compliance API (issue 4):
 * - GET  /api/compliance/rule-sets               presets + latest saved versions (cases.read)
 * - GET  /api/compliance/rule-sets/:name          effective rule set, `?version=N` for an old one (cases.read)
 * - PUT  /api/compliance/rule-sets/:name          save the next version (compliance.manage)
 * - PUT  /api/clients/:id/compliance-rule-set     choose a client's rule set (compliance.manage)
 * - POST /api/contact-attempts/check              the dialer's pre-contact check: body as one request of
 *   `recova compliance check` (design.md §5) without `id`; answers the Decision plus `engineMicros`.
 * - POST /api/cases/:id/contact-check             the same for a case on file (cases.read, case scope): the
 *   dialer names the case, channel and phone; rule set, zones, flags and the person's history come from
 *   the database (contacts/contact-gate.ts). Nothing is recorded.
 */
import { z } from 'zod';
import { RuleSetName, SaveRuleSetBody } from '@recova/contracts';
import { CHANNELS, PARTIES, PURPOSES, checkContact } from '@recova/domain/compliance/index';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { complianceRequestSchema } from './request.schema.ts';
import { caseInScope } from '../cases/cases.service.ts';
import { loadContactContext } from '../contacts/contact-context.ts';
import { judge } from '../contacts/contact-gate.ts';
import { listRuleSets, resolveRuleSet, saveRuleSet, setClientRuleSet } from './rule-sets.service.ts';

const CheckBody = complianceRequestSchema.omit({ id: true });
const CaseCheckBody = z.strictObject({
  channel: z.enum(CHANNELS),
  phoneId: z.number().int().positive().optional(),
  party: z.enum(PARTIES).optional(),
  purpose: z.enum(PURPOSES).optional(),
  disclosesDebt: z.boolean().optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

export function complianceRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/compliance/rule-sets', 'cases.read', async () => ({ items: await listRuleSets(ctx.db) }));
  route('GET', '/api/compliance/rule-sets/:name', 'cases.read', async (req) => {
    const p = parseInput(z.object({ name: z.string().max(64) }), req.params);
    const q = parseInput(z.object({ version: z.coerce.number().int().positive().optional() }), req.query);
    return resolveRuleSet(ctx.db, p.name, q.version);
  });
  route('PUT', '/api/compliance/rule-sets/:name', 'compliance.manage', async (req, _reply, actor) => {
    const p = parseInput(z.object({ name: RuleSetName }), req.params);
    return saveRuleSet(ctx.db, actor, p.name, parseInput(SaveRuleSetBody, req.body));
  });
  route('PUT', '/api/clients/:id/compliance-rule-set', 'compliance.manage', async (req, _reply, actor) => {
    const p = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params);
    const b = parseInput(z.object({ ruleSet: z.string().min(1).max(64) }), req.body);
    await setClientRuleSet(ctx.db, actor, p.id, b.ruleSet);
    return { ok: true };
  });
  route('POST', '/api/contact-attempts/check', 'cases.read', async (req) => {
    const body = parseInput(CheckBody, req.body);
    const ruleSet = await resolveRuleSet(ctx.db, body.ruleSet);
    const t0 = process.hrtime.bigint();
    const decision = checkContact(body.proposed, body.history, body.debtor, ruleSet, ctx.clock.now());
    const engineMicros = Number(process.hrtime.bigint() - t0) / 1000;
    return { ...decision, ruleSet: { id: ruleSet.id, version: ruleSet.version }, engineMicros };
  });
  route('POST', '/api/cases/:id/contact-check', 'cases.read', async (req, _reply, actor) => {
    const p = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params);
    const b = parseInput(CaseCheckBody, req.body);
    await caseInScope(ctx, actor, p.id);
    const now = ctx.clock.now();
    const cc = await loadContactContext(ctx.db, ctx.pii, p.id, now);
    const t0 = process.hrtime.bigint();
    const r = judge(cc, { ...b, caseId: p.id, at: b.at ? new Date(b.at) : undefined }, now);
    const engineMicros = Number(process.hrtime.bigint() - t0) / 1000;
    return { ...r.decision, ruleSet: r.ruleSet, engineMicros };
  });
}
