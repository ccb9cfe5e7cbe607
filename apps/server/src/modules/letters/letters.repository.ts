/** Letter queries, always restricted to the actor's case scope (SQL only). */
import type { Kysely } from 'kysely';
import type { LetterItem } from '@recova/contracts';
import type { DB } from '../../db/schema.ts';
import type { Scope } from '../auth/scope.ts';
import { caseScopeSql } from '../access/scope.sql.ts';

/** Letters in scope by ids, case, print batch or status (newest first, at most 1000). */
export async function listLetters(db: Kysely<DB>, scope: Scope, by: { ids?: number[]; caseId?: number; printBatch?: string; status?: string }): Promise<LetterItem[]> {
  let q = db.selectFrom('letters as l').innerJoin('cases as c', 'c.id', 'l.case_id').leftJoin('message_templates as t', 't.id', 'l.template_id')
    .select(['l.id', 'l.letter_no', 'l.case_id', 'c.client_case_ref', 'l.letter_date', 'l.address_masked', 'l.status', 'l.print_batch', 't.name as template_name', 'l.created_at'])
    .where('l.tenant_id', '=', 1).where(caseScopeSql(scope, 'c'));
  if (by.ids) q = q.where('l.id', 'in', by.ids.length ? by.ids : [-1]);
  if (by.caseId !== undefined) q = q.where('l.case_id', '=', by.caseId);
  if (by.printBatch !== undefined) q = q.where('l.print_batch', '=', by.printBatch);
  if (by.status !== undefined) q = q.where('l.status', '=', by.status);
  const rows = await q.orderBy('l.id', 'desc').limit(1000).execute();
  return rows.map((r) => ({
    id: r.id, letterNo: r.letter_no, caseId: r.case_id, caseRef: r.client_case_ref, letterDate: String(r.letter_date).slice(0, 10), address: r.address_masked,
    status: r.status as LetterItem['status'], printBatch: r.print_batch, templateName: r.template_name, createdAt: new Date(r.created_at).toISOString(),
  }));
}
