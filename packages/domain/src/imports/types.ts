/**
 * Shapes shared by the import pipeline: a column mapping, a normalised case row, a row error.
 */
import type { FieldTarget } from './fields.ts';

/** One source column and where its values go. `column` is the 0-based column index in the sheet. */
export interface ColumnMapping {
  column: number;
  /** the header as shown to the user (flattened for two-row headers) */
  header: string;
  target: FieldTarget;
}

/** Options that change how values are read; saved with a client's mapping template. */
export interface NormalizeOptions {
  /** workbook uses the 1904 date system (Mac Excel); affects numeric date serials only */
  date1904: boolean;
  /** ISO 4217 currency used when the row has none (CNY unless the client says otherwise) */
  defaultCurrency: string;
  /** fields that must be present; rows without them are rejected */
  required: string[];
}

/** A contact person as imported (`联系人N…` columns), before storage. */
export interface ImportedContact {
  index: number;
  name?: string;
  relation?: string;
  mobile?: string;
  work_phone?: string;
  home_phone?: string;
  employer?: string;
  address?: string;
}

/**
 * A row after normalisation. `fields` holds canonical keys → values:
 * money as integer minor units (fen/cents, a safe integer), dates as `YYYY-MM-DD`, `int` fields as
 * numbers, percent as basis points, everything else as trimmed strings. Absent values are omitted.
 */
export interface NormalizedRow {
  sourceRow: number;
  fields: Record<string, string | number>;
  contacts: ImportedContact[];
  custom: Record<string, string>;
  /** non-fatal notes, e.g. `id_legacy_15` for a first-generation 15-digit ID */
  flags: string[];
}

/**
 * Why a value or row was rejected. `row` is the 1-based row as the user sees it in Excel or a text
 * editor; `column` is the source header; `code` is stable (see {@link ImportErrorCode}).
 */
export interface RowError {
  row: number;
  column: string;
  field: string;
  value: string;
  code: ImportErrorCode;
  message: string;
}

export type ImportErrorCode =
  | 'REQUIRED_MISSING'
  | 'ID_INVALID_FORMAT'
  | 'ID_INVALID_CHECKSUM'
  | 'ID_INVALID_BIRTHDATE'
  | 'ID_PRECISION_LOST'
  | 'CARD_INVALID'
  | 'CARD_CHECKSUM'
  | 'IDENTIFIER_PRECISION_LOST'
  | 'IDENTIFIER_INVALID'
  | 'MONEY_INVALID'
  | 'MONEY_NEGATIVE'
  | 'INT_INVALID'
  | 'DATE_INVALID'
  | 'PHONE_INVALID'
  | 'PERCENT_INVALID'
  | 'CURRENCY_INVALID'
  | 'ENUM_INVALID'
  | 'DUPLICATE_IN_FILE'
  | 'EXTRA_VALUES'
  | 'CASE_NOT_FOUND'
  | 'TEXT_GARBLED';
