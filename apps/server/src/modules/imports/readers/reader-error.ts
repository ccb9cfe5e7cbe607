/**
 * File-level read failures of the import readers, with stable codes the HTTP layer and CLI map to
 * messages (row-level problems are `RowError`s in the domain, not these).
 */

/** Stable codes of file-level read failures (row-level problems are `RowError`s, not these). */
export type ReaderErrorCode =
  | 'UNSUPPORTED_FILE'
  | 'FILE_TOO_LARGE'
  | 'FILE_ENCRYPTED'
  | 'FILE_CORRUPT'
  | 'SHEET_NOT_FOUND'
  | 'UNSUPPORTED_ENCODING'
  | 'CSV_MALFORMED';

/** A file-level read failure with a stable `code`; `details.reason` says which rule fired. */
export class ReaderError extends Error {
  readonly code: ReaderErrorCode;
  readonly details: Record<string, string | number>;
  constructor(code: ReaderErrorCode, message: string, details: Record<string, string | number> = {}) {
    super(message);
    this.name = 'ReaderError';
    this.code = code;
    this.details = details;
  }
}
