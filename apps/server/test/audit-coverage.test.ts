/**
 * Which events write audit rows (issue 3 point 5): import upload / preview / commit, mapping saves,
 * bulk case actions with their case ids; all chained, none holding personal data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, SAMPLES, type TestContext } from './helpers/context.ts';
import { importFile, makeBatch, makeUser } from './helpers/fixtures.ts';
import { toActor } from '../src/modules/auth/sessions.ts';
import { caseAction } from '../src/modules/cases/cases.service.ts';
import { saveMapping } from '../src/modules/imports/import.mapping.ts';
import { createImport } from '../src/modules/imports/import.service.ts';
import { verifyAuditChain } from '../src/modules/audit/audit-verify.ts';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => ctx.cleanup());
const rows = (action: string) => ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

describe('audited events', () => {
  it('an import writes upload, preview and commit entries for the import id; no file name, no personal data', async () => {
    const { batchId, clientId } = await makeBatch(ctx);
    const res = await importFile(ctx, batchId, path.join(SAMPLES, 'import/xls-biff8-standard-template/input.xls'), { saveAsTemplate: true });
    const importId = String(res.importId ?? (await ctx.db.selectFrom('imports').select('id').executeTakeFirstOrThrow()).id);
    const [up] = await rows('import.upload');
    expect(up).toMatchObject({ entity: 'import', entity_id: importId, data: { batchId, kind: 'cases', fileSize: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(JSON.stringify(up.data)).not.toContain('input.xls');
    expect(await rows('import.preview')).toEqual([expect.objectContaining({ entity_id: importId, data: expect.objectContaining({ headerFound: true, mappingSource: 'auto' }) })]);
    expect(await rows('import.commit')).toEqual([expect.objectContaining({ entity_id: importId, data: expect.objectContaining({ batchId, imported: 3 }) })]);
    expect(await rows('mapping.save')).toEqual([expect.objectContaining({ entity: 'client', entity_id: String(clientId), data: { kind: 'cases', columns: expect.any(Number) } })]);
  });

  it('an upload that cannot be read is audited as import.failed at the preview stage', async () => {
    const b = await ctx.db.selectFrom('batches').select('id').executeTakeFirstOrThrow();
    const junk = path.join(ctx.tmp, 'junk.xlsx');
    fs.writeFileSync(junk, 'PK\u0003\u0004 not really a zip');
    await expect(createImport(ctx, null, { batchId: b.id, kind: 'cases', fileName: 'junk.xlsx', tempPath: junk })).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE' });
    const failed = (await rows('import.failed')).at(-1)!;
    expect(failed).toMatchObject({ entity: 'import', data: { batchId: b.id, stage: 'preview', code: 'UNSUPPORTED_FILE' } });
    expect((await rows('import.upload')).at(-1)!.entity_id).toBe(failed.entity_id);
  });

  it('CLI-style mapping saves are audited', async () => {
    const c = await ctx.db.selectFrom('clients').select('id').executeTakeFirstOrThrow();
    await saveMapping(ctx, c.id, 'phones', { columns: [{ header: '手机', target: { kind: 'ignore' } as never }], options: {} as never }, null);
    expect((await rows('mapping.save')).at(-1)).toMatchObject({ user_id: null, entity_id: String(c.id), data: { kind: 'phones', columns: 1 } });
  });

  it('bulk case actions list the case ids (capped) with the exact count; one case names it as entity id', async () => {
    const u = await makeUser(ctx, 'boss', 'manager');
    const boss = toActor(await ctx.db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow());
    const ids = (await ctx.db.selectFrom('cases').select('id').orderBy('id').execute()).map((r) => r.id);
    const r = await caseAction(ctx, boss, { action: 'pause', reason: 'dispute', selection: { caseIds: ids } });
    expect(r.affected).toBe(3);
    expect((await rows('case.pause'))[0]).toMatchObject({ entity: 'case', entity_id: null, data: { count: 3, caseIds: ids, selection: 'ids' } });
    await caseAction(ctx, boss, { action: 'resume', reason: 'resolved', selection: { caseIds: [ids[1]] } });
    expect((await rows('case.resume'))[0]).toMatchObject({ entity_id: String(ids[1]), data: { count: 1, caseIds: [ids[1]] } });
  });

  it('every entry is chained and none needed redaction', async () => {
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
    const all = await ctx.db.selectFrom('audit_log').select('data').execute();
    expect(all.filter((r) => JSON.stringify(r.data).includes('[redacted]'))).toEqual([]);
  });
});
