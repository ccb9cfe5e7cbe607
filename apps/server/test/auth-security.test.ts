/**
 * Issue 3 §1, §7, §8 over HTTP: password policy, forced change, lockout with a controllable clock,
 * rate limits, TOTP (codes from otplib for the test clock), session timeouts, logout everywhere,
 * CSRF token and origin checks, security headers, and the audit rows of each.
 */
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { makeUser } from './helpers/fixtures.ts';
import type { Clock } from '../src/platform/clock.ts';
import { buildApp } from '../src/http/app.ts';
import { ensureAdmin } from '../src/modules/users/users.service.ts';
import { updateSettings } from '../src/modules/settings/settings.service.ts';

const T0 = new Date('2024-06-01T02:00:00Z').getTime();
let nowMs = T0;
const clock: Clock = { now: () => new Date(nowMs), today: (z) => DateTime.fromMillis(nowMs).setZone(z).toISODate()! };
const advance = (ms: number) => (nowMs += ms);
const MIN = 60_000;

let ctx: TestContext;
let app: FastifyInstance;
interface Session { cookie: string; csrf: string; body: Record<string, unknown> }
let admin: Session;

async function loginRaw(username: string, password = 'password-123', extra: Record<string, unknown> = {}, a = app) {
  return a.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...extra } });
}
async function login(username: string, password = 'password-123', extra: Record<string, unknown> = {}): Promise<Session> {
  const r = await loginRaw(username, password, extra);
  expect(r.statusCode, r.body).toBe(200);
  const c = r.cookies.find((x) => x.name === 'recova_session')!;
  return { cookie: `recova_session=${c.value}`, csrf: r.json().csrfToken, body: r.json() };
}
const get = (s: Session, url: string, a = app) => a.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
const send = (s: Session, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload: object = {}, headers: Record<string, string> = {}) =>
  app.inject({ method, url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
const userId = async (username: string) => (await ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const auditActions = async (username: string) => {
  const id = await userId(username);
  return (await ctx.db.selectFrom('audit_log').select(['action', 'data']).where('entity', '=', 'user').where('entity_id', '=', String(id)).orderBy('id').execute());
};
const totpAt = (secret: string, ms = nowMs) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  await ensureAdmin(ctx);
  app = await buildApp(ctx, { rateLimits: { login: { max: 1000, timeWindowMs: 60_000 }, search: { max: 1000, timeWindowMs: 60_000 } } });
  admin = await login('admin', 'admin-password-1');
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});
beforeEach(async () => {
  admin = await login('admin', 'admin-password-1'); // earlier tests move the clock past the session timeouts
});

describe('password policy (NIST SP 800-63B §5.1.1.2, settings-driven)', () => {
  it('names each unmet rule on creation, admin reset and own change', async () => {
    const weak = await send(admin, 'POST', '/api/users', { username: 'carol', displayName: 'Carol', role: 'collector', password: 'carol1234' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('PASSWORD_POLICY');
    expect(weak.json().details).toEqual([
      { field: 'password', reason: 'min_length', value: '10' },
      { field: 'password', reason: 'min_classes', value: '3' },
      { field: 'password', reason: 'contains_username' },
    ]);
    expect((await send(admin, 'POST', '/api/users', { username: 'carol', displayName: 'Carol', role: 'collector', password: 'P@ssw0rd123' })).json().details).toEqual([{ field: 'password', reason: 'common_password' }]);
    const ok = await send(admin, 'POST', '/api/users', { username: 'carol', displayName: 'Carol', role: 'collector', password: 'Strong-pass-1' });
    expect(ok.statusCode).toBe(201);
    expect((await send(admin, 'POST', `/api/users/${ok.json().id}/password`, { password: 'short1A' })).json()).toMatchObject({ code: 'PASSWORD_POLICY', details: [{ reason: 'min_length' }] });
    // the settings drive it: 12 characters now
    await updateSettings(ctx.db, null, { passwordMinLength: 12 });
    expect((await send(admin, 'POST', `/api/users/${ok.json().id}/password`, { password: 'Eleven-ch-1' })).json().details).toEqual([{ field: 'password', reason: 'min_length', value: '12' }]);
    await updateSettings(ctx.db, null, { passwordMinLength: 10 });
    await makeUser(ctx, 'dave', 'collector');
    const dave = await login('dave');
    const own = await send(dave, 'POST', '/api/auth/password', { currentPassword: 'password-123', newPassword: 'dave-Dave-2024' });
    expect(own.json()).toMatchObject({ code: 'PASSWORD_POLICY', details: [{ field: 'newPassword', reason: 'contains_username' }] });
  });
});

describe('forced password change at first sign-in', () => {
  it('an admin-created user can only reach me/logout/password until they change it', async () => {
    const created = await send(admin, 'POST', '/api/users', { username: 'erin', displayName: 'Erin', role: 'collector', password: 'First-pass-11' });
    expect(created.statusCode).toBe(201);
    const erin = await login('erin', 'First-pass-11');
    expect(erin.body).toMatchObject({ mustChangePassword: true, totpEnabled: false, mustEnrolTotp: false });
    expect(erin.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const blocked = await get(erin, '/api/cases');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await get(erin, '/api/settings')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await send(erin, 'POST', '/api/auth/totp/setup')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await get(erin, '/api/auth/me')).json()).toMatchObject({ username: 'erin', mustChangePassword: true });
    const other = await login('erin', 'First-pass-11'); // a second session, e.g. another browser
    expect((await send(erin, 'POST', '/api/auth/password', { currentPassword: 'wrong-one-11', newPassword: 'Second-pass-22' })).json().code).toBe('INVALID_CREDENTIALS');
    const changed = await send(erin, 'POST', '/api/auth/password', { currentPassword: 'First-pass-11', newPassword: 'Second-pass-22' });
    expect(changed.json()).toEqual({ ok: true, endedSessions: 1 });
    expect((await get(erin, '/api/cases')).statusCode).toBe(200);
    expect((await get(other, '/api/cases')).statusCode).toBe(401); // the other session ended
    expect((await get(erin, '/api/auth/me')).json().mustChangePassword).toBe(false);
    expect((await auditActions('erin')).map((a) => a.action)).toEqual(expect.arrayContaining(['user.create', 'auth.login', 'auth.password_change']));
  });
  it('the creator may opt out; an admin reset forces a change again and ends the sessions', async () => {
    const r = await send(admin, 'POST', '/api/users', { username: 'frank', displayName: 'Frank', role: 'collector', password: 'Fx-pass-11', mustChangePassword: false });
    const frank = await login('frank', 'Fx-pass-11');
    expect(frank.body.mustChangePassword).toBe(false);
    expect((await get(frank, '/api/cases')).statusCode).toBe(200);
    const reset = await send(admin, 'POST', `/api/users/${r.json().id}/password`, { password: 'Reset-pass-33' });
    expect(reset.json()).toEqual({ ok: true, endedSessions: 1 });
    expect((await get(frank, '/api/cases')).statusCode).toBe(401);
    const again = await login('frank', 'Reset-pass-33');
    expect(again.body.mustChangePassword).toBe(true);
    expect((await get(again, '/api/cases')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const rows = await auditActions('frank');
    expect(rows.find((a) => a.action === 'auth.password_reset')!.data).toEqual({ mustChangePassword: true, endedSessions: 1 });
  });
  it('the bootstrap admin must change a random password, not one from RECOVA_ADMIN_PASSWORD', async () => {
    const fresh = await createTestContext();
    try {
      const printed = await ensureAdmin({ ...fresh, config: { ...fresh.config, adminPassword: undefined } });
      expect(printed!.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect((await fresh.db.selectFrom('users').select('must_change_password').executeTakeFirstOrThrow()).must_change_password).toBe(true);
    } finally {
      await fresh.cleanup();
    }
    expect((await ctx.db.selectFrom('users').select('must_change_password').where('username', '=', 'admin').executeTakeFirstOrThrow()).must_change_password).toBe(false);
  });
});

describe('lockout and enumeration (OWASP ASVS V2.2.1)', () => {
  it('locks at exactly lockoutThreshold failures for lockoutMinutes; the right password is refused while locked', async () => {
    await makeUser(ctx, 'gina', 'collector');
    for (let i = 1; i <= 4; i++) {
      const r = await loginRaw('gina', 'wrong-password');
      expect([r.statusCode, r.json().code]).toEqual([401, 'INVALID_CREDENTIALS']);
    }
    const fifth = await loginRaw('gina', 'wrong-password');
    expect(fifth.statusCode).toBe(423);
    const until = new Date(nowMs + 15 * MIN).toISOString();
    expect(fifth.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', details: [{ field: 'lockedUntil', value: until }] });
    expect(fifth.cookies).toEqual([]);
    expect((await loginRaw('gina')).json()).toMatchObject({ code: 'ACCOUNT_LOCKED', details: [{ value: until }] });
    advance(15 * MIN - 1000);
    expect((await loginRaw('gina')).statusCode).toBe(423);
    advance(1000);
    expect((await loginRaw('gina')).statusCode).toBe(200);
    const rows = await auditActions('gina');
    expect(rows.filter((a) => a.action === 'auth.login_failed').map((a) => (a.data as { reason: string }).reason)).toEqual(['bad_password', 'bad_password', 'bad_password', 'bad_password', 'bad_password', 'locked', 'locked']);
    expect(rows.find((a) => a.action === 'auth.account_locked')!.data).toEqual({ failures: 5, minutes: 15 });
    expect(JSON.stringify(rows)).not.toContain('wrong-password');
  });
  it('a success resets the count; the threshold comes from the settings', async () => {
    await makeUser(ctx, 'hank', 'collector');
    for (let i = 0; i < 4; i++) await loginRaw('hank', 'wrong-password');
    expect((await loginRaw('hank')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await loginRaw('hank', 'wrong-password')).statusCode).toBe(401);
    await updateSettings(ctx.db, null, { lockoutThreshold: 3, lockoutMinutes: 1 });
    expect((await loginRaw('hank', 'wrong-password')).json().code).toBe('ACCOUNT_LOCKED'); // 5th in a row ≥ 3
    advance(MIN);
    expect((await loginRaw('hank')).statusCode).toBe(200);
    await updateSettings(ctx.db, null, { lockoutThreshold: 5, lockoutMinutes: 15 });
  });
  it('unknown user and wrong password: same status, code and message, and both verify a hash', async () => {
    const unknown = await loginRaw('nobody-here', 'wrong-password');
    const wrong = await loginRaw('admin', 'wrong-password');
    expect([unknown.statusCode, unknown.json()]).toEqual([wrong.statusCode, wrong.json()]);
    const time = async (u: string) => {
      const t: number[] = [];
      for (let i = 0; i < 3; i++) {
        const s = performance.now();
        await loginRaw(u, 'wrong-password');
        t.push(performance.now() - s);
      }
      return t.sort((a, b) => a - b)[1];
    };
    await makeUser(ctx, 'ivan', 'collector');
    const [tu, tk] = [await time('nobody-else'), await time('ivan')];
    expect(tu).toBeGreaterThan(tk * 0.3); // without the dummy hash an unknown user answers ~20× faster
  });
});

describe('rate limits (@fastify/rate-limit → 429 RATE_LIMITED)', () => {
  it('throttles sign-in per IP + username and search per user', async () => {
    const limited = await buildApp(ctx, { rateLimits: { login: { max: 3, timeWindowMs: 60_000 }, search: { max: 2, timeWindowMs: 60_000 } } });
    try {
      await makeUser(ctx, 'jill', 'collector');
      for (let i = 0; i < 3; i++) expect((await loginRaw('jill', 'password-123', {}, limited)).statusCode).toBe(200);
      const r = await loginRaw('jill', 'password-123', {}, limited);
      expect(r.statusCode).toBe(429);
      expect(r.json()).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/^too many requests; try again in /) });
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect((await loginRaw('JILL', 'password-123', {}, limited)).statusCode).toBe(429); // usernames compared case-insensitively
      expect((await loginRaw('admin', 'admin-password-1', {}, limited)).statusCode).toBe(200); // another username is not throttled
      const jill = await login('jill');
      expect((await get(jill, '/api/cases', limited)).statusCode).toBe(200);
      expect((await get(jill, '/api/cases?q=x', limited)).statusCode).toBe(200);
      const third = await get(jill, '/api/cases?q=y', limited);
      expect([third.statusCode, third.json().code]).toEqual([429, 'RATE_LIMITED']);
      expect((await get(admin, '/api/cases', limited)).statusCode).toBe(200); // per user
      expect((await get(jill, '/api/auth/me', limited)).statusCode).toBe(200); // other routes are not limited
    } finally {
      await limited.close();
    }
  });
});

describe('TOTP two-factor (RFC 6238, otplib)', () => {
  it('setup → enable → login needs the code; wrong codes count as failures; a code is never reused', async () => {
    await makeUser(ctx, 'kate', 'collector');
    const kate = await login('kate');
    const setup = (await send(kate, 'POST', '/api/auth/totp/setup')).json();
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUri).toBe(`otpauth://totp/Recova:kate?secret=${setup.secret}&issuer=Recova`);
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect((await send(kate, 'POST', '/api/auth/totp/enable', { code: totpAt(setup.secret, nowMs - 5 * MIN) })).json().code).toBe('TOTP_INVALID');
    expect((await send(kate, 'POST', '/api/auth/totp/enable', { code: totpAt(setup.secret) })).json()).toEqual({ ok: true });
    expect((await get(kate, '/api/auth/me')).json().totpEnabled).toBe(true);

    const noCode = await loginRaw('kate');
    expect([noCode.statusCode, noCode.json().code, noCode.cookies]).toEqual([401, 'TOTP_REQUIRED', []]);
    // the code used to enable is spent: same time step refused
    expect((await loginRaw('kate', 'password-123', { totp: totpAt(setup.secret) })).json().code).toBe('TOTP_INVALID');
    advance(30_000);
    const wrong = await loginRaw('kate', 'password-123', { totp: totpAt(setup.secret, nowMs + 10 * MIN) });
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'TOTP_INVALID']);
    expect((await ctx.db.selectFrom('users').select('failed_logins').where('username', '=', 'kate').executeTakeFirstOrThrow()).failed_logins).toBe(2);
    const code = totpAt(setup.secret);
    expect((await loginRaw('kate', 'password-123', { totp: code })).statusCode).toBe(200);
    expect((await loginRaw('kate', 'password-123', { totp: code })).json().code).toBe('TOTP_INVALID'); // replay
    advance(30_000);
    expect((await loginRaw('kate', 'password-123', { totp: totpAt(setup.secret, nowMs - 30_000) })).json().code).toBe('TOTP_INVALID'); // an older step, though within the window
    const s = await login('kate', 'password-123', { totp: totpAt(setup.secret) });
    expect(s.body.totpEnabled).toBe(true);

    expect((await send(s, 'POST', '/api/auth/totp/disable', { password: 'nope-nope' })).json().code).toBe('INVALID_CREDENTIALS');
    expect((await send(s, 'POST', '/api/auth/totp/disable', { password: 'password-123' })).json()).toEqual({ ok: true });
    expect((await loginRaw('kate')).statusCode).toBe(200);
    const actions = (await auditActions('kate')).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.totp_enable', 'auth.totp_disable']));
    const reasons = (await auditActions('kate')).filter((a) => a.action === 'auth.login_failed').map((a) => (a.data as { reason: string }).reason);
    expect(reasons).toEqual(['totp_required', 'bad_totp', 'bad_totp', 'bad_totp', 'bad_totp']);
  });
  it('an admin resets a user’s TOTP', async () => {
    await makeUser(ctx, 'liam', 'collector');
    const liam = await login('liam');
    const { secret } = (await send(liam, 'POST', '/api/auth/totp/setup')).json();
    await send(liam, 'POST', '/api/auth/totp/enable', { code: totpAt(secret) });
    expect((await loginRaw('liam')).json().code).toBe('TOTP_REQUIRED');
    const id = await userId('liam');
    expect((await send(liam, 'POST', `/api/users/${id}/totp/reset`)).statusCode).toBe(403); // users.write only
    expect((await send(admin, 'POST', `/api/users/${id}/totp/reset`)).json()).toEqual({ ok: true });
    expect((await loginRaw('liam')).statusCode).toBe(200);
    expect((await auditActions('liam')).map((a) => a.action)).toContain('auth.totp_reset');
  });
  it('totpRequiredForPrivileged: a manager without TOTP reaches only me/logout/password/TOTP enrolment', async () => {
    await makeUser(ctx, 'mona', 'manager');
    await makeUser(ctx, 'ned', 'collector');
    await updateSettings(ctx.db, null, { totpRequiredForPrivileged: true });
    try {
      const mona = await login('mona');
      expect(mona.body).toMatchObject({ mustEnrolTotp: true, totpEnabled: false });
      const r = await get(mona, '/api/cases');
      expect([r.statusCode, r.json().code]).toEqual([401, 'TOTP_REQUIRED']); // the one code→status table maps TOTP_REQUIRED to 401
      expect((await get(mona, '/api/auth/me')).statusCode).toBe(200);
      expect((await login('ned')).body.mustEnrolTotp).toBe(false); // collectors are not privileged
      const { secret } = (await send(mona, 'POST', '/api/auth/totp/setup')).json();
      expect((await send(mona, 'POST', '/api/auth/totp/enable', { code: totpAt(secret) })).json()).toEqual({ ok: true });
      expect((await get(mona, '/api/cases')).statusCode).toBe(200);
      expect((await get(mona, '/api/auth/me')).json()).toMatchObject({ mustEnrolTotp: false, totpEnabled: true });
    } finally {
      await updateSettings(ctx.db, null, { totpRequiredForPrivileged: false });
    }
  });
});

