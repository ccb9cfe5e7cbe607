/** Letter routes (issue 5 item 6): generate, list, PDF (single or print batch), status updates. */
import { z } from 'zod';
import { GenerateLettersBody, LETTER_STATUSES, UpdateLetterStatusBody } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { generateLetters, lettersPdf, updateLetterStatus } from './letters.service.ts';
import { listLetters } from './letters.repository.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const BatchParam = z.object({ batch: z.string().regex(/^PB-XH\d{10,}$/) });
const ListQuery = z.object({ caseId: z.coerce.number().int().positive().optional(), printBatch: z.string().max(40).optional(), status: z.enum(LETTER_STATUSES).optional() });
const StatusBody = UpdateLetterStatusBody.extend({ ids: z.array(z.number().int().positive()).min(1).max(1000) });

export function letterRoutes(route: DefineRoute, ctx: AppContext) {
  route('POST', '/api/letters', 'contacts.write', async (req, reply, actor) => {
    const r = await generateLetters(ctx, actor, parseInput(GenerateLettersBody, req.body));
    reply.code(201);
    return r;
  });
  route('GET', '/api/letters', 'cases.read', async (req, _reply, actor) => ({ items: await listLetters(ctx.db, actor.scope, parseInput(ListQuery, req.query)) }));
  // the PDF carries the unmasked name and address (it is mailed): only those who make letters
  route('GET', '/api/letters/:id/pdf', 'contacts.write', async (req, reply, actor) => {
    const pdf = await lettersPdf(ctx, actor, { ids: [parseInput(IdParam, req.params).id] });
    return reply.type('application/pdf').header('content-disposition', 'inline; filename="letter.pdf"').header('cache-control', 'no-store').send(pdf);
  });
  route('GET', '/api/letters/batches/:batch/pdf', 'letters.manage', async (req, reply, actor) => {
    const { batch } = parseInput(BatchParam, req.params);
    const pdf = await lettersPdf(ctx, actor, { printBatch: batch });
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${batch}.pdf"`).header('cache-control', 'no-store').send(pdf);
  });
  route('POST', '/api/letters/status', 'letters.manage', async (req, _reply, actor) => {
    const b = parseInput(StatusBody, req.body);
    return { items: await updateLetterStatus(ctx, actor, b.ids, b.status) };
  });
}
