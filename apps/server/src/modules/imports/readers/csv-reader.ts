/**
 * Streaming CSV/TSV reader: detects the encoding and dialect from a sample, then decodes with
 * iconv-lite's streaming decoder and parses with papaparse's core parser chunk by chunk, so memory
 * holds one chunk plus one unfinished record. Every value is kept exactly as text (`{t:'s'}`; an
 * empty field is null) — no number conversion, no trimming; only the BOM is stripped.
 *
 * Encoding order: BOM (UTF-8, UTF-16LE/BE) > the user's choice > UTF-16 by NUL pattern > strict
 * UTF-8 validity of a sample > GB18030 (superset of GBK/GB2312, what zh-CN Excel writes). When the
 * bytes are not even valid GB18030, chardet's guess is used if it decodes them cleanly.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { Cell } from '@recova/domain/imports/cell';
import { guessUtf16, readHead, sniffBom, SNIFF_BYTES } from './detect.ts';
import type { SourceRow } from './open-file.ts';
import { ReaderError } from './reader-error.ts';

/** How a text file is read: encoding (an iconv-lite name), BOM bytes to skip, delimiter, line break. */
export interface CsvDialect {
  encoding: string;
  encodingSource: 'bom' | 'user' | 'sniff';
  bomLength: number;
  delimiter: string;
  newline: '\r\n' | '\n' | '\r';
}

/** Bytes checked for UTF-8 validity (the whole file when smaller). */
const UTF8_SAMPLE = 1024 * 1024;
/** Longest record (characters) before the file is declared malformed (an unterminated quote); an Excel cell holds at most 32,767. */
const MAX_RECORD_CHARS = 8 * 1024 * 1024;

function validUtf8(b: Uint8Array): boolean {
  try {
    // stream: true tolerates a multibyte character cut at the sample's end
    new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Offset of the first byte ≥ 0x80 after `from`, scanning the file in 1 MB blocks; -1 if pure ASCII. */
async function findNonAscii(path: string, from: number): Promise<{ at: number; window: Buffer } | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(UTF8_SAMPLE);
    for (let pos = from; ; pos += UTF8_SAMPLE) {
      const { bytesRead } = await fh.read(buf, 0, UTF8_SAMPLE, pos);
      if (bytesRead === 0) return null;
      const i = buf.subarray(0, bytesRead).toString('latin1').search(/[\x80-\xff]/);
      if (i >= 0) {
        const window = Buffer.alloc(SNIFF_BYTES);
        const r = await fh.read(window, 0, SNIFF_BYTES, pos + i);
        return { at: pos + i, window: window.subarray(0, r.bytesRead) };
      }
    }
  } finally {
    await fh.close();
  }
}

/**
 * Choose the encoding of a text file. `user` (a name iconv-lite knows) is honoured unless the file
 * starts with a BOM. Throws `UNSUPPORTED_ENCODING` for an unknown user encoding.
 */
export async function detectEncoding(path: string, user?: string): Promise<Pick<CsvDialect, 'encoding' | 'encodingSource' | 'bomLength'>> {
  const sample = await readHead(path, UTF8_SAMPLE);
  const bom = sniffBom(sample);
  if (bom) return { encoding: bom.encoding, encodingSource: 'bom', bomLength: bom.length };
  if (user) {
    if (!iconv.encodingExists(user)) throw new ReaderError('UNSUPPORTED_ENCODING', `Unknown encoding "${user}"`, { encoding: user });
    return { encoding: user.toLowerCase(), encodingSource: 'user', bomLength: 0 };
  }
  const sniffed = (encoding: string) => ({ encoding, encodingSource: 'sniff' as const, bomLength: 0 });
  const utf16 = guessUtf16(sample);
  if (utf16) return sniffed(utf16);
  let probe: Buffer = sample;
  if (!/[\x80-\xff]/.test(sample.toString('latin1'))) {
    // pure ASCII so far: the first non-ASCII byte further on decides (else ASCII ⊂ UTF-8)
    const found = sample.length < UTF8_SAMPLE ? null : await findNonAscii(path, sample.length);
    if (!found) return sniffed('utf-8');
    probe = found.window;
  }
  if (validUtf8(probe)) return sniffed('utf-8');
  if (!iconv.decode(probe, 'gb18030').includes('\ufffd')) return sniffed('gb18030');
  for (const guess of chardet.analyse(probe)) {
    const name = guess.name.toLowerCase();
    if (guess.confidence >= 20 && iconv.encodingExists(name) && !iconv.decode(probe, name).includes('\ufffd')) return sniffed(name);
  }
  return sniffed('gb18030');
}