describe('sessions: timeouts, logout everywhere, deactivation', () => {
  it('idle timeout (sessionIdleMinutes) counts from the last request', async () => {
    await makeUser(ctx, 'olga', 'collector');
    const s = await login('olga');
    advance(29 * MIN);
    expect((await get(s, '/api/auth/me')).statusCode).toBe(200);
    advance(29 * MIN);
    expect((await get(s, '/api/auth/me')).statusCode).toBe(200);
    advance(30 * MIN);
    expect((await get(s, '/api/auth/me')).json().code).toBe('UNAUTHENTICATED');
  });
  it('absolute timeout (sessionAbsoluteHours) however active', async () => {
    await makeUser(ctx, 'pete', 'collector');
    const s = await login('pete');
    for (let i = 0; i < 35; i++) {
      advance(20 * MIN);
      expect((await get(s, '/api/auth/me')).statusCode).toBe(200); // 11 h 40 min
    }
    advance(20 * MIN);
    expect((await get(s, '/api/auth/me')).statusCode).toBe(401); // 12 h
  });
  it('logout-all ends every session of the user; deactivation ends them too', async () => {
    await makeUser(ctx, 'quin', 'collector');
    const [a, b] = [await login('quin'), await login('quin')];
    expect((await send(a, 'POST', '/api/auth/logout-all')).json()).toEqual({ ok: true, endedSessions: 2 });
    expect((await get(a, '/api/auth/me')).statusCode).toBe(401);
    expect((await get(b, '/api/auth/me')).statusCode).toBe(401);
    const c = await login('quin');
    expect((await send(c, 'POST', '/api/auth/logout', {}, { 'x-csrf-token': 'wrong' })).json().code).toBe('CSRF_FAILED');
    expect((await send(c, 'POST', '/api/auth/logout')).json()).toEqual({ ok: true });
    expect((await get(c, '/api/auth/me')).statusCode).toBe(401);
    const d = await login('quin');
    const id = await userId('quin');
    expect((await send(admin, 'PATCH', `/api/users/${id}`, { active: false })).json()).toMatchObject({ username: 'quin', active: false });
    expect((await ctx.db.selectFrom('sessions').select('token_hash').where('user_id', '=', id).execute()).length).toBe(0);
    expect((await get(d, '/api/auth/me')).statusCode).toBe(401);
    expect((await loginRaw('quin')).json().code).toBe('INVALID_CREDENTIALS');
    expect((await send(admin, 'PATCH', `/api/users/${await userId('admin')}`, { active: false })).statusCode).toBe(400);
    expect((await auditActions('quin')).map((a) => a.action)).toEqual(expect.arrayContaining(['auth.logout_all', 'auth.logout', 'user.deactivate']));
  });
});

