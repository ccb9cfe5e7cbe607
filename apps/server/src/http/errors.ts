/**
 * Domain/service errors with stable codes, and the one table mapping codes to HTTP statuses
 * (design.md §1: "one table maps codes to HTTP statuses"). Response body: `{ code, message, details }`.
 */
import type { ErrorCode, ErrorDetail } from '@recova/contracts';
import type { ZodError } from 'zod';

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CLIENT_CODE_TAKEN: 409,
  BATCH_NO_TAKEN: 409,
  BATCH_HAS_CASES: 409,
  BATCH_CLOSED: 409,
  USERNAME_TAKEN: 409,
  UNSUPPORTED_FILE: 415,
  FILE_TOO_LARGE: 413,
  NO_HEADER_FOUND: 422,
  IMPORT_NOT_READY: 409,
  IMPORT_ALREADY_RUNNING: 409,
  MAPPING_INVALID: 422,
  PASSWORD_POLICY: 422,
  PASSWORD_CHANGE_REQUIRED: 403,
  ACCOUNT_LOCKED: 423,
  TOTP_REQUIRED: 401,
  TOTP_INVALID: 401,
  CSRF_FAILED: 403,
  RATE_LIMITED: 429,
  EXPORT_APPROVAL_REQUIRED: 409,
  COMPLIANCE_BLOCKED: 409,
  OVERRIDE_NOT_ALLOWED: 403,
  RECORD_LOCKED: 409,
  PROMISE_REQUIRED: 400,
  DUPLICATE_PAYMENT: 409,
  APPROVAL_REQUIRED: 409,
  SELF_APPROVAL: 403,
  INVALID_STATE: 409,
  TEMPLATE_INVALID: 400,
  DELIVERY_FAILED: 502,
  ALLOCATION_STALE: 409,
  STRATEGY_INVALID: 400,
  RUN_IN_PROGRESS: 409,
  AGING_BUCKETS_INVALID: 400,
  SEARCH_GUESS_LIMIT: 429,
  INTERNAL: 500,
};

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

export function fromZod(err: ZodError): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    'request is invalid',
    err.issues.map((i) => ({ field: i.path.join('.') || undefined, reason: i.message })),
  );
}

/** Parse input with a zod schema or throw VALIDATION_FAILED naming each bad field. */
export function parseInput<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } }, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw fromZod(r.error);
  return r.data;
}

/** Unique-violation (23505) from PostgreSQL, for mapping to a specific conflict code. */
export function isUniqueViolation(e: unknown, constraintPart?: string): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err?.code !== '23505') return false;
  return !constraintPart || (err.constraint ?? err.message ?? '').includes(constraintPart);
}
