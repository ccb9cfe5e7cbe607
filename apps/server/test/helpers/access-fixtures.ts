/**
 * Fixtures for access tests: cases with known references imported through the real pipeline, users
 * with sessions (made directly, so these tests do not depend on the sign-in flow), and assignment.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TestContext } from './context.ts';
import { importFile, makeBatch, makeUser } from './fixtures.ts';
import { createSession } from '../../src/modules/auth/sessions.ts';

const IDS = ['110101199003074514', '310104198507120029', '32010219881008009X'];

/** Import cases with the given references into a new batch of client `client`; returns ids by reference. */
export async function seedCases(ctx: TestContext, client: string, batch: string, refs: string[]) {
  const b = await makeBatch(ctx, { client, batch });
  const file = path.join(ctx.tmp, `${client}-${batch}.csv`);
  const lines = ['案件编号,姓名,身份证号,手机,委案金额', ...refs.map((r, i) => `${r},债务人${r},${IDS[i % IDS.length]},1380013${String(8000 + i).padStart(4, '0')},${1000 + i}.00`)];
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
  const { item } = await importFile(ctx, b.batchId, file);
  if (!item || item.result?.imported !== refs.length) throw new Error(`seed ${client}/${batch}: ${JSON.stringify(item?.result)}`);
  const rows = await ctx.db.selectFrom('cases').select(['id', 'client_case_ref']).where('batch_id', '=', b.batchId).execute();
  const ids = Object.fromEntries(rows.map((r) => [r.client_case_ref!, r.id])) as Record<string, number>;
  return { ...b, importId: item.id, ids };
}

/** Assign cases to a user directly (the assignment rules are tested elsewhere). */
export async function assign(ctx: TestContext, caseIds: number[], userId: number | null) {
  await ctx.db.updateTable('cases').set({ assigned_user_id: userId }).where('id', 'in', caseIds).execute();
}

/** A user with a session cookie. */
export async function userWithSession(ctx: TestContext, username: string, role: Parameters<typeof makeUser>[2], extra: Parameters<typeof makeUser>[3] = {}) {
  const u = await makeUser(ctx, username, role, extra);
  return { id: u.id, cookie: await sessionCookie(ctx, u.id) };
}

/** A new session for a user: its cookie (its CSRF token is remembered for {@link client}). */
export async function sessionCookie(ctx: TestContext, userId: number): Promise<string> {
  const { token, csrfToken } = await createSession(ctx, userId);
  const cookie = `recova_session=${token}`;
  CSRF_BY_COOKIE.set(cookie, csrfToken);
  return cookie;
}

/** The CSRF token of each session made here, so {@link client} can send it on state-changing requests. */
const CSRF_BY_COOKIE = new Map<string, string>();

/** Shorthand for injected requests with a cookie. */
export function client(app: FastifyInstance) {
  return (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      headers: { cookie, ...(method !== 'GET' && CSRF_BY_COOKIE.has(cookie) && { 'x-csrf-token': CSRF_BY_COOKIE.get(cookie)! }), ...headers },
      ...(payload !== undefined && { payload: payload as object }),
    });
}
