/**
 * Find the header of a client sheet among its first rows, and choose which sheet holds the cases.
 * Pure: works on rows already read (see the server's import readers).
 *
 * Rules (shared/samples/import: merged-header-two-row, multi-sheet-hidden):
 * - the header is the row naming the most distinct known fields ({@link matchHeader}); at least 2,
 *   or 1 when the row is all text and the next row looks like data. Title rows above it
 *   ("XX银行2024年3月委案清单") and instruction sheets ("填写说明") name no field and are skipped.
 * - a two-row header (group row such as 基本信息 | 联系人1 above sub-labels) is flattened column by
 *   column: `group + sub` when that is a known header (联系人1 + 姓名 → 联系人1姓名); the label once
 *   when group and sub are equal (a vertical merge 委托方/委托方); else the sub-label; a sub-label
 *   that repeats an earlier flattened header — by text or by the field it names — becomes
 *   `group + sub` (担保人 + 姓名 after 债务人姓名). Group labels not repeated by the
 *   reader (unmerged files) carry rightwards over empty cells. The pair is used only when it names
 *   more fields than either row alone.
 * - a second all-text row right below the header naming many fields too (the English label row of
 *   the standard template) is part of the header, not data.
 */
import { isBlank, type Cell } from './cell.ts';
import { matchHeader, normalizeHeader } from './fields.ts';

/** A row as read from a file: 1-based row/line number and cells by 0-based column. */
export interface HeaderScanRow {
  sourceRow: number;
  cells: Cell[];
}

/** The header found by {@link detectHeader}. */
export interface DetectedHeader {
  /** source rows forming the header (one or two, plus a repeated label row if any) */
  headerRows: number[];
  /** flattened header per 0-based column ('' for an unlabelled column) */
  headers: string[];
  /** first source row after the header */
  dataStartRow: number;
  /** number of distinct known fields the header names */
  score: number;
}

/** Options of header detection and sheet choice. */
export interface HeaderOptions {
  /** import kind, for kind-specific headers (see {@link matchHeader}); default `cases` */
  kind?: string;
  /**
   * Headers known from the client's saved mapping (any form; normalised here). A client whose files
   * use its own column names (e.g. a US lender's `funded_amnt`) still gets its header found.
   */
  known?: Iterable<string>;
}

/** What a label is matched against: the kind's aliases plus the client's saved headers. */
interface Matcher {
  kind: string;
  known: ReadonlySet<string>;
}
const matcherOf = (opts: HeaderOptions): Matcher => ({ kind: opts.kind ?? 'cases', known: new Set([...(opts.known ?? [])].map(normalizeHeader)) });

/** Non-blank rows examined for a header. */
export const HEADER_SCAN_ROWS = 30;

const label = (c: Cell | undefined): string => (c && c.t === 's' ? c.v.trim() : '');

/** Key of the known field a label names (`f:debtor_name`, `c:1:name`), or null. */
function targetKey(l: string, kind: Matcher): string | null {
  if (!l) return null;
  if (kind.known.has(normalizeHeader(l))) return `s:${normalizeHeader(l)}`;
  const t = matchHeader(l, kind.kind);
  if (t.kind === 'field') return `f:${t.field}`;
  if (t.kind === 'contact') return `c:${t.index}:${t.field}`;
  return null;
}

/** Distinct known targets named by a list of labels. */
function score(labels: string[], kind: Matcher): number {
  const keys = new Set<string>();
  for (const l of labels) {
    const k = targetKey(l, kind);
    if (k) keys.add(k);
  }
  return keys.size;
}

const isKnown = (l: string, kind: Matcher) => score([l], kind) > 0;

/** Every non-empty cell is text. */
function allText(row: HeaderScanRow): boolean {
  return row.cells.every((c) => c === null || c.t === 's');
}

const DATA_TEXT = [
  /^[-+(]?\s*(?:[¥￥$]|RMB)?\s*[\d,]*\d(?:\.\d+)?\s*\)?\s*(?:元|万)?$/i, // amounts, counts
  /^\d{4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?)?/, // dates
  /^\d{6,}[\dXx]?$/, // IDs, phones, card numbers
];

/** A row holding values rather than labels: a number, date or boolean cell, or text shaped like one. */
function looksLikeData(row: HeaderScanRow): boolean {
  return row.cells.some((c) => c !== null && (c.t !== 's' || DATA_TEXT.some((re) => re.test(c.v.trim()))));
}

function rowLabels(row: HeaderScanRow, width: number): string[] {
  return Array.from({ length: width }, (_, i) => label(row.cells[i]));
}

