/**
 * SMS provider adapter for the Twilio Programmable Messaging REST API (public spec:
 * `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded `To`, `From`, `Body`,
 * `StatusCallback`; HTTP Basic auth AccountSid:AuthToken; 201 answers `{ sid, status, … }`, errors
 * `{ code, message, status }`). Delivery receipts are POSTed by the provider to `StatusCallback`
 * (form fields `MessageSid`, `MessageStatus`, `ErrorCode`, …) signed with `X-Twilio-Signature` =
 * base64(HMAC-SHA1(AuthToken, url + each param name and value concatenated in name order)).
 * The auth token never appears in an error or log line.
 */
import crypto from 'node:crypto';

export interface TwilioConfig { baseUrl: string; accountSid: string; authToken: string; from: string; statusCallbackUrl?: string | null }
export interface SmsSendResult { ok: true; providerRef: string; status: string }
export interface SmsSendFailure { ok: false; error: string; retryable: boolean }

/** A mainland mobile (11 digits starting with 1) as E.164 (+86…); other numbers pass with their + or digits only. */
export function toE164(number: string): string {
  const d = number.replace(/[^\d+]/g, '');
  if (d.startsWith('+')) return d;
  if (/^1\d{10}$/.test(d)) return `+86${d}`;
  if (/^861\d{10}$/.test(d)) return `+${d}`;
  return d.startsWith('00') ? `+${d.slice(2)}` : `+${d}`;
}

/** The request signature over `url` and POST `params` (Twilio's documented algorithm). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** Whether `signature` is the right one for `url` + `params` (constant-time compare). */
export function verifyTwilioSignature(authToken: string, url: string, params: Record<string, string>, signature: string | undefined): boolean {
  if (!signature || !authToken) return false;
  const want = Buffer.from(twilioSignature(authToken, url, params));
  const got = Buffer.from(signature);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

/** Send one SMS; never throws for provider/network errors (the answer says what happened). */
export async function sendTwilioSms(cfg: TwilioConfig, to: string, body: string, timeoutMs = 10_000): Promise<SmsSendResult | SmsSendFailure> {
  const url = `${cfg.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(cfg.accountSid)}/Messages.json`;
  const form = new URLSearchParams({ To: toE164(to), From: cfg.from, Body: body });
  if (cfg.statusCallbackUrl) form.set('StatusCallback', cfg.statusCallbackUrl);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${cfg.accountSid}:${cfg.authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    return { ok: false, error: `provider unreachable: ${(e as Error).name}`, retryable: true };
  }
  const json = (await res.json().catch(() => ({}))) as { sid?: string; status?: string; code?: number; message?: string };
  if (res.status === 201 || res.status === 200) {
    if (!json.sid) return { ok: false, error: 'provider answered without a message id', retryable: false };
    return { ok: true, providerRef: json.sid, status: json.status ?? 'queued' };
  }
  return { ok: false, error: `provider error ${res.status}${json.code ? ` (${json.code})` : ''}: ${String(json.message ?? '').slice(0, 200)}`, retryable: res.status >= 500 };
}

/** Provider delivery status → our message status (null: no change). */
export function mapTwilioStatus(s: string): 'sent' | 'delivered' | 'failed' | null {
  if (s === 'delivered' || s === 'read') return 'delivered';
  if (s === 'undelivered' || s === 'failed' || s === 'canceled') return 'failed';
  if (s === 'sent') return 'sent';
  return null;
}
