/**
 * Messaging HTTP routes (issue 5 item 6): templates (codes.manage), provider settings (settings.write),
 * per-case preview / send / history, and the provider's delivery-receipt callback (public, authenticated
 * by the provider's request signature). Letters and assists register their own routes here too.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateTemplateBody, EmailProviderBody, MessagingProfileBody, MessagePreviewBody, SendMessageBody, SmsProviderBody, TEMPLATE_CHANNELS, UpdateTemplateBody } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { caseInScope } from '../cases/cases.service.ts';
import { createTemplate, listTemplates, listTemplateVersions, updateTemplate } from './templates.service.ts';
import { messagingSettingsView, saveProfile, saveProvider } from './messaging-settings.service.ts';
import { previewMessage, sendMessage } from './send.service.ts';
import { presentMessages } from './messages.repository.ts';
import { applySmsReceipt } from './receipts.service.ts';
import { letterRoutes } from '../letters/letters.routes.ts';
import { assistRoutes } from '../assists/assists.routes.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const TemplateQuery = z.object({ channel: z.enum(TEMPLATE_CHANNELS).optional(), all: z.enum(['0', '1']).optional() });
/** The provider's receipt path (set the provider's status callback URL to <public base> + this). */
export const SMS_RECEIPT_PATH = '/api/messaging/sms/receipts';

export function messagingRoutes(route: DefineRoute, ctx: AppContext, app: FastifyInstance) {
  // delivery receipts arrive form-encoded (the provider's documented format); every other route keeps
  // refusing form bodies (a cross-site HTML form must not reach a JSON route, e.g. sign-in)
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (req, body, done) => {
      if (req.url.split('?')[0] !== SMS_RECEIPT_PATH) return done(Object.assign(new Error('form bodies are not accepted here'), { statusCode: 415 }), undefined);
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
  }

  route('GET', '/api/message-templates', 'cases.read', async (req) => {
    const q = parseInput(TemplateQuery, req.query);
    return { items: await listTemplates(ctx.db, { channel: q.channel, includeInactive: q.all === '1' }) };
  });
  route('POST', '/api/message-templates', 'codes.manage', async (req, reply, actor) => {
    const t = await createTemplate(ctx, actor, parseInput(CreateTemplateBody, req.body));
    reply.code(201);
    return t;
  });
  route('PATCH', '/api/message-templates/:id', 'codes.manage', async (req, _reply, actor) =>
    updateTemplate(ctx, actor, parseInput(IdParam, req.params).id, parseInput(UpdateTemplateBody, req.body)));
  route('GET', '/api/message-templates/:id/versions', 'codes.manage', async (req) => ({ items: await listTemplateVersions(ctx.db, parseInput(IdParam, req.params).id) }));

  route('GET', '/api/messaging/settings', 'settings.write', async () => messagingSettingsView(ctx.db));
  route('PUT', '/api/messaging/settings/sms', 'settings.write', async (req, _reply, actor) => saveProvider(ctx, actor, 'sms', parseInput(SmsProviderBody, req.body)));
  route('PUT', '/api/messaging/settings/email', 'settings.write', async (req, _reply, actor) => saveProvider(ctx, actor, 'email', parseInput(EmailProviderBody, req.body)));
  route('PUT', '/api/messaging/settings/profile', 'settings.write', async (req, _reply, actor) => saveProfile(ctx, actor, parseInput(MessagingProfileBody, req.body)));

  route('POST', '/api/cases/:id/messages/preview', 'cases.read', async (req, _reply, actor) =>
    previewMessage(ctx, actor, parseInput(IdParam, req.params).id, parseInput(MessagePreviewBody, req.body)));
  route('POST', '/api/cases/:id/messages', 'contacts.write', async (req, reply, actor) => {
    const r = await sendMessage(ctx, actor, parseInput(IdParam, req.params).id, parseInput(SendMessageBody, req.body));
    reply.code(r.duplicate ? 200 : 201);
    return r;
  });
  route('GET', '/api/cases/:id/messages', 'cases.read', async (req, _reply, actor) => {
    const id = parseInput(IdParam, req.params).id;
    await caseInScope(ctx, actor, id);
    return { items: await presentMessages(ctx.db, { caseId: id }) };
  });

  route('POST', SMS_RECEIPT_PATH, 'public', async (req) => {
    const params = Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const sig = req.headers['x-twilio-signature'];
    return applySmsReceipt(ctx, params, typeof sig === 'string' ? sig : undefined);
  });

  letterRoutes(route, ctx);
  assistRoutes(route, ctx);
}
