/**
 * Streaming .xlsx reader: rows of one worksheet as {@link Cell}s, in bounded memory.
 *
 * Parts are read by random access through the zip central directory ({@link readZipDirectory});
 * the sheet XML is SAX-parsed (saxes, the parser exceljs uses) while it inflates, so memory holds
 * the shared-string table, the merged ranges and one inflated chunk — never the rows.
 *
 * Cell rules: shared/inline/formula strings → `{t:'s'}` (rich-text runs flattened, phonetic runs
 * dropped, `_xHHHH_` escapes undone, empty → null); numbers → `{t:'n', v, fmt?}` with the cell
 * style's format code (omitted for General); numbers whose format is a date → `{t:'d'}` computed
 * from the serial in the workbook's 1900/1904 system (`<workbookPr date1904>`), time-only formats
 * stay numbers; booleans → `{t:'b'}`; errors (`#N/A`…) → null; formulas give their cached result;
 * merged ranges repeat the master value in every cell.
 */
import type { Cell } from '@recova/domain/imports/cell';
import { isBlank } from '@recova/domain/imports/cell';
import { SaxesParser } from 'saxes';
import type { SheetInfo, SourceRow } from './open-file.ts';
import { MergeFiller, type MergeRange } from './merge-fill.ts';
import { columnIndex, MAX_COLUMNS, serialToIso } from './number-formats.ts';
import { ReaderError } from './reader-error.ts';
import { loadSharedStrings, readHiddenColumns, readXlsxMeta, scanMerges, unescapeOoxml, type XlsxMeta, type XlsxSheet } from './xlsx-parts.ts';
import { findEntry, openEntryStream, readZipDirectory, type ZipDirectory } from './zip.ts';

/** An opened .xlsx: metadata read, rows streamed on demand (each call re-reads the sheet). */
export interface XlsxWorkbook {
  date1904: boolean;
  sheets: SheetInfo[];
  rows(sheetName: string): AsyncGenerator<SourceRow>;
  /** drop the cached shared strings and merge lists */
  close(): void;
}

/** Open an .xlsx: reads the workbook, relationships, styles and each sheet's `<cols>`. */
export async function openXlsx(path: string): Promise<XlsxWorkbook> {
  const dir = await readZipDirectory(path);
  const meta = await readXlsxMeta(dir);
  const sheets: SheetInfo[] = [];
  const maxColumns: number[] = [];
  for (const s of meta.sheets) {
    const { hidden: hiddenColumns, maxColumn } = await readHiddenColumns(dir, s.part);
    sheets.push({ name: s.name, index: s.index, hidden: s.hidden, hiddenColumns });
    // merges are clipped to the used range (a title merged across A1:XFD1 must not make 16,384 cells)
    maxColumns.push(Math.max(maxColumn ?? 0, 255));
  }
  let sst: Promise<string[]> | null = null;
  const merges = new Map<string, Promise<MergeRange[]>>();
  return {
    date1904: meta.date1904,
    sheets,
    async *rows(sheetName: string) {
      const sheet = meta.sheets.find((s) => s.name === sheetName);
      if (!sheet) throw new ReaderError('SHEET_NOT_FOUND', `No sheet named "${sheetName}"`, { sheet: sheetName });
      sst ??= loadSharedStrings(dir, meta.sharedStringsPart);
      if (!merges.has(sheet.part)) merges.set(sheet.part, scanMerges(dir, sheet.part));
      const filler = new MergeFiller(await merges.get(sheet.part)!, maxColumns[sheet.index]);
      yield* streamSheet(dir, meta, sheet, await sst, filler);
    },
    close() {
      sst = null;
      merges.clear();
    },
  };
}

