/**
 * Stable API error codes. The HTTP status for each code lives in one table (apps/server/src/http/errors.ts);
 * the web maps `code` to an i18n message (`errors.<CODE>`).
 *
 * Body of every error response: `{ code, message, details?: [{ row?, column?, field?, value?, reason }] }`.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'CLIENT_CODE_TAKEN',
  'BATCH_NO_TAKEN',
  'BATCH_HAS_CASES',
  'BATCH_CLOSED',
  'USERNAME_TAKEN',
  'UNSUPPORTED_FILE',
  'FILE_TOO_LARGE',
  'NO_HEADER_FOUND',
  'IMPORT_NOT_READY',
  'IMPORT_ALREADY_RUNNING',
  'MAPPING_INVALID',
  'PASSWORD_POLICY',
  'PASSWORD_CHANGE_REQUIRED',
  'ACCOUNT_LOCKED',
  'TOTP_REQUIRED',
  'TOTP_INVALID',
  'CSRF_FAILED',
  'RATE_LIMITED',
  'EXPORT_APPROVAL_REQUIRED',
  // issues 4-6 (contacts, payments, messaging, allocation, strategy)
  'COMPLIANCE_BLOCKED', // the compliance engine blocked a contact attempt; details carry the reasons
  'OVERRIDE_NOT_ALLOWED', // an override was asked for without compliance.override or without a reason
  'RECORD_LOCKED', // a contact record is past its edit grace period: annotate instead
  'PROMISE_REQUIRED', // the result code needs a promise (amount and date or a plan)
  'DUPLICATE_PAYMENT', // a payment with the same reference exists
  'APPROVAL_REQUIRED', // the action waits for someone else's approval
  'SELF_APPROVAL', // the requester cannot approve their own request
  'INVALID_STATE', // the entity is not in a state that allows the action (e.g. reversing a reversed payment)
  'TEMPLATE_INVALID', // a message/letter template does not parse or uses an unknown variable
  'DELIVERY_FAILED', // an SMS/e-mail provider refused or failed the message
  'ALLOCATION_STALE', // a previewed allocation no longer matches the cases (re-preview)
  'STRATEGY_INVALID', // a strategy fails validation
  'RUN_IN_PROGRESS', // a daily run for that day is already running
  // issue 6 aging
  'AGING_BUCKETS_INVALID', // aging buckets overlap, leave a gap, or are otherwise malformed (details name each problem)
  // session 7 search guard (ADR 0012)
  'SEARCH_GUESS_LIMIT', // too many case searches by a full ID/card/phone (or, for masked users, a whole name) found no case in 24 h; details[0] field `retryAt`
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  row?: number;
  column?: string;
  field?: string;
  value?: string;
  reason: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}
