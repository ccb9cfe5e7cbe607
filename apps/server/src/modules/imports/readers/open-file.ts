/**
 * One entry point for every client file: sniff the format, then expose the sheets and a streamed,
 * uniform table of {@link Cell} rows. `rows()` re-reads the file on every call (the pipeline
 * previews first, then imports), blank rows are skipped, and `sourceRow` is the row or line number
 * the user sees in Excel or a text editor.
 */
import { basename, extname } from 'node:path';
import type { Cell } from '@recova/domain/imports/cell';
import { readCsvRows, sniffCsv } from './csv-reader.ts';
import { detectFormat, type FileFormat } from './detect.ts';
import { ReaderError } from './reader-error.ts';
import { openXls } from './xls-reader.ts';
import { openXlsx } from './xlsx-reader.ts';

/** One row as read: its 1-based row (line) number in the file and its cells by 0-based column. */
export interface SourceRow {
  sourceRow: number;
  /** trailing empty cells are trimmed; holes are null */
  cells: Cell[];
}

/** A sheet of the file, in tab order. CSV files have one sheet named after the file. */
export interface SheetInfo {
  name: string;
  hidden: boolean;
  index: number;
  /** 0-based indexes of hidden columns; their cells are still read as data */
  hiddenColumns?: number[];
}

/** An opened import file: its format, sheets and a streamed row reader (see {@link openImportFile}). */
export interface OpenedFile {
  format: FileFormat;
  /** CSV only: the encoding used to decode (an iconv-lite name such as `utf-8`, `gb18030`, `utf-16le`) */
  encoding?: string;
  /** workbook uses the 1900/1904 date system flag (already applied to date cells) */
  date1904: boolean;
  sheets: SheetInfo[];
  /** Stream a sheet's non-blank rows (default: the first visible sheet). Callable repeatedly. */
  rows(sheetName?: string): AsyncIterable<SourceRow>;
  close(): Promise<void>;
}

/** Options of {@link openImportFile}. */
export interface OpenOptions {
  /** encoding chosen by the user for a CSV file; a BOM in the file overrides it */
  encoding?: string;
  /** the name the user uploaded the file under (names the CSV's single sheet); defaults to the path */
  name?: string;
}

/**
 * Open an import file by content (never by extension). Throws {@link ReaderError}:
 * `UNSUPPORTED_FILE`, `FILE_TOO_LARGE` (.xls over 50 MB), `FILE_ENCRYPTED`, `FILE_CORRUPT`,
 * `UNSUPPORTED_ENCODING`; `rows()` may throw `SHEET_NOT_FOUND` and, for CSV, `CSV_MALFORMED`.
 */
export async function openImportFile(path: string, opts: OpenOptions = {}): Promise<OpenedFile> {
  const format = await detectFormat(path);
  let closed = false;
  const guard = (src: () => AsyncGenerator<SourceRow>): AsyncIterable<SourceRow> => ({
    async *[Symbol.asyncIterator]() {
      if (closed) throw new Error('import file is closed');
      for await (const row of src()) {
        if (closed) return;
        yield row;
      }
    },
  });

  if (format === 'csv') {
    const dialect = await sniffCsv(path, opts.encoding);
    const fileName = basename(opts.name ?? path);
    const name = basename(fileName, extname(fileName)) || 'Sheet1';
    return {
      format,
      encoding: dialect.encoding,
      date1904: false,
      sheets: [{ name, hidden: false, index: 0 }],
      rows: (sheetName) => {
        if (sheetName !== undefined && sheetName !== name) throw sheetNotFound(sheetName);
        return guard(() => readCsvRows(path, dialect));
      },
      close: async () => {
        closed = true;
      },
    };
  }

  const wb = format === 'xlsx' ? await openXlsx(path) : await openXls(path);
  const firstVisible = wb.sheets.find((s) => !s.hidden) ?? wb.sheets[0];
  return {
    format,
    date1904: wb.date1904,
    sheets: wb.sheets,
    rows: (sheetName) => {
      const name = sheetName ?? firstVisible?.name;
      if (name === undefined || !wb.sheets.some((s) => s.name === name)) throw sheetNotFound(sheetName ?? '');
      return guard(() => wb.rows(name));
    },
    close: async () => {
      closed = true;
      wb.close();
    },
  };
}

function sheetNotFound(name: string): ReaderError {
  return new ReaderError('SHEET_NOT_FOUND', `No sheet named "${name}"`, { sheet: name });
}

/** The first `limit` non-blank rows of a sheet (stops reading there). */
export async function readFirstRows(file: OpenedFile, sheetName?: string, limit = 30): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  if (limit <= 0) return out;
  for await (const row of file.rows(sheetName)) {
    out.push(row);
    if (out.length >= limit) break;
  }
  return out;
}

/** Every sheet with its first rows: the input of the domain's `chooseSheet`. */
export async function readSheetCandidates(
  file: OpenedFile,
  limit = 30,
): Promise<{ name: string; hidden: boolean; firstRows: SourceRow[] }[]> {
  const out = [];
  for (const s of file.sheets) out.push({ name: s.name, hidden: s.hidden, firstRows: await readFirstRows(file, s.name, limit) });
  return out;
}
