/**
 * Legacy Excel 97-2003 (.xls, BIFF8) reader, through SheetJS. BIFF cannot be streamed by any Node
 * library we have, and lender systems export small .xls files, so the workbook is parsed in memory;
 * files over {@link XLS_MAX_BYTES} are refused with `FILE_TOO_LARGE`.
 *
 * Same cell rules as the .xlsx reader: text cells stay text (账号 `03100012345678` keeps its zero),
 * numbers carry their format, date-formatted numbers become `{t:'d'}` in the workbook's 1900/1904
 * system, errors are null, merged ranges repeat the master value.
 */
import { readFile, stat } from 'node:fs/promises';
import XLSX from 'xlsx';
import type { Cell } from '@recova/domain/imports/cell';
import { isBlank } from '@recova/domain/imports/cell';
import type { SheetInfo, SourceRow } from './open-file.ts';
import { MergeFiller } from './merge-fill.ts';
import { classifyFormat, serialToIso } from './number-formats.ts';
import { ReaderError } from './reader-error.ts';

/** Largest .xls accepted (bytes). */
export const XLS_MAX_BYTES = 50 * 1024 * 1024;

/** An opened .xls, held in memory until `close()`. */
export interface XlsWorkbook {
  date1904: boolean;
  sheets: SheetInfo[];
  rows(sheetName: string): AsyncGenerator<SourceRow>;
  close(): void;
}

/** Parse an .xls file. Throws `FILE_TOO_LARGE`, `FILE_ENCRYPTED` or `UNSUPPORTED_FILE`. */
export async function openXls(path: string): Promise<XlsWorkbook> {
  const { size } = await stat(path);
  if (size > XLS_MAX_BYTES) {
    throw new ReaderError('FILE_TOO_LARGE', `.xls files over ${XLS_MAX_BYTES / 1024 / 1024} MB are not accepted; save as .xlsx`, { size });
  }
  let wb: XLSX.WorkBook | null;
  try {
    wb = XLSX.read(await readFile(path), { type: 'buffer', cellDates: false, cellNF: true, cellText: false, cellStyles: true, cellHTML: false, cellFormula: false, raw: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(msg)) throw new ReaderError('FILE_ENCRYPTED', 'The workbook is password-protected');
    throw new ReaderError('UNSUPPORTED_FILE', `Not a readable Excel 97-2003 workbook: ${msg}`, { reason: 'xls-unreadable' });
  }
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const sheets: SheetInfo[] = wb.SheetNames.map((name, index) => {
    const ws = wb!.Sheets[name];
    const hiddenColumns = (ws['!cols'] ?? []).flatMap((c, i) => (c?.hidden ? [i] : []));
    return { name, index, hidden: Boolean(wb!.Workbook?.Sheets?.[index]?.Hidden), hiddenColumns };
  });
  return {
    date1904,
    sheets,
    async *rows(sheetName: string) {
      const ws = wb?.Sheets[sheetName];
      if (!ws) throw new ReaderError('SHEET_NOT_FOUND', `No sheet named "${sheetName}"`, { sheet: sheetName });
      yield* sheetRows(ws, date1904);
    },
    close() {
      wb = null;
    },
  };
}

/** Convert one SheetJS cell. */
function toCell(c: XLSX.CellObject | undefined, date1904: boolean): Cell {
  if (!c) return null;
  switch (c.t) {
    case 's':
      return c.v === undefined || c.v === '' ? null : { t: 's', v: String(c.v) };
    case 'b':
      return { t: 'b', v: Boolean(c.v) };
    case 'n': {
      const v = c.v as number;
      if (!Number.isFinite(v)) return null;
      const fmt = typeof c.z === 'string' && !/^general$/i.test(c.z) ? c.z : undefined;
      const kind = classifyFormat(fmt);
      if (kind === 'date' || kind === 'datetime') {
        const iso = serialToIso(v, date1904, kind === 'datetime');
        if (iso) return { t: 'd', v: iso };
      }
      return fmt ? { t: 'n', v, fmt } : { t: 'n', v };
    }
    case 'd': {
      const d = c.v instanceof Date ? c.v : new Date(String(c.v));
      return Number.isNaN(d.getTime()) ? null : { t: 'd', v: d.toISOString().slice(0, 10) };
    }
    default:
      return null; // 'e' (error) and 'z' (stub)
  }
}

async function* sheetRows(ws: XLSX.WorkSheet, date1904: boolean): AsyncGenerator<SourceRow> {
  if (!ws['!ref']) return;
  const range = XLSX.utils.decode_range(ws['!ref']);
  const merges = (ws['!merges'] ?? []).map((m) => ({ r1: m.s.r + 1, c1: m.s.c, r2: m.e.r + 1, c2: m.e.c }));
  const filler = new MergeFiller(merges, range.e.c);
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: Cell[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) {
      const cell = toCell(ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined, date1904);
      if (cell !== null) cells[c] = cell;
    }
    const own = cells.some((c) => !isBlank(c));
    filler.apply(r + 1, cells);
    if (!own) continue;
    let len = cells.length;
    while (len > 0 && (cells[len - 1] ?? null) === null) len--;
    yield { sourceRow: r + 1, cells: Array.from({ length: len }, (_, i) => cells[i] ?? null) };
  }
}
