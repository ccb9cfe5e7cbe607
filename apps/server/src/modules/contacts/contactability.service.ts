/**
 * "The case workbench shows, before the collector dials, whether each phone may be called now and when
 * it next may" (issue 4). One read-only gate check per phone of the case (a call; a contact person's
 * phone is checked as a third-party `locate` call) and per other channel (SMS to the debtor's first
 * mobile, e-mail, a visit to the first address). The gate's context (rule set, profile, the person's
 * history) is loaded once per request; each item is then a pure engine check. Nothing is written.
 */
import type { Contactability, ContactabilityItem } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import { caseInScope } from '../cases/cases.service.ts';
import { judge, type ProposedContact } from './contact-gate.ts';
import { loadContactContext } from './contact-context.ts';

/** Contactability of case `caseId` at the clock's now. */
export async function contactability(ctx: AppContext, actor: Actor, caseId: number): Promise<Contactability> {
  await caseInScope(ctx, actor, caseId);
  const now = ctx.clock.now();
  const [phones, addresses] = await Promise.all([
    ctx.db.selectFrom('case_phones').select(['id', 'owner', 'kind', 'number_masked', 'relation', 'status']).where('case_id', '=', caseId).orderBy('owner', 'desc').orderBy('id').execute(),
    ctx.db.selectFrom('case_addresses').select(['id', 'kind', 'address_masked', 'owner']).where('case_id', '=', caseId).orderBy('id').execute(),
  ]);
  const wanted: Array<{ key: string; label: string; party: 'debtor' | 'third_party'; p: ProposedContact }> = [];
  for (const ph of phones) {
    const third = ph.owner !== 'debtor';
    wanted.push({ key: `phone:${ph.id}`, label: ph.number_masked ?? '', party: third ? 'third_party' : 'debtor', p: { caseId, channel: 'call', phoneId: ph.id, party: third ? 'third_party' : 'debtor', purpose: third ? 'locate' : 'collection' } });
  }
  const mobile = phones.find((p) => p.owner === 'debtor' && p.kind === 'mobile' && p.status !== 'invalid');
  if (mobile) wanted.push({ key: 'sms', label: mobile.number_masked ?? '', party: 'debtor', p: { caseId, channel: 'sms', phoneId: mobile.id, party: 'debtor' } });
  wanted.push({ key: 'email', label: '', party: 'debtor', p: { caseId, channel: 'email', party: 'debtor' } });
  const home = addresses.find((a) => a.owner === 'debtor') ?? addresses[0];
  if (home) wanted.push({ key: 'visit', label: home.address_masked ?? '', party: 'debtor', p: { caseId, channel: 'visit', addressId: home.id, party: 'debtor' } });

  // profile, history and rule set loaded once; each item is a pure engine check
  const gate = await loadContactContext(ctx.db, ctx.pii, caseId, now);
  const ruleSet: Contactability['ruleSet'] = { id: gate.ruleSet.id, version: gate.ruleSet.version };
  const items: ContactabilityItem[] = [];
  for (const w of wanted) {
    const g = judge(gate, { ...w.p, at: now }, now);
    items.push({
      key: w.key, channel: w.p.channel, phoneId: w.p.phoneId ?? null, addressId: w.p.addressId ?? null, label: w.label, party: w.party,
      decision: g.decision.decision, reasons: g.decision.reasons, nextAllowedAt: g.decision.nextAllowedAt,
    });
  }
  return { at: now.toISOString(), ruleSet, items };
}
