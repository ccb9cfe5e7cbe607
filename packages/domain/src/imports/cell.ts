/**
 * One cell as read from a client's file, before any interpretation.
 *
 * Readers (apps/server/src/modules/imports/readers) produce these; the pure normalisers in this
 * folder turn them into canonical values. Keeping the raw kind matters: an 18-digit ID that
 * arrives as a *number* has already lost digits in the spreadsheet and must be rejected, while the
 * same digits in a *text* cell are fine.
 */
export type Cell =
  | null
  /** text cell (CSV values are always text); rich text is flattened to plain text */
  | { t: 's'; v: string }
  /** numeric cell; `fmt` is the cell's number-format code when the file has one (e.g. `"¥"#,##0.00`) */
  | { t: 'n'; v: number; fmt?: string }
  /** date cell (numeric cell with a date format), already resolved with the workbook's 1900/1904 system: `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm:ss` */
  | { t: 'd'; v: string }
  | { t: 'b'; v: boolean };

/** Text of a cell as a user would see it in a plain editor (numbers without exponent where exact). */
export function cellText(c: Cell): string {
  if (c === null) return '';
  switch (c.t) {
    case 's':
      return c.v;
    case 'n':
      return Number.isInteger(c.v) && Math.abs(c.v) < 1e21 ? BigInt(c.v).toString() : String(c.v);
    case 'd':
      return c.v;
    case 'b':
      return c.v ? 'TRUE' : 'FALSE';
  }
}

/** True when the cell holds nothing a user would see (null or only white space). */
export function isBlank(c: Cell): boolean {
  return c === null || (c.t === 's' && c.v.trim() === '');
}
