/**
 * pino logger with personal data redacted by path (design.md §6.11): log ids and counts, never payloads.
 */
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  'password',
  '*.password',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.id_number',
  '*.idNumber',
  '*.mobile',
  '*.phone',
  '*.number',
  '*.address',
  '*.debtor_name',
  '*.debtorName',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
export type { Logger };
