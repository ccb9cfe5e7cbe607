/**
 * Local stand-ins for the messaging providers, speaking their real protocols: an HTTP server for the
 * Twilio Messages API (checks Basic auth and the form fields, answers 201 with a message sid) and a
 * real SMTP server (`smtp-server`) that keeps every message it receives.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '../../src/platform/clock.ts';

export interface SmsCall { path: string; auth: string | undefined; form: Record<string, string> }

/** A Twilio-compatible SMS API on 127.0.0.1; `fail` makes it answer 500 (for failure tests). */
export async function startSmsProvider(accountSid: string, authToken: string) {
  const calls: SmsCall[] = [];
  const state = { fail: false, n: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      calls.push({ path: req.url ?? '', auth: req.headers.authorization, form });
      const json = (status: number, o: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(o));
      if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) return json(404, { code: 20404, message: 'not found', status: 404 });
      if (req.headers.authorization !== `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
      if (!form.To || !form.From || !form.Body) return json(400, { code: 21604, message: 'missing parameter', status: 400 });
      if (state.fail) return json(500, { code: 20500, message: 'internal error', status: 500 });
      json(201, { sid: `SM${String(++state.n).padStart(32, '0')}`, status: 'queued', to: form.To, body: form.Body });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export interface Mail { from: string; to: string[]; raw: string }

/** A real SMTP server on 127.0.0.1 (no TLS, no auth) keeping the raw messages. */
export async function startSmtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ from: String(session.envelope.mailFrom && session.envelope.mailFrom.address), to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A clock tests move by hand. */
export function movableClock(iso: string): Clock & { set(iso: string): void } {
  let ms = new Date(iso).getTime();
  return { now: () => new Date(ms), today: (z) => DateTime.fromMillis(ms).setZone(z).toISODate()!, set: (i) => (ms = new Date(i).getTime()) };
}