describe('CSRF (OWASP synchronizer token + origin check)', () => {
  it('state-changing requests need the session’s token; GET does not', async () => {
    const noHeader = await app.inject({ method: 'POST', url: '/api/teams', payload: { name: 'T1' }, headers: { cookie: admin.cookie } });
    expect([noHeader.statusCode, noHeader.json().code]).toEqual([403, 'CSRF_FAILED']);
    expect((await send(admin, 'POST', '/api/teams', { name: 'T1' }, { 'x-csrf-token': admin.csrf.slice(0, -1) + 'x' })).json().code).toBe('CSRF_FAILED');
    const other = await login('admin', 'admin-password-1'); // another session's token does not fit
    expect((await send(admin, 'POST', '/api/teams', { name: 'T1' }, { 'x-csrf-token': other.csrf })).json().code).toBe('CSRF_FAILED');
    expect((await send(admin, 'POST', '/api/teams', { name: 'T1' })).statusCode).toBe(201);
    expect((await app.inject({ method: 'PATCH', url: '/api/settings', payload: { screenWatermark: true }, headers: { cookie: admin.cookie } })).json().code).toBe('CSRF_FAILED');
    expect((await get(admin, '/api/teams')).statusCode).toBe(200);
    expect((await get(admin, '/api/auth/me')).json().csrfToken).toBe(admin.csrf);
    const row = await ctx.db.selectFrom('sessions').select('csrf_hash').where('csrf_hash', 'is not', null).executeTakeFirstOrThrow();
    expect(row.csrf_hash).toMatch(/^[0-9a-f]{64}$/); // only a hash is stored
  });
  it('refuses a cross-origin Origin on state-changing requests and on login', async () => {
    const evil = await send(admin, 'POST', '/api/teams', { name: 'T2' }, { origin: 'https://evil.example' });
    expect([evil.statusCode, evil.json().code]).toEqual([403, 'CSRF_FAILED']);
    expect((await send(admin, 'POST', '/api/teams', { name: 'T2' }, { origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(201);
    const l = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'admin-password-1' }, headers: { origin: 'https://evil.example' } });
    expect([l.statusCode, l.json().code, l.cookies]).toEqual([403, 'CSRF_FAILED', []]);
  });
});

describe('security headers (@fastify/helmet)', () => {
  it('CSP fit for the built UI, no framing, no HSTS over http', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(r.headers['content-security-policy']);
    expect(csp.split(';')).toEqual(expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "frame-ancestors 'none'", "object-src 'none'"]));
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('same-origin');
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });
});
