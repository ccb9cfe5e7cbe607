/**
 * Issue 3 §1 and §7 over HTTP: TOTP (codes from otplib for the test clock), session timeouts, logout
 * everywhere, deactivation, CSRF token and origin checks, security headers, and their audit rows.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeUser } from './helpers/fixtures.ts';
import { updateSettings } from '../src/modules/settings/settings.service.ts';
import { advance, auditActions, get, h, login, loginRaw, MIN, nowMsNow, send, setupAuthHarness, teardownAuthHarness, totpAt, userId, type Session } from './helpers/auth.ts';

let admin: Session;
const ctx = () => h.ctx;

beforeAll(setupAuthHarness);
afterAll(teardownAuthHarness);
beforeEach(async () => {
  admin = await login('admin', 'Sesame-Open-2024'); // earlier tests move the clock past the session timeouts
});

describe('TOTP two-factor (RFC 6238, otplib)', () => {
  it('setup → enable → login needs the code; wrong codes count as failures; a code is never reused', async () => {
    await makeUser(ctx(), 'kate', 'collector');
    const kate = await login('kate');
    const setup = (await send(kate, 'POST', '/api/auth/totp/setup')).json();
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUri).toBe(`otpauth://totp/Recova:kate?secret=${setup.secret}&issuer=Recova`);
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    // the shared secret is encrypted at rest (AES-256-GCM, AAD users.totp_secret), never stored as issued
    const stored = (await h.ctx.db.selectFrom('users').select('totp_secret').where('username', '=', 'kate').executeTakeFirstOrThrow()).totp_secret!;
    expect(stored).toMatch(/^v1\.ktest1\./);
    expect(stored).not.toContain(setup.secret);
    expect((await send(kate, 'POST', '/api/auth/totp/enable', { code: totpAt(setup.secret, nowMsNow() - 5 * MIN) })).json().code).toBe('TOTP_INVALID');
    expect((await send(kate, 'POST', '/api/auth/totp/enable', { code: totpAt(setup.secret) })).json()).toEqual({ ok: true });
    expect((await get(kate, '/api/auth/me')).json().totpEnabled).toBe(true);

    const noCode = await loginRaw('kate');
    expect([noCode.statusCode, noCode.json().code, noCode.cookies]).toEqual([401, 'TOTP_REQUIRED', []]);
    // the code used to enable is spent: same time step refused
    expect((await loginRaw('kate', 'password-123', { totp: totpAt(setup.secret) })).json().code).toBe('TOTP_INVALID');
    advance(30_000);
    const wrong = await loginRaw('kate', 'password-123', { totp: totpAt(setup.secret, nowMsNow() + 10 * MIN) });
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'TOTP_INVALID']);
    expect((await ctx().db.selectFrom('users').select('failed_logins').where('username', '=', 'kate').executeTakeFirstOrThrow()).failed_logins).toBe(2);
    const code = totpAt(setup.secret);
    expect((await loginRaw('kate', 'password-123', { totp: code })).statusCode).toBe(200);
    expect((await loginRaw('kate', 'password-123', { totp: code })).json().code).toBe('TOTP_INVALID'); // replay
    advance(30_000);
    expect((await loginRaw('kate', 'password-123', { totp: totpAt(setup.secret, nowMsNow() - 30_000) })).json().code).toBe('TOTP_INVALID'); // an older step, though within the window
    const s = await login('kate', 'password-123', { totp: totpAt(setup.secret) });
    expect(s.body.totpEnabled).toBe(true);
    // one code sent in parallel sign-ins opens one session only (was: all three got in)
    advance(30_000);
    const same = totpAt(setup.secret);
    const racing = await Promise.all([1, 2, 3].map(() => loginRaw('kate', 'password-123', { totp: same })));
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);

    expect((await send(s, 'POST', '/api/auth/totp/disable', { password: 'nope-nope' })).json().code).toBe('INVALID_CREDENTIALS');
    expect((await send(s, 'POST', '/api/auth/totp/disable', { password: 'password-123' })).json()).toEqual({ ok: true });
    expect((await loginRaw('kate')).statusCode).toBe(200);
    const actions = (await auditActions('kate')).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.totp_enable', 'auth.totp_disable']));
    const reasons = (await auditActions('kate')).filter((a) => a.action === 'auth.login_failed').map((a) => (a.data as { reason: string }).reason);
    expect(reasons).toEqual(['totp_required', 'bad_totp', 'bad_totp', 'bad_totp', 'bad_totp', 'bad_totp', 'bad_totp']); // the last two: the racing replays
  });
  it('an admin resets a user’s TOTP', async () => {
    await makeUser(ctx(), 'liam', 'collector');
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
    await makeUser(ctx(), 'mona', 'manager');
    await makeUser(ctx(), 'ned', 'collector');
    await updateSettings(ctx().db, null, { totpRequiredForPrivileged: true });
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
      await updateSettings(ctx().db, null, { totpRequiredForPrivileged: false });
    }
  });
});

describe('sessions: timeouts, logout everywhere, deactivation', () => {
  it('idle timeout (sessionIdleMinutes) counts from the last request', async () => {
    await makeUser(ctx(), 'olga', 'collector');
    const s = await login('olga');
    advance(29 * MIN);
    expect((await get(s, '/api/auth/me')).statusCode).toBe(200);
    advance(29 * MIN);
    expect((await get(s, '/api/auth/me')).statusCode).toBe(200);
    advance(30 * MIN);
    expect((await get(s, '/api/auth/me')).json().code).toBe('UNAUTHENTICATED');
  });
  it('absolute timeout (sessionAbsoluteHours) however active', async () => {
    await makeUser(ctx(), 'pete', 'collector');
    const s = await login('pete');
    for (let i = 0; i < 35; i++) {
      advance(20 * MIN);
      expect((await get(s, '/api/auth/me')).statusCode).toBe(200); // 11 h 40 min
    }
    advance(20 * MIN);
    expect((await get(s, '/api/auth/me')).statusCode).toBe(401); // 12 h
  });
  it('logout-all ends every session of the user; deactivation ends them too', async () => {
    await makeUser(ctx(), 'quin', 'collector');
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
    expect((await ctx().db.selectFrom('sessions').select('token_hash').where('user_id', '=', id).execute()).length).toBe(0);
    expect((await get(d, '/api/auth/me')).statusCode).toBe(401);
    expect((await loginRaw('quin')).json().code).toBe('INVALID_CREDENTIALS');
    expect((await send(admin, 'PATCH', `/api/users/${await userId('admin')}`, { active: false })).statusCode).toBe(400);
    expect((await auditActions('quin')).map((a) => a.action)).toEqual(expect.arrayContaining(['auth.logout_all', 'auth.logout', 'user.deactivate']));
  });
});

describe('CSRF (OWASP synchronizer token + origin check)', () => {
  it('state-changing requests need the session’s token; GET does not', async () => {
    const noHeader = await h.app.inject({ method: 'POST', url: '/api/teams', payload: { name: 'T1' }, headers: { cookie: admin.cookie } });
    expect([noHeader.statusCode, noHeader.json().code]).toEqual([403, 'CSRF_FAILED']);
    expect((await send(admin, 'POST', '/api/teams', { name: 'T1' }, { 'x-csrf-token': admin.csrf.slice(0, -1) + 'x' })).json().code).toBe('CSRF_FAILED');
    const other = await login('admin', 'Sesame-Open-2024'); // another session's token does not fit
    expect((await send(admin, 'POST', '/api/teams', { name: 'T1' }, { 'x-csrf-token': other.csrf })).json().code).toBe('CSRF_FAILED');
    expect((await send(admin, 'POST', '/api/teams', { name: 'T1' })).statusCode).toBe(201);
    expect((await h.app.inject({ method: 'PATCH', url: '/api/settings', payload: { screenWatermark: true }, headers: { cookie: admin.cookie } })).json().code).toBe('CSRF_FAILED');
    expect((await get(admin, '/api/teams')).statusCode).toBe(200);
    expect((await get(admin, '/api/auth/me')).json().csrfToken).toBe(admin.csrf);
    const row = await ctx().db.selectFrom('sessions').select('csrf_hash').where('csrf_hash', 'is not', null).executeTakeFirstOrThrow();
    expect(row.csrf_hash).toMatch(/^[0-9a-f]{64}$/); // only a hash is stored
  });
  it('refuses a cross-origin Origin on state-changing requests and on login', async () => {
    const evil = await send(admin, 'POST', '/api/teams', { name: 'T2' }, { origin: 'https://evil.example' });
    expect([evil.statusCode, evil.json().code]).toEqual([403, 'CSRF_FAILED']);
    expect((await send(admin, 'POST', '/api/teams', { name: 'T2' }, { origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(201);
    // behind a reverse proxy: Host is the upstream, X-Forwarded-Host the public name
    expect((await send(admin, 'POST', '/api/teams', { name: 'T3' }, { origin: 'https://recova.example', host: '127.0.0.1:3000', 'x-forwarded-host': 'recova.example' })).statusCode).toBe(201);
    expect((await send(admin, 'POST', '/api/teams', { name: 'T4' }, { origin: 'https://evil.example', host: '127.0.0.1:3000', 'x-forwarded-host': 'recova.example' })).json().code).toBe('CSRF_FAILED');
    const l = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'Sesame-Open-2024' }, headers: { origin: 'https://evil.example' } });
    expect([l.statusCode, l.json().code, l.cookies]).toEqual([403, 'CSRF_FAILED', []]);
  });
});

describe('security headers (@fastify/helmet)', () => {
  it('CSP fit for the built UI, no framing, no HSTS over http', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(r.headers['content-security-policy']);
    expect(csp.split(';')).toEqual(expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "frame-ancestors 'none'", "object-src 'none'"]));
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('same-origin');
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('hostile text', () => {
  it('a NUL byte in the username is a 400, not an internal error', async () => {
    const r = await loginRaw('ad\u0000min', 'whatever-123');
    expect([r.statusCode, r.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
