/**
 * The small parts of an .xlsx package the row streamer needs first: the workbook (sheet names,
 * hidden state, `date1904`), relationships, styles (number format per cell style), shared strings,
 * and per sheet the hidden columns (`<cols>`, at the top) and merged ranges (`<mergeCells>`, at the
 * *end* of the sheet XML — found by a cheap byte scan before rows are streamed).
 */
import { posix } from 'node:path';
import { SaxesParser } from 'saxes';
import { ReaderError } from './reader-error.ts';
import { parseRange, type MergeRange } from './merge-fill.ts';
import { BUILTIN_NUM_FMTS, classifyFormat, columnIndex, MAX_COLUMNS, type FormatKind } from './number-formats.ts';
import { findEntry, openEntryStream, readEntryBuffer, type ZipDirectory } from './zip.ts';

/** One worksheet of the workbook, in tab order. `part` is its zip part name. */
export interface XlsxSheet {
  name: string;
  index: number;
  hidden: boolean;
  part: string;
}

/** Number format per cell style (`<c s="…">` indexes `cellXfs`). */
export interface XlsxStyles {
  kinds: FormatKind[];
  /** format code, or undefined for General */
  codes: (string | undefined)[];
}

/** Workbook-level facts read before any row: date system, worksheets, shared-string part, styles. */
export interface XlsxMeta {
  date1904: boolean;
  sheets: XlsxSheet[];
  sharedStringsPart?: string;
  styles: XlsxStyles;
}

const localName = (n: string) => n.slice(n.indexOf(':') + 1);

/** Attribute by local name (`r:id`, `ns2:id` and `id` all answer to `id`). */
function attr(attrs: Record<string, string>, name: string): string | undefined {
  if (attrs[name] !== undefined) return attrs[name];
  for (const k of Object.keys(attrs)) if (localName(k) === name) return attrs[k];
  return undefined;
}

function newParser(): SaxesParser {
  const p = new SaxesParser({ position: false });
  p.on('error', (e) => {
    // raw control characters (XML 1.0 forbids them; some exporters write them) are tolerated
    if (!e.message.includes('disallowed character')) throw new ReaderError('FILE_CORRUPT', `Malformed workbook XML: ${e.message}`);
  });
  return p;
}

/** Call `onOpen` for every element of a small XML document. */
function walk(xml: string, onOpen: (name: string, attrs: Record<string, string>) => void): void {
  const p = newParser();
  p.on('opentag', (t) => onOpen(localName(t.name), t.attributes as Record<string, string>));
  p.write(xml).close();
}

async function readText(dir: ZipDirectory, part: string): Promise<string | null> {
  const e = findEntry(dir, part);
  return e ? (await readEntryBuffer(dir, e)).toString('utf8') : null;
}

