/**
 * Audit log API (issue 3 point 5), all behind `audit.read`:
 *   GET  /api/audit          filtered, paged entries, newest first (AuditListQuery)
 *   GET  /api/audit/actions  distinct actions for the filter drop-down
 *   POST /api/audit/verify   walk the hash chain; returns count, head and problems (AuditVerifyResult);
 *                            the check is itself audited (`audit.verify`). On PGlite a very large log
 *                            blocks other requests while it runs; the CLI is the tool for millions of rows.
 */
import { AuditListQuery, type AuditVerifyResult } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { listAuditActions, listAuditEntries } from './audit.repository.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { audit } from './audit.ts';

export function auditRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/audit', 'audit.read', async (req) => listAuditEntries(ctx.db, parseInput(AuditListQuery, req.query)));
  route('GET', '/api/audit/actions', 'audit.read', async () => listAuditActions(ctx.db));
  // the check itself is recorded (who verified, and what they saw)
  route('POST', '/api/audit/verify', 'audit.read', async (_req, _reply, actor): Promise<AuditVerifyResult> => {
    const s = await verifyAuditChain(ctx.db, { maxProblems: 1000 });
    await audit(ctx.db, actor.id, 'audit.verify', 'audit_log', null, { ok: s.ok, count: s.count, headSeq: s.head?.seq ?? 0, problemCount: s.problemCount });
    return s;
  });
}
