/**
 * What every service receives: database, config, clock, logger, personal-data cipher. Built once in main.ts.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../platform/config.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { DB } from '../db/schema.ts';
import type { Database } from '../db/database.ts';
import type { Me } from '@recova/contracts';
import type { Scope } from '../modules/auth/scope.ts';
import type { PiiCipher } from '../platform/crypto.ts';

export interface AppContext {
  db: Kysely<DB>;
  database: Database;
  config: Config;
  clock: Clock;
  log: Logger;
  /** encrypts, decrypts and blind-indexes personal data with the loaded key ring (ADR 0007) */
  pii: PiiCipher;
}

/** The authenticated user of a request, with the data scope every query applies. */
export interface Actor extends Me {
  scope: Scope;
  /** the request's session (absent for CLI and system actors): token hash and CSRF token */
  session?: { tokenHash: string; csrfHash: string | null; csrfToken: string };
}
