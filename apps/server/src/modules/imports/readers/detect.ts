/**
 * Sniff an uploaded import file's format from its bytes, never from its name.
 *
 * - `.xlsx`: a zip (`PK\x03\x04`) whose central directory holds `xl/workbook.xml`
 * - `.xls`: an OLE2 compound file (`D0 CF 11 E0 A1 B1 1A E1`), read with SheetJS
 * - otherwise text (CSV/TSV) when the bytes look like text in some encoding
 *
 * Anything else (images, PDFs, zips that are not workbooks, .xlsb/.ods, HTML tables renamed to .xls)
 * is rejected with {@link ReaderError} `UNSUPPORTED_FILE`, so the importer never parses binary
 * garbage as CSV.
 */
import { open } from 'node:fs/promises';
import { ReaderError } from './reader-error.ts';
import { findEntry, readZipDirectory, type ZipDirectory } from './zip.ts';

export { ReaderError, type ReaderErrorCode } from './reader-error.ts';

/** Container format of an import file, as sniffed from its bytes. */
export type FileFormat = 'xlsx' | 'xls' | 'csv';

/** Byte-order marks, longest first. `length` bytes are skipped before decoding. */
export type Bom = { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number };

/** Bytes read from the start of a file for sniffing (also the encoding sample of the CSV reader). */
export const SNIFF_BYTES = 64 * 1024;

/** The byte-order mark at the start of `b`, if any (UTF-8, UTF-16 LE, UTF-16 BE). */
export function sniffBom(b: Uint8Array): Bom | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 without a BOM, guessed from where NUL bytes fall: ASCII text in UTF-16LE has a zero in
 * every odd byte, in UTF-16BE in every even byte. Needs ≥ 5% of code units with the zero on one
 * side and (almost) none on the other; CJK-only text has few zeros, but CSV delimiters, digits and
 * line ends are ASCII. Returns null when the pattern is absent or the decoded units include control
 * characters other than tab, CR and LF (binary data).
 */
export function guessUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(b.length, SNIFF_BYTES) / 2);
  if (pairs < 2) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (b[2 * i] === 0) evenZero++;
    if (b[2 * i + 1] === 0) oddZero++;
  }
  const le = oddZero / pairs >= 0.05 && evenZero / pairs <= 0.02;
  const be = evenZero / pairs >= 0.05 && oddZero / pairs <= 0.02;
  if (!le && !be) return null;
  // text has (almost) no control characters besides tab, CR and LF; binary data does
  let control = 0;
  for (let i = 0; i < pairs; i++) {
    const unit = le ? b[2 * i] | (b[2 * i + 1] << 8) : (b[2 * i] << 8) | b[2 * i + 1];
    if (unit < 0x20 && unit !== 9 && unit !== 10 && unit !== 13) control++;
  }
  if (control > pairs * 0.01) return null;
  return le ? 'utf-16le' : 'utf-16be';
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const BINARY_MAGIC: [string, number[]][] = [
  ['png', [0x89, 0x50, 0x4e, 0x47]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]],
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['gzip', [0x1f, 0x8b]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf]],
  ['rar', [0x52, 0x61, 0x72, 0x21]],
  ['bzip2', [0x42, 0x5a, 0x68]],
];

const startsWith = (b: Uint8Array, magic: number[]) => magic.every((x, i) => b[i] === x);

/** True when `b` (no BOM, not UTF-16) looks like binary data rather than text in any 8-bit encoding. */
function looksBinary(b: Uint8Array): boolean {
  let control = 0;
  for (let i = 0; i < b.length; i++) {
    const x = b[i];
    if (x === 0) return true;
    // tab, LF, VT, FF, CR, SUB (DOS end-of-file) and ESC are tolerated
    if (x < 0x20 && x !== 9 && x !== 10 && x !== 11 && x !== 12 && x !== 13 && x !== 0x1a && x !== 0x1b) control++;
  }
  return control > b.length * 0.01;
}

/** Markup that SheetJS-era systems save under an `.xls` name (an HTML table, SpreadsheetML 2003). */
function markupKind(b: Uint8Array): string | null {
  const head = Buffer.from(b.subarray(0, 2048)).toString('latin1').toLowerCase();
  if (/^\s*(<!doctype html|<html|<table|<meta)/.test(head)) return 'html';
  if (head.includes('urn:schemas-microsoft-com:office:spreadsheet')) return 'spreadsheetml-2003';
  return null;
}

/** Read up to `n` bytes from the start of a file. */
export async function readHead(path: string, n = SNIFF_BYTES): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Sniff a file's format by content. Throws `UNSUPPORTED_FILE` (with `details.reason`) for content
 * that is neither a workbook nor text. An empty file is reported as CSV (it has no rows).
 */
export async function detectFormat(path: string): Promise<FileFormat> {
  const head = await readHead(path);
  if (startsWith(head, [0x50, 0x4b])) return detectZip(path);
  if (startsWith(head, OLE2)) return 'xls';
  for (const [kind, magic] of BINARY_MAGIC) {
    if (startsWith(head, magic)) throw unsupported(kind);
  }
  if (sniffBom(head) || guessUtf16(head)) return 'csv';
  const markup = markupKind(head);
  if (markup) throw unsupported(markup);
  if (looksBinary(head)) throw unsupported('binary');
  return 'csv';
}

async function detectZip(path: string): Promise<FileFormat> {
  let dir: ZipDirectory;
  try {
    dir = await readZipDirectory(path);
  } catch {
    throw unsupported('corrupt-zip');
  }
  if (findEntry(dir, 'xl/workbook.xml')) return 'xlsx';
  if (findEntry(dir, 'xl/workbook.bin')) throw unsupported('xlsb');
  if (findEntry(dir, 'content.xml') && findEntry(dir, 'mimetype')) throw unsupported('ods');
  throw unsupported('zip-without-workbook');
}

function unsupported(reason: string): ReaderError {
  return new ReaderError('UNSUPPORTED_FILE', `Unsupported file (${reason}): upload .xlsx, .xls or .csv`, { reason });
}