/** Relationship id → resolved part name, and type suffix → part name, of `<base>.rels`. */
async function readRels(dir: ZipDirectory, part: string): Promise<{ byId: Map<string, string>; byType: Map<string, string> }> {
  const base = posix.dirname(part);
  const xml = await readText(dir, posix.join(base, '_rels', `${posix.basename(part)}.rels`));
  const byId = new Map<string, string>();
  const byType = new Map<string, string>();
  if (xml) {
    walk(xml, (name, a) => {
      if (name !== 'Relationship' || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : posix.normalize(posix.join(base, a.Target));
      if (a.Id) byId.set(a.Id, target);
      const type = (a.Type ?? '').slice((a.Type ?? '').lastIndexOf('/') + 1);
      if (!byType.has(type)) byType.set(type, target);
    });
  }
  return { byId, byType };
}

/** Read workbook metadata and styles. Only worksheets are listed (chart sheets hold no rows). */
export async function readXlsxMeta(dir: ZipDirectory): Promise<XlsxMeta> {
  const root = await readRels(dir, '');
  const wbPart = root.byType.get('officeDocument') ?? 'xl/workbook.xml';
  const xml = await readText(dir, wbPart);
  if (xml === null) throw new ReaderError('FILE_CORRUPT', 'Workbook part missing', { part: wbPart });
  const rels = await readRels(dir, wbPart);
  const found: { name: string; state: string; rid: string }[] = [];
  let date1904 = false;
  walk(xml, (name, a) => {
    if (name === 'workbookPr') date1904 = /^(1|true)$/i.test(attr(a, 'date1904') ?? '');
    if (name === 'sheet') found.push({ name: a.name ?? '', state: a.state ?? 'visible', rid: attr(a, 'id') ?? '' });
  });
  const sheets: XlsxSheet[] = [];
  for (const s of found) {
    const part = rels.byId.get(s.rid);
    if (!part || !/worksheets?\//i.test(part) || !findEntry(dir, part)) continue;
    sheets.push({ name: s.name, index: sheets.length, hidden: s.state !== 'visible', part });
  }
  return {
    date1904,
    sheets,
    sharedStringsPart: rels.byType.get('sharedStrings') ?? (findEntry(dir, 'xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined),
    styles: await readStyles(dir, rels.byType.get('styles') ?? 'xl/styles.xml'),
  };
}

async function readStyles(dir: ZipDirectory, part: string): Promise<XlsxStyles> {
  const xml = await readText(dir, part);
  const custom = new Map<number, string>();
  const xfFmtIds: number[] = [];
  if (xml) {
    let inCellXfs = false;
    const p = newParser();
    p.on('opentag', (t) => {
      const name = localName(t.name);
      const a = t.attributes as Record<string, string>;
      if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfFmtIds.push(Number(a.numFmtId ?? 0));
    });
    p.on('closetag', (t) => {
      if (localName(t.name) === 'cellXfs') inCellXfs = false;
    });
    p.write(xml).close();
  }
  const codes = xfFmtIds.map((id) => {
    const code = custom.get(id) ?? BUILTIN_NUM_FMTS[id];
    return code && !/^general$/i.test(code) ? code : undefined;
  });
  return { codes, kinds: codes.map(classifyFormat) };
}

/** Excel escapes control characters in strings as `_xHHHH_` (`_x000D_` for CR); undo it. */
export function unescapeOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** Upper bound on the text of the shared-string table (characters); a 1M-row real file uses a fraction. */
export const MAX_SHARED_STRING_CHARS = 150_000_000;
/** Upper bound on what follows `</sheetData>` (merges, hyperlinks, page setup) that is kept to find merges. */
const MAX_TAIL_BYTES = 32 * 1024 * 1024;

/** Stream the shared-string table into memory, flattening rich-text runs and skipping phonetic runs. */
export async function loadSharedStrings(dir: ZipDirectory, part: string | undefined): Promise<string[]> {
  const entry = part ? findEntry(dir, part) : undefined;
  if (!entry) return [];
  const out: string[] = [];
  let cur = '';
  let inT = false;
  let phonetic = 0;
  const p = newParser();
  p.on('opentag', (t) => {
    const n = localName(t.name);
    if (n === 'si') cur = '';
    else if (n === 't') inT = !t.isSelfClosing;
    else if (n === 'rPh') phonetic++;
  });
  let total = 0;
  p.on('closetag', (t) => {
    const n = localName(t.name);
    if (n === 't') inT = false;
    else if (n === 'rPh') phonetic--;
    else if (n === 'si') out.push(unescapeOoxml(cur));
  });
  const onText = (s: string) => {
    if (!inT || phonetic !== 0) return;
    cur += s;
    // the table is held in memory: bound it (a few KB of zip can inflate to gigabytes)
    total += s.length;
    if (total > MAX_SHARED_STRING_CHARS) throw new ReaderError('FILE_TOO_LARGE', `the workbook's shared-string table exceeds ${MAX_SHARED_STRING_CHARS / 1e6}M characters`, { reason: 'shared_strings' });
  };
  p.on('text', onText);
  p.on('cdata', onText);
  await feed(dir, part!, p);
  return out;
}

/** Feed a part's bytes to a SAX parser, decoding UTF-8 across chunk edges. */
async function feed(dir: ZipDirectory, part: string, p: SaxesParser): Promise<void> {
  const stream = await openEntryStream(dir, findEntry(dir, part)!);
  const dec = new TextDecoder('utf-8');
  for await (const chunk of stream) p.write(dec.decode(chunk as Buffer, { stream: true }));
  p.write(dec.decode()).close();
}

/**
 * Hidden columns of a sheet (0-based) from `<cols>`, and the last column of its `<dimension>`, both
 * at the top of the sheet XML (reads only up to `<sheetData`). A hidden range running to column XFD
 * is clipped to the dimension.
 */
export async function readHiddenColumns(dir: ZipDirectory, part: string): Promise<{ hidden: number[]; maxColumn?: number }> {
  const stream = await openEntryStream(dir, findEntry(dir, part)!);
  let head = '';
  const dec = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream) {
      head += dec.decode(chunk as Buffer, { stream: true });
      if (head.includes('sheetData') || head.length > 4_000_000) break;
    }
  } finally {
    stream.destroy();
  }
  head = head.slice(0, head.indexOf('sheetData') >>> 0);
  const dim = /<(?:\w+:)?dimension\s[^>]*ref="[^":]*:?\$?([A-Za-z]+)/.exec(head);
  const maxColumn = dim ? columnIndex(dim[1].toUpperCase()) : undefined;
  const maxCol = Math.min(maxColumn ?? 1023, MAX_COLUMNS - 1); // the file's own <dimension> is not trusted
  const hidden: number[] = [];
  for (const m of head.matchAll(/<(?:\w+:)?col\s([^>]*)>/g)) {
    const a = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (!/^(1|true)$/i.test(a.hidden ?? '')) continue;
    for (let c = Number(a.min) - 1; c <= Math.min(Number(a.max) - 1, maxCol); c++) hidden.push(c);
  }
  return { hidden, maxColumn };
}

/**
 * Merged ranges of a sheet. `<mergeCells>` follows `</sheetData>`, so this inflates the sheet once
 * without parsing it (a byte search for `sheetData>`), keeping only the tail after the rows.
 */
export async function scanMerges(dir: ZipDirectory, part: string): Promise<MergeRange[]> {
  const stream = await openEntryStream(dir, findEntry(dir, part)!);
  const tailParts: Buffer[] = [];
  let carry: Buffer = Buffer.alloc(0);
  let afterRows = false;
  let tailBytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (afterRows) {
      tailParts.push(chunk);
      tailBytes += chunk.length;
      if (tailBytes > MAX_TAIL_BYTES) throw new ReaderError('FILE_TOO_LARGE', 'the sheet has more than 32 MB after its rows', { reason: 'sheet_tail' });
      continue;
    }
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const end = findSheetDataEnd(buf);
    if (end >= 0) {
      afterRows = true;
      tailParts.push(buf.subarray(end));
    } else carry = buf.subarray(Math.max(0, buf.length - 64));
  }
  const tail = Buffer.concat(tailParts).toString('utf8');
  const ranges: MergeRange[] = [];
  for (const m of tail.matchAll(/<(?:\w+:)?mergeCell\s[^>]*?ref="([^"]+)"/g)) {
    const r = parseRange(m[1]);
    if (r) ranges.push(r);
  }
  return ranges;
}

/** Offset just past `</sheetData>` (any namespace prefix) in `buf`, or -1. */
function findSheetDataEnd(buf: Buffer): number {
  let i = buf.indexOf('sheetData>');
  while (i >= 0) {
    const lt = buf.lastIndexOf(0x3c, i); // '<'
    if (lt >= 0 && i - lt < 40 && buf[lt + 1] === 0x2f) return i + 'sheetData>'.length;
    i = buf.indexOf('sheetData>', i + 1);
  }
  return -1;
}
