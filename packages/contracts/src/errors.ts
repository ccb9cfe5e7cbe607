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