/** Line break of a text sample, ignoring quoted sections (papaparse's rule). */
export function guessNewline(text: string): CsvDialect['newline'] {
  const s = text.replace(/"[^"]*"/g, '');
  const r = s.split('\r');
  const n = s.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0].length < r[0].length)) return '\n';
  const crlf = r.slice(1).filter((x) => x[0] === '\n').length;
  return crlf >= (r.length - 1) / 2 ? '\r\n' : '\r';
}

const DELIMITERS = [',', '\t', ';', '|'];

/**
 * Delimiter of a decoded sample: the candidate that splits the first 50 non-blank records into the
 * same number (≥ 2) of fields most consistently; then more fields; then comma, tab, semicolon, pipe.
 * Quote-aware (papaparse's parser); comma when nothing splits.
 */
export function guessDelimiter(text: string, newline: CsvDialect['newline']): string {
  let best = { delimiter: ',', consistency: 0, fields: 0 };
  for (const delimiter of DELIMITERS) {
    const res = new Papa.Parser({ delimiter, newline, preview: 50 }).parse(text, 0, false) as { data: string[][] };
    const counts = res.data.filter((r) => r.some((f) => f.trim() !== '')).map((r) => r.length);
    if (!counts.length) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [fields, hits] = [...freq].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    const consistency = hits / counts.length;
    if (fields < 2) continue;
    if (consistency > best.consistency || (consistency === best.consistency && fields > best.fields)) best = { delimiter, consistency, fields };
  }
  return best.delimiter;
}

/** Detect encoding, line break and delimiter (comma, tab, semicolon or pipe) of a CSV/TSV file. */
export async function sniffCsv(path: string, userEncoding?: string): Promise<CsvDialect> {
  const enc = await detectEncoding(path, userEncoding);
  const head = await readHead(path, SNIFF_BYTES + enc.bomLength);
  let text = iconv.decode(head.subarray(enc.bomLength), enc.encoding, { stripBOM: false });
  const newline = guessNewline(text);
  if (head.length === SNIFF_BYTES + enc.bomLength && text.lastIndexOf(newline) > 0) text = text.slice(0, text.lastIndexOf(newline));
  return { ...enc, newline, delimiter: guessDelimiter(text, newline) };
}

/** Number of line breaks (CRLF, LF or a lone CR each count once) in a field value. */
function countLineBreaks(s: string): number {
  if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

function toCells(fields: string[]): Cell[] | null {
  let len = fields.length;
  while (len > 0 && fields[len - 1] === '') len--;
  const cells: Cell[] = new Array(len);
  let blank = true;
  for (let i = 0; i < len; i++) {
    const v = fields[i];
    cells[i] = v === '' ? null : { t: 's', v };
    if (blank && v.trim() !== '') blank = false;
  }
  return blank ? null : cells;
}

/**
 * Stream the records of a CSV file. `sourceRow` is the 1-based line on which the record starts (a
 * quoted field with line breaks spans several lines); blank records are skipped but counted.
 * Throws `CSV_MALFORMED` for a quoted field that never ends.
 */
export async function* readCsvRows(path: string, d: CsvDialect): AsyncGenerator<SourceRow> {
  // 64 KB reads: papaparse slows down markedly on larger inputs per call
  const stream = createReadStream(path, { start: d.bomLength, highWaterMark: 64 * 1024 });
  const decoder = iconv.getDecoder(d.encoding, { stripBOM: false });
  const parser = new Papa.Parser({ delimiter: d.delimiter, newline: d.newline });
  let pending = '';
  let line = 1;

  function* drain(final: boolean): Generator<SourceRow> {
    // without `final`, the last (possibly incomplete) record stays in `pending` for the next chunk
    const res = parser.parse(pending, 0, !final) as { data: string[][]; errors: Papa.ParseError[]; meta: { cursor: number } };
    const broken = final ? res.errors.find((e) => e.code === 'MissingQuotes') : undefined;
    for (let i = 0; i < res.data.length; i++) {
      const fields = res.data[i];
      const start = line;
      // a record spans one line plus the line breaks inside its (quoted) fields
      line += 1;
      for (const f of fields) line += countLineBreaks(f);
      if (broken && broken.row === i) {
        throw new ReaderError('CSV_MALFORMED', `Unterminated quoted field starting on line ${start}`, { row: start });
      }
      const cells = toCells(fields);
      if (cells) yield { sourceRow: start, cells };
    }
    pending = final ? '' : pending.slice(res.meta.cursor);
    if (pending.length > MAX_RECORD_CHARS) {
      throw new ReaderError('CSV_MALFORMED', `Unterminated quoted field starting on line ${line}`, { row: line });
    }
  }

  try {
    for await (const chunk of stream) {
      pending += decoder.write(chunk as Buffer);
      yield* drain(false);
    }
    pending += decoder.end() ?? '';
    if (pending.length) yield* drain(true);
  } finally {
    stream.destroy();
  }
}
