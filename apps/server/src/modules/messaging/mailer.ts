/**
 * E-mail through SMTP with nodemailer (issue 5 item 6). Plain-text messages; STARTTLS is used when
 * the server offers it (`secure: true` = implicit TLS, port 465). The password never appears in
 * errors (nodemailer's messages carry the SMTP reply, not credentials).
 */
import nodemailer from 'nodemailer';
import type { EmailProvider } from './messaging-settings.service.ts';

export interface MailResult { ok: true; providerRef: string }
export interface MailFailure { ok: false; error: string }

/** Send one message; never throws for SMTP/network errors. */
export async function sendMail(cfg: EmailProvider, msg: { to: string; subject: string; text: string }): Promise<MailResult | MailFailure> {
  const transport = nodemailer.createTransport({
    host: cfg.host, port: cfg.port, secure: cfg.secure ?? false,
    ...(cfg.user ? { auth: { user: cfg.user, pass: cfg.password ?? '' } } : {}),
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail({ from: cfg.from, to: msg.to, subject: msg.subject, text: msg.text, textEncoding: 'base64' });
    return { ok: true, providerRef: String(info.messageId ?? '') };
  } catch (e) {
    return { ok: false, error: `smtp: ${String((e as Error).message).slice(0, 200)}` };
  } finally {
    transport.close();
  }
}
