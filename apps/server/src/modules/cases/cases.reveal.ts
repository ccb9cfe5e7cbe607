/**
 * Reveal one personal value of a case (issue 3 point 4): needs `cases.reveal` (checked by the route),
 * the case must be in the actor's scope (else 404, like every other case lookup), the `ref` row must
 * belong to that case (else 404). Each reveal writes an audit row with who, the case, the field and
 * the ref — never the value.
 */
import type { RevealField, RevealResult } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { openColumn, type PiiTable } from '../security/pii.ts';
import { caseInScope } from './cases.service.ts';

/** Where each field lives: table, column, and whether `ref` names the row. */
const SOURCE: Record<RevealField, { table: PiiTable | 'cases_plain'; col: string }> = {
  debtor_name: { table: 'cases_plain', col: 'debtor_name' },
  id_number: { table: 'cases', col: 'id_number' },
  card_number: { table: 'cases', col: 'card_number' },
  account_number: { table: 'cases', col: 'account_number' },
  repayment_account: { table: 'cases', col: 'repayment_account' },
  phone: { table: 'case_phones', col: 'number' },
  address: { table: 'case_addresses', col: 'address' },
  contact_name: { table: 'case_contacts', col: 'name' },
  contact_mobile: { table: 'case_contacts', col: 'mobile' },
  contact_work_phone: { table: 'case_contacts', col: 'work_phone' },
  contact_home_phone: { table: 'case_contacts', col: 'home_phone' },
  contact_address: { table: 'case_contacts', col: 'address' },
  record_target: { table: 'case_records', col: 'target' },
};

/** Reveal `field` (of row `ref` for child fields) of case `caseId`; audited as `case.reveal`. */
export async function revealValue(ctx: AppContext, actor: Actor, caseId: number, field: RevealField, ref?: number): Promise<RevealResult> {
  await caseInScope(ctx, actor, caseId);
  const src = SOURCE[field];
  let value: string | null;
  if (src.table === 'cases_plain' || src.table === 'cases') {
    const row = (await ctx.db.selectFrom('cases').select(['debtor_name', 'id_number', 'card_number', 'account_number', 'repayment_account']).where('id', '=', caseId).executeTakeFirstOrThrow()) as Record<string, string | null>;
    value = src.table === 'cases' ? openColumn(ctx.pii, 'cases', src.col, row[src.col]) : row[src.col];
  } else {
    const row = (await ctx.db
      .selectFrom(src.table)
      .selectAll()
      .where('id', '=', ref!)
      .where('case_id', '=', caseId)
      .executeTakeFirst()) as Record<string, string | null> | undefined;
    if (!row) throw notFound(field);
    value = openColumn(ctx.pii, src.table, src.col, row[src.col]);
  }
  await audit(ctx.db, actor.id, 'case.reveal', 'case', caseId, { field, ref: ref ?? null });
  return { field, ref: ref ?? null, value };
}