/** Value of one `<c>` element. `text` is the `<v>` (or inline `<is>`) text; null when absent. */
function toCell(meta: XlsxMeta, sst: string[], type: string, style: number, text: string | null): Cell {
  if (text === null) return null;
  switch (type) {
    case 's': {
      const v = sst[Number(text)];
      return v ? { t: 's', v } : null;
    }
    case 'inlineStr':
    case 'str': {
      const v = unescapeOoxml(text);
      return v ? { t: 's', v } : null;
    }
    case 'b':
      return { t: 'b', v: text === '1' || /^true$/i.test(text) };
    case 'e':
      return null;
    case 'd': {
      const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/.exec(text);
      if (!m) return null;
      return { t: 'd', v: m[2] && m[2] !== '00:00:00' ? `${m[1]}T${m[2]}` : m[1] };
    }
    default: {
      if (text.trim() === '') return null;
      const v = Number(text);
      if (!Number.isFinite(v)) return null;
      const kind = meta.styles.kinds[style] ?? 'number';
      if (kind === 'date' || kind === 'datetime') {
        const iso = serialToIso(v, meta.date1904, kind === 'datetime');
        if (iso) return { t: 'd', v: iso };
      }
      const fmt = meta.styles.codes[style];
      return fmt ? { t: 'n', v, fmt } : { t: 'n', v };
    }
  }
}

const localName = (n: string) => n.slice(n.indexOf(':') + 1);

async function* streamSheet(dir: ZipDirectory, meta: XlsxMeta, sheet: XlsxSheet, sst: string[], filler: MergeFiller): AsyncGenerator<SourceRow> {
  let ready: SourceRow[] = [];
  let done = false;
  let rowNum = 0;
  let cells: Cell[] = [];
  let nextCol = 0;
  let cType = 'n';
  let cStyle = 0;
  let cCol = 0;
  let text: string | null = null;
  let inV = false;
  let inIs = false;
  let inT = false;
  let phonetic = 0;

  const finishRow = () => {
    const own = cells.some((c) => !isBlank(c));
    filler.apply(rowNum, cells);
    if (!own) return;
    let len = cells.length;
    while (len > 0 && (cells[len - 1] ?? null) === null) len--;
    const out: Cell[] = new Array(len);
    for (let i = 0; i < len; i++) out[i] = cells[i] ?? null;
    ready.push({ sourceRow: rowNum, cells: out });
  };

  const p = new SaxesParser({ position: false });
  p.on('error', (e) => {
    if (e.message.includes('disallowed character')) return; // raw control characters: keep going
    throw new ReaderError('FILE_CORRUPT', `Malformed sheet XML in "${sheet.name}": ${e.message}`, { sheet: sheet.name });
  });
  p.on('opentag', (t) => {
    const a = t.attributes as Record<string, string>;
    switch (localName(t.name)) {
      case 'row':
        rowNum = a.r ? Number(a.r) : rowNum + 1;
        cells = [];
        nextCol = 0;
        break;
      case 'c':
        cCol = a.r ? columnIndex(a.r) : nextCol;
        // a reference past XFD would make the row array gigantic (one cell could exhaust memory)
        if (cCol < 0 || cCol >= MAX_COLUMNS) throw new ReaderError('FILE_CORRUPT', `cell ${String(a.r ?? '').slice(0, 20)} in "${sheet.name}" is beyond the last Excel column XFD`, { sheet: sheet.name });
        cType = a.t ?? 'n';
        cStyle = a.s ? Number(a.s) : 0;
        text = null;
        break;
      case 'v':
        inV = true;
        text = '';
        break;
      case 'is':
        inIs = true;
        text = '';
        break;
      case 't':
        inT = inIs;
        break;
      case 'rPh':
        phonetic++;
        break;
    }
  });
  p.on('closetag', (t) => {
    switch (localName(t.name)) {
      case 'v':
        inV = false;
        break;
      case 't':
        inT = false;
        break;
      case 'is':
        inIs = false;
        break;
      case 'rPh':
        phonetic--;
        break;
      case 'c': {
        const cell = toCell(meta, sst, cType, cStyle, text);
        if (cell !== null) cells[cCol] = cell;
        nextCol = cCol + 1;
        text = null;
        break;
      }
      case 'row':
        finishRow();
        break;
      case 'sheetData':
        done = true;
        break;
    }
  });
  const onText = (s: string) => {
    if (inV || (inT && phonetic === 0)) text += s;
  };
  p.on('text', onText);
  p.on('cdata', onText);

  const stream = await openEntryStream(dir, findEntry(dir, sheet.part)!);
  const dec = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream) {
      p.write(dec.decode(chunk as Buffer, { stream: true }));
      const batch = ready;
      ready = [];
      for (const r of batch) yield r;
      if (done) return;
    }
    p.write(dec.decode()).close();
    for (const r of ready) yield r;
  } finally {
    stream.destroy();
  }
}
