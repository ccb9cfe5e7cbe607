import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { CommitImportBody, IMPORT_KINDS, PreviewBody, type FieldInfo } from '@recova/contracts';
import { CASE_FIELDS, CONTACT_FIELDS, INSTALLMENT_FIELDS, PAYMENT_FIELDS, RECORD_FIELDS } from '@recova/domain/imports/fields';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { AppError, parseInput } from '../../http/errors.ts';
import { IdParam } from '../batches/batches.routes.ts';
import { audit } from '../audit/audit.ts';
import { commitImport, createImport, getImport, listBatchImports, previewImport } from './import.service.ts';
import { writeTemplate } from './template.ts';
import { writeErrorsXlsx } from './errors-xlsx.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const info = (f: { key: string; label: string; labelEn: string; type: string }): FieldInfo => ({ key: f.key, label: f.label, labelEn: f.labelEn, type: f.type });

export function importRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/fields', 'authenticated', async () => ({ fields: [...CASE_FIELDS, ...RECORD_FIELDS, ...PAYMENT_FIELDS, ...INSTALLMENT_FIELDS].map(info), contactFields: CONTACT_FIELDS.map(info) }));

  route('GET', '/api/import-template', 'authenticated', async (req, reply) => {
    const q = parseInput(z.object({ lang: z.enum(['zh', 'en', 'both']).default('zh') }), req.query);
    const out = new PassThrough();
    reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="recova-case-template-${q.lang}.xlsx"`);
    void writeTemplate(out, q.lang).then(() => out.end(), (e) => out.destroy(e));
    return reply.send(out);
  });

  route('POST', '/api/imports', 'imports.run', async (req, reply, actor) => {
    const fields: Record<string, string> = {};
    let tempPath: string | null = null;
    let fileName = 'upload';
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          fileName = part.filename || fileName;
          tempPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'recova-up-')), 'file');
          await pipeline(part.file, fs.createWriteStream(tempPath));
          if (part.file.truncated) throw new AppError('FILE_TOO_LARGE', `file is larger than ${ctx.config.maxUploadBytes} bytes`);
        } else fields[part.fieldname] = String(part.value);
      }
      if (!tempPath) throw new AppError('VALIDATION_FAILED', 'no file uploaded', [{ field: 'file', reason: 'required' }]);
      const p = parseInput(z.object({ batchId: z.coerce.number().int().positive(), kind: z.enum(IMPORT_KINDS).default('cases'), encoding: z.string().max(32).optional(), sheet: z.string().max(128).optional() }), fields);
      // repayment files post payments: they also need payments.write (issue 5)
      if (p.kind === 'payments' && !actor.permissions.includes('payments.write')) throw new AppError('FORBIDDEN', 'permission payments.write required to import repayment files');
      reply.code(201);
      return await createImport(ctx, actor, { ...p, fileName, tempPath });
    } finally {
      if (tempPath) fs.rmSync(path.dirname(tempPath), { recursive: true, force: true });
    }
  });
  route('POST', '/api/imports/:id/preview', 'imports.run', async (req, _reply, actor) => previewImport(ctx, actor, parseInput(IdParam, req.params).id, parseInput(PreviewBody, req.body ?? {})));
  route('POST', '/api/imports/:id/commit', 'imports.run', async (req, _reply, actor) => commitImport(ctx, actor, parseInput(IdParam, req.params).id, parseInput(CommitImportBody, req.body)));
  route('GET', '/api/imports/:id', 'imports.run', async (req, _reply, actor) => getImport(ctx, actor, parseInput(IdParam, req.params).id));
  route('GET', '/api/imports/:id/errors.xlsx', 'imports.run', async (req, reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await getImport(ctx, actor, id, 0); // scope check
    await audit(ctx.db, actor.id, 'import.errors_export', 'import', id);
    const out = new PassThrough();
    reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="import-${id}-rejected.xlsx"`);
    void writeErrorsXlsx(ctx, id, out).catch((e) => out.destroy(e));
    return reply.send(out);
  });
  route('GET', '/api/batches/:id/imports', 'batches.read', async (req, _reply, actor) => ({ items: await listBatchImports(ctx, actor, parseInput(IdParam, req.params).id) }));
}
