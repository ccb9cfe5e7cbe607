/**
 * The one place that reads `process.env` (design.md §6.10). Validated at start-up with zod.
 *
 * - `DATABASE_URL` — PostgreSQL connection string; when absent the embedded PGlite in `dataDir` is used.
 * - `RECOVA_DATA_DIR` — embedded database and uploads folder (default `./data`).
 * - `RECOVA_ADMIN_USER` / `RECOVA_ADMIN_PASSWORD` — first administrator (else a random password is printed once).
 * - `RECOVA_TIMEZONE` — the agency's zone for "today" (DPD as of today), default Asia/Shanghai.
 * - `RECOVA_LOG_LEVEL` — pino level (default info; `silent` in tests).
 * - `RECOVA_KEY_FILE` — JSON key ring `{ "current": id, "keys": { id: base64 32 bytes } }` for personal
 *   data at rest (ADR 0007); `RECOVA_DATA_KEY` — one base64 key instead (rotation then needs a key
 *   file). Neither: `<dataDir>/keys.json` is created (mode 0600) on first start.
 * - `RECOVA_CLOCK_FILE` — browser tests and demos only: a file holding an ISO instant that is "now" for the
 *   server (re-read when it changes), so a journey can move to a promise's due date. Never set in production;
 *   the server logs a warning when it is.
 * - `RECOVA_DAILY_RUN_AT` — agency-time `HH:MM` of the scheduled daily strategy run (default 06:00), or `off`.
 * - `RECOVA_TRUST_PROXY` — addresses or CIDR ranges of the reverse proxies in front of the server
 *   (comma-separated, e.g. `127.0.0.1,10.0.0.0/8`); their `X-Forwarded-For` then gives the client's IP for the
 *   sign-in throttle. Default `off`: the header is ignored, so a client cannot pick its own IP.
 */
import path from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  RECOVA_DATA_DIR: z.string().default('./data'),
  RECOVA_ADMIN_USER: z.string().min(3).default('admin'),
  RECOVA_ADMIN_PASSWORD: z.string().min(8).optional(),
  RECOVA_TIMEZONE: z.string().default('Asia/Shanghai'),
  RECOVA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RECOVA_MAX_UPLOAD_MB: z.coerce.number().int().positive().default(200),
  RECOVA_KEY_FILE: z.string().min(1).optional(),
  RECOVA_DATA_KEY: z.string().min(1).optional(),
  RECOVA_CLOCK_FILE: z.string().min(1).optional(),
  RECOVA_TRUST_PROXY: z.string().regex(/^off$|^[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*$/, 'off, or comma-separated IPs/CIDRs').default('off'),
  RECOVA_DAILY_RUN_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^off$/, 'HH:MM or off').default('06:00'),
});

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  uploadDir: string;
  adminUser: string;
  adminPassword: string | undefined;
  timezone: string;
  logLevel: string;
  maxUploadBytes: number;
  /** key ring file (RECOVA_KEY_FILE), absolute; default `<dataDir>/keys.json` when no data key is given */
  keyFile?: string;
  /** one base64 key from RECOVA_DATA_KEY (never logged) */
  dataKey?: string;
  /** RECOVA_CLOCK_FILE, absolute (tests and demos only) */
  clockFile?: string;
  /** RECOVA_DAILY_RUN_AT: agency-time HH:MM of the scheduled daily strategy run, or 'off' (default 06:00) */
  dailyRunAt?: string;
  /** RECOVA_TRUST_PROXY: proxies whose X-Forwarded-For is believed (Fastify `trustProxy`), or undefined */
  trustProxy?: string;
}

/** Build the config from the environment plus command-line overrides (`--data-dir`). */
export function loadConfig(overrides: { dataDir?: string; databaseUrl?: string } = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${msg}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.RECOVA_DATA_DIR);
  return {
    databaseUrl: overrides.databaseUrl ?? (e.DATABASE_URL || undefined),
    dataDir,
    uploadDir: path.join(dataDir, 'uploads'),
    adminUser: e.RECOVA_ADMIN_USER,
    adminPassword: e.RECOVA_ADMIN_PASSWORD,
    timezone: e.RECOVA_TIMEZONE,
    logLevel: e.RECOVA_LOG_LEVEL,
    maxUploadBytes: e.RECOVA_MAX_UPLOAD_MB * 1024 * 1024,
    keyFile: e.RECOVA_KEY_FILE ? path.resolve(e.RECOVA_KEY_FILE) : undefined,
    dataKey: e.RECOVA_DATA_KEY,
    clockFile: e.RECOVA_CLOCK_FILE ? path.resolve(e.RECOVA_CLOCK_FILE) : undefined,
    dailyRunAt: e.RECOVA_DAILY_RUN_AT,
    trustProxy: e.RECOVA_TRUST_PROXY === 'off' ? undefined : e.RECOVA_TRUST_PROXY,
  };
}