/** Flatten a group row over a sub-label row (see the module comment). */
export function flattenHeaderRows(group: HeaderScanRow, sub: HeaderScanRow, opts: HeaderOptions = {}): string[] {
  const kind = matcherOf(opts);
  const width = Math.max(group.cells.length, sub.cells.length);
  const out: string[] = [];
  const used = new Set<string>(); // normalised labels and known targets already taken
  let carry = '';
  for (let c = 0; c < width; c++) {
    const own = label(group.cells[c]);
    if (own) carry = own;
    const g = own || carry;
    const s = label(sub.cells[c]);
    let h: string;
    if (!s) h = own; // a label standing alone in the group row (unmerged vertical label)
    else if (!g) h = s;
    else if (isKnown(g + s, kind)) h = g + s;
    else h = s;
    const key = h ? targetKey(h, kind) : null;
    if (h && s && g && h === s && normalizeHeader(g) !== normalizeHeader(s) && (used.has(normalizeHeader(h)) || (key && used.has(key)))) {
      h = g + s;
    }
    if (h) used.add(normalizeHeader(h));
    const finalKey = h ? targetKey(h, kind) : null;
    if (finalKey) used.add(finalKey);
    out.push(h);
  }
  return out;
}

interface Candidate {
  rows: number[]; // indexes into the scanned rows
  headers: string[];
  score: number;
}

/**
 * Detect the header among the first rows of a sheet (blank rows are ignored; at most
 * {@link HEADER_SCAN_ROWS} non-blank rows are examined). Returns null when no row names enough
 * known fields — e.g. an instructions sheet; the importer then reports "no header found".
 */
export function detectHeader(firstRows: HeaderScanRow[], opts: HeaderOptions = {}): DetectedHeader | null {
  const kind = matcherOf(opts);
  const rows = firstRows.filter((r) => r.cells.some((c) => !isBlank(c))).slice(0, HEADER_SCAN_ROWS);
  const singles = rows.map((r) => score(rowLabels(r, r.cells.length), kind));
  const candidates: Candidate[] = [];
  const consider = (c: Candidate) => candidates.push(c);
  for (let i = 0; i < rows.length; i++) {
    const next = rows[i + 1];
    const s = singles[i];
    if (s >= 2 || (s === 1 && allText(rows[i]) && next !== undefined && looksLikeData(next))) {
      consider({ rows: [i], headers: rowLabels(rows[i], rows[i].cells.length), score: s });
    }
    const adjacent = next !== undefined && next.sourceRow === rows[i].sourceRow + 1;
    if (adjacent && allText(rows[i]) && allText(next) && !looksLikeData(rows[i]) && !looksLikeData(next)) {
      const headers = flattenHeaderRows(rows[i], next, opts);
      const ps = score(headers, kind);
      if (ps >= 2 && ps > Math.max(s, singles[i + 1])) consider({ rows: [i, i + 1], headers, score: ps });
    }
  }
  // best score wins; on ties the earliest (candidates are in row order)
  const found = candidates.reduce<Candidate | null>((b, c) => (!b || c.score > b.score ? c : b), null);
  if (!found) return null;
  // a repeated label row (e.g. English labels under Chinese ones) belongs to the header
  let last = found.rows[found.rows.length - 1];
  const after = rows[last + 1];
  if (after && allText(after) && !looksLikeData(after) && singles[last + 1] >= Math.max(2, found.score / 2)) {
    found.rows.push(++last);
  }
  let headers = found.headers;
  while (headers.length && !headers[headers.length - 1]) headers = headers.slice(0, -1);
  return {
    headerRows: found.rows.map((i) => rows[i].sourceRow),
    headers,
    dataStartRow: rows[last + 1]?.sourceRow ?? rows[last].sourceRow + 1,
    score: found.score,
  };
}

/** A sheet offered to {@link chooseSheet}: its name, hidden state and first rows. */
export interface SheetCandidate {
  name: string;
  hidden: boolean;
  firstRows: HeaderScanRow[];
}

/**
 * Choose the sheet holding the data: the visible sheet whose detected header scores best (the
 * first such on ties). A hidden sheet is never chosen unless named in `preferred` (the user's
 * choice, returned as is when it exists). Null when no visible sheet has a header.
 */
export function chooseSheet(candidates: SheetCandidate[], opts: HeaderOptions & { preferred?: string } = {}): string | null {
  if (opts.preferred !== undefined && candidates.some((c) => c.name === opts.preferred)) return opts.preferred;
  let best: { name: string; score: number } | null = null;
  for (const c of candidates) {
    if (c.hidden) continue;
    const h = detectHeader(c.firstRows, opts);
    if (h && (!best || h.score > best.score)) best = { name: c.name, score: h.score };
  }
  return best?.name ?? null;
}
