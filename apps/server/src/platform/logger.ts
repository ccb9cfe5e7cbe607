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
  // personal data at rest and reveal (ADR 0007): identifiers, contacts, revealed values, search text, request bodies
  '*.card_number',
  '*.cardNumber',
  '*.account_number',
  '*.repayment_account',
  '*.work_phone',
  '*.home_phone',
  '*.contact_name',
  '*.contactName',
  '*.target',
  '*.value',
  '*.q',
  'req.body',
  // key material never reaches a log line, even by mistake
  '*.keys',
  '*.dataKey',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
export type { Logger };
