/**
 * Issue 3 §1 and §7 over HTTP: password policy, forced change at first sign-in, lockout with a
 * controllable clock, no user enumeration, rate limits. (TOTP, sessions, CSRF, headers: auth-sessions.test.ts.)
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeUser } from './helpers/fixtures.ts';
import { updateSettings } from '../src/modules/settings/settings.service.ts';
import { createTestContext, createTestDatabaseLocation } from './helpers/context.ts';
import { runCli } from './helpers/cli.ts';
import { openDatabase } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { ensureAdmin } from '../src/modules/users/users.service.ts';
import { advance, auditActions, get, h, login, loginRaw, MIN, nowMsNow, send, setupAuthHarness, teardownAuthHarness, type Session } from './helpers/auth.ts';

let admin: Session;
const ctx = () => h.ctx;

beforeAll(setupAuthHarness);
afterAll(teardownAuthHarness);
beforeEach(async () => {
  admin = await login('admin', 'Sesame-Open-2024'); // earlier tests move the clock past the session timeouts
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
    await updateSettings(ctx().db, null, { passwordMinLength: 12 });
    expect((await send(admin, 'POST', `/api/users/${ok.json().id}/password`, { password: 'Eleven-ch-1' })).json().details).toEqual([{ field: 'password', reason: 'min_length', value: '12' }]);
    await updateSettings(ctx().db, null, { passwordMinLength: 10 });
    await makeUser(ctx(), 'dave', 'collector');
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
    expect((await ctx().db.selectFrom('users').select('must_change_password').where('username', '=', 'admin').executeTakeFirstOrThrow()).must_change_password).toBe(false);
    // a RECOVA_ADMIN_PASSWORD that fails the policy must be changed too (was: 'abcdefgh' kept for good)
    const weak = await createTestContext();
    try {
      expect(await ensureAdmin({ ...weak, config: { ...weak.config, adminPassword: 'abcdefgh' } })).toEqual({ username: 'admin', password: null });
      expect((await weak.db.selectFrom('users').select('must_change_password').executeTakeFirstOrThrow()).must_change_password).toBe(true);
    } finally {
      await weak.cleanup();
    }
  });
});

describe('lockout and enumeration (OWASP ASVS V2.2.1)', () => {
  it('locks at exactly lockoutThreshold failures for lockoutMinutes; the right password is refused while locked', async () => {
    await makeUser(ctx(), 'gina', 'collector');
    for (let i = 1; i <= 4; i++) {
      const r = await loginRaw('gina', 'wrong-password');
      expect([r.statusCode, r.json().code]).toEqual([401, 'INVALID_CREDENTIALS']);
    }
    const fifth = await loginRaw('gina', 'wrong-password');
    expect(fifth.statusCode).toBe(423);
    const until = new Date(nowMsNow() + 15 * MIN).toISOString();
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
    await makeUser(ctx(), 'hank', 'collector');
    for (let i = 0; i < 4; i++) await loginRaw('hank', 'wrong-password');
    expect((await loginRaw('hank')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await loginRaw('hank', 'wrong-password')).statusCode).toBe(401);
    await updateSettings(ctx().db, null, { lockoutThreshold: 3, lockoutMinutes: 1 });
    expect((await loginRaw('hank', 'wrong-password')).json().code).toBe('ACCOUNT_LOCKED'); // 5th in a row ≥ 3
    advance(MIN);
    expect((await loginRaw('hank')).statusCode).toBe(200);
    await updateSettings(ctx().db, null, { lockoutThreshold: 5, lockoutMinutes: 15 });
  });
  it('an unknown username locks after the same number of failures, with the same answer (no enumeration by lockout)', async () => {
    const real = [], ghost = [];
    await makeUser(ctx(), 'ivy', 'collector');
    for (let i = 0; i < 6; i++) {
      const [a, b] = [await loginRaw('ivy', 'wrong-password'), await loginRaw('ghost-ivy', 'wrong-password')];
      real.push([a.statusCode, a.json()]);
      ghost.push([b.statusCode, b.json()]);
    }
    expect(ghost).toEqual(real);
    expect(ghost.map(([st]) => st)).toEqual([401, 401, 401, 401, 423, 423]);
    advance(15 * MIN);
    expect((await loginRaw('ghost-ivy', 'wrong-password')).statusCode).toBe(401); // the lock ends like a real one
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
    await makeUser(ctx(), 'ivan', 'collector');
    const [tu, tk] = [await time('nobody-else'), await time('ivan')];
    expect(tu).toBeGreaterThan(tk * 0.3); // without the dummy hash an unknown user answers ~20× faster
  });
});

describe('rate limits (@fastify/rate-limit → 429 RATE_LIMITED)', () => {
  it('throttles sign-in per IP + username and search per user', async () => {
    const limited = await buildApp(ctx(), { rateLimits: { login: { max: 3, timeWindowMs: 60_000 }, search: { max: 2, timeWindowMs: 60_000 }, sensitive: { max: 2, timeWindowMs: 60_000 } } });
    try {
      await makeUser(ctx(), 'jill', 'collector');
      for (let i = 0; i < 3; i++) expect((await loginRaw('jill', 'password-123', {}, limited)).statusCode).toBe(200);
      const r = await loginRaw('jill', 'password-123', {}, limited);
      expect(r.statusCode).toBe(429);
      expect(r.json()).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/^too many requests; try again in /) });
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect((await loginRaw('JILL', 'password-123', {}, limited)).statusCode).toBe(429); // usernames compared case-insensitively
      expect((await loginRaw('admin', 'Sesame-Open-2024', {}, limited)).statusCode).toBe(200); // another username is not throttled
      const jill = await login('jill');
      expect((await get(jill, '/api/cases', limited)).statusCode).toBe(200);
      expect((await get(jill, '/api/cases?q=x', limited)).statusCode).toBe(200);
      const third = await get(jill, '/api/cases?q=y', limited);
      expect([third.statusCode, third.json().code]).toEqual([429, 'RATE_LIMITED']);
      expect((await get(admin, '/api/cases', limited)).statusCode).toBe(200); // per user
      expect((await get(jill, '/api/auth/me', limited)).statusCode).toBe(200); // other routes are not limited
      // guessing the current password from a stolen session is throttled too (was: unlimited)
      const guess = () => limited.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'nope-nope-1', newPassword: 'Another-Pass-99' }, headers: { cookie: jill.cookie, 'x-csrf-token': jill.csrf } });
      expect([(await guess()).statusCode, (await guess()).statusCode, (await guess()).statusCode]).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('X-Forwarded-For counts only from a proxy named in RECOVA_TRUST_PROXY', async () => {
    const limits = { login: { max: 2, timeWindowMs: 60_000 }, search: { max: 100, timeWindowMs: 60_000 } };
    const xff = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    const attempt = (a: FastifyInstance, ip: string) => a.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'kim', password: 'wrong-pass-1' }, ...xff(ip) });
    const direct = await buildApp(ctx(), { rateLimits: limits });
    const proxied = await buildApp({ ...ctx(), config: { ...ctx().config, trustProxy: '127.0.0.1' } }, { rateLimits: limits });
    try {
      // no trusted proxy: a made-up header does not buy a fresh quota
      expect([(await attempt(direct, '203.0.113.1')).statusCode, (await attempt(direct, '203.0.113.2')).statusCode, (await attempt(direct, '203.0.113.3')).statusCode]).toEqual([401, 401, 429]);
      // behind the trusted proxy (inject comes from 127.0.0.1): each client IP has its own quota
      expect([(await attempt(proxied, '203.0.113.1')).statusCode, (await attempt(proxied, '203.0.113.1')).statusCode, (await attempt(proxied, '203.0.113.1')).statusCode]).toEqual([401, 401, 429]);
      expect((await attempt(proxied, '203.0.113.2')).statusCode).toBe(401);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });
});

describe('recova user create (CLI)', () => {
  it('forces a change at first sign-in unless --no-must-change-password; applies the policy', async () => {
    const loc = await createTestDatabaseLocation();
    try {
      const run = (...args: string[]) => runCli(['user', 'create', ...args, ...loc.args], loc.env); // the binary's entry, in this process
      expect((await run('--username', 'zoe', '--role', 'collector', '--password', 'Zz-initial-1')).code).toBe(0);
      expect((await run('--username', 'yan', '--role', 'collector', '--password', 'Yy-initial-1', '--no-must-change-password')).code).toBe(0);
      const weak = await run('--username', 'xuan', '--role', 'collector', '--password', 'pw-12345');
      expect(weak.code).not.toBe(0);
      expect(weak.err).toMatch(/^recova: password does not meet the policy: at least 10 characters.*\(PASSWORD_POLICY\)\n$/);
      const db = await openDatabase({ dataDir: loc.tmp, databaseUrl: loc.env.DATABASE_URL });
      try {
        const rows = await db.db.selectFrom('users').select(['username', 'must_change_password']).orderBy('username').execute();
        expect(rows).toEqual([{ username: 'yan', must_change_password: false }, { username: 'zoe', must_change_password: true }]);
      } finally {
        await db.close();
      }
    } finally {
      await loc.cleanup();
    }
  }, 300_000); // three commands, each opening the database: slow on a loaded machine
});
